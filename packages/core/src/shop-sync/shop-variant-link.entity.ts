import { Column, CreateDateColumn, Entity, Index } from 'typeorm';
import { StoreOwned } from '../stores/store-owned.entity';

/**
 * Which variant of ours is which variant of the shop's: imports find variants by it (SKUs may change in the shop),
 * and orders pushed to the shop name the shop's variant.
 */
@Entity('shop_variant_link')
@Index(['storeId', 'connector', 'externalVariantId'], { unique: true })
@Index(['variantId'])
export class ShopVariantLink extends StoreOwned {
  @Column({ type: 'varchar', length: 50 })
  connector: string;

  @Column({ type: 'varchar', length: 200 })
  externalProductId: string;

  @Column({ type: 'varchar', length: 200 })
  externalVariantId: string;

  @Column({ type: 'uuid' })
  variantId: string;

  @CreateDateColumn()
  createdAt: Date;
}
