const MAX_RETRY_AFTER_SECONDS = 10 * 24 * 3600;

/**
 * How long to wait after the `failedAttempts`-th failed request of a delivery: the first wait, 4 times longer after each
 * further failure, capped, with ±20 % jitter so deliveries that failed together don't all come back at once. With the
 * defaults (1 min, capped at 8 h) the 8 attempts of a delivery spread over about 22 hours.
 */
export function retryDelayMs(failedAttempts: number, firstMs: number, maxMs: number, random: () => number = Math.random): number {
  const base = Math.min(firstMs * 4 ** Math.max(0, failedAttempts - 1), maxMs);
  return Math.round(base * (0.8 + 0.4 * random()));
}

/** A Retry-After header (seconds, or an HTTP date) in milliseconds from `now`; null when absent or unreadable. */
export function parseRetryAfter(header: string | null, now = Date.now()): number | null {
  if (!header) return null;
  const value = header.trim();
  if (/^\d+$/.test(value)) return Math.min(Number(value), MAX_RETRY_AFTER_SECONDS) * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? null : Math.max(0, date - now);
}
