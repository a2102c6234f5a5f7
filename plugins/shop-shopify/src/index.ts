export { default } from './shop-shopify.plugin';
export { ShopifyShopModule } from './shop-shopify.plugin';
export { ShopifyShopConnector, orderTag, toExternalProduct } from './services/shopify-shop.connector';
export { ShopifyApiClient, nextPageUrl, type ShopifyProduct, type ShopifyVariant } from './services/shopify-api.client';
export { shopifyOptions, type ShopifyOptions, type ShopifyShop } from './shopify-options';
