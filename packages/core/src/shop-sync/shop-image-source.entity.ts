import { Column, CreateDateColumn, Entity, Index } from 'typeorm';
import { StoreOwned } from '../stores/store-owned.entity';

/** The shop's URL an imported product image came from, so a later import neither downloads nor adds it again. */
@Entity('shop_image_source')
@Index(['productId', 'urlHash'], { unique: true })
export class ShopImageSource extends StoreOwned {
  @Column({ type: 'uuid' })
  productId: string;

  /** SHA-256 of the URL: URLs can be longer than an index allows. */
  @Column({ type: 'varchar', length: 64 })
  urlHash: string;

  @Column({ type: 'text' })
  url: string;

  @Column({ type: 'uuid' })
  imageId: string;

  @CreateDateColumn()
  createdAt: Date;
}
