import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

export type JobState = 'waiting' | 'active' | 'completed' | 'failed';

/**
 * A job of the database-backed queue (the embedded engine). `dedupeKey` is the caller's jobId: unique, so adding
 * the same job twice keeps one row. Finished rows are kept for a while for inspection, then pruned.
 */
@Entity('job')
@Index(['queue', 'state', 'runAt'])
export class JobRecord {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'varchar', length: 100 })
  queue: string;

  @Index({ unique: true })
  @Column({ type: 'varchar', length: 200, nullable: true })
  dedupeKey: string | null;

  @Column({ type: 'simple-json' })
  data: unknown;

  @Column({ type: 'varchar', length: 16, default: 'waiting' })
  state: JobState;

  /** Runs started so far. */
  @Column({ type: 'int', default: 0 })
  attempts: number;

  @Column({ type: 'int' })
  maxAttempts: number;

  @Column({ type: Date })
  runAt: Date;

  /** While active: when the lease of the process running it ends. A job whose lease ran out is run again. */
  @Column({ type: Date, nullable: true })
  lockedUntil: Date | null;

  @Column({ type: 'varchar', length: 64, nullable: true })
  lockedBy: string | null;

  @Column({ type: 'text', nullable: true })
  lastError: string | null;

  @CreateDateColumn()
  createdAt: Date;

  @Column({ type: Date, nullable: true })
  finishedAt: Date | null;
}
