import { Global, Module } from '@nestjs/common';
import { ShopCatalogUpdates } from '@parley/plugin-sdk';
import { CatalogModule } from '../catalog/catalog.module';
import { OrdersModule } from '../orders/orders.module';
import { StoresModule } from '../stores/stores.module';
import { ShopCatalogImporter } from './shop-catalog-importer.service';
import { ShopOrderPushService } from './shop-order-push.service';
import { ShopSyncProcessor } from './shop-sync.processor';
import { ShopSyncResolver } from './shop-sync.resolver';
import { ShopSyncService } from './shop-sync.service';

/**
 * Catalogs imported from the shops of shop plugins (`ExtensionRegistry.register('shop', ...)`) and orders pushed
 * back to them; `ShopCatalogUpdates` (SDK) is where their webhooks ask for a sync.
 */
@Global()
@Module({
  imports: [StoresModule, CatalogModule, OrdersModule],
  providers: [
    ShopCatalogImporter,
    ShopSyncService,
    ShopOrderPushService,
    ShopSyncProcessor,
    ShopSyncResolver,
    { provide: ShopCatalogUpdates, useExisting: ShopSyncService },
  ],
  exports: [ShopCatalogUpdates],
})
export class ShopSyncModule {}
