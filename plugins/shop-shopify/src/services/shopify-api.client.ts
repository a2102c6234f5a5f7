import { Inject, Injectable } from '@nestjs/common';
import { callProviderApi, PLUGIN_OPTIONS, type ProviderAnswer, ShopSyncError } from '@parley/plugin-sdk';
import { apiBaseOf, type ShopifyOptions, type ShopifyShop } from '../shopify-options';

/** A product as the Admin REST API answers it (the fields the plugin reads). */
export interface ShopifyProduct {
  id: number;
  title: string;
  body_html: string | null;
  status: 'active' | 'archived' | 'draft';
  options: { name: string; position: number }[];
  variants: ShopifyVariant[];
  images: { src: string }[];
}

export interface ShopifyVariant {
  id: number;
  product_id: number;
  price: string;
  sku: string | null;
  inventory_quantity: number;
  inventory_management: string | null;
  option1: string | null;
  option2: string | null;
  option3: string | null;
}

export interface ShopifyOrder {
  id: number;
  tags: string;
  created_at: string;
}

/** Shopify's REST limit is a leaky bucket that drains at 2 calls a second: a 429 without Retry-After waits 2 s. */
const DEFAULT_RATE_LIMIT_WAIT_MS = 2_000;

/** Shopify's `errors` is a string or an object of field messages: the field names and messages, never values. */
function describeError(body: unknown): string | undefined {
  const errors = (body as { errors?: unknown } | undefined)?.errors;
  if (typeof errors === 'string') return errors;
  if (errors && typeof errors === 'object') return Object.entries(errors).map(([field, messages]) => `${field} ${[messages].flat().join(', ')}`).join('; ');
  return undefined;
}

/** The `rel="next"` URL of a `Link` header, if any. */
export function nextPageUrl(link: string | null): string | undefined {
  return link?.split(',').map((part) => /<([^>]+)>\s*;\s*rel="?next"?/.exec(part)?.[1]).find(Boolean);
}

/**
 * The Admin REST API calls the connector makes (`/admin/api/<version>/...`), with the shop's token in
 * `X-Shopify-Access-Token` only. Lists follow the `Link` header's `page_info` pages, on the shop's own origin only.
 */
@Injectable()
export class ShopifyApiClient {
  constructor(@Inject(PLUGIN_OPTIONS) private readonly options: ShopifyOptions) {}

  /** `GET /shop.json`: the shop's currency, in which every price of its products is. */
  async currency(shop: ShopifyShop): Promise<string> {
    const answer = await this.call<{ shop?: { currency?: string } }>(shop, 'GET', this.url(shop, '/shop.json'));
    const currency = answer.body?.shop?.currency;
    if (typeof currency !== 'string') throw new ShopSyncError('Shopify answered shop.json without a currency', false, undefined, 'no_currency');
    return currency.toUpperCase();
  }

  /** `GET /products.json`, every status, page after page: changed since `updatedAtMin`, or only these ids. */
  async *products(shop: ShopifyShop, filter: { updatedAtMin?: Date; ids?: string[] }): AsyncGenerator<ShopifyProduct> {
    const query = new URLSearchParams({ limit: String(this.options.pageSize), status: 'active,archived,draft' });
    if (filter.updatedAtMin) query.set('updated_at_min', filter.updatedAtMin.toISOString());
    if (filter.ids) query.set('ids', filter.ids.join(','));
    yield* this.pages<ShopifyProduct>(shop, this.url(shop, `/products.json?${query}`), 'products');
  }

  /** `GET /orders.json?status=any`, created since `createdAtMin`: to find an order made before. */
  orders(shop: ShopifyShop, createdAtMin: Date): AsyncGenerator<ShopifyOrder> {
    const query = new URLSearchParams({ status: 'any', limit: '250', created_at_min: createdAtMin.toISOString(), fields: 'id,tags,created_at' });
    return this.pages<ShopifyOrder>(shop, this.url(shop, `/orders.json?${query}`), 'orders');
  }

  /** `POST /orders.json`; the new order's id. */
  async createOrder(shop: ShopifyShop, order: Record<string, unknown>): Promise<string> {
    const answer = await this.call<{ order?: { id?: number } }>(shop, 'POST', this.url(shop, '/orders.json'), { order });
    const id = answer.body?.order?.id;
    if (id === undefined) throw new ShopSyncError('Shopify created an order without answering its id', false, undefined, 'no_id');
    return String(id);
  }

  private url(shop: ShopifyShop, path: string): string {
    return `${apiBaseOf(shop)}/admin/api/${this.options.apiVersion}${path}`;
  }

  private async *pages<T>(shop: ShopifyShop, first: string, key: string): AsyncGenerator<T> {
    const origin = new URL(apiBaseOf(shop)).origin;
    let url: string | undefined = first;
    while (url) {
      const answer = await this.call<Record<string, T[] | undefined> | undefined>(shop, 'GET', url);
      yield* answer.body?.[key] ?? [];
      const next = nextPageUrl(answer.headers.get('link'));
      // The token goes only to the shop itself, whatever a Link header says.
      url = next && new URL(next).origin === origin ? next : undefined;
    }
  }

  private call<T>(shop: ShopifyShop, method: string, url: string, body?: unknown): Promise<ProviderAnswer<T>> {
    return callProviderApi<T>({
      provider: 'Shopify API',
      url,
      method,
      body,
      headers: { 'x-shopify-access-token': shop.accessToken },
      timeoutMs: this.options.requestTimeoutMs,
      defaultRetryAfterMs: DEFAULT_RATE_LIMIT_WAIT_MS,
      describeError,
    });
  }
}
