import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import IORedis, { type Redis } from 'ioredis';
import type { AppConfig } from '../config/config.schema';
import { APP_CONFIG } from '../config/config.module';

// GCRA (a token bucket kept as one timestamp) with no burst: sends are spaced 1/perSecond apart, so no second ever
// holds more than `perSecond`. Redis' own clock, so workers on several machines share one limit per key. A turn due now
// is taken; one not yet due is only told.
const TAKE = `
local now = redis.call('TIME')
local nowMs = tonumber(now[1]) * 1000 + math.floor(tonumber(now[2]) / 1000)
local interval = tonumber(ARGV[1])
local tat = tonumber(redis.call('GET', KEYS[1]) or nowMs)
if tat < nowMs then tat = nowMs end
local wait = math.ceil(tat - nowMs)
if wait > 0 then return wait end
-- Intervals need not be whole milliseconds (80 a second is 12.5 ms); expiries must be.
redis.call('SET', KEYS[1], tat + interval, 'PX', math.ceil(wait + interval + 1000))
return wait
`;

type LimiterRedis = Redis & { takeTurn(key: string, interval: number): Promise<number> };

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
  // When each key's next turn comes, in this process's clock: the limit itself without Redis; with Redis, what this
  // process last heard, for looks that need no round trip.
  private readonly nextTurnAt = new Map<string, number>();
  private sweptAt = 0;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    this.prefix = `${config.queuePrefix}:rate`;
    // Sends of the same moment take their turns in one round trip (auto-pipelining), by the script's hash.
    this.redis = config.redis ? (new IORedis(config.redis.url, { maxRetriesPerRequest: 1, enableAutoPipelining: true }) as LimiterRedis) : null;
    this.redis?.defineCommand('takeTurn', { numberOfKeys: 1, lua: TAKE });
    this.redis?.on('error', () => undefined);
  }

  /** Takes one send for `key`: 0 when it may go now, else how many milliseconds to wait before asking again. */
  async take(key: string, perSecond: number): Promise<number> {
    const interval = 1000 / (perSecond * PACE);
    if (this.redis) {
      const wait = Number(await this.redis.takeTurn(`${this.prefix}:${key}`, interval));
      this.remember(key, Date.now() + (wait === 0 ? interval : wait));
      return wait;
    }
    const now = Date.now();
    const wait = Math.max(0, Math.ceil((this.nextTurnAt.get(key) ?? now) - now));
    if (wait === 0) this.remember(key, now + interval);
    return wait;
  }

  /**
   * How many milliseconds until the next turn for `key`, taking nothing and asking no one: what this process's own
   * takes were told. Good for a look before work that a take then confirms (other workers' takes are not seen).
   */
  untilTurn(key: string): number {
    const at = this.nextTurnAt.get(key);
    return at === undefined ? 0 : Math.max(0, Math.ceil(at - Date.now()));
  }

  private remember(key: string, at: number): void {
    // Keys per chat come and go: once there are many, the ones whose turn has passed are forgotten, at most once a
    // second (many chats busy at once must not make every take walk them all).
    const now = Date.now();
    if (this.nextTurnAt.size >= 10_000 && now - this.sweptAt >= 1000) {
      this.sweptAt = now;
      for (const [known, turnAt] of this.nextTurnAt) if (turnAt <= now) this.nextTurnAt.delete(known);
    }
    this.nextTurnAt.set(key, at);
  }

  onApplicationShutdown(): void {
    this.redis?.disconnect();
  }
}
