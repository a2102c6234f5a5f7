export { default } from './telegram.plugin';
export { ALLOWED_UPDATES, TelegramChannelModule } from './telegram.plugin';
export { TelegramWebhookController } from './api/telegram-webhook.controller';
export { TelegramChannelAdapter } from './services/telegram-channel.adapter';
export { BotApiClient, classifyBotApiError } from './services/bot-api.client';
export { callbackDataFor, renderContent, LIMITS as TELEGRAM_LIMITS, type TelegramCall } from './services/telegram-renderer';
export { CHANNEL as TELEGRAM_CHANNEL, messageContent, parseUpdate, type ParsedUpdate } from './services/telegram-update.parser';
export { botIdOf, telegramOptions, type TelegramBot, type TelegramOptions } from './telegram-options';
