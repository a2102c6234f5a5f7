import { Module, type OnModuleInit } from '@nestjs/common';
import { definePlugin, ExtensionRegistry } from '@parley/plugin-sdk';
import { WooCommerceWebhookController } from './api/woocommerce-webhook.controller';
import { WooCommerceApiClient } from './services/woocommerce-api.client';
import { WooCommerceShopConnector } from './services/woocommerce-shop.connector';
import { wooCommerceOptions } from './woocommerce-options';

@Module({ controllers: [WooCommerceWebhookController], providers: [WooCommerceApiClient, WooCommerceShopConnector] })
export class WooCommerceShopModule implements OnModuleInit {
  constructor(
    private readonly registry: ExtensionRegistry,
    private readonly connector: WooCommerceShopConnector,
  ) {}

  onModuleInit(): void {
    this.registry.register('shop', this.connector);
  }
}

export default definePlugin({
  name: '@parley/plugin-shop-woocommerce',
  version: '0.1.0',
  sdk: '^0.1.0',
  kinds: ['shop'],
  description: "WooCommerce: the site's products imported into the store (webhooks and a schedule), chat orders created in the shop.",
  options: wooCommerceOptions,
  module: WooCommerceShopModule,
  // Which stores and sites, never the keys or secrets.
  onStart: ({ logger, options }) => {
    logger.info('WooCommerce sites ready', { stores: options.stores.map((store) => ({ store: store.storeSlug, site: store.siteUrl })) });
  },
});
