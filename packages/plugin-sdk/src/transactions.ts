import type { EntityManager } from 'typeorm';
import type { DomainEvents, DomainEventType } from './events';

export interface TransactionContext {
  manager: EntityManager;
  /** Queues an event; it is published only once the transaction has committed, and never if it rolls back. */
  publish<T extends DomainEventType>(type: T, payload: DomainEvents[T]): void;
}

/**
 * Database writes for plugins' own entities: `transactions.run(async (tx) => tx.manager.insert(Stamp, {...}))`.
 * Always write through it rather than through a repository directly: on the embedded SQLite database there is one
 * connection, and only this keeps two requests' transactions from mixing.
 */
export abstract class Transactions {
  abstract run<T>(work: (tx: TransactionContext) => Promise<T>): Promise<T>;
}
