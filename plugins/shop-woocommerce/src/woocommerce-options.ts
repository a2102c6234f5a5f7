import { z } from '@parley/plugin-sdk';

const store = z.object({
  /** The store whose catalog comes from this WooCommerce site, and whose orders go to it. */
  storeSlug: z.string().min(1, 'must name the store that syncs with this WooCommerce site'),
  /**
   * The WordPress site, https (the REST API keys travel as Basic auth); plain http only on the machine itself, for
   * tests and local development.
   */
  siteUrl: z
    .string()
    .regex(/^(https:\/\/[^\s/?#]+|http:\/\/(127\.0\.0\.1|localhost)(:\d+)?)(\/[^\s?#]*)?$/, 'must be the https address of the WordPress site, such as https://shop.example.com')
    .transform((url) => url.replace(/\/+$/, '')),
  /** A REST API key (WooCommerce → Settings → Advanced → REST API) with read/write permissions. */
  consumerKey: z.string().regex(/^ck_[0-9a-f]{8,}$/, 'must be a WooCommerce consumer key (ck_...)'),
  consumerSecret: z.string().regex(/^cs_[0-9a-f]{8,}$/, 'must be a WooCommerce consumer secret (cs_...)'),
  /** The secret of the product webhooks (WooCommerce → Settings → Advanced → Webhooks): it signs their bodies. */
  webhookSecret: z.string().min(8, "must be the webhooks' secret, at least 8 characters"),
});

export const wooCommerceOptions = z.object({
  stores: z
    .array(store)
    .min(1, 'must list at least one WooCommerce site ({ storeSlug, siteUrl, consumerKey, consumerSecret, webhookSecret })')
    .refine((list) => new Set(list.map((entry) => entry.storeSlug)).size === list.length, 'must not list the same storeSlug twice'),
  /** How often the changes are imported (webhooks bring most of them at once). */
  importIntervalMinutes: z.number().min(0.05, 'must be at least 0.05 minutes').max(24 * 60, 'must be at most a day').default(15),
  /** Products per page, up to WooCommerce's 100. */
  pageSize: z.number().int('must be a whole number').min(1, 'must be at least 1').max(100, "must be at most 100, WooCommerce's limit").default(100),
  requestTimeoutMs: z.number().int('must be a whole number of milliseconds').min(100, 'must be at least 100 ms').max(120_000, 'must be at most 120000 ms').default(10_000),
});

export type WooCommerceOptions = z.infer<typeof wooCommerceOptions>;
export type WooCommerceStore = WooCommerceOptions['stores'][number];
