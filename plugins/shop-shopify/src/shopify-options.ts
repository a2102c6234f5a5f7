import { z } from '@parley/plugin-sdk';

const shop = z.object({
  /** The store whose catalog comes from this Shopify shop, and whose orders go to it. */
  storeSlug: z.string().min(1, 'must name the store that syncs with this Shopify shop'),
  /** The shop's own domain, as Shopify names it in webhooks' X-Shopify-Shop-Domain: marios.myshopify.com. */
  shopDomain: z.string().regex(/^[a-z0-9][a-z0-9-]*\.myshopify\.com$/, 'must be the shop\'s myshopify.com domain, such as marios.myshopify.com'),
  /** The Admin API access token of the shop's custom app (shpat_...), with read_products, write_orders, read_orders. */
  accessToken: z.string().min(1, "must be the custom app's Admin API access token (shpat_...)"),
  /** The app's API secret key: Shopify signs webhooks with it (X-Shopify-Hmac-Sha256). */
  webhookSecret: z.string().min(8, "must be the app's API secret key, which signs its webhooks"),
  /** Where the Admin API is; default https://<shopDomain>. Tests point it at a loopback fake. */
  apiBaseUrl: z
    .string()
    .regex(/^https?:\/\/[^\s/?#]+$/, 'must be an http(s) origin such as https://marios.myshopify.com')
    .optional(),
});

export const shopifyOptions = z.object({
  shops: z
    .array(shop)
    .min(1, 'must list at least one Shopify shop ({ storeSlug, shopDomain, accessToken, webhookSecret })')
    .refine((list) => new Set(list.map((entry) => entry.storeSlug)).size === list.length, 'must not list the same storeSlug twice')
    .refine((list) => new Set(list.map((entry) => entry.shopDomain)).size === list.length, 'must not list the same shopDomain twice'),
  /** The Admin REST API version, as Shopify dates them. */
  apiVersion: z.string().regex(/^\d{4}-(01|04|07|10)$/, 'must be a Shopify API version such as 2025-01').default('2025-01'),
  /** How often the changes are imported (webhooks bring most of them at once). */
  importIntervalMinutes: z.number().min(0.05, 'must be at least 0.05 minutes').max(24 * 60, 'must be at most a day').default(15),
  /** Products per page, up to Shopify's 250. */
  pageSize: z.number().int('must be a whole number').min(1, 'must be at least 1').max(250, "must be at most 250, Shopify's limit").default(250),
  requestTimeoutMs: z.number().int('must be a whole number of milliseconds').min(100, 'must be at least 100 ms').max(120_000, 'must be at most 120000 ms').default(10_000),
});

export type ShopifyOptions = z.infer<typeof shopifyOptions>;
export type ShopifyShop = ShopifyOptions['shops'][number];

export const apiBaseOf = (shop: ShopifyShop) => shop.apiBaseUrl ?? `https://${shop.shopDomain}`;
