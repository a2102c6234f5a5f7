import { Module, type OnModuleInit } from '@nestjs/common';
import { definePlugin, ExtensionRegistry } from '@parley/plugin-sdk';
import { TelegramWebhookController } from './api/telegram-webhook.controller';
import { TelegramCallbackData } from './entities/telegram-callback-data.entity';
import { TelegramCallbackDataPostgres1795441000000 } from './migrations/postgres';
import { TelegramCallbackDataSqlite1795441000000 } from './migrations/sqlite';
import { BotApiClient } from './services/bot-api.client';
import { CallbackDataService } from './services/callback-data.service';
import { TelegramChannelAdapter } from './services/telegram-channel.adapter';
import { TelegramUpdatesService } from './services/telegram-updates.service';
import { botIdOf, telegramOptions } from './telegram-options';

/** The update types the channel reads; setWebhook asks Telegram for these only. */
export const ALLOWED_UPDATES = ['message', 'callback_query', 'my_chat_member'];

@Module({
  controllers: [TelegramWebhookController],
  providers: [BotApiClient, CallbackDataService, TelegramChannelAdapter, TelegramUpdatesService],
})
export class TelegramChannelModule implements OnModuleInit {
  constructor(
    private readonly registry: ExtensionRegistry,
    private readonly adapter: TelegramChannelAdapter,
  ) {}

  onModuleInit(): void {
    this.registry.register('channel', this.adapter);
  }
}

export default definePlugin({
  name: '@parley/plugin-channel-telegram',
  version: '0.1.0',
  sdk: '^0.1.0',
  kinds: ['channel'],
  description: 'Telegram Bot API channel: a verified webhook per bot, updates answered in order, messages within Telegram limits.',
  options: telegramOptions,
  module: TelegramChannelModule,
  entities: [TelegramCallbackData],
  migrations: { postgres: [TelegramCallbackDataPostgres1795441000000], sqlite: [TelegramCallbackDataSqlite1795441000000] },
  // How many bots and where their webhooks are, never the tokens or secrets.
  onStart: async ({ logger, options, moduleRef }) => {
    const { webhookBaseUrl } = options;
    if (webhookBaseUrl) {
      const client = moduleRef.get(BotApiClient, { strict: false });
      for (const bot of options.bots) {
        const botId = botIdOf(bot.token);
        const url = `${webhookBaseUrl}/webhooks/telegram/${botId}`;
        try {
          await client.setWebhook(bot, { url, secret_token: bot.secretToken, max_connections: options.maxConnections, allowed_updates: ALLOWED_UPDATES });
          logger.info('Telegram webhook set', { botId, url });
        } catch (error) {
          // The webhook may be set already; a bot that can't be reached must not stop the platform.
          logger.error('Telegram webhook could not be set', { botId, url, reason: (error as Error).message });
        }
      }
    }
    logger.info('Telegram channel ready', { bots: options.bots.length, webhooks: '/webhooks/telegram/<bot id>', setWebhook: webhookBaseUrl !== undefined });
  },
});
