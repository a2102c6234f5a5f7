export { default } from './shop-woocommerce.plugin';
export { WooCommerceShopModule } from './shop-woocommerce.plugin';
export { ORDER_META_KEY, WooCommerceShopConnector } from './services/woocommerce-shop.connector';
export { WooCommerceApiClient, type WooProduct, type WooVariation } from './services/woocommerce-api.client';
export { wooCommerceOptions, type WooCommerceOptions, type WooCommerceStore } from './woocommerce-options';
