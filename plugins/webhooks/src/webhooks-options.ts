import { z } from '@parley/plugin-sdk';

const HOUR_MS = 3_600_000;

export const webhooksOptions = z.object({
  /**
   * Development and tests only: accept http:// URLs and loopback or private addresses. Off, endpoints must be https://
   * on a public host, so an integrator can't point the platform at its own internal network.
   */
  allowInsecureUrls: z.boolean().default(false),
  /** How long a receiver has to answer one request. */
  timeoutMs: z.number().int().min(100).max(60_000).default(10_000),
  /** Requests per delivery at most, the first one included. */
  maxAttempts: z.number().int().min(1).max(20).default(8),
  /** The wait before the first retry; each next one waits 4 times longer, up to maxRetryDelayMs, with ±20 % jitter. */
  retryDelayMs: z.number().int().min(1).default(60_000),
  maxRetryDelayMs: z.number().int().min(1).default(8 * HOUR_MS),
  /** An endpoint is disabled once this many deliveries in a row failed for good (every attempt spent). */
  disableAfterFailedDeliveries: z.number().int().min(1).default(5),
  /** Deliveries sent at once by each process that runs workers. */
  concurrency: z.number().int().min(1).max(100).default(10),
  /** How often pending deliveries the queue lost (Redis down when they were captured, or flushed) are queued again. */
  sweepIntervalMs: z.number().int().min(50).default(60_000),
  /** Finished deliveries and their log are deleted after this many days. */
  keepLogDays: z.number().int().min(1).default(30),
});

export type WebhooksOptions = z.infer<typeof webhooksOptions>;
