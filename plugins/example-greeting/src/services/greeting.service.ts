import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { EventBus, PLUGIN_OPTIONS, Transactions } from '@parley/plugin-sdk';
import { DataSource } from 'typeorm';
import { Welcome } from '../entities/welcome.entity';
import type { GreetingOptions } from '../greeting-options';

@Injectable()
export class GreetingService implements OnModuleInit {
  constructor(
    @Inject(PLUGIN_OPTIONS) private readonly options: GreetingOptions,
    private readonly events: EventBus,
    private readonly transactions: Transactions,
    private readonly dataSource: DataSource,
  ) {}

  onModuleInit(): void {
    this.events.subscribe('store.created', async ({ payload }) => {
      await this.transactions.run((tx) =>
        tx.manager.upsert(Welcome, { storeId: payload.storeId, storeName: payload.name }, ['storeId']),
      );
    });
  }

  /** "Welcome to Mario's!" for a store this plugin welcomed, the bare greeting for one created before it was installed. */
  async greetingFor(storeId: string): Promise<string> {
    const welcome = await this.dataSource.getRepository(Welcome).findOneBy({ storeId });
    const text = welcome ? `${this.options.greeting}, ${welcome.storeName}!` : `${this.options.greeting}!`;
    return this.options.signature ? `${text} ${this.options.signature}` : text;
  }
}
