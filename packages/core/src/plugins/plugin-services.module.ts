import { Global, Module } from '@nestjs/common';
import { registerExtensibleType } from '@parley/plugin-sdk';
import { Contact } from '../conversations/contact.entity';
import { NotificationsModule } from '../notifications/notifications.module';
import { Order } from '../orders/order.entity';
import { Store } from '../stores/store.entity';

registerExtensibleType('Contact', Contact);
registerExtensibleType('Order', Order);
registerExtensibleType('Store', Store);

/**
 * The SDK services that live in domain modules (CustomerMessages in notifications), made visible to every plugin
 * module; and the core's GraphQL types that plugins extend by name (`@ExtendType('Contact')`).
 */
@Global()
@Module({ imports: [NotificationsModule], exports: [NotificationsModule] })
export class PluginServicesModule {}
