import { randomUUID } from 'node:crypto';
import { TEST_REDIS_URL } from '@parley/testing';
import type { AppConfig } from '../config/config.schema';
import { RateLimiterService } from './rate-limiter.service';

/** Takes `count` sends as fast as the limiter allows; returns when each was allowed (ms since the start). */
async function sendAsFastAsAllowed(limiter: RateLimiterService, key: string, perSecond: number, count: number): Promise<number[]> {
  const started = Date.now();
  const allowedAt: number[] = [];
  while (allowedAt.length < count) {
    const wait = await limiter.take(key, perSecond);
    if (wait === 0) allowedAt.push(Date.now() - started);
    else await new Promise((resolve) => setTimeout(resolve, wait));
  }
  return allowedAt;
}

const busiestSecond = (times: number[]) => Math.max(...times.map((start) => times.filter((at) => at >= start && at < start + 1000).length));

describe.each([
  ['on Redis', true],
  ['in the process', false],
])('the rate limiter %s', (_name, onRedis) => {
  let limiter: RateLimiterService;
  beforeAll(() => {
    limiter = new RateLimiterService({ queuePrefix: `rate-${randomUUID().slice(0, 8)}`, redis: onRedis ? { url: TEST_REDIS_URL } : null } as unknown as AppConfig);
  });
  afterAll(() => limiter.onApplicationShutdown());

  // WhatsApp's 80 a second is a send every 12.5 ms: not a whole number of milliseconds.
  it("paces a WhatsApp number's sends below its 80 a second, spaced rather than bunched", async () => {
    const times = await sendAsFastAsAllowed(limiter, 'whatsapp:2001', 80, 120);
    // 90% of the limit: 72 a second, leaving room for the network's jitter.
    expect(busiestSecond(times)).toBeLessThanOrEqual(73);
    // 120 sends at 72 a second take about 1.65 s.
    expect(times.at(-1)!).toBeGreaterThanOrEqual(1600);
  });

  it('tells how long until the next turn without taking it', async () => {
    // 1 a second at 90%: a turn every 1,111 ms, so the few milliseconds between calls on a busy machine don't matter.
    const key = 'telegram:bot-c';
    expect(limiter.untilTurn(key)).toBe(0);
    expect(await limiter.take(key, 1)).toBe(0);
    // Looking takes nothing: asked twice, the same turn; a take that must wait takes nothing either.
    for (const look of [limiter.untilTurn(key), limiter.untilTurn(key), await limiter.take(key, 1)]) {
      expect(look).toBeGreaterThan(700);
      expect(look).toBeLessThanOrEqual(1112);
    }
    const untilNext = limiter.untilTurn(key);
    await new Promise((resolve) => setTimeout(resolve, untilNext));
    expect(await limiter.take(key, 1)).toBe(0);
  });

  it('keeps one account from slowing another', async () => {
    const [slow, other] = await Promise.all([sendAsFastAsAllowed(limiter, 'telegram:bot-a', 2, 3), sendAsFastAsAllowed(limiter, 'telegram:bot-b', 1000, 3)]);
    expect(other.at(-1)!).toBeLessThan(200);
    expect(slow.at(-1)!).toBeGreaterThanOrEqual(900);
  });
});
