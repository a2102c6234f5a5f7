import { base64HmacSha256 } from '@parley/plugin-sdk';
import { type FakeReply, type RecordedRequest, type ScriptedReply, startScriptedFakeServer } from '@parley/testing';
import type { WooProduct, WooVariation } from './services/woocommerce-api.client';

// For tests only (excluded from the build, not exported from the plugin): a loopback stand-in for a WordPress site's
// WC REST API v3 as far as the plugin uses it (the currency setting, products and variations with page/per_page and
// X-WP-TotalPages, orders), answering with the documented shapes, serving pictures, with failures a test can script.

export type FakeWooProduct = WooProduct & { date_modified_gmt: string; variationList: WooVariation[] };

export interface FakeWooOrder {
  id: number;
  status: string;
  set_paid: boolean;
  date_created_gmt: string;
  line_items: Record<string, unknown>[];
  fee_lines: Record<string, unknown>[];
  meta_data: { key: string; value: unknown }[];
}

export interface FakeWooCommerceApi {
  url: string;
  requests: RecordedRequest[];
  products: Map<number, FakeWooProduct>;
  orders: FakeWooOrder[];
  pictures: Map<string, Buffer>;
  currency: string;
  /** Adds or replaces a product, as if edited in WordPress now; variations of a variable product in `variationList`. */
  put(product: Partial<FakeWooProduct> & { name: string }): FakeWooProduct;
  failNext(...replies: (ScriptedReply | 'ok')[]): void;
  close(): Promise<void>;
}

/** An error as the WP REST API answers it. */
const wpError = (status: number, code: string, message: string, headers?: Record<string, string>): ScriptedReply => ({ status, headers, body: { code, message, data: { status } } });

export const wooErrors = {
  /** A host's rate limit in front of WordPress, with Retry-After in seconds. */
  rateLimited: (retryAfterSeconds = 1) => wpError(429, 'too_many_requests', 'Too many requests', { 'retry-after': String(retryAfterSeconds) }),
  serverError: () => wpError(500, 'internal_server_error', 'There has been a critical error on this website.'),
  unauthorized: () => wpError(401, 'woocommerce_rest_cannot_view', 'Sorry, you cannot list resources.'),
};

/** A webhook as WooCommerce sends it: topic, delivery id, and the base64 HMAC-SHA256 of the body with the secret. */
export function wooWebhook(options: { secret: string; topic: string; body: unknown; deliveryId: string }) {
  const body = JSON.stringify(options.body);
  return {
    body,
    headers: {
      'content-type': 'application/json',
      'x-wc-webhook-source': 'https://shop.example.com/',
      'x-wc-webhook-topic': options.topic,
      'x-wc-webhook-resource': options.topic.split('.')[0],
      'x-wc-webhook-event': options.topic.split('.')[1],
      'x-wc-webhook-id': '12',
      'x-wc-webhook-delivery-id': options.deliveryId,
      'x-wc-webhook-signature': base64HmacSha256(options.secret, body),
    },
  };
}

export async function startFakeWooCommerceApi(options: { consumerKey: string; consumerSecret: string; currency?: string }): Promise<FakeWooCommerceApi> {
  const products = new Map<number, FakeWooProduct>();
  const orders: FakeWooOrder[] = [];
  const pictures = new Map<string, Buffer>();
  let nextId = 301;
  const auth = `Basic ${Buffer.from(`${options.consumerKey}:${options.consumerSecret}`).toString('base64')}`;

  const list = <T>(url: URL, all: T[]): FakeReply => {
    const perPage = Math.min(100, Number(url.searchParams.get('per_page') ?? 10));
    const page = Number(url.searchParams.get('page') ?? 1);
    const totalPages = Math.max(1, Math.ceil(all.length / perPage));
    return { status: 200, headers: { 'x-wp-total': String(all.length), 'x-wp-totalpages': String(totalPages) }, body: all.slice((page - 1) * perPage, page * perPage) };
  };

  const route = (request: RecordedRequest): FakeReply => {
    const url = new URL(request.url, 'http://fake');
    if (request.method === 'GET' && url.pathname.startsWith('/images/')) {
      const picture = pictures.get(url.pathname.slice('/images/'.length));
      return picture ? { status: 200, headers: { 'content-type': 'image/png' }, body: picture } : { status: 404, body: '' };
    }
    if (request.headers.authorization !== auth) return wooErrors.unauthorized();
    const path = url.pathname.replace(/^\/wp-json\/wc\/v3/, '');
    if (request.method === 'GET' && path === '/settings/general/woocommerce_currency') {
      return { status: 200, body: { id: 'woocommerce_currency', label: 'Currency', type: 'select', default: 'USD', value: fake.currency } };
    }
    if (request.method === 'GET' && path === '/products') {
      const status = url.searchParams.get('status') ?? 'any';
      const after = url.searchParams.get('modified_after');
      const include = url.searchParams.get('include')?.split(',').map(Number);
      const matching = [...products.values()]
        .filter((product) => (status === 'any' ? product.status !== 'trash' : product.status === status))
        .filter((product) => !after || product.date_modified_gmt > new Date(after).toISOString())
        .filter((product) => !include || include.includes(product.id))
        .sort((a, b) => a.id - b.id)
        .map(({ variationList: _variations, ...product }) => product);
      return list(url, matching);
    }
    const variations = /^\/products\/(\d+)\/variations$/.exec(path);
    if (request.method === 'GET' && variations) {
      const product = products.get(Number(variations[1]));
      return product ? list(url, product.variationList) : wpError(404, 'woocommerce_rest_product_invalid_id', 'Invalid ID.');
    }
    if (request.method === 'GET' && path === '/orders') {
      const after = url.searchParams.get('after');
      return list(url, orders.filter((order) => !after || order.date_created_gmt > new Date(after).toISOString()));
    }
    if (request.method === 'POST' && path === '/orders') {
      const body = request.json<Omit<FakeWooOrder, 'id' | 'date_created_gmt'>>();
      const unknown = (body.line_items ?? []).find((line) => !products.has(Number(line.product_id)));
      if (unknown) return wpError(400, 'woocommerce_rest_invalid_product_id', `Product ID ${String(unknown.product_id)} is invalid.`);
      const order = { ...body, id: nextId++, date_created_gmt: new Date().toISOString() };
      orders.push(order);
      return { status: 201, body: order };
    }
    return wpError(404, 'rest_no_route', 'No route was found matching the URL and request method.');
  };

  const server = await startScriptedFakeServer(route, ['/images/']);

  const fake: FakeWooCommerceApi = {
    url: server.url,
    requests: server.requests,
    products,
    orders,
    pictures,
    currency: options.currency ?? 'EUR',
    put: (input) => {
      const id = input.id ?? nextId++;
      const variationList = input.variationList ?? [];
      const product: FakeWooProduct = {
        id,
        name: input.name,
        type: variationList.length ? 'variable' : (input.type ?? 'simple'),
        status: input.status ?? 'publish',
        description: input.description ?? '',
        sku: input.sku ?? '',
        price: input.price ?? '1.00',
        manage_stock: input.manage_stock ?? false,
        stock_quantity: input.stock_quantity ?? null,
        images: input.images ?? [],
        variations: variationList.map((variation) => variation.id),
        variationList,
        date_modified_gmt: new Date().toISOString(),
      };
      products.set(id, product);
      return product;
    },
    failNext: server.failNext,
    close: () => server.close(),
  };
  return fake;
}
