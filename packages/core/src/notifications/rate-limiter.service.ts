import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import IORedis, { type Redis } from 'ioredis';
import type { AppConfig } from '../config/config.schema';
import { APP_CONFIG } from '../config/config.module';

// GCRA (a token bucket kept as one timestamp) with no burst: sends are spaced 1/perSecond apart, so no second ever
// holds more than `perSecond`. Redis' own clock, so workers on several machines share one limit per key. A wait of at
// most ARGV[2] ms reserves the turn at its end; a longer one reserves nothing.
const TAKE = `
local now = redis.call('TIME')
local nowMs = tonumber(now[1]) * 1000 + math.floor(tonumber(now[2]) / 1000)
local interval = tonumber(ARGV[1])
local maxWait = tonumber(ARGV[2])
local tat = tonumber(redis.call('GET', KEYS[1]) or nowMs)
if tat < nowMs then tat = nowMs end
local wait = math.ceil(tat - nowMs)
if wait > maxWait then return wait end
-- Intervals need not be whole milliseconds (80 a second is 12.5 ms); expiries must be.
redis.call('SET', KEYS[1], tat + interval, 'PX', math.ceil(wait + interval + 1000))
return wait
`;

type LimiterRedis = Redis & { takeTurn(key: string, interval: number, maxWaitMs: number): Promise<number> };

// Sends are paced at 90% of the provider's limit: the limit counts arrivals, and the network's jitter bunches sends
// that left evenly spaced (measured: 85 arrivals in one second from sends paced at exactly 80 a second).
const PACE = 0.9;

/**
 * Rate limits per sending account (a WhatsApp number: 80 messages a second; a Telegram bot: 30). Over Redis when it
 * is configured, so every worker shares the limit; in the process otherwise (the embedded mode is one process).
 */
@Injectable()
export class RateLimiterService implements OnApplicationShutdown {
  private readonly redis: LimiterRedis | null;
  private readonly prefix: string;
  private readonly local = new Map<string, number>();

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    this.prefix = `${config.queuePrefix}:rate`;
    // Sends of the same moment take their turns in one round trip (auto-pipelining), by the script's hash.
    this.redis = config.redis ? (new IORedis(config.redis.url, { maxRetriesPerRequest: 1, enableAutoPipelining: true }) as LimiterRedis) : null;
    this.redis?.defineCommand('takeTurn', { numberOfKeys: 1, lua: TAKE });
    this.redis?.on('error', () => undefined);
  }

  /**
   * Takes a turn to send for `key`: how many milliseconds until it. A wait of at most `maxWaitMs` is a turn reserved
   * (the caller waits that long, then sends); a longer one reserves nothing (the caller asks again after it).
   */
  async take(key: string, perSecond: number, maxWaitMs = 0): Promise<number> {
    const interval = 1000 / (perSecond * PACE);
    if (this.redis) return Number(await this.redis.takeTurn(`${this.prefix}:${key}`, interval, maxWaitMs));
    const now = Date.now();
    const tat = Math.max(this.local.get(key) ?? now, now);
    const wait = Math.ceil(tat - now);
    if (wait <= maxWaitMs) this.local.set(key, tat + interval);
    return wait;
  }

  /** How many milliseconds until the next turn for `key`, taking nothing. */
  untilTurn(key: string, perSecond: number): Promise<number> {
    // No wait is within -1 ms: nothing is reserved.
    return this.take(key, perSecond, -1);
  }

  onApplicationShutdown(): void {
    this.redis?.disconnect();
  }
}
