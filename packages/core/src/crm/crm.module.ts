import { Module } from '@nestjs/common';
import { ConversationsModule } from '../conversations/conversations.module';
import { OrdersModule } from '../orders/orders.module';
import { StoresModule } from '../stores/stores.module';
import { CrmSyncProcessor } from './crm-sync.processor';
import { CrmSyncService } from './crm-sync.service';

/** Contacts and orders mirrored into the CRMs plugins register (`ExtensionRegistry.register('crm', ...)`). */
@Module({
  imports: [StoresModule, OrdersModule, ConversationsModule],
  providers: [CrmSyncService, CrmSyncProcessor],
})
export class CrmModule {}
