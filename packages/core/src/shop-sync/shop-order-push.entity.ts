import { Column, CreateDateColumn, Entity, Index, UpdateDateColumn } from 'typeorm';
import { StoreOwned } from '../stores/store-owned.entity';

export enum ShopOrderPushStatus {
  /** Queued, or being retried (see `lastError`). */
  pending = 'pending',
  pushed = 'pushed',
  /** Failed for good: a permanent refusal, or every attempt used. */
  failed = 'failed',
}

/** One order as one shop has it: the shop's id once created there, and the last outcome. */
@Entity('shop_order_push')
@Index(['connector', 'orderId'], { unique: true })
@Index(['queuedAt'])
export class ShopOrderPush extends StoreOwned {
  @Column({ type: 'varchar', length: 50 })
  connector: string;

  @Column({ type: 'uuid' })
  orderId: string;

  @Column({ type: 'varchar', length: 100, nullable: true })
  externalId: string | null;

  @Column({ type: 'varchar', length: 10, default: ShopOrderPushStatus.pending })
  status: ShopOrderPushStatus;

  @Column({ type: 'varchar', length: 500, nullable: true })
  lastError: string | null;

  @Column({ type: Date, nullable: true })
  pushedAt: Date | null;

  /** Held by the job pushing it now, so two jobs of one order never create it twice. */
  @Column({ type: Date, nullable: true })
  claimedUntil: Date | null;

  /** The id of the last job queued for it: queued again under that id when the queue may have lost it. */
  @Column({ type: 'varchar', length: 200, nullable: true })
  jobId: string | null;

  /** When that job was queued; null once a run of it settled the row (see `jobs/queued-rows.ts`). */
  @Column({ type: Date, nullable: true })
  queuedAt: Date | null;

  @CreateDateColumn()
  createdAt: Date;

  @UpdateDateColumn()
  updatedAt: Date;
}
