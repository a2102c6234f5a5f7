import { Injectable } from '@nestjs/common';
import { type DomainEventType, type TransactionContext, Transactions } from '@parley/plugin-sdk';
import { DataSource } from 'typeorm';
import { EventBusService } from '../events/event-bus.service';

export type Transaction = TransactionContext;

/**
 * Runs work in one database transaction and publishes its events after commit.
 *
 * SQLite has a single connection, on which TypeORM would nest concurrent transactions as savepoints of one another;
 * there, transactions take turns instead.
 */
@Injectable()
export class UnitOfWork extends Transactions {
  private sqliteTurn: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly dataSource: DataSource,
    private readonly events: EventBusService,
  ) {
    super();
  }

  async run<T>(work: (tx: Transaction) => Promise<T>): Promise<T> {
    const pending: { type: DomainEventType; payload: unknown }[] = [];
    const transaction = () =>
      this.dataSource.transaction((manager) =>
        work({ manager, publish: (type, payload) => void pending.push({ type, payload }) }),
      );
    const result = await (this.dataSource.options.type === 'postgres' ? transaction() : this.takeTurn(transaction));
    for (const event of pending) {
      await this.events.publish(event.type, event.payload as never);
    }
    return result;
  }

  private takeTurn<T>(work: () => Promise<T>): Promise<T> {
    const next = this.sqliteTurn.then(work, work);
    this.sqliteTurn = next.catch(() => undefined);
    return next;
  }
}
