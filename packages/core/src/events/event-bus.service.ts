import { randomUUID } from 'node:crypto';
import { Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import {
  EventBus,
  type DomainEvent,
  type DomainEvents,
  type DomainEventType,
  type EventHandler,
} from '@parley/plugin-sdk';

/**
 * In-process, typed publish/subscribe. Handlers run asynchronously so a slow subscriber never holds up the request
 * that caused the event; `settled()` waits for the ones in flight (tests, shutdown).
 */
@Injectable()
export class EventBusService extends EventBus implements OnApplicationShutdown {
  private readonly logger = new Logger('EventBus');
  private readonly handlers = new Map<DomainEventType, Set<EventHandler<DomainEventType>>>();
  private readonly everyEventHandlers = new Set<EventHandler<DomainEventType>>();
  private readonly inFlight = new Set<Promise<void>>();

  subscribe<T extends DomainEventType>(type: T, handler: EventHandler<T>): () => void {
    const set = this.handlers.get(type) ?? new Set();
    set.add(handler as unknown as EventHandler<DomainEventType>);
    this.handlers.set(type, set);
    return () => set.delete(handler as unknown as EventHandler<DomainEventType>);
  }

  subscribeAll(handler: EventHandler<DomainEventType>): () => void {
    this.everyEventHandlers.add(handler);
    return () => this.everyEventHandlers.delete(handler);
  }

  async publish<T extends DomainEventType>(type: T, payload: DomainEvents[T]): Promise<void> {
    const event: DomainEvent<T> = { id: randomUUID(), type, payload, occurredAt: new Date().toISOString() };
    for (const handler of [...(this.handlers.get(type) ?? []), ...this.everyEventHandlers]) {
      const run = Promise.resolve()
        .then(() => handler(event as unknown as DomainEvent<DomainEventType>))
        .catch((error: Error) => this.logger.error(`A handler of ${type} failed: ${error.message}`, error.stack))
        .finally(() => this.inFlight.delete(run));
      this.inFlight.add(run);
    }
  }

  async settled(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.all(this.inFlight);
  }

  async onApplicationShutdown(): Promise<void> {
    await this.settled();
  }
}
