import { Inject, Injectable, Logger, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import { type AddJobOptions, JobQueue, type JobHandler, type QueueSettings } from '@parley/plugin-sdk';
import type { AppConfig } from '../config/config.schema';
import { APP_CONFIG } from '../config/config.module';
import { DEFAULT_QUEUE_SETTINGS, type JobCounts, type JobEngine, type JobRun, type NewJob } from './job-engine';

export const JOB_ENGINE = 'PARLEY_JOB_ENGINE';

// BullMQ refuses ids with ':' and all-digit ids (field notes); the rule holds for both engines so code moves freely.
const JOB_ID = /^(?!\d+$)[A-Za-z0-9_.-]{1,200}$/;

/**
 * The job queue every module and plugin uses. Queues are defined during module init; consumers start once the app
 * has booted (in processes that run workers) and drain on shutdown before the database closes.
 */
@Injectable()
export class JobQueueService extends JobQueue implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('JobQueue');
  private readonly queues: string[] = [];
  private started = false;

  constructor(
    @Inject(JOB_ENGINE) private readonly engine: JobEngine,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    super();
  }

  define<T>(queue: string, handler: JobHandler<T>, settings: QueueSettings = {}): void {
    if (this.started) throw new Error(`Queue ${queue} must be defined during module init, before workers start`);
    this.engine.define(queue, handler, { ...DEFAULT_QUEUE_SETTINGS, ...settings });
    this.queues.push(queue);
  }

  add<T>(queue: string, data: T, options: AddJobOptions = {}): Promise<void> {
    return this.addMany(queue, [{ data, options }]);
  }

  /** Adds many jobs in one round trip (the outbox relay hands over hundreds at a time). */
  async addMany<T>(queue: string, jobs: NewJob<T>[]): Promise<void> {
    const badId = jobs.find(({ options }) => options.jobId !== undefined && !JOB_ID.test(options.jobId))?.options.jobId;
    if (badId !== undefined) throw new Error(`Job id "${badId}" must be letters, digits, "-", "_" or "." and not only digits`);
    if (jobs.length) await this.engine.add(queue, jobs);
  }

  redisHealth(): Promise<'up' | 'down' | 'not configured'> {
    return this.engine.health();
  }

  /** The queues defined so far, in the order they were defined. */
  definedQueues(): readonly string[] {
    return this.queues;
  }

  /** Jobs by state for every defined queue, by queue name. */
  async counts(): Promise<Record<string, JobCounts>> {
    const counts = await Promise.all(this.queues.map((queue) => this.engine.counts(queue)));
    return Object.fromEntries(this.queues.map((queue, index) => [queue, counts[index]]));
  }

  /** Calls `listener` whenever a run of a job ends in this process (for metrics). */
  onJobRun(listener: (run: JobRun) => void): void {
    this.engine.onRun(listener);
  }

  /** Calls `listener` when Redis comes back after the connection was lost: it may have lost the queued jobs. */
  onQueueStoreReconnected(listener: () => void): void {
    this.engine.onReconnect(listener);
  }

  async onApplicationBootstrap(): Promise<void> {
    if (!this.config.runWorkers) return;
    this.started = true;
    await this.engine.start();
    this.logger.log(`Workers started (${this.config.redis ? 'BullMQ' : 'database queue'})`);
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.engine.close();
  }
}
