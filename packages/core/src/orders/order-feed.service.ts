import { Injectable, type OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { ClusterEventsService } from '../events/cluster-events.service';
import { EventBusService } from '../events/event-bus.service';
import { publishToSubscribers } from '../graphql/subscriptions';

export const orderTopic = (storeId: string) => `orders.${storeId}`;

/**
 * Feeds the `orderChanged` subscription (kitchen screens, staff apps): every placed order and status change of a
 * store, published after commit. Changes are broadcast to every API process, so a screen connected to any of them
 * sees orders taken through any other.
 */
@Injectable()
export class OrderFeedService implements OnModuleInit {
  constructor(
    private readonly events: EventBusService,
    private readonly cluster: ClusterEventsService,
    private readonly adapterHost: HttpAdapterHost,
  ) {}

  onModuleInit(): void {
    this.events.subscribe('order.placed', ({ payload }) => this.cluster.broadcast('order.placed', payload));
    this.events.subscribe('order.status_changed', ({ payload }) => this.cluster.broadcast('order.status_changed', payload));
    this.cluster.on('order.placed', (payload) =>
      this.publish(payload.storeId, { orderId: payload.orderId, number: payload.number, status: 'placed', previousStatus: null }),
    );
    this.cluster.on('order.status_changed', (payload) =>
      this.publish(payload.storeId, { orderId: payload.orderId, number: payload.number, status: payload.to, previousStatus: payload.from }),
    );
  }

  private publish(storeId: string, change: { orderId: string; number: number; status: string; previousStatus: string | null }): void {
    publishToSubscribers(this.adapterHost, orderTopic(storeId), { orderChanged: { ...change, at: new Date() } });
  }
}
