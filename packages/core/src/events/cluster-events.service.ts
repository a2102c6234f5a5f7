import { randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { ClusterEvents, type DomainEvents, type DomainEventType } from '@parley/plugin-sdk';
import IORedis, { type Redis } from 'ioredis';
import type { AppConfig } from '../config/config.schema';
import { APP_CONFIG } from '../config/config.module';

type Handler<T extends DomainEventType> = (payload: DomainEvents[T]) => void;

interface Broadcast {
  type: DomainEventType;
  payload: unknown;
}

/**
 * Tells every process of the installation about an event, for state that each process caches (menus now,
 * subscriptions of kitchen screens later). Only what a caller broadcasts goes out, so in-process subscribers with side
 * effects never run once per process. Over Redis pub/sub when REDIS_URL is set; with one process (the embedded mode)
 * delivery is local only. Pub/sub is fire-and-forget: users keep a safety net (e.g. re-checking versions now and then).
 */
@Injectable()
export class ClusterEventsService extends ClusterEvents implements OnApplicationShutdown {
  private readonly logger = new Logger('ClusterEvents');
  private readonly origin = randomUUID();
  private readonly handlers = new Map<DomainEventType, Set<Handler<DomainEventType>>>();
  private readonly channel: string;
  private publisher?: Redis;
  private subscriber?: Redis;
  private outgoing: Broadcast[] = [];

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    super();
    this.channel = `${config.queuePrefix}:cluster-events`;
    if (!config.redis) return;
    this.publisher = new IORedis(config.redis.url, { maxRetriesPerRequest: 1 });
    this.subscriber = new IORedis(config.redis.url, { maxRetriesPerRequest: null });
    for (const connection of [this.publisher, this.subscriber]) {
      connection.on('error', (error) => this.logger.warn(`Redis: ${error.message}`));
    }
    this.subscriber.subscribe(this.channel).catch((error: Error) => this.logger.warn(`Subscribing failed: ${error.message}`));
    this.subscriber.on('message', (_channel, message) => this.receive(message));
  }

  on<T extends DomainEventType>(type: T, handler: Handler<T>): void {
    const set = this.handlers.get(type) ?? new Set();
    set.add(handler as unknown as Handler<DomainEventType>);
    this.handlers.set(type, set);
  }

  /** Runs this process's handlers now, and other processes' when the message reaches them. */
  broadcast<T extends DomainEventType>(type: T, payload: DomainEvents[T]): void {
    this.deliver(type, payload);
    if (!this.publisher) return;
    // Events of the same moment (a batch of messages written or sent) leave as one message, in the order broadcast:
    // one publish and one parse in every other process, instead of one per event.
    if (this.outgoing.length === 0) setImmediate(() => this.publish());
    this.outgoing.push({ type, payload });
  }

  private publish(): void {
    const events = this.outgoing;
    this.outgoing = [];
    this.publisher
      ?.publish(this.channel, JSON.stringify({ origin: this.origin, events }))
      .catch((error: Error) => this.logger.warn(`Broadcasting ${events.map(({ type }) => type).join(', ')} failed: ${error.message}`));
  }

  private receive(message: string): void {
    // This process's own broadcasts come back too, delivered here already: told apart before parsing.
    if (message.startsWith(`{"origin":"${this.origin}"`)) return;
    let events: Broadcast[];
    try {
      ({ events } = JSON.parse(message) as { events: Broadcast[] });
      if (!Array.isArray(events)) throw new Error('no list of events');
    } catch (error) {
      this.logger.warn(`Ignoring a malformed cluster event: ${(error as Error).message}`);
      return;
    }
    for (const { type, payload } of events) this.deliver(type, payload as never);
  }

  private deliver<T extends DomainEventType>(type: T, payload: DomainEvents[T]): void {
    for (const handler of this.handlers.get(type) ?? []) {
      try {
        (handler as Handler<T>)(payload);
      } catch (error) {
        this.logger.error(`A cluster handler of ${type} failed: ${(error as Error).message}`);
      }
    }
  }

  // disconnect, not quit: quit waits for a server that may be gone, and nothing here needs flushing.
  onApplicationShutdown(): void {
    const { publisher, subscriber } = this;
    this.publisher = this.subscriber = undefined;
    publisher?.disconnect();
    subscriber?.disconnect();
  }
}
