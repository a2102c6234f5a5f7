import { Module } from '@nestjs/common';
import { CustomerMessages } from '@parley/plugin-sdk';
import { ConversationsModule } from '../conversations/conversations.module';
import { DeliveryModule } from '../delivery/delivery.module';
import { OrdersModule } from '../orders/orders.module';
import { PaymentsModule } from '../payments/payments.module';
import { StoresModule } from '../stores/stores.module';
import { CustomerMessagesService } from './customer-messages.service';
import { CustomerNotificationProcessor } from './customer-notification.processor';
import { NotificationOutbox } from './notification-outbox';
import { NotificationRelayService } from './notification-relay.service';
import { NotificationTemplateResolver } from './notification-template.resolver';
import { NotificationTemplateService } from './notification-template.service';
import { NotificationResolver, OrderNotificationsResolver } from './notification.resolver';
import { NotificationService } from './notification.service';
import { NotificationValues } from './notification-values';
import { RateLimiterService } from './rate-limiter.service';
import { StaffAlertProcessor } from './staff-alert.processor';

/**
 * Order notifications: written to the outbox with the change that causes them, relayed to the queues, sent to
 * customers in their chat and to staff on the store's staff channels; their texts, per event and language.
 */
@Module({
  imports: [StoresModule, OrdersModule, PaymentsModule, DeliveryModule, ConversationsModule],
  providers: [
    NotificationTemplateService,
    NotificationTemplateResolver,
    NotificationService,
    NotificationResolver,
    OrderNotificationsResolver,
    NotificationOutbox,
    NotificationRelayService,
    RateLimiterService,
    NotificationValues,
    CustomerNotificationProcessor,
    StaffAlertProcessor,
    { provide: CustomerMessages, useClass: CustomerMessagesService },
  ],
  exports: [NotificationTemplateService, NotificationService, CustomerMessages],
})
export class NotificationsModule {}
