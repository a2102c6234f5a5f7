import DataLoader from 'dataloader';
import { groupByIds } from '../database/group-by';
import { perRequest } from '@parley/plugin-sdk';
import type { OrderEvent } from './order-event.entity';
import type { OrderLine } from './order-line.entity';
import type { OrderService } from './order.service';

/** Batches what a list of orders loads per order: a page of 50 orders with lines and timelines is three queries. */
export class OrderLoaders {
  constructor(private readonly orders: OrderService) {}

  readonly lines = new DataLoader<string, OrderLine[]>(async (ids) =>
    groupByIds(ids, await this.orders.lines([...ids]), (line) => line.orderId),
  );

  readonly timeline = new DataLoader<string, OrderEvent[]>(async (ids) =>
    groupByIds(ids, await this.orders.timeline([...ids]), (event) => event.orderId),
  );
}

export function orderLoaders(request: object, orders: OrderService): OrderLoaders {
  return perRequest(request, OrderLoaders, () => new OrderLoaders(orders));
}
