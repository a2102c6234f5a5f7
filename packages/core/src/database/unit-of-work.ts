import { Injectable } from '@nestjs/common';
import { type DomainEvents, type DomainEventType, type TransactionContext, Transactions } from '@parley/plugin-sdk';
import { DataSource, type EntityManager } from 'typeorm';
import { EventBusService } from '../events/event-bus.service';

export type Transaction = TransactionContext;

type WriterOf<T extends DomainEventType> = (tx: Transaction, payload: DomainEvents[T]) => Promise<void>;

/**
 * Runs work in one database transaction and publishes its events after commit.
 *
 * SQLite has a single connection, on which TypeORM would nest concurrent transactions as savepoints of one another;
 * there, transactions take turns instead.
 */
@Injectable()
export class UnitOfWork extends Transactions {
  private sqliteTurn: Promise<unknown> = Promise.resolve();
  private readonly writers = new Map<DomainEventType, WriterOf<DomainEventType>[]>();

  constructor(
    private readonly dataSource: DataSource,
    private readonly events: EventBusService,
  ) {
    super();
  }

  /**
   * Writes more rows whenever an event is published in a transaction, in that same transaction: what must happen
   * because of a change (a notification to send) is committed with the change or not at all (a transactional outbox).
   */
  writeWith<T extends DomainEventType>(type: T, writer: WriterOf<T>): void {
    this.writers.set(type, [...(this.writers.get(type) ?? []), writer as unknown as WriterOf<DomainEventType>]);
  }

  async run<T>(work: (tx: Transaction) => Promise<T>): Promise<T> {
    const pending: { type: DomainEventType; payload: unknown }[] = [];
    const transaction = () =>
      this.dataSource.transaction(async (manager) => {
        const tx: Transaction = { manager, publish: (type, payload) => void pending.push({ type, payload }) };
        const result = await work(tx);
        // A writer may publish events of its own: they get their writers too.
        for (let index = 0; index < pending.length; index += 1) {
          for (const writer of this.writers.get(pending[index].type) ?? []) await writer(tx, pending[index].payload as never);
        }
        return result;
      });
    const result = await (this.dataSource.options.type === 'postgres' ? transaction() : this.takeTurn(transaction));
    for (const event of pending) {
      await this.events.publish(event.type, event.payload as never);
    }
    return result;
  }

  /**
   * One statement that is atomic by itself and publishes nothing: no transaction to begin and commit, so one round trip
   * instead of three. On SQLite it still waits for its turn, or it would run inside whichever transaction is open on
   * the single connection and be undone with it.
   */
  statement<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    const statement = () => work(this.dataSource.manager);
    return this.dataSource.options.type === 'postgres' ? statement() : this.takeTurn(statement);
  }

  private takeTurn<T>(work: () => Promise<T>): Promise<T> {
    const next = this.sqliteTurn.then(work, work);
    this.sqliteTurn = next.catch(() => undefined);
    return next;
  }
}
