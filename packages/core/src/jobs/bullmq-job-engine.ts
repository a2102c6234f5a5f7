import { Logger } from '@nestjs/common';
import { type JobHandler, type QueueSettings, RetryJobLaterError, UnrecoverableJobError } from '@parley/plugin-sdk';
import { DelayedError, type Job, Queue, UnrecoverableError, Worker } from 'bullmq';
import IORedis, { type Redis } from 'ioredis';
import { backoffDelay, type JobCounts, type JobEngine, type JobRun, type NewJob } from './job-engine';

// Once a job has only waited (RetryJobLaterError that counts no attempt), its data is kept wrapped with how many of
// its runs did, so those runs are not counted as attempts.
const WAITS = '__parleyWaits';
const DATA = '__parleyData';

function unwrap(stored: unknown): { waits: number; data: unknown } {
  const wrapped = stored as { [WAITS]?: number; [DATA]?: unknown } | null;
  return typeof wrapped === 'object' && wrapped !== null && typeof wrapped[WAITS] === 'number' ? { waits: wrapped[WAITS], data: wrapped[DATA] } : { waits: 0, data: stored };
}

interface Definition {
  handler: JobHandler<unknown>;
  settings: Required<QueueSettings>;
  queue: Queue;
}

export interface BullmqJobEngineTiming {
  /** How long a running job's lock lasts; its worker renews it at half that. */
  lockDurationMs: number;
  /** How often workers look for jobs whose lock ran out (their process died) to run them again. */
  stalledIntervalMs: number;
}

// A dead worker's jobs run again within about 20 s: its locks lapse after 15 s, and stalls are looked for every 5 s.
// Tests shorten both to see it within a second or two.
const DEFAULT_TIMING: BullmqJobEngineTiming = { lockDurationMs: 15_000, stalledIntervalMs: 5_000 };

// Finished jobs stay this long, which is also BullMQ's jobId de-duplication window (field notes): a day.
const KEEP_FINISHED = { age: 24 * 3600, count: 10_000 };

/**
 * The production engine: one BullMQ queue per logical queue, so each keeps its own concurrency and rate limit and
 * any number of worker processes on any number of machines share the work. Stalled jobs (a worker died mid-run) are
 * picked up again by BullMQ's stalled-job check.
 */
export class BullmqJobEngine implements JobEngine {
  private readonly logger = new Logger('JobQueue');
  private readonly connection: Redis;
  private readonly definitions = new Map<string, Definition>();
  private readonly workers: Worker[] = [];
  private readonly workerConnections: Redis[] = [];
  private readonly runListeners: ((run: JobRun) => void)[] = [];
  private readonly reconnectListeners: (() => void)[] = [];
  private readonly timing: BullmqJobEngineTiming;

  constructor(
    private readonly redisUrl: string,
    private readonly prefix: string,
    timing: Partial<BullmqJobEngineTiming> = {},
  ) {
    this.timing = { ...DEFAULT_TIMING, ...timing };
    this.connection = new IORedis(redisUrl, { maxRetriesPerRequest: 3, lazyConnect: true });
    this.connection.on('error', (error) => this.logger.warn(`Redis: ${error.message}`));
    let lost = false;
    this.connection.on('close', () => (lost = true));
    this.connection.on('ready', () => {
      if (!lost) return;
      lost = false;
      this.logger.warn('Redis is back after the connection was lost');
      for (const listener of this.reconnectListeners) listener();
    });
  }

  define<T>(name: string, handler: JobHandler<T>, settings: Required<QueueSettings>): void {
    if (this.definitions.has(name)) throw new Error(`Queue ${name} is defined twice`);
    const queue = new Queue(name, { connection: this.connection, prefix: this.prefix });
    queue.on('error', (error) => this.logger.warn(`Queue ${name}: ${error.message}`));
    this.definitions.set(name, { handler: handler as JobHandler<unknown>, settings, queue });
  }

  async add<T>(name: string, jobs: NewJob<T>[]): Promise<void> {
    const definition = this.definitions.get(name);
    if (!definition) throw new Error(`Queue ${name} is not defined`);
    await definition.queue.addBulk(
      jobs.map(({ data, options }) => ({
        name,
        data,
        opts: {
          jobId: options.jobId,
          delay: options.delayMs,
          attempts: options.attempts ?? definition.settings.attempts,
          backoff: { type: 'jittered' },
          removeOnComplete: KEEP_FINISHED,
          removeOnFail: KEEP_FINISHED,
        },
      })),
    );
  }

  async start(): Promise<void> {
    for (const [name, definition] of this.definitions) {
      // Workers block on Redis: each needs its own connection with no retry limit per request.
      const connection = new IORedis(this.redisUrl, { maxRetriesPerRequest: null });
      connection.on('error', (error) => this.logger.warn(`Redis (worker ${name}): ${error.message}`));
      this.workerConnections.push(connection);
      const worker = new Worker(
        name,
        async (job, token) => {
          const { waits, data } = unwrap(job.data);
          // attemptsStarted counts this run and runs cut short by a dead worker, which BullMQ's attemptsMade leaves
          // out. Counting them, as the database queue does, keeps `attempt` right after a crash and never runs a job
          // more than `attempts` times (BullMQ alone would re-run a stalled job whatever its attempts). Runs that only
          // waited (RetryJobLaterError that counts no attempt) are not attempts.
          const attempt = job.attemptsStarted - waits;
          if (attempt > (job.opts.attempts ?? 1)) throw new UnrecoverableError('The process running this job stopped');
          try {
            await definition.handler({ id: job.id ?? '', queue: name, data, attempt });
          } catch (error) {
            if (error instanceof UnrecoverableJobError) throw new UnrecoverableError(error.message);
            if (error instanceof RetryJobLaterError && !error.countsAsAttempt) {
              await job.updateData({ [WAITS]: waits + 1, [DATA]: data });
              await job.moveToDelayed(Date.now() + error.delayMs, token);
              throw new DelayedError();
            }
            throw error;
          }
        },
        {
          connection,
          prefix: this.prefix,
          concurrency: definition.settings.concurrency,
          lockDuration: this.timing.lockDurationMs,
          stalledInterval: this.timing.stalledIntervalMs,
          settings: {
            // A RetryJobLaterError (a provider's Retry-After) says how long; otherwise exponential with jitter.
            backoffStrategy: (attemptsMade: number, _type?: string, error?: Error) =>
              error instanceof RetryJobLaterError ? error.delayMs : backoffDelay(definition.settings.backoffMs, attemptsMade),
          },
        },
      );
      // BullMQ emits these once the job has moved on, so they are where a run ends in this process.
      worker.on('completed', (job) => this.reportRun(name, job, 'completed'));
      worker.on('failed', (job, error) => {
        this.logger.warn(`Job ${name}/${job?.id} failed on attempt ${job?.attemptsStarted}: ${error.message}`);
        // finishedOn is set only when BullMQ gave up on the job; otherwise it is on its way to a retry.
        if (job) this.reportRun(name, job, job.finishedOn ? 'failed' : 'retrying');
      });
      worker.on('error', (error) => this.logger.warn(`Worker ${name}: ${error.message}`));
      this.workers.push(worker);
    }
    await Promise.all(this.workers.map((worker) => worker.waitUntilReady()));
  }

  async counts(name: string): Promise<JobCounts> {
    const definition = this.definitions.get(name);
    if (!definition) throw new Error(`Queue ${name} is not defined`);
    const counts = await definition.queue.getJobCounts('waiting', 'active', 'delayed', 'completed', 'failed');
    return { waiting: counts.waiting, active: counts.active, delayed: counts.delayed, completed: counts.completed, failed: counts.failed };
  }

  onRun(listener: (run: JobRun) => void): void {
    this.runListeners.push(listener);
  }

  onReconnect(listener: () => void): void {
    this.reconnectListeners.push(listener);
  }

  /** The BullMQ queue behind each logical queue, for the queue dashboard. */
  queues(): Queue[] {
    return [...this.definitions.values()].map((definition) => definition.queue);
  }

  async close(): Promise<void> {
    // Worker.close() waits for the jobs in progress to finish before it resolves.
    await Promise.all(this.workers.map((worker) => worker.close()));
    await Promise.all([...this.definitions.values()].map((definition) => definition.queue.close()));
    await Promise.all([...this.workerConnections, this.connection].map((connection) => connection.quit().catch(() => undefined)));
  }

  private reportRun(queue: string, job: Job, outcome: JobRun['outcome']): void {
    const seconds = (Date.now() - (job.processedOn ?? Date.now())) / 1000;
    for (const listener of this.runListeners) listener({ queue, outcome, seconds });
  }

  async health(): Promise<'up' | 'down'> {
    try {
      if (this.connection.status === 'wait') await this.connection.connect();
      return (await this.connection.ping()) === 'PONG' ? 'up' : 'down';
    } catch {
      return 'down';
    }
  }
}
