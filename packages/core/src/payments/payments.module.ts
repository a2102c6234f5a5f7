import { Global, Module } from '@nestjs/common';
import { PaymentEvents } from '@parley/plugin-sdk';
import { OrdersModule } from '../orders/orders.module';
import { OrderPaymentsResolver, PaymentResolver } from './payment.resolver';
import { PaymentService } from './payment.service';

/**
 * Payment links, provider events and refunds. Global because payment plugins' webhook routes hand their verified
 * events to the SDK's PaymentEvents, which this module provides.
 */
@Global()
@Module({
  imports: [OrdersModule],
  providers: [PaymentService, { provide: PaymentEvents, useExisting: PaymentService }, PaymentResolver, OrderPaymentsResolver],
  exports: [PaymentService, PaymentEvents],
})
export class PaymentsModule {}
