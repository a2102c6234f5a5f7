import { Module, type OnModuleInit } from '@nestjs/common';
import { definePlugin, ExtensionRegistry } from '@parley/plugin-sdk';
import { ShopifyWebhookController } from './api/shopify-webhook.controller';
import { shopifyOptions } from './shopify-options';
import { ShopifyApiClient } from './services/shopify-api.client';
import { ShopifyShopConnector } from './services/shopify-shop.connector';

@Module({ controllers: [ShopifyWebhookController], providers: [ShopifyApiClient, ShopifyShopConnector] })
export class ShopifyShopModule implements OnModuleInit {
  constructor(
    private readonly registry: ExtensionRegistry,
    private readonly connector: ShopifyShopConnector,
  ) {}

  onModuleInit(): void {
    this.registry.register('shop', this.connector);
  }
}

export default definePlugin({
  name: '@parley/plugin-shop-shopify',
  version: '0.1.0',
  sdk: '^0.1.0',
  kinds: ['shop'],
  description: "Shopify: the shop's products imported into the store (webhooks and a schedule), chat orders created in the shop.",
  options: shopifyOptions,
  module: ShopifyShopModule,
  // Which stores and shops, never the tokens or secrets.
  onStart: ({ logger, options }) => {
    logger.info('Shopify shops ready', { shops: options.shops.map((shop) => ({ store: shop.storeSlug, shop: shop.shopDomain })) });
  },
});
