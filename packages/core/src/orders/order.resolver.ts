import { Args, Context, Field, ID, Int, Mutation, ObjectType, Parent, Query, ResolveField, Resolver, Subscription } from '@nestjs/graphql';
import { type AuthContext, CurrentAuth } from '@parley/plugin-sdk';
import type { PubSub } from 'mercurius';
import { ConnectionOf, PageArgs, type Connection } from '../graphql/pagination';
import { Money } from '../graphql/money.type';
import { Order } from './order.entity';
import { type Actor, ActorType, OrderEvent } from './order-event.entity';
import { OrderLine } from './order-line.entity';
import { orderLoaders } from './order.loaders';
import { orderTopic } from './order-feed.service';
import { OrderService } from './order.service';
import { OrderStatus } from './order-status';
import { Fulfilment, LineModifier } from './order.types';

const OrderConnection = ConnectionOf(Order);

@ObjectType()
class OrderTotals {
  @Field(() => Money)
  subtotal: Money;

  @Field(() => Money)
  deliveryFee: Money;

  @Field(() => Money)
  tax: Money;

  @Field(() => Money)
  tip: Money;

  @Field(() => Money)
  total: Money;

  @Field(() => Money)
  refunded: Money;
}

@ObjectType()
class OrderChange {
  @Field(() => ID)
  orderId: string;

  @Field(() => Int)
  number: number;

  @Field(() => OrderStatus)
  status: OrderStatus;

  @Field(() => OrderStatus, { nullable: true, description: 'Null for a new order.' })
  previousStatus: OrderStatus | null;

  @Field()
  at: Date;
}

/** Who is acting, for the timeline: people with owner or staff keys are staff; integration keys act as the system. */
export function actorOf(auth: AuthContext): Actor {
  return { type: auth.role === 'integration' ? ActorType.system : ActorType.staff, id: auth.apiKeyId };
}

@Resolver(() => Order)
export class OrderResolver {
  constructor(private readonly orderService: OrderService) {}

  @Query(() => OrderConnection, { description: 'Newest first.' })
  orders(
    @CurrentAuth() auth: AuthContext,
    @Args() page: PageArgs,
    @Args('status', { type: () => OrderStatus, nullable: true }) status?: OrderStatus | null,
    @Args('channel', { type: () => String, nullable: true }) channel?: string | null,
    @Args('customerRef', { type: () => String, nullable: true }) customerRef?: string | null,
    @Args('placedAfter', { type: () => Date, nullable: true }) placedAfter?: Date | null,
    @Args('placedBefore', { type: () => Date, nullable: true }) placedBefore?: Date | null,
  ): Promise<Connection<Order>> {
    return this.orderService.list(auth.storeId, { status, channel, customerRef, placedAfter, placedBefore }, page);
  }

  @Query(() => Order)
  order(@CurrentAuth() auth: AuthContext, @Args('id', { type: () => ID }) id: string): Promise<Order> {
    return this.orderService.get(auth.storeId, id);
  }

  @Mutation(() => Order, { description: 'cash (delivery), pay_at_pickup (pickup), or a payment plugin code.' })
  placeOrder(
    @CurrentAuth() auth: AuthContext,
    @Args('cartId', { type: () => ID }) cartId: string,
    @Args('paymentMethod') paymentMethod: string,
  ): Promise<Order> {
    return this.orderService.place(auth.storeId, cartId, paymentMethod, actorOf(auth));
  }

  @Mutation(() => Order, { description: 'Moves an order on. Pass the version you saw as expectedVersion to get ORDER_CONFLICT rather than overwrite a colleague.' })
  changeOrderStatus(
    @CurrentAuth() auth: AuthContext,
    @Args('id', { type: () => ID }) id: string,
    @Args('status', { type: () => OrderStatus }) status: OrderStatus,
    @Args('expectedVersion', { type: () => Int, nullable: true }) expectedVersion?: number | null,
    @Args('reason', { type: () => String, nullable: true, description: 'Required to cancel or reject.' }) reason?: string | null,
  ): Promise<Order> {
    return this.orderService.transition(auth.storeId, id, status, actorOf(auth), { expectedVersion, reason });
  }

  @Subscription(() => OrderChange, {
    description: "Every new order and status change of the key's store, as it commits: for kitchen screens.",
    resolve: (payload: { orderChanged: OrderChange }) => payload.orderChanged,
  })
  orderChanged(@CurrentAuth() auth: AuthContext, @Context('pubsub') pubsub: PubSub) {
    return pubsub.subscribe(orderTopic(auth.storeId));
  }

  @ResolveField(() => [OrderLine])
  lines(@Parent() order: Order, @Context('req') request: object): Promise<OrderLine[]> {
    return orderLoaders(request, this.orderService).lines.load(order.id);
  }

  @ResolveField(() => [OrderEvent], { description: 'Every change, oldest first, with who made it.' })
  timeline(@Parent() order: Order, @Context('req') request: object): Promise<OrderEvent[]> {
    return orderLoaders(request, this.orderService).timeline.load(order.id);
  }

  @ResolveField(() => OrderTotals)
  totals(@Parent() order: Order): OrderTotals {
    const money = (amount: number) => ({ amount, currency: order.currency });
    return {
      subtotal: money(order.subtotalAmount),
      deliveryFee: money(order.deliveryFeeAmount),
      tax: money(order.taxAmount),
      tip: money(order.tipAmount),
      total: money(order.totalAmount),
      refunded: money(order.refundedAmount),
    };
  }

  @ResolveField(() => Fulfilment)
  fulfilment(@Parent() order: Order): Fulfilment {
    const f = order.fulfilment;
    return f.type === 'delivery' ? { type: 'delivery', address: f.address, postcode: f.postcode } : { type: 'pickup', pickupAt: f.pickupAt };
  }
}

@Resolver(() => OrderLine)
export class OrderLineResolver {
  @ResolveField(() => [LineModifier])
  modifiers(@Parent() line: OrderLine): LineModifier[] {
    return line.modifiers.map((modifier) => ({
      id: modifier.id,
      name: modifier.name,
      priceDelta: { amount: modifier.priceDeltaAmount, currency: line.currency },
    }));
  }

  @ResolveField(() => Money, { description: 'Per unit, modifiers included, as paid.' })
  unitPrice(@Parent() line: OrderLine): Money {
    return { amount: line.unitAmount, currency: line.currency };
  }

  @ResolveField(() => Money)
  lineTotal(@Parent() line: OrderLine): Money {
    return { amount: line.lineAmount, currency: line.currency };
  }
}
