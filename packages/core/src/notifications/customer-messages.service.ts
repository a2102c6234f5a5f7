import { Injectable } from '@nestjs/common';
import { BadUserInputError, type CustomerMessage, CustomerMessages, type TransactionContext } from '@parley/plugin-sdk';
import { ConversationService } from '../conversations/conversation.service';
import { OrderService } from '../orders/order.service';
import { NotificationAudience } from './notification.entity';
import { NotificationOutbox, PLUGIN_MESSAGE } from './notification-outbox';

const MAX_TEXT_LENGTH = 4096;

/** The SDK's CustomerMessages: plugins' texts join the order's customer notifications in the outbox. */
@Injectable()
export class CustomerMessagesService extends CustomerMessages {
  constructor(
    private readonly orders: OrderService,
    private readonly conversations: ConversationService,
    private readonly outbox: NotificationOutbox,
  ) {
    super();
  }

  async customerOf(storeId: string, orderId: string): Promise<{ contactId: string } | null> {
    // Throws NotFoundError for an order the store does not have.
    await this.orders.get(storeId, orderId);
    const chat = await this.conversations.chatOfOrder(storeId, orderId);
    return chat ? { contactId: chat.contact.id } : null;
  }

  async send(tx: TransactionContext, message: CustomerMessage): Promise<void> {
    const text = message.text.trim();
    if (!text || text.length > MAX_TEXT_LENGTH) throw new BadUserInputError(`A customer message needs 1 to ${MAX_TEXT_LENGTH} characters`);
    await this.outbox.add(tx, message.storeId, message.orderId, PLUGIN_MESSAGE, NotificationAudience.customer, { text });
  }
}
