import { Module, type OnModuleInit } from '@nestjs/common';
import { definePlugin, ExtensionRegistry } from '@parley/plugin-sdk';
import { WhatsAppWebhookController } from './api/whatsapp-webhook.controller';
import { GraphApiClient } from './services/graph-api.client';
import { WhatsAppChannelAdapter } from './services/whatsapp-channel.adapter';
import { whatsAppOptions } from './whatsapp-options';

@Module({ controllers: [WhatsAppWebhookController], providers: [GraphApiClient, WhatsAppChannelAdapter] })
export class WhatsAppChannelModule implements OnModuleInit {
  constructor(
    private readonly registry: ExtensionRegistry,
    private readonly adapter: WhatsAppChannelAdapter,
  ) {}

  onModuleInit(): void {
    this.registry.register('channel', this.adapter);
  }
}

export default definePlugin({
  name: '@parley/plugin-channel-whatsapp',
  version: '0.1.0',
  sdk: '^0.1.0',
  kinds: ['channel'],
  description: 'WhatsApp Cloud API channel: verified webhooks, orders from the catalog, messages within WhatsApp limits.',
  options: whatsAppOptions,
  module: WhatsAppChannelModule,
  // How many numbers and which API version, never the tokens, secrets or numbers themselves.
  onStart: ({ logger, options }) => {
    logger.info('WhatsApp channel ready', { numbers: options.accounts.length, apiVersion: options.apiVersion, webhook: '/webhooks/whatsapp' });
  },
});
