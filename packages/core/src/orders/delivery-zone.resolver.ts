import { Args, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { type AuthContext, CurrentAuth, Roles } from '@parley/plugin-sdk';
import { Money } from '../graphql/money.type';
import { StoreService } from '../stores/store.service';
import { DeliveryZone } from './delivery-zone.entity';
import { DeliveryZoneService } from './delivery-zone.service';
import { DeliveryZoneInput } from './order.types';

@Resolver(() => DeliveryZone)
export class DeliveryZoneResolver {
  constructor(
    private readonly zones: DeliveryZoneService,
    private readonly stores: StoreService,
  ) {}

  @Query(() => [DeliveryZone])
  deliveryZones(@CurrentAuth() auth: AuthContext): Promise<DeliveryZone[]> {
    return this.zones.list(auth.storeId);
  }

  @Roles('owner')
  @Mutation(() => DeliveryZone)
  createDeliveryZone(@CurrentAuth() auth: AuthContext, @Args('input') input: DeliveryZoneInput): Promise<DeliveryZone> {
    return this.zones.create(auth.storeId, input);
  }

  @ResolveField(() => Money)
  async fee(@Parent() zone: DeliveryZone): Promise<Money> {
    return { amount: zone.feeAmount, currency: (await this.stores.get(zone.storeId)).currency };
  }

  @ResolveField(() => Money)
  async minimumOrder(@Parent() zone: DeliveryZone): Promise<Money> {
    return { amount: zone.minimumOrderAmount, currency: (await this.stores.get(zone.storeId)).currency };
  }
}
