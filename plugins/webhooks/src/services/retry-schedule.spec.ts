import { retryDelayMs } from './retry-schedule';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

describe('the retry schedule', () => {
  it('waits 4 times longer after each failure, up to the cap: the default 8 attempts span about 22 hours', () => {
    const middle = () => 0.5;
    const waits = [1, 2, 3, 4, 5, 6, 7].map((failed) => retryDelayMs(failed, MINUTE, 8 * HOUR, middle));
    expect(waits).toEqual([MINUTE, 4 * MINUTE, 16 * MINUTE, 64 * MINUTE, 256 * MINUTE, 8 * HOUR, 8 * HOUR]);
    const total = waits.reduce((sum, wait) => sum + wait, 0);
    expect(total / HOUR).toBeCloseTo(21.7, 1);
  });

  it('spreads retries by ±20 % so deliveries that failed together do not return together', () => {
    expect(retryDelayMs(1, MINUTE, HOUR, () => 0)).toBe(0.8 * MINUTE);
    expect(retryDelayMs(1, MINUTE, HOUR, () => 1)).toBe(1.2 * MINUTE);
  });

});
