import { Module } from '@nestjs/common';
import { OrdersModule } from '../orders/orders.module';
import { DeliveryResolver, OrderDeliveryResolver } from './delivery.resolver';
import { DeliveryService } from './delivery.service';
import { TrackingController } from './tracking.controller';
import { TrackingResolver } from './tracking.resolver';
import { TrackingService } from './tracking.service';

/** Deliveries of orders (driver, tracking, ETA, steps) and public tracking by code, in GraphQL and at /t/<code>. */
@Module({
  imports: [OrdersModule],
  providers: [DeliveryService, TrackingService, DeliveryResolver, OrderDeliveryResolver, TrackingResolver],
  controllers: [TrackingController],
  exports: [DeliveryService],
})
export class DeliveryModule {}
