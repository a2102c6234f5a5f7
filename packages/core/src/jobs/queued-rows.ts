import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { DataSource, type EntityTarget, IsNull, LessThan, Not, type ObjectLiteral } from 'typeorm';
import type { AppConfig } from '../config/config.schema';
import { APP_CONFIG } from '../config/config.module';
import type { DomainEvents, DomainEventType } from '@parley/plugin-sdk';
import { type Transaction, UnitOfWork } from '../database/unit-of-work';
import { EventBusService } from '../events/event-bus.service';
import { JobQueueService } from './job-queue.service';

/** A row that stands for work on the job queue (a CRM sync, an order push): its last job's id, and when it was queued. */
export interface QueuedRow extends ObjectLiteral {
  id: string;
  jobId: string | null;
  /** Null once a run of that job settled the row. */
  queuedAt: Date | null;
}

/** The rows of one kind, and how to queue a row's job again under its own id. */
export interface QueuedRowKind<T extends QueuedRow> {
  entity: EntityTarget<T>;
  requeue(row: T): Promise<void>;
}

// Queued this long and still not settled: the queue may have lost the job (Redis restarted without its data).
export const REQUEUE_AFTER_MS = 60_000;
export const REQUEUE_EVERY_MS = 15_000;
const BATCH = 500;

/**
 * Records, in the caller's transaction, that `jobId` is being queued for the row with these key columns (inserted
 * first when there is none). Committed with the change that calls for the job and before the job is added: a process
 * that dies in between leaves the row for the sweep to queue.
 */
async function markQueued<T extends QueuedRow>(tx: Transaction, entity: EntityTarget<T>, key: Partial<T>, extra: Partial<T>, jobId: string): Promise<void> {
  const queued = { jobId, queuedAt: new Date() } as Partial<T>;
  // Not a plain insert: on PostgreSQL a unique violation would abort the caller's transaction.
  await tx.manager.createQueryBuilder().insert().into(entity).values({ ...key, ...extra, ...queued } as never).orIgnore().updateEntity(false).execute();
  // The same job again (one event seen twice) is one job for the queue too: the row stays as that job left it.
  await tx.manager
    .createQueryBuilder()
    .update(entity)
    .set(queued as never)
    .where(key as never)
    .andWhere('("jobId" IS NULL OR "jobId" <> :jobId)', { jobId })
    .execute();
}

/** One row's job, as `queueOn` records and adds it. */
export interface QueuedJob<T extends QueuedRow> {
  /** The row's key columns (a unique index), and the other columns of a new row. */
  key: Partial<T>;
  extra: Partial<T>;
  jobId: string;
  /** Adds the job to its queue under `jobId`. */
  add(): Promise<void>;
}

/**
 * Work kept as a row plus a job, called for by the event `type` (a transactional outbox): the rows of `jobsOf` the
 * event are marked queued in the transaction that publishes it, and their jobs added once it commits. A process that
 * dies in between leaves the rows for the sweep to queue.
 */
export function queueOn<E extends DomainEventType, T extends QueuedRow>(
  unitOfWork: UnitOfWork,
  events: EventBusService,
  type: E,
  entity: EntityTarget<T>,
  jobsOf: (payload: DomainEvents[E]) => Promise<QueuedJob<T>[]>,
): void {
  // The jobs recorded in the transaction, by the event's payload: the same object reaches the subscriber once it
  // commits, so the jobs are worked out once (only a unit of work publishes these events).
  const recorded = new WeakMap<object, QueuedJob<T>[]>();
  unitOfWork.writeWith(type, async (tx, payload) => {
    const jobs = await jobsOf(payload);
    for (const { key, extra, jobId } of jobs) await markQueued(tx, entity, key, extra, jobId);
    recorded.set(payload, jobs);
  });
  events.subscribe(type, async ({ payload }) => {
    for (const job of recorded.get(payload) ?? []) await job.add();
  });
}

/**
 * A run of `jobId` is over for good (done, nothing to do, or failed for good): the row is settled, unless a later job
 * was queued for it meanwhile, which then still has to run.
 */
export async function markSettled<T extends QueuedRow>(unitOfWork: UnitOfWork, entity: EntityTarget<T>, key: Partial<T>, jobId: string): Promise<void> {
  await unitOfWork.statement((manager) => manager.update(entity, { ...key, jobId } as never, { queuedAt: null } as never));
}

/**
 * The safety net for work kept as a row plus a job (as the notification relay has its own): rows queued long ago and
 * still not settled are queued again under their own job ids, every 15 s once they have waited a minute, and all of
 * them when the connection to Redis comes back (Redis may have restarted empty). A no-op for jobs the queue still
 * has (same id), a rescue for those it lost. Runs in processes that run workers.
 */
@Injectable()
export class QueuedRowRescue implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('QueuedRowRescue');
  private readonly kinds: QueuedRowKind<QueuedRow>[] = [];
  private timer?: NodeJS.Timeout;

  constructor(
    private readonly dataSource: DataSource,
    private readonly jobs: JobQueueService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** From a module's `onModuleInit`. */
  register<T extends QueuedRow>(kind: QueuedRowKind<T>): void {
    this.kinds.push(kind as unknown as QueuedRowKind<QueuedRow>);
  }

  onApplicationBootstrap(): void {
    if (!this.config.runWorkers || this.kinds.length === 0) return;
    this.timer = setInterval(() => void this.sweep(REQUEUE_AFTER_MS), REQUEUE_EVERY_MS);
    this.timer.unref();
    this.jobs.onQueueStoreReconnected(() => void this.sweep(0));
  }

  onApplicationShutdown(): void {
    clearInterval(this.timer);
  }

  /** Queues again every unsettled row queued at least `olderThanMs` ago; returns how many. Never throws. */
  async sweep(olderThanMs: number): Promise<number> {
    let count = 0;
    for (const kind of this.kinds) {
      try {
        const repository = this.dataSource.getRepository(kind.entity);
        const before = new Date(Date.now() - olderThanMs);
        for (let page = 0; ; page += 1) {
          const rows = await repository.find({ where: { queuedAt: LessThan(before), jobId: Not(IsNull()) } as never, order: { id: 'ASC' } as never, skip: page * BATCH, take: BATCH });
          for (const row of rows) await kind.requeue(row);
          count += rows.length;
          if (rows.length < BATCH) break;
        }
      } catch (error) {
        this.logger.warn(`Queueing again ${repositoryName(kind)} rows failed: ${(error as Error).message}`);
      }
    }
    return count;
  }
}

function repositoryName(kind: QueuedRowKind<QueuedRow>): string {
  return typeof kind.entity === 'function' ? kind.entity.name : String(kind.entity);
}
