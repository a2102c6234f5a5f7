import { Injectable, type OnModuleInit } from '@nestjs/common';
import { NotFoundError } from '@parley/plugin-sdk';
import { DataSource, In } from 'typeorm';
import { CUSTOMER_CHAT_COLUMNS, type CustomerChat, customerChatOfRow, joinCustomerChat } from '../conversations/customer-chat';
import { amongList, entityOfRow, FrequentQuery } from '../database/frequent-query';
import { Message } from '../conversations/message.entity';
import { isId } from '../database/ids';
import { valueById, valuesById } from '../database/value-by-id';
import { type Transaction, UnitOfWork } from '../database/unit-of-work';
import { Delivery } from '../delivery/delivery.entity';
import { EventBusService } from '../events/event-bus.service';
import { type Connection, type PageArgs, paginate } from '../graphql/pagination';
import { Order } from '../orders/order.entity';
import { Store } from '../stores/store.entity';
import { Notification, NotificationStatus } from './notification.entity';

/** Statuses after which nothing more is done for a notification (delivered and read only add detail to sent). */
export const SETTLED: NotificationStatus[] = [NotificationStatus.sent, NotificationStatus.delivered, NotificationStatus.read, NotificationStatus.failed, NotificationStatus.skipped];

// A message status from the provider, as the notification it was sent for reads it; only forward, as for messages.
const FOLLOWS: Record<string, { status: NotificationStatus; from: NotificationStatus[] }> = {
  delivered: { status: NotificationStatus.delivered, from: [NotificationStatus.queued, NotificationStatus.sent] },
  read: { status: NotificationStatus.read, from: [NotificationStatus.queued, NotificationStatus.sent, NotificationStatus.delivered] },
  failed: { status: NotificationStatus.failed, from: [NotificationStatus.queued, NotificationStatus.sent] },
};

/** The order, store and delivery hold what a send reads of them (DUE_COLUMNS), not every column. */
export interface DueNotification {
  notification: Notification;
  order: Order;
  store: Store;
  delivery: Delivery | null;
  /** The chat the order was placed in; null for an order placed elsewhere. */
  chat: CustomerChat | null;
  waitsForEarlier: boolean;
}

const DUE_COLUMNS = [
  ...['id', 'storeId', 'number', 'publicCode', 'status', 'statusReason', 'channel', 'customerRef', 'customerName', 'fulfilment', 'totalAmount', 'currency', 'createdAt'].map(
    (column) => `order.${column}`,
  ),
  ...['id', 'slug', 'name', 'timeZone', 'defaultLanguage', 'staffAlertWhatsApp', 'staffAlertWebhookUrl', 'staffAlertWebhookSecret'].map((column) => `store.${column}`),
  ...['id', 'orderId', 'driverName', 'trackingUrl', 'eta'].map((column) => `delivery.${column}`),
];

/** Notifications as records: their progress, what staff see of them, and retrying the failed ones. */
@Injectable()
export class NotificationService implements OnModuleInit {
  constructor(
    private readonly dataSource: DataSource,
    private readonly unitOfWork: UnitOfWork,
    private readonly events: EventBusService,
  ) {}

  onModuleInit(): void {
    // The provider's word on the message a notification was sent as: delivered, read, or failed after all (e.g.
    // WhatsApp's 131047, outside the 24-hour window), which is final rather than retried.
    this.events.subscribe('conversation.message', async ({ payload }) => {
      const follow = FOLLOWS[payload.status];
      if (!follow) return;
      const error = payload.status === 'failed' ? (await this.dataSource.getRepository(Message).findOneBy({ id: payload.messageId }))?.error : null;
      await this.unitOfWork.run((tx) =>
        tx.manager.update(Notification, { messageId: payload.messageId, status: In(follow.from) }, { status: follow.status, ...(error ? { lastError: error } : {}) }),
      );
    });
  }

  // Every notification's every attempt starts here: TypeORM writes its SQL once, PostgreSQL plans it once per connection.
  private readonly dueQuery = new FrequentQuery(() => {
    const query = joinCustomerChat(
      this.dataSource
        .getRepository(Notification)
        .createQueryBuilder('notification')
        .innerJoin(Order, 'order', 'order.id = notification.orderId')
        .innerJoin(Store, 'store', 'store.id = notification.storeId')
        .leftJoin(Delivery, 'delivery', 'delivery.orderId = notification.orderId'),
      'order',
    )
      // What a send reads of them: stores and conversations hold large settings (hours, FAQ, the assistant's state).
      .select(['notification', ...DUE_COLUMNS, ...CUSTOMER_CHAT_COLUMNS])
      .where(amongList(this.dataSource, 'notification.id', 'ids'))
      .andWhere('notification.status NOT IN (:...settled)');
    const earlier = query
      .subQuery()
      .select('1')
      .from(Notification, 'earlier')
      .where('earlier.orderId = notification.orderId AND earlier.audience = notification.audience AND earlier.sequence < notification.sequence')
      .andWhere('earlier.status NOT IN (:...settled)')
      // One due later (a reminder) does not hold back what is due now.
      .andWhere('earlier.dueAt < :now')
      .getQuery();
    return query.addSelect(`EXISTS ${earlier}`, 'waits_for_earlier');
  }, { prepared: true });

  /**
   * The notifications of `ids` still to do, with their order, the order's store, delivery and chat, and whether an earlier
   * notification of the same order and audience must go first; null for one that is settled or unknown. One query for
   * them all.
   */
  async due(ids: string[]): Promise<(DueNotification | null)[]> {
    const known = ids.filter(isId);
    if (known.length === 0) return ids.map(() => null);
    const rows = await this.dueQuery.rows(this.dataSource.manager, { ids: known, settled: SETTLED, now: new Date() });
    const found = new Map(
      rows.map((row) => {
        const notification = entityOfRow(this.dataSource, Notification, 'notification', row)!;
        const due: DueNotification = {
          notification,
          order: entityOfRow(this.dataSource, Order, 'order', row)!,
          store: entityOfRow(this.dataSource, Store, 'store', row)!,
          delivery: entityOfRow(this.dataSource, Delivery, 'delivery', row),
          chat: customerChatOfRow(this.dataSource, row),
          waitsForEarlier: Boolean(Number(row.waits_for_earlier)),
        };
        return [notification.id, due];
      }),
    );
    return ids.map((id) => found.get(id) ?? null);
  }

  // The batched writes of every send: SQL written once per batch size.
  private readonly sendingAsUpdate = new FrequentQuery((size: number) =>
    this.dataSource
      .createQueryBuilder()
      .update(Notification)
      .set({
        messageId: () => valueById(this.dataSource, Notification, 'messageId', size),
        channel: () => valueById(this.dataSource, Notification, 'channel', size),
        sendingAt: () => ':sendingAt',
        updatedAt: () => ':updatedAt',
      })
      .where('id IN (:...ids)'),
  );
  private readonly sentUpdate = new FrequentQuery((size: number) =>
    this.dataSource
      .createQueryBuilder()
      .update(Notification)
      .set({
        status: () => ':status',
        sentAt: () => ':sentAt',
        sendingAt: () => 'NULL',
        lastError: () => 'NULL',
        providerMessageId: () => valueById(this.dataSource, Notification, 'providerMessageId', size),
        attempts: () => '"attempts" + 1',
        updatedAt: () => ':updatedAt',
      })
      .where('id IN (:...ids)'),
  );

  /**
   * The messages they go as, written in the transaction that writes the messages, and their sends marked in flight:
   * one statement for them all.
   */
  async sendingAs(tx: Transaction, sends: { notification: Notification; messageId: string; channel: string }[]): Promise<void> {
    const sendingAt = new Date();
    for (const { notification, messageId, channel } of sends) Object.assign(notification, { messageId, channel, sendingAt });
    const parameters = {
      ...valuesById('messageId', sends.map(({ notification, messageId }) => [notification.id, messageId])),
      ...valuesById('channel', sends.map(({ notification, channel }) => [notification.id, channel])),
      sendingAt,
      updatedAt: sendingAt,
      ids: sends.map(({ notification }) => notification.id),
    };
    await this.sendingAsUpdate.run(tx.manager, parameters, sends.length);
  }

  /**
   * Marks sends as in flight just before they leave (a run that dies after this does not send again at once), or, with
   * null, as not in flight after all.
   */
  async sending(notifications: Notification[], sendingAt: Date | null = new Date()): Promise<void> {
    for (const notification of notifications) notification.sendingAt = sendingAt;
    await this.unitOfWork.statement((manager) => manager.update(Notification, { id: In(notifications.map((notification) => notification.id)) }, { sendingAt }));
  }

  /** Sent, with what the provider calls each message: one statement for them all. */
  async sent(sends: { notification: Notification; providerMessageId: string | null }[]): Promise<void> {
    const sentAt = new Date();
    for (const { notification, providerMessageId } of sends) {
      Object.assign(notification, { status: NotificationStatus.sent, sentAt, sendingAt: null, lastError: null, providerMessageId, attempts: notification.attempts + 1 });
    }
    const parameters = {
      ...valuesById('providerMessageId', sends.map(({ notification, providerMessageId }) => [notification.id, providerMessageId])),
      status: NotificationStatus.sent,
      sentAt,
      updatedAt: sentAt,
      ids: sends.map(({ notification }) => notification.id),
    };
    await this.unitOfWork.statement((manager) => this.sentUpdate.run(manager, parameters, sends.length));
  }

  skip(notification: Notification, reason: string): Promise<void> {
    return this.change(notification, { status: NotificationStatus.skipped, lastError: reason });
  }

  fail(notification: Notification, reason: string): Promise<void> {
    return this.change(notification, { status: NotificationStatus.failed, lastError: reason.slice(0, 500), sendingAt: null, attempts: notification.attempts + 1 });
  }

  /** The provider refused for now: the message was not taken, so the next run sends it without waiting. */
  retrying(notification: Notification, reason: string): Promise<void> {
    return this.change(notification, { lastError: reason.slice(0, 500), sendingAt: null, attempts: notification.attempts + 1 });
  }

  private async change(notification: Notification, values: Partial<Notification>): Promise<void> {
    Object.assign(notification, values);
    await this.unitOfWork.statement((manager) => manager.update(Notification, { id: notification.id }, values));
  }

  // ---- staff

  forOrders(orderIds: string[]): Promise<Notification[]> {
    if (orderIds.length === 0) return Promise.resolve([]);
    return this.dataSource.getRepository(Notification).find({ where: { orderId: In(orderIds) }, order: { sequence: 'ASC', createdAt: 'ASC' } });
  }

  failed(storeId: string, page: PageArgs): Promise<Connection<Notification>> {
    const query = this.dataSource
      .getRepository(Notification)
      .createQueryBuilder('notification')
      .where('notification.storeId = :storeId AND notification.status = :status', { storeId, status: NotificationStatus.failed });
    return paginate(query, page);
  }

  /** Sends failed notifications again (one, or every failed one of the store): back to the outbox, attempts anew. */
  async retry(storeId: string, id: string | null): Promise<number> {
    if (id !== null && !isId(id)) throw new NotFoundError('Notification', id);
    const result = await this.unitOfWork.run((tx) =>
      tx.manager.update(
        Notification,
        { storeId, status: NotificationStatus.failed, ...(id ? { id } : {}) },
        { status: NotificationStatus.pending, attempts: 0, messageId: null, sendingAt: null, dueAt: new Date(), round: () => '"round" + 1' },
      ),
    );
    if (id && !result.affected) throw new NotFoundError('Failed notification', id);
    return result.affected ?? 0;
  }
}
