import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { Logger } from '@nestjs/common';
import { type AddJobOptions, type JobHandler, type QueueSettings, UnrecoverableJobError } from '@parley/plugin-sdk';
import { LessThan, type DataSource } from 'typeorm';
import type { UnitOfWork } from '../database/unit-of-work';
import { backoffDelay, type JobEngine } from './job-engine';
import { JobRecord } from './job-record.entity';

export interface SqlJobEngineTiming {
  pollIntervalMs: number;
  /** How long a claimed job stays ours without a heartbeat; after that another process may run it again. */
  leaseMs: number;
  /** How long finished jobs are kept: also the window in which a jobId de-duplicates. */
  keepFinishedMs: number;
}

const DEFAULT_TIMING: SqlJobEngineTiming = { pollIntervalMs: 500, leaseMs: 30_000, keepFinishedMs: 24 * 3600_000 };

type Outcome = Pick<JobRecord, 'state' | 'lastError'> & { runAt?: Date };

interface Consumer {
  handler: JobHandler<unknown>;
  settings: Required<QueueSettings>;
  active: Set<Promise<void>>;
  wake: () => void;
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
  private readonly timing: SqlJobEngineTiming;
  private housekeeping?: NodeJS.Timeout;
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
    this.consumers.set(queue, { handler: handler as JobHandler<unknown>, settings, active: new Set(), wake: () => undefined });
  }

  async add<T>(queue: string, data: T, options: AddJobOptions): Promise<void> {
    const consumer = this.consumers.get(queue);
    if (!consumer) throw new Error(`Queue ${queue} is not defined`);
    await this.unitOfWork.run((tx) =>
      tx.manager
        .createQueryBuilder()
        .insert()
        .into(JobRecord)
        .values({
          queue,
          dedupeKey: options.jobId ?? null,
          // The column holds JSON and can't be NULL: a job added without data gets `{}`, as BullMQ gives it.
          data: (data ?? {}) as object,
          state: 'waiting',
          attempts: 0,
          maxAttempts: options.attempts ?? consumer.settings.attempts,
          runAt: new Date(Date.now() + (options.delayMs ?? 0)),
          lockedUntil: null,
          lockedBy: null,
          lastError: null,
          finishedAt: null,
        })
        .orIgnore()
        .execute(),
    );
    if (!options.delayMs) consumer.wake();
  }

  async start(): Promise<void> {
    await this.recoverExpiredLeases();
    this.housekeeping = setInterval(() => {
      this.recoverExpiredLeases().catch((error: Error) => this.logger.warn(`Lease recovery failed: ${error.message}`));
    }, Math.max(1000, this.timing.leaseMs / 2));
    this.housekeeping.unref();
    for (const [queue, consumer] of this.consumers) this.loops.push(this.consume(queue, consumer));
  }

  async close(): Promise<void> {
    this.closing = true;
    clearInterval(this.housekeeping);
    for (const consumer of this.consumers.values()) consumer.wake();
    await Promise.all(this.loops);
    await Promise.all([...this.consumers.values()].flatMap((consumer) => [...consumer.active]));
  }

  async health(): Promise<'not configured'> {
    return 'not configured';
  }

  private async consume(queue: string, consumer: Consumer): Promise<void> {
    while (!this.closing) {
      let claimed = false;
      while (!this.closing && consumer.active.size < consumer.settings.concurrency) {
        const job = await this.claim(queue).catch((error: Error) => {
          this.logger.warn(`Claiming a job of ${queue} failed: ${error.message}`);
          return null;
        });
        if (!job) break;
        claimed = true;
        const run = this.run(job, consumer).finally(() => {
          consumer.active.delete(run);
          consumer.wake();
        });
        consumer.active.add(run);
      }
      if (this.closing) break;
      if (!claimed || consumer.active.size >= consumer.settings.concurrency) await this.sleep(consumer);
    }
  }

  private sleep(consumer: Consumer): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, this.timing.pollIntervalMs);
      function done() {
        clearTimeout(timer);
        consumer.wake = () => undefined;
        resolve();
      }
      consumer.wake = done;
    });
  }

  private claim(queue: string): Promise<JobRecord | null> {
    return this.unitOfWork.run(async (tx) => {
      // On SQLite this runs only at its turn, maybe after close() began: a job added since must not start here.
      if (this.closing) return null;
      const now = new Date();
      const candidate = await tx.manager
        .getRepository(JobRecord)
        .createQueryBuilder('job')
        .where('job.queue = :queue AND job.state = :state AND job.runAt <= :now', { queue, state: 'waiting', now })
        .orderBy('job.runAt', 'ASC')
        .addOrderBy('job.createdAt', 'ASC')
        .getOne();
      if (!candidate) return null;
      const result = await tx.manager
        .createQueryBuilder()
        .update(JobRecord)
        .set({
          state: 'active',
          attempts: () => 'attempts + 1',
          lockedBy: this.instance,
          lockedUntil: new Date(now.getTime() + this.timing.leaseMs),
        })
        .where('id = :id AND state = :state', { id: candidate.id, state: 'waiting' })
        .execute();
      if (result.affected !== 1) return null;
      return { ...candidate, attempts: candidate.attempts + 1 };
    });
  }

  private async run(job: JobRecord, consumer: Consumer): Promise<void> {
    const heartbeat = setInterval(() => {
      this.unitOfWork
        .run((tx) =>
          tx.manager.update(
            JobRecord,
            { id: job.id, lockedBy: this.instance },
            { lockedUntil: new Date(Date.now() + this.timing.leaseMs) },
          ),
        )
        .catch((error: Error) => this.logger.warn(`Heartbeat of job ${job.id} failed: ${error.message}`));
    }, this.timing.leaseMs / 3);
    let outcome: Outcome;
    try {
      await consumer.handler({ id: job.dedupeKey ?? job.id, queue: job.queue, data: job.data, attempt: job.attempts });
      outcome = { state: 'completed', lastError: null };
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      const final = error instanceof UnrecoverableJobError || job.attempts >= job.maxAttempts;
      this.logger.warn(`Job ${job.queue}/${job.id} failed on attempt ${job.attempts}: ${message}`);
      outcome = final
        ? { state: 'failed', lastError: message }
        : { state: 'waiting', lastError: message, runAt: new Date(Date.now() + backoffDelay(consumer.settings.backoffMs, job.attempts)) };
    }
    try {
      await this.finish(job, outcome);
    } catch (error) {
      // Nothing awaits a run before close(), so a rejection would be unhandled and end the process. The row stays
      // active under our name until the lease runs out and another process runs it again: at least once, as promised.
      this.logger.error(`Recording the outcome of job ${job.queue}/${job.id} failed: ${(error as Error).message}`);
    } finally {
      clearInterval(heartbeat);
    }
  }

  private async finish(job: JobRecord, change: Outcome): Promise<void> {
    const finishedAt = change.state === 'waiting' ? null : new Date();
    await this.unitOfWork.run((tx) =>
      tx.manager.update(
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
    if (!this.closing) for (const consumer of this.consumers.values()) consumer.wake();
  }
}
