import { Field, ID, Int, ObjectType } from '@nestjs/graphql';
import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, UpdateDateColumn } from 'typeorm';
import { StoreOwned } from '../stores/store-owned.entity';
import { Product } from './product.entity';

/**
 * A sellable version of a product (size: large). Prices are integer minor units in the store's currency, copied
 * here so a price never changes meaning (the store's currency can't change while it has variants).
 */
@ObjectType()
@Entity('variant')
@Index(['storeId', 'sku'], { unique: true })
@Index(['productId', 'position'])
export class Variant extends StoreOwned {
  @Field(() => ID)
  @Column({ type: 'uuid' })
  productId: string;

  @ManyToOne(() => Product, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'productId' })
  product?: Product;

  @Field({ description: 'Unique within the store.' })
  @Column({ type: 'varchar', length: 100 })
  sku: string;

  /** Option values, e.g. { size: 'large' }. Empty for a product without options. */
  @Column({ type: 'simple-json' })
  options: Record<string, string>;

  @Column({ type: 'int' })
  priceAmount: number;

  @Column({ type: 'int', nullable: true })
  compareAtAmount: number | null;

  @Column({ type: 'varchar', length: 3 })
  currency: string;

  @Field({ description: 'Whether stock is counted; without it the variant is limited only by the sold-out switch.' })
  @Column({ type: 'boolean', default: false })
  trackStock: boolean;

  @Field(() => Int)
  @Column({ type: 'int', default: 0 })
  stockOnHand: number;

  @Field({ description: 'Staff switch: sold out now, whatever the stock says.' })
  @Column({ type: 'boolean', default: false })
  soldOut: boolean;

  @Field(() => Int)
  @Column({ type: 'int', default: 0 })
  position: number;

  @Field(() => Date, { nullable: true })
  @Column({ type: Date, nullable: true })
  archivedAt: Date | null;

  @CreateDateColumn()
  createdAt: Date;

  @UpdateDateColumn()
  updatedAt: Date;

  /** Whether a customer can order it right now. */
  get available(): boolean {
    return !this.archivedAt && !this.soldOut && (!this.trackStock || this.stockOnHand > 0);
  }
}
