import { registerEnumType } from '@nestjs/graphql';
import { DomainError } from '@parley/plugin-sdk';

export enum OrderStatus {
  placed = 'placed',
  awaiting_payment = 'awaiting_payment',
  confirmed = 'confirmed',
  preparing = 'preparing',
  ready = 'ready',
  out_for_delivery = 'out_for_delivery',
  delivered = 'delivered',
  picked_up = 'picked_up',
  cancelled = 'cancelled',
  rejected = 'rejected',
  refunded = 'refunded',
}
registerEnumType(OrderStatus, {
  name: 'OrderStatus',
  description: 'placed -> awaiting_payment -> confirmed (accepted) -> preparing -> ready -> out_for_delivery -> delivered | picked_up; or cancelled, rejected, refunded.',
});

/** Every legal move of an order. Anything else is an IllegalTransitionError naming both states. */
export const TRANSITIONS: Record<OrderStatus, OrderStatus[]> = {
  [OrderStatus.placed]: [OrderStatus.awaiting_payment, OrderStatus.confirmed, OrderStatus.cancelled, OrderStatus.rejected],
  [OrderStatus.awaiting_payment]: [OrderStatus.confirmed, OrderStatus.cancelled, OrderStatus.rejected],
  [OrderStatus.confirmed]: [OrderStatus.preparing, OrderStatus.cancelled],
  [OrderStatus.preparing]: [OrderStatus.ready, OrderStatus.cancelled],
  [OrderStatus.ready]: [OrderStatus.out_for_delivery, OrderStatus.picked_up, OrderStatus.cancelled],
  [OrderStatus.out_for_delivery]: [OrderStatus.delivered],
  [OrderStatus.delivered]: [OrderStatus.refunded],
  [OrderStatus.picked_up]: [OrderStatus.refunded],
  [OrderStatus.cancelled]: [OrderStatus.refunded],
  [OrderStatus.rejected]: [OrderStatus.refunded],
  [OrderStatus.refunded]: [],
};

/** States in which the order no longer holds stock. */
export const RELEASES_STOCK = new Set([OrderStatus.cancelled, OrderStatus.rejected]);

export class IllegalTransitionError extends DomainError {
  constructor(from: OrderStatus, to: OrderStatus, why?: string) {
    super('ILLEGAL_TRANSITION', `An order can't go from ${from} to ${to}${why ? `: ${why}` : ''}`, { from, to });
  }
}

export class OrderConflictError extends DomainError {
  constructor(expected: number, actual: number) {
    super('ORDER_CONFLICT', `The order changed meanwhile (version ${actual}, not ${expected}): reload it and try again`, {
      expectedVersion: expected,
      actualVersion: actual,
    });
  }
}
