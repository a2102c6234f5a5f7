import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import IORedis, { type Redis } from 'ioredis';
import type { AppConfig } from '../config/config.schema';
import { APP_CONFIG } from '../config/config.module';

// GCRA (a token bucket kept as one timestamp) with no burst: sends are spaced 1/perSecond apart, so no second ever
// holds more than `perSecond`. Redis' own clock, so workers on several machines share one limit per key. A turn due now
// is taken; ARGV[2] = 0 takes nothing at all (only looks).
const TAKE = `
local now = redis.call('TIME')
local nowMs = tonumber(now[1]) * 1000 + math.floor(tonumber(now[2]) / 1000)
local interval = tonumber(ARGV[1])
local taking = ARGV[2] == '1'
local tat = tonumber(redis.call('GET', KEYS[1]) or nowMs)
if tat < nowMs then tat = nowMs end
local wait = math.ceil(tat - nowMs)
if wait > 0 or not taking then return wait end
-- Intervals need not be whole milliseconds (80 a second is 12.5 ms); expiries must be.
redis.call('SET', KEYS[1], tat + interval, 'PX', math.ceil(wait + interval + 1000))
return wait
`;

type LimiterRedis = Redis & { takeTurn(key: string, interval: number, taking: 0 | 1): Promise<number> };

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

  /** Takes one send for `key`: 0 when it may go now, else how many milliseconds to wait before asking again. */
  take(key: string, perSecond: number): Promise<number> {
    return this.turn(key, perSecond, true);
  }

  /** How many milliseconds until the next turn for `key`, taking nothing. */
  untilTurn(key: string, perSecond: number): Promise<number> {
    return this.turn(key, perSecond, false);
  }

  private async turn(key: string, perSecond: number, taking: boolean): Promise<number> {
    const interval = 1000 / (perSecond * PACE);
    if (this.redis) return Number(await this.redis.takeTurn(`${this.prefix}:${key}`, interval, taking ? 1 : 0));
    const now = Date.now();
    const tat = Math.max(this.local.get(key) ?? now, now);
    const wait = Math.ceil(tat - now);
    if (wait === 0 && taking) this.local.set(key, tat + interval);
    return wait;
  }

  onApplicationShutdown(): void {
    this.redis?.disconnect();
  }
}
