import { ImageStatus, Product, ProductImage, ShopOrderPush, ShopOrderPushStatus, ShopSyncProcessor, StoreService, Variant } from '@parley/core';
import { createTestApp, eventually, shopSyncOf } from '@parley/testing';
import { DataSource } from 'typeorm';
import { photo } from '../../../packages/core/src/catalog/images/fixtures/test-images.fixture';
import { type FakeWooCommerceApi, startFakeWooCommerceApi, wooErrors, wooWebhook } from './fake-woocommerce-api.testing';
import { ORDER_META_KEY } from './services/woocommerce-shop.connector';

const KEY = 'ck_0123456789abcdef0123456789abcdef01234567';
const SECRET = 'cs_0123456789abcdef0123456789abcdef01234567';
const WEBHOOK_SECRET = 'woo-webhook-secret';
const STORE = 'trattoria';
const INTERVAL_MS = 60 * 60_000;

function seedSite(woo: FakeWooCommerceApi) {
  const pizza = woo.put({
    name: 'Pizza Quattro Formaggi',
    description: '<p>Four cheeses</p>',
    images: [{ src: `${woo.url}/images/pizza.png` }],
    manage_stock: true,
    stock_quantity: 10,
    variationList: [
      { id: 9001, sku: 'QF-M', price: '9.90', status: 'publish', manage_stock: 'parent', stock_quantity: null, attributes: [{ name: 'Size', option: 'Medium' }] },
      { id: 9002, sku: 'QF-L', price: '12.9', status: 'publish', manage_stock: true, stock_quantity: 3, attributes: [{ name: 'Size', option: 'Large' }] },
    ],
  });
  const lemonade = woo.put({ name: 'Lemonade', sku: 'LEMON', price: '3.00' });
  const panna = woo.put({ name: 'Panna cotta', sku: 'PANNA', price: '4.50', manage_stock: true, stock_quantity: 6 });
  const hidden = woo.put({ name: 'Staff meal', sku: 'STAFF', price: '0.00', status: 'private' });
  return { pizza, lemonade, panna, hidden };
}

describe('WooCommerce catalog sync (PostgreSQL, Redis)', () => {
  let t: Awaited<ReturnType<typeof createTestApp>>;
  let woo: FakeWooCommerceApi;
  let shop: { id: string; slug: string; ownerKey: string };
  let sync: ReturnType<typeof shopSyncOf>;
  let seeded: ReturnType<typeof seedSite>;
  let dataSource: DataSource;

  const products = () => dataSource.getRepository(Product).find({ where: { storeId: shop.id }, order: { name: 'ASC' } });
  const byExternalId = async (id: number) => (await products()).find((product) => product.externalId === String(id))!;
  const variantsOf = (productId: string) => dataSource.getRepository(Variant).find({ where: { productId }, order: { position: 'ASC' } });
  const post = (webhook: ReturnType<typeof wooWebhook>, headers: Record<string, string> = {}, slug = STORE) =>
    t.http().post(`/webhooks/woocommerce/${slug}`).set({ ...webhook.headers, ...headers }).send(webhook.body);

  beforeAll(async () => {
    woo = await startFakeWooCommerceApi({ consumerKey: KEY, consumerSecret: SECRET });
    woo.pictures.set('pizza.png', await photo(40, 30, 'png', 4));
    t = await createTestApp({
      database: 'postgres',
      redis: true,
      plugins: [
        {
          package: '@parley/plugin-shop-woocommerce',
          options: { pageSize: 2, importIntervalMinutes: INTERVAL_MS / 60_000, stores: [{ storeSlug: STORE, siteUrl: woo.url, consumerKey: KEY, consumerSecret: SECRET, webhookSecret: WEBHOOK_SECRET }] },
        },
      ],
    });
    shop = await t.createStore(STORE);
    await t.get(StoreService).updateSettings(shop.id, { currency: 'EUR' });
    dataSource = t.get(DataSource);
    sync = shopSyncOf(t, shop, 'woocommerce', INTERVAL_MS);
    seeded = seedSite(woo);
  });
  afterAll(async () => {
    await t?.close();
    await woo?.close();
  });

  it('imports the catalog page by page with Basic auth: simple and variable products, prices, stock, pictures; private ones stay out', async () => {
    const state = await sync.fullImport();

    expect(state).toMatchObject({ lastRunKind: 'full', created: 3, failed: 0, lastError: null });
    const pages = woo.requests.filter((request) => request.url.startsWith('/wp-json/wc/v3/products?') && request.url.includes('status=any'));
    expect(pages.map((request) => new URL(request.url, woo.url).searchParams.get('page'))).toEqual(['1', '2']);
    expect(woo.requests.every((request) => request.url.startsWith('/images/') || request.headers.authorization === `Basic ${Buffer.from(`${KEY}:${SECRET}`).toString('base64')}`)).toBe(true);

    const pizza = await byExternalId(seeded.pizza.id);
    expect(pizza).toMatchObject({ name: 'Pizza Quattro Formaggi', description: 'Four cheeses', externalSource: 'woocommerce' });
    expect((await variantsOf(pizza.id)).map((variant) => [variant.sku, variant.options, variant.priceAmount, variant.trackStock, variant.stockOnHand])).toEqual([
      ['QF-M', { size: 'Medium' }, 990, true, 10],
      ['QF-L', { size: 'Large' }, 1290, true, 3],
    ]);
    expect(await variantsOf((await byExternalId(seeded.lemonade.id)).id)).toMatchObject([{ sku: 'LEMON', priceAmount: 300, trackStock: false }]);
    expect(await dataSource.getRepository(ProductImage).countBy({ productId: pizza.id })).toBe(1);
    expect(await byExternalId(seeded.hidden.id)).toBeUndefined();
  });

  it('changes nothing when imported again', async () => {
    // Pictures being resized are catalog changes of their own: let them finish first.
    await eventually(async () => !(await dataSource.getRepository(ProductImage).existsBy({ storeId: shop.id, status: ImageStatus.processing })), 'the pictures to be processed');
    const version = (await t.get(StoreService).get(shop.id)).catalogVersion;
    expect(await sync.fullImport()).toMatchObject({ created: 0, updated: 0, archived: 0, failed: 0 });
    expect((await t.get(StoreService).get(shop.id)).catalogVersion).toBe(version);
  });

  it('imports the changes on schedule: a new price, and a trashed product withdrawn', async () => {
    const before = (await sync.state())!;
    woo.put({ ...seeded.lemonade, price: '3.50' });
    woo.put({ ...seeded.panna, status: 'trash' });

    const state = await sync.scheduledImport();

    expect(state).toMatchObject({ lastRunKind: 'changes', updated: 1, archived: 1, failed: 0 });
    const asked = woo.requests.filter((request) => request.url.includes('modified_after='));
    expect(new URL(asked[0].url, woo.url).searchParams.get('modified_after')).toBe(before.incrementalCursor!.toISOString());
    expect((await variantsOf((await byExternalId(seeded.lemonade.id)).id))[0].priceAmount).toBe(350);
    expect((await byExternalId(seeded.panna.id)).status).toBe('archived');
  });

  it('applies a signed product webhook once per delivery, and refuses unsigned or forged ones', async () => {
    woo.put({ ...seeded.lemonade, name: 'Homemade lemonade' });
    const webhook = wooWebhook({ secret: WEBHOOK_SECRET, topic: 'product.updated', body: { id: seeded.lemonade.id, name: 'Homemade lemonade' }, deliveryId: 'd41d8cd98f00b204e9800998ecf8427e' });

    for (const [headers, code] of [
      [{ 'x-wc-webhook-signature': '' }, 'WEBHOOK_SIGNATURE_MISSING'],
      [{ 'x-wc-webhook-signature': wooWebhook({ secret: 'another-secret', topic: 'product.updated', body: {}, deliveryId: 'x' }).headers['x-wc-webhook-signature'] }, 'WEBHOOK_SIGNATURE_INVALID'],
    ] as const) {
      const refused = await post(webhook, headers);
      expect(refused.status).toBe(401);
      expect(refused.body).toMatchObject({ error: { code } });
    }
    expect((await post(webhook, {}, 'not-a-configured-store')).status).toBe(401);
    await new Promise((done) => setTimeout(done, 300));
    expect((await byExternalId(seeded.lemonade.id)).name).toBe('Lemonade');

    const state = await sync.runDone(() => post(webhook));
    expect(state).toMatchObject({ lastRunKind: 'products', updated: 1 });
    expect((await byExternalId(seeded.lemonade.id)).name).toBe('Homemade lemonade');

    const requests = woo.requests.length;
    expect((await post(webhook)).status).toBe(200);
    await new Promise((done) => setTimeout(done, 500));
    expect(woo.requests).toHaveLength(requests);
  });

  it("waits a 429's Retry-After, then imports", async () => {
    woo.put({ ...seeded.lemonade, name: 'Homemade lemonade', price: '3.80' });
    woo.failNext(wooErrors.rateLimited(1));
    const started = Date.now();

    expect(await sync.scheduledImport()).toMatchObject({ lastErrorCode: 'SHOP_SYNC_FAILED', lastError: expect.stringContaining('429') });
    const state = await sync.runDone(async () => undefined);

    expect(Date.now() - started).toBeGreaterThanOrEqual(1000);
    expect(state).toMatchObject({ lastErrorCode: null, updated: 1 });
  });

  it('creates a chat order in the shop once, with product and variation ids and our order id in its meta', async () => {
    const call = <T>(query: string, variables: Record<string, unknown> = {}) => t.graphql<T>(query, variables, shop.ownerKey);
    const cart = (await call<{ createCart: { id: string } }>('mutation { createCart(input: { customerRef: "whatsapp:393339876543", channel: "whatsapp" }) { id } }')).data!.createCart.id;
    await call('mutation($c: ID!) { addCartLine(cartId: $c, input: { sku: "QF-L", quantity: 2 }) { id } }', { c: cart });
    await call('mutation($c: ID!) { addCartLine(cartId: $c, input: { sku: "LEMON" }) { id } }', { c: cart });
    await call('mutation($c: ID!) { setCartPickup(cartId: $c) { id } }', { c: cart });
    const orderId = (await call<{ placeOrder: { id: string } }>('mutation($c: ID!) { placeOrder(cartId: $c, paymentMethod: "pay_at_pickup") { id } }', { c: cart })).data!.placeOrder.id;

    const pushed = await eventually(async () => {
      const row = await dataSource.getRepository(ShopOrderPush).findOneBy({ connector: 'woocommerce', orderId });
      return row?.status === ShopOrderPushStatus.pushed && row;
    }, 'the order to reach WooCommerce');

    expect(woo.orders).toHaveLength(1);
    expect(woo.orders[0]).toMatchObject({
      id: Number(pushed.externalId),
      status: 'pending',
      set_paid: false,
      meta_data: expect.arrayContaining([{ key: ORDER_META_KEY, value: orderId }]),
    });
    expect(woo.orders[0].line_items).toEqual(
      expect.arrayContaining([
        { product_id: seeded.pizza.id, variation_id: 9002, quantity: 2, subtotal: '25.80', total: '25.80' },
        { product_id: seeded.lemonade.id, quantity: 1, subtotal: '3.80', total: '3.80' },
      ]),
    );
    expect(woo.orders[0].line_items).toHaveLength(2);

    // Run again (a redelivered job, or the row lost): the order is found by its meta, not made twice.
    await dataSource.getRepository(ShopOrderPush).update({ id: pushed.id }, { status: ShopOrderPushStatus.pending, externalId: null });
    await t.get(ShopSyncProcessor).pushOrder({ id: 'again', queue: 'shop-orders', attempt: 1, data: { connector: 'woocommerce', storeId: shop.id, orderId } });
    expect(woo.orders).toHaveLength(1);
    expect((await dataSource.getRepository(ShopOrderPush).findOneByOrFail({ id: pushed.id })).externalId).toBe(pushed.externalId);
  });
});
