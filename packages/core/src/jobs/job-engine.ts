import type { AddJobOptions, JobHandler, QueueSettings } from '@parley/plugin-sdk';

export const DEFAULT_QUEUE_SETTINGS: Required<QueueSettings> = { concurrency: 1, attempts: 3, backoffMs: 1000 };

export interface NewJob<T> {
  data: T;
  options: AddJobOptions;
}

/** Jobs of one queue by state, as the store (Redis or the job table) holds them: for metrics and the dashboard. */
export interface JobCounts {
  waiting: number;
  active: number;
  /** Not due yet: added with a delay, or waiting for the backoff before a retry. */
  delayed: number;
  completed: number;
  failed: number;
}

export const JOB_COUNT_STATES = ['waiting', 'active', 'delayed', 'completed', 'failed'] as const satisfies readonly (keyof JobCounts)[];

/**
 * How one run of a job ended in this process: completed, failed for good, or failed and to be retried. Runs that
 * only waited (RetryJobLaterError that counts no attempt) are not reported.
 */
export interface JobRun {
  queue: string;
  outcome: 'completed' | 'failed' | 'retrying';
  seconds: number;
}

/** What each engine implements; the JobQueueService in front of it is what the rest of the platform sees. */
export interface JobEngine {
  define<T>(queue: string, handler: JobHandler<T>, settings: Required<QueueSettings>): void;
  /** Adds jobs to a queue in one round trip; a job whose id the queue already holds is left as it is. */
  add<T>(queue: string, jobs: NewJob<T>[]): Promise<void>;
  /** Starts consuming every defined queue. */
  start(): Promise<void>;
  /** Stops taking jobs and waits for the running ones to finish (graceful drain on SIGTERM). */
  close(): Promise<void>;
  health(): Promise<'up' | 'down' | 'not configured'>;
  counts(queue: string): Promise<JobCounts>;
  /** Calls `listener` whenever a run of a job ends in this process. */
  onRun(listener: (run: JobRun) => void): void;
  /**
   * Calls `listener` each time the connection to the job store comes back after it was lost: the store may have
   * restarted without what it held (Redis without persistence), so what was queued may be gone. Never called for the
   * database queue, whose jobs are rows of the same database.
   */
  onReconnect(listener: () => void): void;
}

/** Exponential backoff with full jitter: attempt 1 failed -> about base, then 2x, 4x, ... capped at an hour. */
export function backoffDelay(baseMs: number, failedAttempts: number): number {
  const ceiling = Math.min(baseMs * 2 ** Math.max(0, failedAttempts - 1), 3_600_000);
  return Math.round(ceiling / 2 + Math.random() * (ceiling / 2));
}

/**
 * The wait before trying a provider again that answered with a Retry-After: at least what it asked, and at least the
 * queue's own backoff, so that a provider that keeps asking for a second does not use up every attempt within
 * seconds of an outage.
 */
export function retryAfterDelay(retryAfterMs: number, baseMs: number, failedAttempts: number): number {
  return Math.max(retryAfterMs, backoffDelay(baseMs, failedAttempts));
}
