import { Injectable, type OnModuleInit } from '@nestjs/common';
import { UnitOfWork, type Transaction } from '../database/unit-of-work';
import { OrderStatus } from '../orders/order-status';
import { Store } from '../stores/store.entity';
import { NotificationEvent } from './notification-event';
import { Notification, NotificationAudience, NotificationStatus } from './notification.entity';

// The order statuses a customer is told about, and as what.
const STATUS_EVENTS: Partial<Record<string, NotificationEvent>> = {
  [OrderStatus.confirmed]: NotificationEvent.order_accepted,
  [OrderStatus.rejected]: NotificationEvent.order_rejected,
  [OrderStatus.preparing]: NotificationEvent.order_preparing,
  [OrderStatus.ready]: NotificationEvent.order_ready,
  [OrderStatus.out_for_delivery]: NotificationEvent.out_for_delivery,
  [OrderStatus.delivered]: NotificationEvent.order_delivered,
  [OrderStatus.picked_up]: NotificationEvent.order_picked_up,
  [OrderStatus.cancelled]: NotificationEvent.order_cancelled,
};

/** The event of a plugin's own text to a customer (the SDK's CustomerMessages): its `values.text` is the message. */
export const PLUGIN_MESSAGE = 'plugin_message';

/**
 * The transactional outbox: every order event that someone must hear about writes its notification rows in the
 * transaction that made the change, so a change is never committed without them, nor they without it. The relay
 * moves them to the queue afterwards.
 */
@Injectable()
export class NotificationOutbox implements OnModuleInit {
  constructor(private readonly unitOfWork: UnitOfWork) {}

  onModuleInit(): void {
    this.unitOfWork.writeWith('order.placed', async (tx, event) => {
      // A customer who placed it themselves was told so by the chat (or the shop) that placed it.
      if (event.placedBy !== 'customer') await this.add(tx, event.storeId, event.orderId, NotificationEvent.order_received, NotificationAudience.customer);
      const store = await tx.manager.findOneByOrFail(Store, { id: event.storeId });
      await this.add(tx, event.storeId, event.orderId, NotificationEvent.staff_new_order, NotificationAudience.staff);
      await this.add(tx, event.storeId, event.orderId, NotificationEvent.staff_order_waiting, NotificationAudience.staff, {}, new Date(Date.now() + store.unacceptedAlertMinutes * 60_000));
    });
    this.unitOfWork.writeWith('order.status_changed', async (tx, event) => {
      const notification = STATUS_EVENTS[event.to];
      if (notification) await this.add(tx, event.storeId, event.orderId, notification, NotificationAudience.customer, event.reason ? { reason: event.reason } : {});
    });
    this.unitOfWork.writeWith('payment.link_created', async (tx, event) => {
      const values = { paymentUrl: event.url };
      if (event.notifyCustomer) await this.add(tx, event.storeId, event.orderId, NotificationEvent.payment_link, NotificationAudience.customer, values);
      const store = await tx.manager.findOneByOrFail(Store, { id: event.storeId });
      const remindAt = new Date(new Date(event.expiresAt).getTime() - store.paymentReminderMinutes * 60_000);
      if (remindAt.getTime() > Date.now()) await this.add(tx, event.storeId, event.orderId, NotificationEvent.payment_reminder, NotificationAudience.customer, values, remindAt);
    });
    this.unitOfWork.writeWith('payment.succeeded', (tx, event) =>
      this.add(tx, event.storeId, event.orderId, NotificationEvent.payment_received, NotificationAudience.customer),
    );
    this.unitOfWork.writeWith('payment.failed', (tx, event) =>
      this.add(tx, event.storeId, event.orderId, NotificationEvent.payment_failed, NotificationAudience.customer),
    );
    this.unitOfWork.writeWith('order.refunded', (tx, event) =>
      this.add(tx, event.storeId, event.orderId, NotificationEvent.order_refunded, NotificationAudience.customer, { refundAmountMinor: String(event.amount) }),
    );
  }

  async add(
    tx: Transaction,
    storeId: string,
    orderId: string,
    event: NotificationEvent | typeof PLUGIN_MESSAGE,
    audience: NotificationAudience,
    values: Record<string, string> = {},
    dueAt = new Date(),
  ): Promise<void> {
    const last = (await tx.manager.maximum(Notification, 'sequence', { orderId, audience })) ?? 0;
    await tx.manager.insert(Notification, {
      storeId,
      orderId,
      event,
      audience,
      sequence: last + 1,
      values,
      dueAt,
      status: NotificationStatus.pending,
      channel: null,
      attempts: 0,
      lastError: null,
      messageId: null,
      providerMessageId: null,
      sentAt: null,
    });
  }
}
