/**
 * Domain events, published by the core after the transaction that caused them commits.
 *
 * The map is an interface so that later modules and plugins can add their own events by declaration merging:
 *
 *   declare module '@parley/plugin-sdk' {
 *     interface DomainEvents { 'loyalty.stamp_added': { storeId: string; contactId: string } }
 *   }
 */
export interface DomainEvents {
  'store.created': { storeId: string; slug: string; name: string };
  'api_key.created': { storeId: string; apiKeyId: string; role: ApiKeyRole };
  'api_key.revoked': { storeId: string; apiKeyId: string };
  /** Anything in a store's catalog changed: products, variants, prices, stock, categories, modifiers, images. */
  'catalog.changed': { storeId: string };
  'order.placed': { storeId: string; orderId: string; number: number; totalAmount: number; currency: string; customerRef: string };
  'payment.link_created': { storeId: string; orderId: string; provider: string; url: string; expiresAt: string };
  'payment.succeeded': { storeId: string; orderId: string; provider: string; amount: number; currency: string };
  'payment.failed': { storeId: string; orderId: string; provider: string };
  'payment.expired': { storeId: string; orderId: string; provider: string };
  'order.refunded': { storeId: string; orderId: string; amount: number; totalRefunded: number; currency: string };
  'delivery.updated': { storeId: string; orderId: string; deliveryId: string; status: string | null };
  'order.status_changed': { storeId: string; orderId: string; number: number; from: string; to: string; reason: string | null };
}

export type ApiKeyRole = 'owner' | 'staff' | 'integration';

export type DomainEventType = keyof DomainEvents;

export interface DomainEvent<T extends DomainEventType = DomainEventType> {
  type: T;
  payload: DomainEvents[T];
  /** ISO time the change committed. */
  occurredAt: string;
}

export type EventHandler<T extends DomainEventType> = (event: DomainEvent<T>) => void | Promise<void>;

/**
 * The event bus as plugins see it. Inject it with `constructor(private readonly events: EventBus) {}`.
 * Handlers run after commit, one event at a time per handler; a failing handler is logged and does not affect the
 * publisher or other handlers.
 */
export abstract class EventBus {
  abstract subscribe<T extends DomainEventType>(type: T, handler: EventHandler<T>): () => void;
  /** Publishes now. Core services publish through their transaction so events only leave after commit. */
  abstract publish<T extends DomainEventType>(type: T, payload: DomainEvents[T]): Promise<void>;
}
