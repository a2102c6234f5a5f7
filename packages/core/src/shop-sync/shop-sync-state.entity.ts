import { Field, Int, ObjectType } from '@nestjs/graphql';
import { Column, CreateDateColumn, Entity, Index, UpdateDateColumn } from 'typeorm';
import { StoreOwned } from '../stores/store-owned.entity';

/** How a store's catalog stands with one shop connector: its imports, the cursor of the next one, the last error. */
@ObjectType('ShopSyncStatus')
@Entity('shop_sync_state')
@Index(['storeId', 'connector'], { unique: true })
export class ShopSyncState extends StoreOwned {
  @Field({ description: 'The shop plugin, e.g. shopify or woocommerce.' })
  @Column({ type: 'varchar', length: 50 })
  connector: string;

  @Field(() => Date, { nullable: true, description: 'When the last full import finished.' })
  @Column({ type: Date, nullable: true })
  lastFullImportAt: Date | null;

  @Field(() => Date, { nullable: true, description: 'The next import of changes asks the shop for what changed since this moment.' })
  @Column({ type: Date, nullable: true })
  incrementalCursor: Date | null;

  @Field(() => Date, { nullable: true, description: 'When the last run (full, changes or webhook products) finished or stopped.' })
  @Column({ type: Date, nullable: true })
  lastRunAt: Date | null;

  @Field(() => String, { nullable: true, description: 'full, changes or products.' })
  @Column({ type: 'varchar', length: 10, nullable: true })
  lastRunKind: string | null;

  @Field(() => Int, { description: 'Products the last run created.' })
  @Column({ type: 'int', default: 0 })
  created: number;

  @Field(() => Int, { description: 'Products the last run changed (names, prices, stock, images, variants).' })
  @Column({ type: 'int', default: 0 })
  updated: number;

  @Field(() => Int, { description: 'Products the last run archived: archived, drafted or deleted in the shop.' })
  @Column({ type: 'int', default: 0 })
  archived: number;

  @Field(() => Int, { description: 'Products the last run found as they were.' })
  @Column({ type: 'int', default: 0 })
  unchanged: number;

  @Field(() => Int, { description: 'Products the last run refused (see lastError), e.g. priced in another currency.' })
  @Column({ type: 'int', default: 0 })
  failed: number;

  @Field(() => String, { nullable: true, description: "The last run's error, or the first product it refused and why." })
  @Column({ type: 'varchar', length: 500, nullable: true })
  lastError: string | null;

  @Field(() => String, { nullable: true, description: 'The code of lastError, e.g. CURRENCY_MISMATCH, IMAGE_UNAVAILABLE, SHOP_SYNC_FAILED.' })
  @Column({ type: 'varchar', length: 50, nullable: true })
  lastErrorCode: string | null;

  /** Held by the run importing now, so two workers never import one store from one shop at once. */
  @Column({ type: Date, nullable: true })
  claimedUntil: Date | null;

  @CreateDateColumn()
  createdAt: Date;

  @UpdateDateColumn()
  updatedAt: Date;
}
