import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { CustomerMessages, type DomainEvents, EventBus, PLUGIN_OPTIONS, Transactions } from '@parley/plugin-sdk';
import { DataSource, In } from 'typeorm';
import { LoyaltyCard } from '../entities/loyalty-card.entity';
import { LoyaltyStamp } from '../entities/loyalty-stamp.entity';
import type { LoyaltyOptions } from '../loyalty-options';

export interface LoyaltyCardView {
  stamps: number;
  rewards: number;
}

@Injectable()
export class LoyaltyService implements OnModuleInit {
  constructor(
    @Inject(PLUGIN_OPTIONS) private readonly options: LoyaltyOptions,
    private readonly events: EventBus,
    private readonly transactions: Transactions,
    private readonly messages: CustomerMessages,
    private readonly dataSource: DataSource,
  ) {}

  onModuleInit(): void {
    this.events.subscribe('payment.succeeded', ({ payload }) => this.stamp(payload));
  }

  /** A stamp for a paid order, once however often its payment is reported; a reward message at every full card. */
  async stamp({ storeId, orderId }: DomainEvents['payment.succeeded']): Promise<void> {
    // An order placed outside a chat (by staff for a walk-in) has no customer to stamp for.
    const customer = await this.messages.customerOf(storeId, orderId);
    if (!customer) return;
    const { contactId } = customer;
    await this.transactions.run(async (tx) => {
      if (await tx.manager.existsBy(LoyaltyStamp, { orderId })) return;
      await tx.manager.insert(LoyaltyStamp, { orderId, storeId, contactId });
      await tx.manager.createQueryBuilder().insert().into(LoyaltyCard).values({ contactId, storeId, stamps: 0, rewards: 0 }).orIgnore().execute();
      await tx.manager.increment(LoyaltyCard, { contactId }, 'stamps', 1);
      const card = await tx.manager.findOneByOrFail(LoyaltyCard, { contactId });
      if (card.stamps % this.options.stampsPerReward !== 0) return;
      await tx.manager.increment(LoyaltyCard, { contactId }, 'rewards', 1);
      await this.messages.send(tx, { storeId, orderId, text: this.options.rewardMessage });
    });
  }

  /** For each contact, in order: stamps on the current card (0 to stampsPerReward - 1) and rewards earned so far. */
  async cardsOf(contactIds: readonly string[]): Promise<LoyaltyCardView[]> {
    const cards = contactIds.length ? await this.dataSource.getRepository(LoyaltyCard).findBy({ contactId: In([...contactIds]) }) : [];
    return contactIds.map((contactId) => {
      const card = cards.find((candidate) => candidate.contactId === contactId);
      return { stamps: (card?.stamps ?? 0) % this.options.stampsPerReward, rewards: card?.rewards ?? 0 };
    });
  }
}
