import { ImageStatus, Product, ProductImage, ShopOrderPush, ShopOrderPushStatus, ShopSyncProcessor, StoreService, Variant } from '@parley/core';
import { createTestApp, eventually, shopSyncOf, type TestDatabase } from '@parley/testing';
import { DataSource, In } from 'typeorm';
import { photo } from '../../../packages/core/src/catalog/images/fixtures/test-images.fixture';
import { type FakeShopifyApi, shopifyErrors, shopifyWebhook, startFakeShopifyApi } from './fake-shopify-api.testing';

const TOKEN = 'shpat_test_0123456789abcdef';
const SECRET = 'shopify-app-secret-key';
const DOMAIN = 'marios.myshopify.com';
const STORE = 'marios';
const INTERVAL_MINUTES = 60;

/** The platform with the Shopify plugin pointed at the fake, and the store it serves (in EUR). */
async function platform(database: TestDatabase, redis: boolean) {
  const shopify = await startFakeShopifyApi({ accessToken: TOKEN });
  for (const [name, seed] of [['margherita.png', 1], ['diavola.png', 2], ['tiramisu.png', 3]] as const) shopify.pictures.set(name, await photo(40, 30, 'png', seed));
  const t = await createTestApp({
    database,
    redis,
    plugins: [
      {
        package: '@parley/plugin-shop-shopify',
        options: { pageSize: 2, importIntervalMinutes: INTERVAL_MINUTES, shops: [{ storeSlug: STORE, shopDomain: DOMAIN, accessToken: TOKEN, webhookSecret: SECRET, apiBaseUrl: shopify.url }] },
      },
    ],
  });
  const shop = await t.createStore(STORE);
  await t.get(StoreService).updateSettings(shop.id, { currency: 'EUR' });
  const dataSource = t.get(DataSource);
  const { state, runDone, fullImport, scheduledImport } = shopSyncOf(t, shop, 'shopify', INTERVAL_MINUTES * 60_000);
  const products = () => dataSource.getRepository(Product).find({ where: { storeId: shop.id }, order: { name: 'ASC' } });
  const variantsOf = (productId: string) => dataSource.getRepository(Variant).find({ where: { productId }, order: { position: 'ASC' } });
  const catalogVersion = async () => (await t.get(StoreService).get(shop.id)).catalogVersion;
  return { t, shopify, shop, dataSource, state, runDone, fullImport, scheduledImport, products, variantsOf, catalogVersion };
}

function seedShop(shopify: FakeShopifyApi) {
  const margherita = shopify.put({
    title: 'Margherita',
    body_html: '<p>Tomato, <strong>mozzarella</strong> &amp; basil</p>',
    options: [{ name: 'Size', position: 1 }],
    images: [{ src: `${shopify.url}/images/margherita.png` }],
    variants: [
      { sku: 'MARG-S', price: '8.50', option1: 'Small', inventory_quantity: 12 },
      { sku: 'MARG-L', price: '11.00', option1: 'Large', inventory_quantity: 5 },
    ],
  });
  const diavola = shopify.put({ title: 'Diavola', images: [{ src: `${shopify.url}/images/diavola.png` }], variants: [{ sku: 'DIAV', price: '10.5', inventory_management: null }] });
  const tiramisu = shopify.put({ title: 'Tiramisu', variants: [{ sku: '', price: '5.00', inventory_quantity: -2 }] });
  const draft = shopify.put({ title: 'Calzone (not yet)', status: 'draft', variants: [{ sku: 'CALZ', price: '9.00' }] });
  return { margherita, diavola, tiramisu, draft };
}

describe('Shopify catalog sync (PostgreSQL, Redis)', () => {
  let p: Awaited<ReturnType<typeof platform>>;
  let seeded: ReturnType<typeof seedShop>;

  beforeAll(async () => {
    p = await platform('postgres', true);
    seeded = seedShop(p.shopify);
  });
  afterAll(async () => {
    await p?.t.close();
    await p?.shopify.close();
  });

  it('imports the whole catalog page by page: products, variants with prices in cents, stock, pictures; drafts stay out', async () => {
    const state = await p.fullImport();

    expect(state).toMatchObject({ lastRunKind: 'full', created: 3, failed: 0, lastError: null });
    expect(state.lastFullImportAt).toBeInstanceOf(Date);
    // Four products at two a page: the Link header's page_info was followed, with only limit beside it.
    const pages = p.shopify.requests.filter((request) => request.url.includes('/products.json'));
    expect(pages).toHaveLength(2);
    expect(pages[1].url).toMatch(/\?limit=2&page_info=/);
    expect(pages.every((request) => request.headers['x-shopify-access-token'] === TOKEN)).toBe(true);

    const [diavola, margherita, tiramisu] = await p.products();
    expect([diavola.name, margherita.name, tiramisu.name]).toEqual(['Diavola', 'Margherita', 'Tiramisu']);
    expect(margherita).toMatchObject({ externalSource: 'shopify', externalId: String(seeded.margherita.id), description: 'Tomato, mozzarella & basil', status: 'active' });
    expect((await p.variantsOf(margherita.id)).map((variant) => [variant.sku, variant.options, variant.priceAmount, variant.currency, variant.trackStock, variant.stockOnHand])).toEqual([
      ['MARG-S', { size: 'Small' }, 850, 'EUR', true, 12],
      ['MARG-L', { size: 'Large' }, 1100, 'EUR', true, 5],
    ]);
    // Stock Shopify doesn't count is not counted here; an oversold shop's -2 is sold out; no SKU gets one made up.
    expect(await p.variantsOf(diavola.id)).toMatchObject([{ sku: 'DIAV', priceAmount: 1050, options: {}, trackStock: false }]);
    expect(await p.variantsOf(tiramisu.id)).toMatchObject([{ sku: `shopify-${seeded.tiramisu.variants[0].id}`, priceAmount: 500, trackStock: true, stockOnHand: 0 }]);
    const images = await p.dataSource.getRepository(ProductImage).findBy({ productId: In([margherita.id, diavola.id]) });
    expect(images.map((image) => [image.productId, image.mimeType, image.width])).toEqual(
      expect.arrayContaining([
        [margherita.id, 'image/png', 40],
        [diavola.id, 'image/png', 40],
      ]),
    );
  });

  it('changes nothing when the same catalog is imported again', async () => {
    // Pictures being resized are catalog changes of their own: let them finish first.
    await eventually(async () => !(await p.dataSource.getRepository(ProductImage).existsBy({ storeId: p.shop.id, status: ImageStatus.processing })), 'the pictures to be processed');
    const version = await p.catalogVersion();
    const before = await p.products();
    const pictures = p.shopify.requests.filter((request) => request.url.startsWith('/images/')).length;

    const state = await p.fullImport();

    // The draft is listed too, and left out again.
    expect(state).toMatchObject({ created: 0, updated: 0, archived: 0, unchanged: 4, failed: 0 });
    expect(await p.catalogVersion()).toBe(version);
    expect((await p.products()).map((product) => product.updatedAt)).toEqual(before.map((product) => product.updatedAt));
    expect(p.shopify.requests.filter((request) => request.url.startsWith('/images/'))).toHaveLength(pictures);
    expect(await p.dataSource.getRepository(ProductImage).countBy({ storeId: p.shop.id })).toBe(2);
  });

  it('imports only the changes on schedule: a new price and an archived product', async () => {
    const imported = (await p.state())!;
    p.shopify.put({ ...seeded.margherita, variants: [{ ...seeded.margherita.variants[0], price: '9.25' }, seeded.margherita.variants[1]] });
    p.shopify.put({ ...seeded.diavola, status: 'archived' });

    const from = p.shopify.requests.length;
    const state = await p.scheduledImport();

    expect(state).toMatchObject({ lastRunKind: 'changes', updated: 1, archived: 1, failed: 0 });
    const asked = p.shopify.requests.slice(from).find((request) => request.url.includes('/products.json'))!;
    expect(new URL(asked.url, p.shopify.url).searchParams.get('updated_at_min')).toBe(new Date(imported.incrementalCursor!).toISOString());
    const [diavola, margherita] = await p.products();
    expect(diavola.status).toBe('archived');
    expect((await p.variantsOf(margherita.id)).map((variant) => variant.priceAmount)).toEqual([925, 1100]);
  });

  it('removes from the store a picture removed from the product in the shop, on the next import of changes', async () => {
    const pictured = p.shopify.put({
      title: 'Quattro stagioni',
      images: [{ src: `${p.shopify.url}/images/margherita.png` }, { src: `${p.shopify.url}/images/tiramisu.png` }],
      variants: [{ sku: 'QUAT', price: '12.00' }],
    });
    await p.scheduledImport();
    const product = (await p.products()).find((candidate) => candidate.externalId === String(pictured.id))!;
    const images = () => p.dataSource.getRepository(ProductImage).find({ where: { productId: product.id }, order: { createdAt: 'ASC' } });
    const [kept, removed] = await images();
    expect([kept, removed].every(Boolean)).toBe(true);

    p.shopify.put({ ...pictured, images: [{ src: `${p.shopify.url}/images/margherita.png` }] });
    const state = await p.scheduledImport();

    expect(state).toMatchObject({ updated: 1, failed: 0, lastError: null });
    expect((await images()).map((image) => image.id)).toEqual([kept.id]);
  });

  it('imports a description of any length whole (the catalog sets none), and refuses only a product whose name is too long', async () => {
    const essay = `<p>${'Slow-proofed dough, San Marzano tomatoes and fior di latte. '.repeat(2000)}</p>`;
    const long = p.shopify.put({ title: 'Pizza della nonna', body_html: essay, variants: [{ sku: 'NONNA', price: '13.00' }] });
    const tooLong = p.shopify.put({ title: `Pizza ${'x'.repeat(240)}`, variants: [{ sku: 'LONGNAME', price: '9.00' }] });

    const state = await p.scheduledImport();

    // The catalog's limit is on names (200 characters; Shopify takes 255): that product alone is refused, saying why.
    expect(state).toMatchObject({ failed: 1, lastErrorCode: 'BAD_USER_INPUT', lastError: `Product ${tooLong.id}: A product name is at most 200 characters` });
    expect((await p.products()).some((product) => product.externalId === String(tooLong.id))).toBe(false);
    const nonna = (await p.products()).find((product) => product.externalId === String(long.id))!;
    expect(nonna.description).toBe('Slow-proofed dough, San Marzano tomatoes and fior di latte. '.repeat(2000).trim());
    expect(nonna.description!.length).toBeGreaterThan(100_000);
    p.shopify.products.delete(tooLong.id);
  });

  it('applies a product webhook once its signature verifies, once per delivery', async () => {
    p.shopify.put({ ...seeded.tiramisu, title: 'Tiramisù della casa', variants: [{ ...seeded.tiramisu.variants[0], inventory_quantity: 7 }] });
    const webhook = shopifyWebhook({ secret: SECRET, topic: 'products/update', shopDomain: DOMAIN, body: { id: seeded.tiramisu.id, title: 'Tiramisù della casa' }, webhookId: 'b54557e4-bdd9-4b37-8a5f-bf7d70bcd043' });

    const state = await p.runDone(async () => {
      const response = await p.t.http().post('/webhooks/shopify').set(webhook.headers).send(webhook.body);
      expect(response.status).toBe(200);
    });

    expect(state).toMatchObject({ lastRunKind: 'products', updated: 1 });
    const tiramisu = (await p.products()).find((product) => product.externalId === String(seeded.tiramisu.id))!;
    expect(tiramisu.name).toBe('Tiramisù della casa');
    expect((await p.variantsOf(tiramisu.id))[0].stockOnHand).toBe(7);

    // Shopify delivers at least once: the same delivery again is acknowledged and not acted on.
    const asked = p.shopify.requests.length;
    const again = await p.t.http().post('/webhooks/shopify').set(webhook.headers).send(webhook.body);
    expect(again.status).toBe(200);
    await new Promise((done) => setTimeout(done, 500));
    expect(p.shopify.requests).toHaveLength(asked);
    expect((await p.state())!.lastRunAt).toEqual(state.lastRunAt);
  });

  it('archives a product the shop deleted when its products/delete webhook arrives', async () => {
    const margherita = seeded.margherita;
    p.shopify.products.delete(margherita.id);
    const webhook = shopifyWebhook({ secret: SECRET, topic: 'products/delete', shopDomain: DOMAIN, body: { id: margherita.id }, webhookId: 'delete-1' });

    const state = await p.runDone(() => p.t.http().post('/webhooks/shopify').set(webhook.headers).send(webhook.body));

    expect(state).toMatchObject({ lastRunKind: 'products', archived: 1 });
    expect((await p.products()).find((product) => product.externalId === String(margherita.id))?.status).toBe('archived');
  });

  it.each([
    ['no signature', { 'x-shopify-hmac-sha256': '' }, 'WEBHOOK_SIGNATURE_MISSING'],
    ['a signature made with another secret', { 'x-shopify-hmac-sha256': shopifyWebhook({ secret: 'not-the-secret', topic: 'products/update', shopDomain: DOMAIN, body: {}, webhookId: 'x' }).headers['x-shopify-hmac-sha256'] }, 'WEBHOOK_SIGNATURE_INVALID'],
    ['a shop domain that is not configured', { 'x-shopify-shop-domain': 'someone-else.myshopify.com' }, 'WEBHOOK_SIGNATURE_INVALID'],
  ])('refuses a webhook with %s (401) and changes nothing', async (_, override, code) => {
    const version = await p.catalogVersion();
    const requests = p.shopify.requests.length;
    const webhook = shopifyWebhook({ secret: SECRET, topic: 'products/update', shopDomain: DOMAIN, body: { id: seeded.diavola.id }, webhookId: `forged-${code}` });

    const response = await p.t.http().post('/webhooks/shopify').set({ ...webhook.headers, ...override }).send(webhook.body);

    expect(response.status).toBe(401);
    expect(response.body).toMatchObject({ error: { code } });
    await new Promise((done) => setTimeout(done, 300));
    expect(p.shopify.requests).toHaveLength(requests);
    expect(await p.catalogVersion()).toBe(version);
  });

  it("waits out Shopify's 429 for its Retry-After, then imports", async () => {
    p.shopify.failNext(shopifyErrors.rateLimited(1));
    const started = Date.now();
    p.shopify.put({ ...p.shopify.products.get(seeded.tiramisu.id)!, variants: [{ ...p.shopify.products.get(seeded.tiramisu.id)!.variants[0], price: '5.50' }] });

    const limited = await p.scheduledImport();
    expect(limited).toMatchObject({ lastErrorCode: 'SHOP_SYNC_FAILED', lastError: expect.stringContaining('429') });
    // The same job again, once the wait is over: nothing queues it but its retry.
    const state = await p.runDone(async () => undefined);

    expect(Date.now() - started).toBeGreaterThanOrEqual(1000);
    expect(state).toMatchObject({ lastErrorCode: null, updated: 1 });
    const tiramisu = (await p.products()).find((product) => product.externalId === String(seeded.tiramisu.id))!;
    expect((await p.variantsOf(tiramisu.id))[0].priceAmount).toBe(550);
  });

  it('records a shop priced in another currency and converts nothing', async () => {
    p.shopify.currency = 'USD';
    p.shopify.put({ ...p.shopify.products.get(seeded.tiramisu.id)!, variants: [{ ...p.shopify.products.get(seeded.tiramisu.id)!.variants[0], price: '6.00' }] });

    const state = await p.scheduledImport();
    p.shopify.currency = 'EUR';

    // Every product changed lately is refused, none applied.
    expect(state).toMatchObject({ updated: 0, lastErrorCode: 'CURRENCY_MISMATCH' });
    expect(state.failed).toBeGreaterThanOrEqual(1);
    expect(state.lastError).toContain('EUR');
    const status = await p.t.graphql<{ shopSyncStatus: { connector: string; failed: number; lastErrorCode: string }[] }>('{ shopSyncStatus { connector failed lastErrorCode lastRunAt } }', {}, p.shop.ownerKey);
    expect(status.data!.shopSyncStatus).toEqual([expect.objectContaining({ connector: 'shopify', failed: state.failed, lastErrorCode: 'CURRENCY_MISMATCH' })]);
    const tiramisu = (await p.products()).find((product) => product.externalId === String(seeded.tiramisu.id))!;
    expect((await p.variantsOf(tiramisu.id))[0].priceAmount).toBe(550);
  });

  it('names an unknown shop plugin, and shows no shop for a store no shop plugin serves', async () => {
    const unknown = await p.t.graphql('mutation { startShopImport(connector: "magento") { connector } }', {}, p.shop.ownerKey);
    expect(unknown.errors?.[0].extensions?.code).toBe('UNKNOWN_SHOP_CONNECTOR');
    // The test app's first store has no Shopify shop.
    const elsewhere = await p.t.graphql<{ shopSyncStatus: unknown[] }>('{ shopSyncStatus { connector } }');
    expect(elsewhere.data!.shopSyncStatus).toEqual([]);
  });

  it('creates a chat order in the shop once, with its variants, even when the push runs twice or its answer is lost', async () => {
    const call = <T>(query: string, variables: Record<string, unknown>) => p.t.graphql<T>(query, variables, p.shop.ownerKey);
    const cart = (await call<{ createCart: { id: string } }>('mutation { createCart(input: { customerRef: "whatsapp:393331234567", channel: "whatsapp" }) { id } }', {})).data!.createCart.id;
    await call('mutation($c: ID!, $sku: String!) { addCartLine(cartId: $c, input: { sku: $sku, quantity: 2 }) { id } }', { c: cart, sku: `shopify-${seeded.tiramisu.variants[0].id}` });
    await call('mutation($c: ID!) { setCartPickup(cartId: $c) { id } }', { c: cart });
    // The order is created, but Shopify's answer is lost: the retry must find it rather than make another.
    p.shopify.failNext('ok', { ...shopifyErrors.serverError(), afterApplying: true });
    const placed = await call<{ placeOrder: { id: string; number: number } }>('mutation($c: ID!) { placeOrder(cartId: $c, paymentMethod: "pay_at_pickup") { id number } }', { c: cart });
    const orderId = placed.data!.placeOrder.id;

    const pushed = await eventually(async () => {
      const row = await p.dataSource.getRepository(ShopOrderPush).findOneBy({ connector: 'shopify', orderId });
      return row?.status === ShopOrderPushStatus.pushed && row;
    }, 'the order to reach Shopify', 30_000);

    expect(p.shopify.orders).toHaveLength(1);
    const [order] = p.shopify.orders;
    expect(pushed.externalId).toBe(String(order.id));
    expect(order).toMatchObject({
      financial_status: 'pending',
      line_items: [{ variant_id: seeded.tiramisu.variants[0].id, quantity: 2, price: '5.50' }],
      note: expect.stringContaining(`#${placed.data!.placeOrder.number}`),
    });
    expect(order.tags).toContain(`parley-${orderId}`);

    // The job run again (a redelivery) finds the order pushed and calls nothing.
    const requests = p.shopify.requests.length;
    await p.t.get(ShopSyncProcessor).pushOrder({ id: 'again', queue: 'shop-orders', attempt: 1, data: { connector: 'shopify', storeId: p.shop.id, orderId } });
    expect(p.shopify.requests).toHaveLength(requests);
    expect(p.shopify.orders).toHaveLength(1);
  });

  it('stops at once when Shopify refuses the token, keeping the reason', async () => {
    p.shopify.failNext(shopifyErrors.unauthorized());
    const state = await p.fullImport();
    expect(state).toMatchObject({ lastErrorCode: 'SHOP_SYNC_FAILED', lastError: expect.stringContaining('401') });
  });
});

describe('Shopify catalog sync (SQLite, database queue)', () => {
  let p: Awaited<ReturnType<typeof platform>>;

  beforeAll(async () => {
    p = await platform('sqlite', false);
  });
  afterAll(async () => {
    await p?.t.close();
    await p?.shopify.close();
  });

  it('imports the catalog, again without changes, and pushes an order', async () => {
    const seeded = seedShop(p.shopify);
    expect(await p.fullImport()).toMatchObject({ created: 3, failed: 0 });
    expect(await p.fullImport()).toMatchObject({ created: 0, updated: 0, unchanged: 4 });

    const call = <T>(query: string, variables: Record<string, unknown> = {}) => p.t.graphql<T>(query, variables, p.shop.ownerKey);
    const cart = (await call<{ createCart: { id: string } }>('mutation { createCart(input: { customerRef: "web:1", channel: "webchat" }) { id } }')).data!.createCart.id;
    await call('mutation($c: ID!) { addCartLine(cartId: $c, input: { sku: "DIAV" }) { id } }', { c: cart });
    await call('mutation($c: ID!) { setCartPickup(cartId: $c) { id } }', { c: cart });
    await call('mutation($c: ID!) { placeOrder(cartId: $c, paymentMethod: "pay_at_pickup") { id } }', { c: cart });

    await eventually(async () => p.shopify.orders.length === 1, 'the order to reach Shopify');
    expect(p.shopify.orders[0].line_items).toEqual([{ variant_id: seeded.diavola.variants[0].id, quantity: 1, price: '10.50' }]);
  });
});
