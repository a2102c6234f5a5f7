import { base64HmacSha256 } from '@parley/plugin-sdk';
import { type FakeReply, type RecordedRequest, type ScriptedReply, startScriptedFakeServer } from '@parley/testing';
import type { ShopifyProduct } from './services/shopify-api.client';

// For tests only (excluded from the build, not exported from the plugin): a loopback stand-in for a shop's Admin
// REST API as far as the plugin uses it (shop.json, products.json with Link pages, orders.json), answering with the
// documented shapes, serving the products' pictures, with failures a test can script.

export interface FakeShopifyOrder {
  id: number;
  tags: string;
  created_at: string;
  financial_status: string;
  line_items: Record<string, unknown>[];
  note: string;
}

/** A product as the shop keeps it, with its update time (what `updated_at_min` filters on). */
export type FakeShopifyProduct = ShopifyProduct & { updated_at: string };

export interface FakeShopifyApi {
  /** For the plugin's `apiBaseUrl`. */
  url: string;
  requests: RecordedRequest[];
  products: Map<number, FakeShopifyProduct>;
  orders: FakeShopifyOrder[];
  currency: string;
  /** Adds or replaces a product, as if edited in the shop's admin now. Without ids, ids are made. */
  put(product: Omit<Partial<ShopifyProduct>, 'variants'> & { title: string; variants: Partial<ShopifyProduct['variants'][number]>[] }): FakeShopifyProduct;
  /** The picture served at `<url>/images/<name>.png`. */
  pictures: Map<string, Buffer>;
  /** Answers the next requests with these replies, one each, before the normal behaviour; 'ok' lets one through. */
  failNext(...replies: (ScriptedReply | 'ok')[]): void;
  close(): Promise<void>;
}

/** The failures the plugin meets most, as Shopify answers them. */
export const shopifyErrors = {
  /** Shopify's REST limit; Retry-After in seconds as Shopify sends it. */
  rateLimited: (retryAfterSeconds = 2): ScriptedReply => ({ status: 429, headers: { 'retry-after': String(retryAfterSeconds) }, body: { errors: 'Exceeded 2 calls per second for api client. Reduce request rates to resume uninterrupted service.' } }),
  serverError: (): ScriptedReply => ({ status: 500, body: { errors: 'Internal Server Error' } }),
  unauthorized: (): ScriptedReply => ({ status: 401, body: { errors: '[API] Invalid API key or access token (unrecognized login or wrong password)' } }),
};

/** A webhook as Shopify sends it: the topic, the shop, a delivery id and the HMAC of the body with the app's secret. */
export function shopifyWebhook(options: { secret: string; topic: string; shopDomain: string; body: unknown; webhookId: string }) {
  const body = JSON.stringify(options.body);
  return {
    body,
    headers: {
      'content-type': 'application/json',
      'x-shopify-topic': options.topic,
      'x-shopify-shop-domain': options.shopDomain,
      'x-shopify-webhook-id': options.webhookId,
      'x-shopify-api-version': '2025-01',
      'x-shopify-hmac-sha256': base64HmacSha256(options.secret, body),
    },
  };
}

export async function startFakeShopifyApi(options: { accessToken: string; version?: string; currency?: string }): Promise<FakeShopifyApi> {
  const version = options.version ?? '2025-01';
  const products = new Map<number, FakeShopifyProduct>();
  const orders: FakeShopifyOrder[] = [];
  const pictures = new Map<string, Buffer>();
  let nextId = 7_001_000_000;
  let base = '';

  const page = <T>(request: URL, all: T[], key: string, limit: number): FakeReply => {
    const offset = Number(request.searchParams.get('page_info') ? Buffer.from(request.searchParams.get('page_info')!, 'base64url').toString() : '0');
    const items = all.slice(offset, offset + limit);
    const headers: Record<string, string> = {};
    if (offset + limit < all.length) {
      // As Shopify: the next page's URL carries only limit and page_info, the filters are in the cursor.
      const token = Buffer.from(String(offset + limit)).toString('base64url');
      headers.link = `<${base}${request.pathname}?limit=${limit}&page_info=${token}>; rel="next"`;
      if (offset > 0) headers.link = `<${base}${request.pathname}?limit=${limit}&page_info=${Buffer.from(String(Math.max(0, offset - limit))).toString('base64url')}>; rel="previous", ${headers.link}`;
    }
    return { status: 200, headers, body: { [key]: items } };
  };

  // The filters of a first page, kept for the pages after it (a real cursor encodes them).
  let lastFilter: (product: FakeShopifyProduct) => boolean = () => true;
  let lastOrderFilter: (order: FakeShopifyOrder) => boolean = () => true;

  const route = (request: RecordedRequest): FakeReply => {
    const url = new URL(request.url, base);
    if (request.method === 'GET' && url.pathname.startsWith('/images/')) {
      const picture = pictures.get(url.pathname.slice('/images/'.length));
      return picture ? { status: 200, headers: { 'content-type': 'image/png' }, body: picture } : { status: 404, body: '' };
    }
    if (request.headers['x-shopify-access-token'] !== options.accessToken) return shopifyErrors.unauthorized();
    const prefix = `/admin/api/${version}`;
    if (!url.pathname.startsWith(prefix)) return { status: 404, body: { errors: 'Not Found' } };
    const path = url.pathname.slice(prefix.length);
    const limit = Math.min(250, Number(url.searchParams.get('limit') ?? 50));
    if (request.method === 'GET' && path === '/shop.json') return { status: 200, body: { shop: { id: 1, name: 'Fake shop', currency: fake.currency } } };
    if (request.method === 'GET' && path === '/products.json') {
      if (!url.searchParams.has('page_info')) {
        const statuses = (url.searchParams.get('status') ?? 'active').split(',');
        const since = url.searchParams.get('updated_at_min');
        const ids = url.searchParams.get('ids')?.split(',').map(Number);
        lastFilter = (product) => statuses.includes(product.status) && (!since || product.updated_at >= new Date(since).toISOString()) && (!ids || ids.includes(product.id));
      } else if ([...url.searchParams.keys()].some((key) => key !== 'limit' && key !== 'page_info')) {
        return { status: 400, body: { errors: 'page_info - Only the limit parameter may be used with page_info' } };
      }
      return page(url, [...products.values()].filter(lastFilter).sort((a, b) => a.id - b.id), 'products', limit);
    }
    if (request.method === 'GET' && path === '/orders.json') {
      if (!url.searchParams.has('page_info')) {
        const since = url.searchParams.get('created_at_min');
        lastOrderFilter = (order) => !since || order.created_at >= new Date(since).toISOString();
      }
      return page(url, orders.filter(lastOrderFilter), 'orders', limit);
    }
    if (request.method === 'POST' && path === '/orders.json') {
      const { order } = request.json<{ order: Omit<FakeShopifyOrder, 'id' | 'created_at'> }>();
      if (!order?.line_items?.length) return { status: 422, body: { errors: { line_items: ['must have at least one line item'] } } };
      const created = { ...order, id: nextId++, created_at: new Date().toISOString() };
      orders.push(created);
      return { status: 201, body: { order: created } };
    }
    return { status: 404, body: { errors: 'Not Found' } };
  };

  const server = await startScriptedFakeServer(route, ['/images/']);
  base = server.url;

  const fake: FakeShopifyApi = {
    url: server.url,
    requests: server.requests,
    products,
    orders,
    pictures,
    currency: options.currency ?? 'EUR',
    put: (input) => {
      const id = input.id ?? nextId++;
      const product: FakeShopifyProduct = {
        id,
        title: input.title,
        body_html: input.body_html ?? null,
        status: input.status ?? 'active',
        options: input.options ?? [{ name: 'Title', position: 1 }],
        images: input.images ?? [],
        variants: input.variants.map((variant) => ({
          id: variant.id ?? nextId++,
          product_id: id,
          price: variant.price ?? '1.00',
          sku: variant.sku ?? null,
          inventory_quantity: variant.inventory_quantity ?? 0,
          inventory_management: variant.inventory_management === undefined ? 'shopify' : variant.inventory_management,
          option1: variant.option1 ?? 'Default Title',
          option2: variant.option2 ?? null,
          option3: variant.option3 ?? null,
        })),
        updated_at: new Date().toISOString(),
      };
      products.set(id, product);
      return product;
    },
    failNext: server.failNext,
    close: () => server.close(),
  };
  return fake;
}
