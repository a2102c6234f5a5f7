/**
 * Background jobs. Two engines run the same definitions: BullMQ on Redis in production and a queue kept in the
 * database for the embedded SQLite default. Handlers must be idempotent: every engine delivers at least once.
 */
export interface JobContext<T> {
  /** The job's id: the `jobId` given when adding it, or one the engine made. */
  id: string;
  queue: string;
  data: T;
  /** 1 on the first run, 2 on the first retry, and so on. */
  attempt: number;
}

export type JobHandler<T> = (job: JobContext<T>) => Promise<void>;

export interface QueueSettings {
  /** Jobs of this queue running at once in one process. Default 1. */
  concurrency?: number;
  /** Runs at most, the first one included. Default 3. */
  attempts?: number;
  /** First retry waits this long, doubling after each failure (with jitter). Default 1000 ms. */
  backoffMs?: number;
}

export interface AddJobOptions {
  /** De-duplication key: a second job with the same id is ignored while the first is known to the queue. */
  jobId?: string;
  delayMs?: number;
  /** Overrides the queue's attempts for this job. */
  attempts?: number;
}

/**
 * Thrown by a handler to stop retrying at once (a permanent failure such as an invalid recipient).
 */
export class UnrecoverableJobError extends Error {
  override readonly name = 'UnrecoverableJobError';
}

/**
 * Thrown by a handler to run the job again after `delayMs` (a provider's Retry-After, a rate limit, a job waiting
 * for another). With `countsAsAttempt: false` the wait does not use up one of the job's attempts.
 */
export class RetryJobLaterError extends Error {
  override readonly name = 'RetryJobLaterError';
  constructor(
    message: string,
    readonly delayMs: number,
    readonly countsAsAttempt = true,
  ) {
    super(message);
  }
}

export abstract class JobQueue {
  /**
   * Declares a queue and its handler. Every process declares the queues it may add to; only processes that run
   * workers (the worker app, or the embedded API) start consuming them.
   */
  abstract define<T>(queue: string, handler: JobHandler<T>, settings?: QueueSettings): void;
  abstract add<T>(queue: string, data: T, options?: AddJobOptions): Promise<void>;
}
