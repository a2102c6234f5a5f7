import { Module } from '@nestjs/common';
import { CatalogModule } from '../catalog/catalog.module';
import { OrdersModule } from '../orders/orders.module';
import { PaymentsModule } from '../payments/payments.module';
import { StoresModule } from '../stores/stores.module';
import { AssistantService } from './assistant/assistant.service';
import { ConversationFeedService } from './conversation-feed.service';
import { ConversationMessagesProcessor } from './conversation-messages.processor';
import { ConversationResolver } from './conversation.resolver';
import { ConversationService } from './conversation.service';
import { MessageSenderService } from './message-sender.service';

/** Contacts, conversations and messages; the ordering assistant that answers them; staff taking over. */
@Module({
  imports: [StoresModule, CatalogModule, OrdersModule, PaymentsModule],
  providers: [ConversationService, AssistantService, MessageSenderService, ConversationMessagesProcessor, ConversationFeedService, ConversationResolver],
  exports: [ConversationService],
})
export class ConversationsModule {}
