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
  /** `placedBy`: customer, staff, system or plugin — who placed it. */
  'order.placed': { storeId: string; orderId: string; number: number; totalAmount: number; currency: string; customerRef: string; placedBy: string };
  /** `notifyCustomer`: false when whoever asked for the link gives it to the customer themselves (the chat, a new-link message). */
  'payment.link_created': { storeId: string; orderId: string; provider: string; url: string; expiresAt: string; notifyCustomer: boolean };
  'payment.succeeded': { storeId: string; orderId: string; provider: string; amount: number; currency: string };
  'payment.failed': { storeId: string; orderId: string; provider: string };
  'payment.expired': { storeId: string; orderId: string; provider: string };
  'order.refunded': { storeId: string; orderId: string; amount: number; totalRefunded: number; currency: string };
  'delivery.updated': { storeId: string; orderId: string; deliveryId: string; status: string | null };
  'order.status_changed': { storeId: string; orderId: string; number: number; from: string; to: string; reason: string | null };
  /** A customer wrote to the store for the first time on any channel. */
  'contact.created': { storeId: string; contactId: string; channel: string; name: string | null };
  'contact.consent_changed': { storeId: string; contactId: string; scope: 'marketing' | 'all'; optedIn: boolean; via: string };
  /** A message was added to a conversation (from the customer, the assistant, staff), or its delivery status moved. */
  'conversation.message': { storeId: string; conversationId: string; messageId: string; author: string; status: string };
  /** A store's own notification texts changed (set or reset). */
  'notification_templates.changed': { storeId: string };
  /** Handed to staff, taken over, assigned, handed back or closed. */
  'conversation.changed': { storeId: string; conversationId: string; status: string; assignedTo: string | null };
}

export type ApiKeyRole = 'owner' | 'staff' | 'integration';

export type DomainEventType = keyof DomainEvents;

export interface DomainEvent<T extends DomainEventType = DomainEventType> {
  /** Unique per publication and the same for every handler: what a consumer de-duplicates on. */
  id: string;
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
  /**
   * Every event, whatever its type, plugins' own included (outgoing webhooks, audit trails): the types are an
   * interface, open to declaration merging, so they can't be listed at run time. Returns the unsubscribe function.
   */
  abstract subscribeAll(handler: (event: DomainEvent) => void | Promise<void>): () => void;
  /** Publishes now. Core services publish through their transaction so events only leave after commit. */
  abstract publish<T extends DomainEventType>(type: T, payload: DomainEvents[T]): Promise<void>;
}

/**
 * Events every process of the installation hears: for state a process keeps itself, such as a web chat visitor's open
 * connection that a worker's answer must reach. Over Redis pub/sub when Redis is configured, in-process otherwise.
 * Fire-and-forget: what must not be lost belongs in the database or the job queue.
 */
export abstract class ClusterEvents {
  /** Runs this process's handlers now, and other processes' when the message reaches them. */
  abstract broadcast<T extends DomainEventType>(type: T, payload: DomainEvents[T]): void;
  abstract on<T extends DomainEventType>(type: T, handler: (payload: DomainEvents[T]) => void): void;
}
