import { Global, Module } from '@nestjs/common';
import { InboundMessages } from '@parley/plugin-sdk';
import { ConversationsModule } from '../conversations/conversations.module';
import { ChannelIngestService } from './channel-ingest.service';

/** What channel plugins talk to: `InboundMessages`, where their webhooks deliver messages, statuses and consent. */
@Global()
@Module({
  imports: [ConversationsModule],
  providers: [ChannelIngestService, { provide: InboundMessages, useExisting: ChannelIngestService }],
  exports: [InboundMessages],
})
export class ChannelsModule {}
