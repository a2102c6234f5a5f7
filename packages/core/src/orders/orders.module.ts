import { Module } from '@nestjs/common';
import { StoresModule } from '../stores/stores.module';
import { CartResolver } from './cart.resolver';
import { CartService } from './cart.service';
import { DeliveryZoneResolver } from './delivery-zone.resolver';
import { DeliveryZoneService } from './delivery-zone.service';
import { OrderFeedService } from './order-feed.service';
import { OrderLineResolver, OrderResolver } from './order.resolver';
import { OrderService } from './order.service';

/** Carts, totals, delivery zones, placing orders without overselling, and the order lifecycle. */
@Module({
  imports: [StoresModule],
  providers: [CartService, OrderService, OrderFeedService, DeliveryZoneService, CartResolver, OrderResolver, OrderLineResolver, DeliveryZoneResolver],
  exports: [CartService, OrderService, DeliveryZoneService],
})
export class OrdersModule {}
