import { Module, type OnModuleInit } from '@nestjs/common';
import { definePlugin, ExtensionRegistry } from '@parley/plugin-sdk';
import { hubSpotOptions } from './hubspot-options';
import { HubSpotApiClient } from './services/hubspot-api.client';
import { HubSpotCrmConnector } from './services/hubspot-crm.connector';

@Module({ providers: [HubSpotApiClient, HubSpotCrmConnector] })
export class HubSpotCrmModule implements OnModuleInit {
  constructor(
    private readonly registry: ExtensionRegistry,
    private readonly connector: HubSpotCrmConnector,
  ) {}

  onModuleInit(): void {
    this.registry.register('crm', this.connector);
  }
}

export default definePlugin({
  name: '@parley/plugin-crm-hubspot',
  version: '0.1.0',
  sdk: '^0.1.0',
  kinds: ['crm'],
  description: 'HubSpot CRM: customers as contacts (found by phone, then e-mail), orders as deals moving through the pipeline.',
  options: hubSpotOptions,
  module: HubSpotCrmModule,
  // Which stores, never the tokens.
  onStart: ({ logger, options }) => {
    logger.info('HubSpot CRM ready', { stores: options.accounts.map((account) => account.storeSlug) });
  },
});
