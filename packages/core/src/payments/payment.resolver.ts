import { Args, ID, Int, Mutation, Parent, ResolveField, Resolver } from '@nestjs/graphql';
import { type AuthContext, CurrentAuth } from '@parley/plugin-sdk';
import { Money } from '../graphql/money.type';
import { Order } from '../orders/order.entity';
import { actorOf } from '../orders/order.resolver';
import { Payment } from './payment.entity';
import { PaymentService } from './payment.service';
import { Refund } from './refund.entity';

@Resolver(() => Payment)
export class PaymentResolver {
  constructor(private readonly payments: PaymentService) {}

  @Mutation(() => Payment, { description: "The order's payment link: the open one, or a new one (e.g. after the last expired)." })
  createPaymentLink(@CurrentAuth() auth: AuthContext, @Args('orderId', { type: () => ID }) orderId: string): Promise<Payment> {
    return this.payments.createLink(auth.storeId, orderId, actorOf(auth));
  }

  @Mutation(() => Order, { description: 'Refunds all or part of an order through its payment provider (or records a cash refund).' })
  refundOrder(
    @CurrentAuth() auth: AuthContext,
    @Args('orderId', { type: () => ID }) orderId: string,
    @Args('amount', { type: () => Int, description: 'Minor units.' }) amount: number,
    @Args('reason', { type: () => String, nullable: true }) reason?: string | null,
  ): Promise<Order> {
    return this.payments.refund(auth.storeId, orderId, amount, reason?.trim() || null, actorOf(auth));
  }

  @ResolveField(() => Money)
  amount(@Parent() payment: Payment): Money {
    return { amount: payment.amount, currency: payment.currency };
  }
}

@Resolver(() => Order)
export class OrderPaymentsResolver {
  constructor(private readonly payments: PaymentService) {}

  @ResolveField(() => [Payment], { description: 'Payment links sent for this order, oldest first.' })
  paymentLinks(@Parent() order: Order): Promise<Payment[]> {
    return this.payments.linksOf(order.id);
  }

  @ResolveField(() => [Refund])
  refunds(@Parent() order: Order): Promise<Refund[]> {
    return this.payments.refundsOf(order.id);
  }
}
