import { Inject, Injectable } from '@nestjs/common';
import type { AssistantLanguage } from '@parley/plugin-sdk';
import type { AppConfig } from '../config/config.schema';
import { APP_CONFIG } from '../config/config.module';
import { formatMoney, formatTime } from '../conversations/assistant/assistant-texts';
import { Batcher } from '../database/batcher';
import { groupByIds } from '../database/group-by';
import type { OrderLine } from '../orders/order-line.entity';
import { ActorType } from '../orders/order-event.entity';
import { OrderService } from '../orders/order.service';
import { OrderStatus } from '../orders/order-status';
import { PaymentService } from '../payments/payment.service';
import { NotificationEvent } from './notification-event';
import type { DueNotification } from './notification.service';

/** What a notification's placeholders stand for, as the order is when it is sent, in the reader's language. */
@Injectable()
export class NotificationValues {
  // The queue's concurrent sends that list the items read their orders' lines together.
  private readonly linesOf = new Batcher<string, OrderLine[]>(async (orderIds) => groupByIds(orderIds, await this.orders.lines(orderIds), (line) => line.orderId));

  constructor(
    private readonly orders: OrderService,
    private readonly payments: PaymentService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** The values of the placeholders `body` uses (the order's lines are read only for `{items}`). */
  async compute({ notification, order, store, delivery }: DueNotification, language: AssistantLanguage, body: string): Promise<Record<string, string>> {
    const lines = body.includes('{items}') ? await this.linesOf.load(order.id) : [];
    const eta = delivery?.eta ?? (order.fulfilment.type === 'pickup' && order.fulfilment.pickupAt ? new Date(order.fulfilment.pickupAt) : null);
    const values: Record<string, string> = {
      orderNumber: String(order.number),
      items: lines.map((line) => `${line.quantity} × ${[line.productName, line.variantLabel].filter(Boolean).join(' ')}`).join(', '),
      total: formatMoney(order.totalAmount, order.currency, language),
      trackingUrl: delivery?.trackingUrl ?? `${this.config.publicUrl}/t/${order.publicCode}`,
      storeName: store.name,
      customerName: order.customerName?.split(/\s+/)[0] ?? '',
      eta: eta ? formatTime(eta, store.timeZone, language) : '',
      driverName: delivery?.driverName?.split(/\s+/)[0] ?? '',
      reason: order.statusReason ?? '',
      minutesWaiting: String(Math.round((Date.now() - order.createdAt.getTime()) / 60_000)),
    };
    if (notification.values.refundAmountMinor) values.refundAmount = formatMoney(Number(notification.values.refundAmountMinor), order.currency, language);
    // A failed payment comes with a way to try again: the open link, or a new one.
    if (notification.event === NotificationEvent.payment_failed && order.status === OrderStatus.awaiting_payment) {
      values.paymentUrl = (await this.payments.createLink(store.id, order.id, { type: ActorType.system, id: null }, { customerToldElsewhere: true })).url;
    }
    return values;
  }
}
