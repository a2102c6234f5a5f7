import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { Logger } from '@nestjs/common';
import { type JobHandler, type QueueSettings, RetryJobLaterError, UnrecoverableJobError } from '@parley/plugin-sdk';
import { LessThan, type DataSource } from 'typeorm';
import type { UnitOfWork } from '../database/unit-of-work';
import { backoffDelay, type JobCounts, type JobEngine, type JobRun, type NewJob } from './job-engine';
import { JobRecord } from './job-record.entity';

export interface SqlJobEngineTiming {
  pollIntervalMs: number;
  /** How long a claimed job stays ours without a heartbeat; after that another process may run it again. */
  leaseMs: number;
  /** How long finished jobs are kept: also the window in which a jobId de-duplicates. */
  keepFinishedMs: number;
}

const DEFAULT_TIMING: SqlJobEngineTiming = { pollIntervalMs: 500, leaseMs: 30_000, keepFinishedMs: 24 * 3600_000 };

type Outcome = Pick<JobRecord, 'state' | 'lastError'> & { runAt?: Date; attempts?: () => string };

/** What a run needs of its row, as the claim returns it. */
type ClaimedJob = Pick<JobRecord, 'id' | 'queue' | 'dedupeKey' | 'data' | 'attempts' | 'maxAttempts'>;

interface Consumer {
  handler: JobHandler<unknown>;
  settings: Required<QueueSettings>;
  active: Set<Promise<void>>;
  /** Set when a job may have become claimable (one added, a slot freed) since the last claim began. */
  woken: boolean;
  /** Ends the wait between polls early; set only while the consumer waits. */
  interrupt?: () => void;
}

/**
 * The embedded engine: jobs are rows of the `job` table, so they survive a restart with no Redis. It serves one
 * machine. Claims are conditional updates (`... WHERE state = 'waiting'`), so two processes never run the same job
 * at once; a job whose process died is run again when its lease runs out.
 */
export class SqlJobEngine implements JobEngine {
  private readonly logger = new Logger('JobQueue');
  private readonly instance = `${hostname()}-${process.pid}-${randomUUID().slice(0, 8)}`;
  private readonly consumers = new Map<string, Consumer>();
  private readonly loops: Promise<void>[] = [];
  private readonly runListeners: ((run: JobRun) => void)[] = [];
  private readonly timing: SqlJobEngineTiming;
  private housekeeping?: NodeJS.Timeout;
  /** Ends the poll for due jobs' wait at once, on close. */
  private stopWatching?: () => void;
  private closing = false;

  constructor(
    private readonly dataSource: DataSource,
    private readonly unitOfWork: UnitOfWork,
    timing: Partial<SqlJobEngineTiming> = {},
  ) {
    this.timing = { ...DEFAULT_TIMING, ...timing };
  }

  define<T>(queue: string, handler: JobHandler<T>, settings: Required<QueueSettings>): void {
    if (this.consumers.has(queue)) throw new Error(`Queue ${queue} is defined twice`);
    this.consumers.set(queue, { handler: handler as JobHandler<unknown>, settings, active: new Set(), woken: false });
  }

  async add<T>(queue: string, jobs: NewJob<T>[]): Promise<void> {
    const consumer = this.consumers.get(queue);
    if (!consumer) throw new Error(`Queue ${queue} is not defined`);
    await this.unitOfWork.statement((manager) =>
      manager
        .createQueryBuilder()
        .insert()
        .into(JobRecord)
        .values(
          jobs.map(({ data, options }) => ({
            queue,
            dedupeKey: options.jobId ?? null,
            // The column holds JSON and can't be NULL: a job added without data gets `{}`, as BullMQ gives it.
            data: (data ?? {}) as object,
            state: 'waiting' as const,
            attempts: 0,
            maxAttempts: options.attempts ?? consumer.settings.attempts,
            runAt: new Date(Date.now() + (options.delayMs ?? 0)),
            lockedUntil: null,
            lockedBy: null,
            lastError: null,
            finishedAt: null,
          })),
        )
        .orIgnore()
        .execute(),
    );
    if (jobs.some(({ options }) => !options.delayMs)) this.wake(consumer);
  }

  async start(): Promise<void> {
    await this.recoverExpiredLeases();
    this.housekeeping = setInterval(() => {
      this.recoverExpiredLeases().catch((error: Error) => this.logger.warn(`Lease recovery failed: ${error.message}`));
    }, Math.max(1000, this.timing.leaseMs / 2));
    this.housekeeping.unref();
    for (const [queue, consumer] of this.consumers) this.loops.push(this.consume(queue, consumer));
    if (this.consumers.size) this.loops.push(this.watchForDueJobs());
  }

  async close(): Promise<void> {
    this.closing = true;
    clearInterval(this.housekeeping);
    this.stopWatching?.();
    for (const consumer of this.consumers.values()) this.wake(consumer);
    await Promise.all(this.loops);
    await Promise.all([...this.consumers.values()].flatMap((consumer) => [...consumer.active]));
  }

  async health(): Promise<'not configured'> {
    return 'not configured';
  }

  async counts(queue: string): Promise<JobCounts> {
    const rows = await this.dataSource
      .getRepository(JobRecord)
      .createQueryBuilder('job')
      // BullMQ keeps jobs not due yet (a delay, a retry's backoff) apart as delayed: so do these counts.
      .select(`CASE WHEN job.state = 'waiting' AND job.runAt > :now THEN 'delayed' ELSE job.state END`, 'bucket')
      .addSelect('COUNT(*)', 'count')
      .where('job.queue = :queue', { queue, now: new Date() })
      .groupBy('bucket')
      .getRawMany<{ bucket: keyof JobCounts; count: string | number }>();
    const counts: JobCounts = { waiting: 0, active: 0, delayed: 0, completed: 0, failed: 0 };
    for (const row of rows) counts[row.bucket] = Number(row.count);
    return counts;
  }

  onRun(listener: (run: JobRun) => void): void {
    this.runListeners.push(listener);
  }

  onReconnect(): void {
    // The jobs live in the database itself: nothing to lose apart from it.
  }

  private async consume(queue: string, consumer: Consumer): Promise<void> {
    while (!this.closing) {
      consumer.woken = false;
      const free = consumer.settings.concurrency - consumer.active.size;
      const jobs = free > 0 ? await this.claim(queue, free).catch((error: Error) => this.claimFailed(queue, error)) : [];
      for (const job of jobs) {
        const run = this.run(job, consumer).finally(() => {
          consumer.active.delete(run);
          this.wake(consumer);
        });
        consumer.active.add(run);
      }
      // Woken while claiming: what woke us may not have been visible to that claim, so claim again now.
      if (!consumer.woken) await this.sleep(consumer);
    }
  }

  /**
   * One poll for every queue of this process, rather than one per queue: it wakes the consumers of queues that have
   * due jobs this process was not told about (added by another process, a delay or a retry's backoff run out).
   */
  private async watchForDueJobs(): Promise<void> {
    const queues = [...this.consumers.keys()];
    while (!this.closing) {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, this.timing.pollIntervalMs);
        this.stopWatching = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      if (this.closing) break;
      try {
        const due = await this.dataSource
          .getRepository(JobRecord)
          .createQueryBuilder('job')
          .select('DISTINCT job.queue', 'queue')
          .where('job.queue IN (:...queues) AND job.state = :waiting AND job.runAt <= :now', { queues, waiting: 'waiting', now: new Date() })
          .getRawMany<{ queue: string }>();
        for (const { queue } of due) this.wake(this.consumers.get(queue)!);
      } catch (error) {
        this.logger.warn(`Looking for due jobs failed: ${(error as Error).message}`);
      }
    }
  }

  private claimFailed(queue: string, error: Error): ClaimedJob[] {
    this.logger.warn(`Claiming jobs of ${queue} failed: ${error.message}`);
    return [];
  }

  private wake(consumer: Consumer): void {
    consumer.woken = true;
    consumer.interrupt?.();
  }

  /** Until woken: by a job added here, a run of this queue ending, or the poll for due jobs. */
  private sleep(consumer: Consumer): Promise<void> {
    return new Promise((resolve) => {
      consumer.interrupt = () => {
        consumer.interrupt = undefined;
        resolve();
      };
    });
  }

  /**
   * Claims up to `limit` due jobs, oldest first, in one statement: a conditional update that returns the rows it
   * took. On PostgreSQL rows another process is claiming at that moment are skipped, not waited for; SQLite has one
   * writer at a time.
   */
  private claim(queue: string, limit: number): Promise<ClaimedJob[]> {
    return this.unitOfWork.statement(async (manager) => {
      // On SQLite this runs only at its turn, maybe after close() began: a job added since must not start here.
      if (this.closing) return [];
      const now = new Date();
      const due = manager
        .createQueryBuilder()
        .subQuery()
        .select('due.id')
        .from(JobRecord, 'due')
        .where('due.queue = :queue AND due.state = :waiting AND due.runAt <= :now')
        .orderBy('due.runAt', 'ASC')
        .addOrderBy('due.createdAt', 'ASC')
        .limit(limit);
      if (this.dataSource.options.type === 'postgres') due.setLock('pessimistic_write').setOnLocked('skip_locked');
      const [sql, parameters] = manager
        .createQueryBuilder()
        .update(JobRecord)
        .set({
          state: 'active',
          attempts: () => 'attempts + 1',
          lockedBy: this.instance,
          lockedUntil: new Date(now.getTime() + this.timing.leaseMs),
        })
        .where(`id IN ${due.getQuery()}`, { queue, waiting: 'waiting', now })
        .getQueryAndParameters();
      // TypeORM writes RETURNING for PostgreSQL only, but SQLite runs it too (since 3.35).
      const runner = this.dataSource.createQueryRunner();
      try {
        const { records } = await runner.query(
          `${sql} RETURNING "id", "queue", "dedupeKey", "data", "attempts", "maxAttempts"`,
          parameters,
          true,
        );
        return (records as (ClaimedJob & { data: string })[]).map((row) => ({ ...row, data: JSON.parse(row.data) as unknown }));
      } finally {
        await runner.release();
      }
    });
  }

  private async run(job: ClaimedJob, consumer: Consumer): Promise<void> {
    const heartbeat = setInterval(() => {
      this.unitOfWork
        .statement((manager) =>
          manager.update(
            JobRecord,
            { id: job.id, lockedBy: this.instance },
            { lockedUntil: new Date(Date.now() + this.timing.leaseMs) },
          ),
        )
        .catch((error: Error) => this.logger.warn(`Heartbeat of job ${job.id} failed: ${error.message}`));
    }, this.timing.leaseMs / 3);
    const startedAt = performance.now();
    let outcome: Outcome;
    // How the run ended, for metrics; null when it only waited.
    let ended: JobRun['outcome'] | null;
    try {
      await consumer.handler({ id: job.dedupeKey ?? job.id, queue: job.queue, data: job.data, attempt: job.attempts });
      outcome = { state: 'completed', lastError: null };
      ended = 'completed';
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      if (error instanceof RetryJobLaterError && !error.countsAsAttempt) {
        // Only waiting (for another job, a rate limit): the claim's attempt is given back.
        outcome = { state: 'waiting', lastError: null, runAt: new Date(Date.now() + error.delayMs), attempts: () => 'attempts - 1' };
        ended = null;
      } else {
        const final = error instanceof UnrecoverableJobError || job.attempts >= job.maxAttempts;
        this.logger.warn(`Job ${job.queue}/${job.id} failed on attempt ${job.attempts}: ${message}`);
        // A RetryJobLaterError (a provider's Retry-After) says how long; otherwise exponential with jitter.
        const delay = error instanceof RetryJobLaterError ? error.delayMs : backoffDelay(consumer.settings.backoffMs, job.attempts);
        outcome = final ? { state: 'failed', lastError: message } : { state: 'waiting', lastError: message, runAt: new Date(Date.now() + delay) };
        ended = final ? 'failed' : 'retrying';
      }
    }
    const seconds = (performance.now() - startedAt) / 1000;
    try {
      await this.finish(job, outcome);
      if (ended) for (const listener of this.runListeners) listener({ queue: job.queue, outcome: ended, seconds });
    } catch (error) {
      // Nothing awaits a run before close(), so a rejection would be unhandled and end the process. The row stays
      // active under our name until the lease runs out and another process runs it again: at least once, as promised.
      this.logger.error(`Recording the outcome of job ${job.queue}/${job.id} failed: ${(error as Error).message}`);
    } finally {
      clearInterval(heartbeat);
    }
  }

  private async finish(job: ClaimedJob, change: Outcome): Promise<void> {
    const finishedAt = change.state === 'waiting' ? null : new Date();
    await this.unitOfWork.statement((manager) =>
      manager.update(
        JobRecord,
        { id: job.id, lockedBy: this.instance },
        { ...change, finishedAt, lockedBy: null, lockedUntil: null },
      ),
    );
  }

  private async recoverExpiredLeases(): Promise<void> {
    const now = new Date();
    await this.unitOfWork.run(async (tx) => {
      const expired = await tx.manager.find(JobRecord, { where: { state: 'active', lockedUntil: LessThan(now) } });
      for (const job of expired) {
        const giveUp = job.attempts >= job.maxAttempts;
        // The lease condition again: on PostgreSQL the owner may have renewed it since the find (a late heartbeat),
        // and then the job is still its own.
        await tx.manager.update(
          JobRecord,
          { id: job.id, state: 'active', lockedUntil: LessThan(now) },
          giveUp
            ? { state: 'failed', lastError: 'The process running this job stopped', finishedAt: now, lockedBy: null, lockedUntil: null }
            : { state: 'waiting', runAt: now, lockedBy: null, lockedUntil: null },
        );
      }
      await tx.manager
        .createQueryBuilder()
        .delete()
        .from(JobRecord)
        .where('state IN (:...finished) AND finishedAt < :before', {
          finished: ['completed', 'failed'],
          before: new Date(now.getTime() - this.timing.keepFinishedMs),
        })
        .execute();
    });
    if (!this.closing) for (const consumer of this.consumers.values()) this.wake(consumer);
  }
}
