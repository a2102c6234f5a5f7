import { Inject, Injectable } from '@nestjs/common';
import { callProviderApi, PLUGIN_OPTIONS, type ProviderAnswer, ShopSyncError } from '@parley/plugin-sdk';
import type { WooCommerceOptions, WooCommerceStore } from '../woocommerce-options';

export type WooStatus = 'publish' | 'draft' | 'pending' | 'private' | 'trash';

/** A product as the WC REST API v3 answers it (the fields the plugin reads). */
export interface WooProduct {
  id: number;
  name: string;
  type: 'simple' | 'variable' | 'grouped' | 'external';
  status: WooStatus;
  description: string;
  sku: string;
  price: string;
  manage_stock: boolean;
  stock_quantity: number | null;
  images: { src: string }[];
  variations: number[];
}

export interface WooVariation {
  id: number;
  sku: string;
  price: string;
  status: WooStatus;
  manage_stock: boolean | 'parent';
  stock_quantity: number | null;
  attributes: { name: string; option: string }[];
}

export interface WooOrder {
  id: number;
  meta_data: { key: string; value: unknown }[];
}

/** WooCommerce's errors: `{ code, message, data: { status } }`; the code and message, which name no customer. */
function describeError(body: unknown): string | undefined {
  const error = body as { code?: unknown; message?: unknown } | undefined;
  return typeof error?.code === 'string' ? `${error.code}${typeof error.message === 'string' ? ` ${error.message}` : ''}` : undefined;
}

/**
 * The WC REST API v3 calls the connector makes (`/wp-json/wc/v3/...`), with the REST API key as Basic auth. Lists
 * are read page after page (`page`, `per_page`) up to the `X-WP-TotalPages` the site answers.
 */
@Injectable()
export class WooCommerceApiClient {
  constructor(@Inject(PLUGIN_OPTIONS) private readonly options: WooCommerceOptions) {}

  /** The store's currency setting, in which every price of its products is. */
  async currency(store: WooCommerceStore): Promise<string> {
    const answer = await this.call<{ value?: unknown }>(store, 'GET', '/settings/general/woocommerce_currency');
    if (typeof answer.body?.value !== 'string') throw new ShopSyncError('WooCommerce answered without its currency setting', false, undefined, 'no_currency');
    return answer.body.value.toUpperCase();
  }

  /** Products, filtered as the query says (`modified_after`, `include`, `status`), every page. */
  products(store: WooCommerceStore, query: Record<string, string>): AsyncGenerator<WooProduct> {
    return this.pages<WooProduct>(store, '/products', query, this.options.pageSize);
  }

  variations(store: WooCommerceStore, productId: number): AsyncGenerator<WooVariation> {
    return this.pages<WooVariation>(store, `/products/${productId}/variations`, {}, 100);
  }

  /** Orders created after `after`, to find one made before. */
  orders(store: WooCommerceStore, after: Date): AsyncGenerator<WooOrder> {
    return this.pages<WooOrder>(store, '/orders', { after: after.toISOString() }, 100);
  }

  async createOrder(store: WooCommerceStore, order: Record<string, unknown>): Promise<string> {
    const answer = await this.call<{ id?: number }>(store, 'POST', '/orders', order);
    if (answer.body?.id === undefined) throw new ShopSyncError('WooCommerce created an order without answering its id', false, undefined, 'no_id');
    return String(answer.body.id);
  }

  private async *pages<T>(store: WooCommerceStore, path: string, query: Record<string, string>, perPage: number): AsyncGenerator<T> {
    for (let page = 1; ; page++) {
      const answer = await this.call<T[]>(store, 'GET', `${path}?${new URLSearchParams({ ...query, per_page: String(perPage), page: String(page) })}`);
      const items = Array.isArray(answer.body) ? answer.body : [];
      yield* items;
      const total = Number(answer.headers.get('x-wp-totalpages'));
      if (items.length === 0 || !Number.isFinite(total) || page >= total) return;
    }
  }

  private call<T>(store: WooCommerceStore, method: string, path: string, body?: unknown): Promise<ProviderAnswer<T>> {
    return callProviderApi<T>({
      provider: 'WooCommerce API',
      url: `${store.siteUrl}/wp-json/wc/v3${path}`,
      method,
      body,
      headers: { authorization: `Basic ${Buffer.from(`${store.consumerKey}:${store.consumerSecret}`).toString('base64')}` },
      timeoutMs: this.options.requestTimeoutMs,
      describeError,
    });
  }
}
