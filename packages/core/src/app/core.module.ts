import { type DynamicModule, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import type { AppConfig } from '../config/config.schema';
import { CatalogModule } from '../catalog/catalog.module';
import { ChannelsModule } from '../channels/channels.module';
import { ConfigModule } from '../config/config.module';
import { ConversationsModule } from '../conversations/conversations.module';
import { CrmModule } from '../crm/crm.module';
import { ShopSyncModule } from '../shop-sync/shop-sync.module';
import { DatabaseModule } from '../database/database.module';
import { DeliveryModule } from '../delivery/delivery.module';
import { JobQueueModule } from '../jobs/job-queue.module';
import { NotificationsModule } from '../notifications/notifications.module';
import { OrdersModule } from '../orders/orders.module';
import { PaymentsModule } from '../payments/payments.module';
import { PluginHostModule, PluginSdkModule } from '../plugins/plugin-host.module';
import type { LoadedPlugin } from '../plugins/plugin-loader';
import { ApiKeyGuard } from '../stores/api-key.guard';
import { StoresModule } from '../stores/stores.module';

/**
 * The domain modules, database, events, job queue and plugins: what the API, the worker and the CLI all boot.
 * Every route and GraphQL operation passes the API key guard unless marked @Public().
 */
@Module({})
export class CoreModule {
  static forRoot(config: AppConfig, plugins: LoadedPlugin[]): DynamicModule {
    return {
      module: CoreModule,
      imports: [
        ConfigModule.forRoot(config),
        DatabaseModule.forRoot(config, plugins.map((plugin) => plugin.definition)),
        JobQueueModule,
        PluginSdkModule,
        StoresModule,
        CatalogModule,
        OrdersModule,
        DeliveryModule,
        PaymentsModule,
        ConversationsModule,
        ChannelsModule,
        NotificationsModule,
        CrmModule,
        ShopSyncModule,
        PluginHostModule.forRoot(plugins),
      ],
      providers: [{ provide: APP_GUARD, useClass: ApiKeyGuard }],
    };
  }
}
