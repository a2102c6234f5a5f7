import { retryAfterMs } from './retry-after';

describe('Retry-After', () => {
  it('reads seconds and HTTP dates', () => {
    const now = Date.parse('2026-11-23T16:00:00Z');
    expect(retryAfterMs('2', now)).toBe(2000);
    expect(retryAfterMs('0.5', now)).toBe(500);
    expect(retryAfterMs('Mon, 23 Nov 2026 16:00:30 GMT', now)).toBe(30_000);
    // A date already past: go now.
    expect(retryAfterMs('Mon, 23 Nov 2026 15:00:00 GMT', now)).toBe(0);
    expect(retryAfterMs('soon', now)).toBeUndefined();
    expect(retryAfterMs(null, now)).toBeUndefined();
  });
});
