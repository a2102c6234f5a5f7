import { registerEnumType } from '@nestjs/graphql';
import type { Placeholder } from './notification-templates';

/** What a customer is told about their order, on the channel they ordered from, and what staff are told. */
export enum NotificationEvent {
  order_received = 'order_received',
  order_accepted = 'order_accepted',
  order_rejected = 'order_rejected',
  payment_link = 'payment_link',
  payment_reminder = 'payment_reminder',
  payment_received = 'payment_received',
  payment_failed = 'payment_failed',
  order_preparing = 'order_preparing',
  order_ready = 'order_ready',
  out_for_delivery = 'out_for_delivery',
  order_delivered = 'order_delivered',
  order_picked_up = 'order_picked_up',
  order_cancelled = 'order_cancelled',
  order_refunded = 'order_refunded',
  staff_new_order = 'staff_new_order',
  staff_order_waiting = 'staff_order_waiting',
}
registerEnumType(NotificationEvent, {
  name: 'NotificationEvent',
  description:
    "A message about an order: to the customer (order_*, payment_*, out_for_delivery), or to the store's staff (staff_*). " +
    "payment_reminder goes a store-set time before the payment link expires; staff_order_waiting when an order waits unaccepted longer than the store's set time.",
});

const ORDER: readonly Placeholder[] = ['orderNumber', 'items', 'total', 'storeName', 'customerName', 'trackingUrl'];
const STAFF: readonly Placeholder[] = ['orderNumber', 'items', 'total', 'storeName', 'customerName'];

/**
 * The placeholders each event's template may use: the values whoever sends it must supply. {trackingUrl} is where the
 * customer follows the order (the courier's live tracking once it is out for delivery); {eta} a time of day such as 19:45.
 */
export const EVENT_PLACEHOLDERS: Record<NotificationEvent, readonly Placeholder[]> = {
  [NotificationEvent.order_received]: ORDER,
  [NotificationEvent.order_accepted]: [...ORDER, 'eta'],
  [NotificationEvent.order_rejected]: [...ORDER, 'reason'],
  [NotificationEvent.payment_link]: [...ORDER, 'paymentUrl'],
  [NotificationEvent.payment_reminder]: [...ORDER, 'paymentUrl'],
  [NotificationEvent.payment_received]: ORDER,
  [NotificationEvent.payment_failed]: [...ORDER, 'paymentUrl'],
  [NotificationEvent.order_preparing]: [...ORDER, 'eta'],
  [NotificationEvent.order_ready]: ORDER,
  [NotificationEvent.out_for_delivery]: [...ORDER, 'eta', 'driverName'],
  [NotificationEvent.order_delivered]: ORDER,
  [NotificationEvent.order_picked_up]: ORDER,
  [NotificationEvent.order_cancelled]: [...ORDER, 'reason'],
  [NotificationEvent.order_refunded]: [...ORDER, 'refundAmount'],
  [NotificationEvent.staff_new_order]: STAFF,
  [NotificationEvent.staff_order_waiting]: [...STAFF, 'minutesWaiting'],
};
