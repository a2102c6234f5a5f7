import { Args, Field, Float, ID, InputType, Mutation, Parent, ResolveField, Resolver } from '@nestjs/graphql';
import { type AuthContext, CurrentAuth } from '@parley/plugin-sdk';
import { Order } from '../orders/order.entity';
import { Delivery } from './delivery.entity';
import { DeliveryEvent } from './delivery-event.entity';
import { DeliveryService } from './delivery.service';

@InputType()
class DeliveryUpdateInput {
  @Field(() => String, { nullable: true })
  courier?: string | null;

  @Field(() => String, { nullable: true })
  driverName?: string | null;

  @Field(() => String, { nullable: true })
  driverPhone?: string | null;

  @Field(() => String, { nullable: true })
  trackingNumber?: string | null;

  @Field(() => String, { nullable: true })
  trackingUrl?: string | null;

  @Field(() => Date, { nullable: true })
  eta?: Date | null;

  @Field(() => String, { nullable: true, description: 'Adds a step to the timeline, e.g. picked_up.' })
  status?: string | null;

  @Field(() => String, { nullable: true })
  note?: string | null;

  @Field(() => Float, { nullable: true })
  latitude?: number | null;

  @Field(() => Float, { nullable: true })
  longitude?: number | null;
}

@Resolver(() => Delivery)
export class DeliveryResolver {
  constructor(private readonly deliveries: DeliveryService) {}

  @Mutation(() => Delivery, { description: 'Driver, tracking, ETA and progress of a delivery order.' })
  updateDelivery(
    @CurrentAuth() auth: AuthContext,
    @Args('orderId', { type: () => ID }) orderId: string,
    @Args('input') input: DeliveryUpdateInput,
  ): Promise<Delivery> {
    return this.deliveries.update(auth.storeId, orderId, input);
  }

  @ResolveField(() => [DeliveryEvent])
  events(@Parent() delivery: Delivery): Promise<DeliveryEvent[]> {
    return this.deliveries.events(delivery.id);
  }
}

@Resolver(() => Order)
export class OrderDeliveryResolver {
  constructor(private readonly deliveries: DeliveryService) {}

  @ResolveField(() => Delivery, { nullable: true })
  delivery(@Parent() order: Order): Promise<Delivery | null> {
    return this.deliveries.forOrder(order.id);
  }
}
