import { Module, type OnModuleInit } from '@nestjs/common';
import { definePlugin, ExtensionRegistry } from '@parley/plugin-sdk';
import { WebchatPagesController } from './api/webchat-pages.controller';
import { WebchatResolver } from './api/webchat.resolver';
import { WebchatMessageRecord } from './entities/webchat-message-record.entity';
import { WebchatMessagesPostgres1795431000000 } from './migrations/postgres';
import { WebchatMessagesSqlite1795431000000 } from './migrations/sqlite';
import { StoreDirectory } from './services/store-directory.service';
import { WebchatAssets } from './services/webchat-assets.service';
import { WebchatChannelAdapter } from './services/webchat-channel.adapter';
import { WebchatSessionsService } from './services/webchat-sessions.service';
import { webchatOptions } from './webchat-options';

@Module({
  controllers: [WebchatPagesController],
  providers: [WebchatResolver, WebchatSessionsService, WebchatChannelAdapter, StoreDirectory, WebchatAssets],
})
export class WebchatChannelModule implements OnModuleInit {
  constructor(
    private readonly registry: ExtensionRegistry,
    private readonly adapter: WebchatChannelAdapter,
  ) {}

  onModuleInit(): void {
    this.registry.register('channel', this.adapter);
  }
}

export default definePlugin({
  name: '@parley/plugin-channel-webchat',
  version: '0.1.0',
  sdk: '^0.1.0',
  kinds: ['channel'],
  description: 'Web chat: a chat widget for any site, a hosted chat page at /chat/<store> and a terminal chat, over GraphQL on WebSocket.',
  options: webchatOptions,
  module: WebchatChannelModule,
  entities: [WebchatMessageRecord],
  migrations: { postgres: [WebchatMessagesPostgres1795431000000], sqlite: [WebchatMessagesSqlite1795431000000] },
  onStart: ({ logger, options }) => {
    logger.info('Web chat ready', { widget: '/webchat/widget.js', page: '/chat/<store>', allowedOrigins: options.allowedOrigins ?? 'default' });
  },
});
