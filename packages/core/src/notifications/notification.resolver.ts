import { Args, Context, ID, Int, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { type AuthContext, CurrentAuth, perRequest } from '@parley/plugin-sdk';
import DataLoader from 'dataloader';
import { groupByIds } from '../database/group-by';
import { type Connection, ConnectionOf, PageArgs } from '../graphql/pagination';
import { Order } from '../orders/order.entity';
import { Notification } from './notification.entity';
import { NotificationService } from './notification.service';

const NotificationConnection = ConnectionOf(Notification);

/** What customers and staff were told about orders, and sending again what failed. */
@Resolver(() => Notification)
export class NotificationResolver {
  constructor(private readonly notifications: NotificationService) {}

  @Query(() => NotificationConnection, { description: "The store's failed notifications, newest first, with why they failed." })
  failedNotifications(@CurrentAuth() auth: AuthContext, @Args() page: PageArgs): Promise<Connection<Notification>> {
    return this.notifications.failed(auth.storeId, page);
  }

  @Mutation(() => Int, { description: 'Sends a failed notification again; returns 1.' })
  retryNotification(@CurrentAuth() auth: AuthContext, @Args('id', { type: () => ID }) id: string): Promise<number> {
    return this.notifications.retry(auth.storeId, id);
  }

  @Mutation(() => Int, { description: "Sends every failed notification of the store again; returns how many." })
  retryFailedNotifications(@CurrentAuth() auth: AuthContext): Promise<number> {
    return this.notifications.retry(auth.storeId, null);
  }
}

@Resolver(() => Order)
export class OrderNotificationsResolver {
  constructor(private readonly notificationService: NotificationService) {}

  @ResolveField(() => [Notification], { description: 'Every notification about the order, in the order they are sent.' })
  notifications(@Parent() order: Order, @Context('req') request: object): Promise<Notification[]> {
    return perRequest(request, OrderNotificationsResolver, () =>
      new DataLoader<string, Notification[]>(async (ids) => groupByIds(ids, await this.notificationService.forOrders([...ids]), (notification) => notification.orderId!)),
    ).load(order.id);
  }
}
