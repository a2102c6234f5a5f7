import { Column, CreateDateColumn, Entity, Index, UpdateDateColumn } from 'typeorm';
import { StoreOwned } from '../stores/store-owned.entity';

export type CrmSubject = 'contact' | 'order';

export enum CrmSyncStatus {
  /** Queued, or being retried (see `lastError`). */
  pending = 'pending',
  synced = 'synced',
  /** Failed for good: a permanent refusal, or every attempt used. */
  failed = 'failed',
}

/**
 * How one contact or order stands in one CRM: the id the CRM gave it, and the last outcome. A store may run several
 * CRM plugins, so ids live here per connector; `contact.crmId` mirrors the first CRM's.
 */
@Entity('crm_sync')
@Index(['connector', 'subject', 'subjectId'], { unique: true })
@Index(['storeId', 'status'])
@Index(['queuedAt'])
export class CrmSync extends StoreOwned {
  /** The connector's code, e.g. `hubspot`. */
  @Column({ type: 'varchar', length: 50 })
  connector: string;

  @Column({ type: 'varchar', length: 10 })
  subject: CrmSubject;

  /** The contact's or the order's id. */
  @Column({ type: 'uuid' })
  subjectId: string;

  @Column({ type: 'varchar', length: 100, nullable: true })
  crmId: string | null;

  @Column({ type: 'varchar', length: 10, default: CrmSyncStatus.pending })
  status: CrmSyncStatus;

  /** The connector's reason for the last failure; connectors keep personal data out of it. */
  @Column({ type: 'varchar', length: 500, nullable: true })
  lastError: string | null;

  @Column({ type: Date, nullable: true })
  syncedAt: Date | null;

  /** Held by the job syncing it now, so two jobs of one order (placed, then paid) never create two deals. */
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
