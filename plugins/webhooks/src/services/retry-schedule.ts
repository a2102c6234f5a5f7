/**
 * How long to wait after the `failedAttempts`-th failed request of a delivery: the first wait, 4 times longer after each
 * further failure, capped, with ±20 % jitter so deliveries that failed together don't all come back at once. With the
 * defaults (1 min, capped at 8 h) the 8 attempts of a delivery spread over about 22 hours.
 */
export function retryDelayMs(failedAttempts: number, firstMs: number, maxMs: number, random: () => number = Math.random): number {
  const base = Math.min(firstMs * 4 ** Math.max(0, failedAttempts - 1), maxMs);
  return Math.round(base * (0.8 + 0.4 * random()));
}
