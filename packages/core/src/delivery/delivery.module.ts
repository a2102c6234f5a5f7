import { Global, Module } from '@nestjs/common';
import { DeliveryUpdates } from '@parley/plugin-sdk';
import { OrdersModule } from '../orders/orders.module';
import { DeliveryResolver, OrderDeliveryResolver } from './delivery.resolver';
import { DeliveryService } from './delivery.service';
import { TrackingController } from './tracking.controller';
import { TrackingResolver } from './tracking.resolver';
import { TrackingService } from './tracking.service';

/**
 * Deliveries of orders (driver, tracking, ETA, steps) and public tracking by code, in GraphQL and at /t/<code>.
 * Global so courier plugins reach it as the SDK's DeliveryUpdates.
 */
@Global()
@Module({
  imports: [OrdersModule],
  providers: [DeliveryService, { provide: DeliveryUpdates, useExisting: DeliveryService }, TrackingService, DeliveryResolver, OrderDeliveryResolver, TrackingResolver],
  controllers: [TrackingController],
  exports: [DeliveryService, DeliveryUpdates],
})
export class DeliveryModule {}
