import { backoffDelay, retryAfterDelay } from './job-engine';

describe('waits between attempts', () => {
  const many = (wait: () => number) => Array.from({ length: 200 }, wait);

  it('back off exponentially with jitter: about the base after a first failure, twice as long after each next, at most an hour', () => {
    for (const [failed, low, high] of [
      [1, 1000, 2000],
      [3, 4000, 8000],
      [30, 1_800_000, 3_600_000],
    ]) {
      const waits = many(() => backoffDelay(2000, failed));
      expect(Math.min(...waits)).toBeGreaterThanOrEqual(low);
      expect(Math.max(...waits)).toBeLessThanOrEqual(high);
      // Jittered: jobs that failed together come back apart.
      expect(new Set(waits).size).toBeGreaterThan(50);
    }
  });

  it("honour a provider's Retry-After as the least wait, never less than the queue's own backoff", () => {
    expect(many(() => retryAfterDelay(60_000, 2000, 1)).every((wait) => wait === 60_000)).toBe(true);
    // A provider that keeps asking for 100 ms after the third failure still waits the backoff of that attempt.
    expect(Math.min(...many(() => retryAfterDelay(100, 2000, 3)))).toBeGreaterThanOrEqual(4000);
  });
});
