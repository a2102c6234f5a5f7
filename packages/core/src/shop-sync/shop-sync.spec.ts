import { resolve } from 'node:path';
import { type ExternalProduct, ExtensionRegistry, PaymentEvents, RetryJobLaterError } from '@parley/plugin-sdk';
import { createTestApp, eventually, shopSyncOf, type TestApp, type TestDatabase } from '@parley/testing';
import { DataSource } from 'typeorm';
import { Product } from '../catalog/product.entity';
import { Variant } from '../catalog/variant.entity';
import { createWorker } from '../app/bootstrap';
import { BullmqJobEngine } from '../jobs/bullmq-job-engine';
import { JOB_ENGINE, JobQueueService } from '../jobs/job-queue.service';
import { QueuedRowRescue } from '../jobs/queued-rows';
import { createRootLogger } from '../logging/logger';
import { StoreService } from '../stores/store.service';
import { shop } from './fixtures/recording-shop.plugin';
import { ShopOrderPush, ShopOrderPushStatus } from './shop-order-push.entity';
import { DEFAULT_IMPORT_INTERVAL_MS, ShopSyncService } from './shop-sync.service';

const product = (id: string, variants: [string, number, number | null][], extra: Partial<ExternalProduct> = {}): ExternalProduct => ({
  externalId: id,
  name: `Product ${id}`,
  imageUrls: [],
  archived: false,
  variants: variants.map(([variantId, amount, stock], index) => ({ externalId: variantId, sku: `SKU-${variantId}`, options: variants.length > 1 ? { size: `s${index}` } : ({} as Record<string, string>), price: { amount, currency: 'EUR' }, stock })),
  ...extra,
});

describe.each<[string, TestDatabase]>([
  ['PostgreSQL', 'postgres'],
  ['SQLite', 'sqlite'],
])('shop catalog sync in the core (%s, database queue)', (_, database) => {
  let t: TestApp;
  let store: { id: string; slug: string; ownerKey: string };
  let sync: ReturnType<typeof shopSyncOf>;
  let dataSource: DataSource;

  const products = () => dataSource.getRepository(Product).find({ where: { storeId: store.id, externalSource: 'recording' }, order: { externalId: 'ASC' } });
  const variants = async (externalId: string) => {
    const found = await dataSource.getRepository(Product).findOneByOrFail({ storeId: store.id, externalId });
    return dataSource.getRepository(Variant).find({ where: { productId: found.id }, order: { position: 'ASC' } });
  };

  beforeAll(async () => {
    t = await createTestApp({ database, plugins: [{ package: resolve(__dirname, 'fixtures/recording-shop.plugin.ts'), options: {} }] });
    store = await t.createStore(`shop-${database}`);
    await t.get(StoreService).updateSettings(store.id, { currency: 'EUR' });
    dataSource = t.get(DataSource);
    sync = shopSyncOf(t, store, 'recording', DEFAULT_IMPORT_INTERVAL_MS);
  });
  afterAll(() => t?.close());
  beforeEach(() => {
    shop.imports.length = 0;
    shop.orders.length = 0;
    shop.yieldMs = 0;
  });

  it('creates, updates, withdraws and brings back products and variants, writing nothing when nothing changed', async () => {
    shop.catalog = [product('1', [['11', 800, 5], ['12', 1100, null]]), product('2', [['21', 450, 3]])];
    expect(await sync.fullImport()).toMatchObject({ created: 2, updated: 0, failed: 0 });
    expect((await variants('1')).map((variant) => [variant.sku, variant.priceAmount, variant.trackStock, variant.stockOnHand])).toEqual([
      ['SKU-11', 800, true, 5],
      ['SKU-12', 1100, false, 0],
    ]);

    const version = (await t.get(StoreService).get(store.id)).catalogVersion;
    expect(await sync.fullImport()).toMatchObject({ created: 0, updated: 0, archived: 0, unchanged: 2 });
    expect((await t.get(StoreService).get(store.id)).catalogVersion).toBe(version);

    // Variant 12 gone and 13 new in the shop; product 2 gone from the shop altogether.
    shop.catalog = [product('1', [['11', 850, 4], ['13', 1300, 1]])];
    expect(await sync.fullImport()).toMatchObject({ updated: 1, archived: 1 });
    expect((await variants('1')).map((variant) => [variant.sku, variant.priceAmount, variant.archivedAt === null])).toEqual([
      ['SKU-11', 850, true],
      ['SKU-12', 1100, false],
      ['SKU-13', 1300, true],
    ]);
    expect((await products()).map((row) => [row.externalId, row.status])).toEqual([
      ['1', 'active'],
      ['2', 'archived'],
    ]);

    // Back in the shop: back on the menu.
    shop.catalog.push(product('2', [['21', 450, 3]]));
    expect(await sync.fullImport()).toMatchObject({ updated: 1, archived: 0 });
    expect((await products()).map((row) => row.status)).toEqual(['active', 'active']);
  });

  it('asks the shop for the changes since the last import, with a minute of overlap', async () => {
    const before = await sync.fullImport();
    const changes = await sync.scheduledImport();
    expect(changes.lastRunKind).toBe('changes');
    expect(shop.imports.at(-1)!.since!.getTime()).toBe(before.incrementalCursor!.getTime());
    expect(before.incrementalCursor!.getTime()).toBeLessThan(before.lastRunAt!.getTime() - 59_000);
  });

  it('refuses a product in another currency or with a SKU another product has, and imports the rest', async () => {
    await t.graphql('mutation { createProduct(input: { name: "Made here", variants: [{ sku: "TAKEN", price: { amount: 100, currency: "EUR" } }] }) { id } }', {}, store.ownerKey);
    shop.catalog = [
      product('1', [['11', 850, 4], ['13', 1300, 1]]),
      product('2', [['21', 450, 3]]),
      product('3', [['31', 999, null]], { variants: [{ externalId: '31', sku: 'USD-1', options: {}, price: { amount: 999, currency: 'USD' }, stock: null }] }),
      product('4', [['41', 100, null]], { variants: [{ externalId: '41', sku: 'TAKEN', options: {}, price: { amount: 100, currency: 'EUR' }, stock: null }] }),
      product('5', [['51', 300, null]]),
    ];

    const state = await sync.fullImport();

    expect(state).toMatchObject({ created: 1, failed: 2, lastErrorCode: 'CURRENCY_MISMATCH' });
    expect(state.lastError).toBe('Product 3: Prices of this store are in EUR, not USD');
    expect((await products()).map((row) => row.externalId)).toEqual(['1', '2', '5']);
  });

  it('imports the products a webhook names, and withdraws those the shop no longer has', async () => {
    shop.catalog = [product('1', [['11', 900, 4], ['13', 1300, 1]])];
    const state = await sync.runDone(() => t.get(ShopSyncService).received({ connector: 'recording', storeSlug: store.slug, productIds: ['1', '2'], deliveryId: `delivery-${database}` }));
    expect(state).toMatchObject({ lastRunKind: 'products', updated: 1, archived: 1 });
    expect(shop.imports.at(-1)).toEqual({ ids: ['1', '2'] });
    expect(await t.get(ShopSyncService).received({ connector: 'recording', storeSlug: store.slug, productIds: ['1'], deliveryId: `delivery-${database}` })).toEqual({ duplicate: true });
  });

  it('queues one import per store and interval slot, however many workers schedule it', async () => {
    const slot = Date.now() + 10 * DEFAULT_IMPORT_INTERVAL_MS;
    const service = t.get(ShopSyncService);
    await sync.runDone(() => Promise.all([service.scheduleDue(slot), service.scheduleDue(slot + 1), service.scheduleDue(slot)]));
    await new Promise((done) => setTimeout(done, 500));
    expect(shop.imports).toHaveLength(1);
  });

  it('lets one run at a time sync a store: a second waits without using an attempt', async () => {
    shop.yieldMs = 150;
    const service = t.get(ShopSyncService);
    const connector = t.get(ExtensionRegistry).get('shop', 'recording');
    const job = { connector: 'recording', storeId: store.id, run: 'full' as const };
    const first = service.run(connector, job);
    await eventually(async () => shop.imports.length === 1, 'the first run to start');

    const second = await service.run(connector, job).catch((error: unknown) => error);

    expect(second).toBeInstanceOf(RetryJobLaterError);
    expect((second as RetryJobLaterError).countsAsAttempt).toBe(false);
    await first;
    expect(shop.imports).toHaveLength(1);
  });

  it('pushes an order paid on pickup when placed, once, with the variants the shop knows', async () => {
    const call = <T>(query: string, variables: Record<string, unknown> = {}) => t.graphql<T>(query, variables, store.ownerKey);
    const cart = (await call<{ createCart: { id: string } }>('mutation { createCart(input: { customerRef: "whatsapp:3933300001", channel: "whatsapp" }) { id } }')).data!.createCart.id;
    await call('mutation($c: ID!) { addCartLine(cartId: $c, input: { sku: "SKU-11", quantity: 2 }) { id } }', { c: cart });
    await call('mutation($c: ID!) { addCartLine(cartId: $c, input: { sku: "TAKEN" }) { id } }', { c: cart });
    await call('mutation($c: ID!) { setCartPickup(cartId: $c) { id } }', { c: cart });
    const orderId = (await call<{ placeOrder: { id: string } }>('mutation($c: ID!) { placeOrder(cartId: $c, paymentMethod: "pay_at_pickup") { id } }', { c: cart })).data!.placeOrder.id;

    const row = await eventually(async () => {
      const found = await dataSource.getRepository(ShopOrderPush).findOneBy({ connector: 'recording', orderId });
      return found?.status === 'pushed' && found;
    }, 'the order to be pushed');

    expect(row.externalId).toBe('shop-order-1');
    expect(shop.orders).toHaveLength(1);
    expect(shop.orders[0]).toMatchObject({
      orderId,
      storeSlug: store.slug,
      orderNumber: expect.stringMatching(/^#\d+$/),
      paid: false,
    });
    // The line of a product made here names no variant of the shop's.
    expect(shop.orders[0].lines).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ sku: 'SKU-11', externalProductId: '1', externalVariantId: '11', quantity: 2, unitPrice: { amount: 900, currency: 'EUR' } }),
        expect.objectContaining({ sku: 'TAKEN', externalProductId: undefined, externalVariantId: undefined, quantity: 1 }),
      ]),
    );
  });

  it('pushes an order paid online only once it is paid: an unpaid link may expire', async () => {
    const queue = t.get(JobQueueService);
    const lookedAt = (await queue.counts())['shop-orders'].completed;
    const call = <T>(query: string, variables: Record<string, unknown> = {}) => t.graphql<T>(query, variables, store.ownerKey);
    const cart = (await call<{ createCart: { id: string } }>('mutation { createCart(input: { customerRef: "whatsapp:3933300002", channel: "whatsapp" }) { id } }')).data!.createCart.id;
    await call('mutation($c: ID!) { addCartLine(cartId: $c, input: { sku: "SKU-11" }) { id } }', { c: cart });
    await call('mutation($c: ID!) { setCartPickup(cartId: $c) { id } }', { c: cart });
    const orderId = (await call<{ placeOrder: { id: string } }>('mutation($c: ID!) { placeOrder(cartId: $c, paymentMethod: "linkpay") { id } }', { c: cart })).data!.placeOrder.id;
    const link = await call<{ createPaymentLink: { providerReference: string } }>('mutation($id: ID!) { createPaymentLink(orderId: $id) { providerReference } }', { id: orderId });
    await eventually(async () => (await queue.counts())['shop-orders'].completed > lookedAt, 'the placed order to be looked at');
    expect(shop.orders).toHaveLength(0);

    await t.get(PaymentEvents).receive('linkpay', [
      { eventId: `paid-${orderId}`, kind: 'succeeded', providerReference: link.data!.createPaymentLink.providerReference, orderId, storeId: store.id, amount: { amount: 900, currency: 'EUR' }, occurredAt: new Date() },
    ]);

    await eventually(async () => shop.orders.length === 1, 'the paid order to be pushed');
    expect(shop.orders[0]).toMatchObject({ orderId, paid: true });
  });
});

describe('order pushes whose job the queue lost (PostgreSQL, BullMQ on Redis)', () => {
  it('are queued again under their own job id and pushed once by a worker', async () => {
    shop.orders.length = 0;
    // The API alone, as in production with Redis: it queues, a worker pushes.
    const api = await createTestApp({ database: 'postgres', redis: true, runWorkers: false, plugins: [{ package: resolve(__dirname, 'fixtures/recording-shop.plugin.ts'), options: {} }] });
    try {
      // The recording shop serves stores whose slug starts with "shop-".
      const store = await api.createStore('shop-lost-jobs');
      await api.get(StoreService).updateSettings(store.id, { currency: 'EUR' });
      const call = <T>(query: string, variables: Record<string, unknown> = {}) => api.graphql<T>(query, variables, store.ownerKey);
      await call('mutation { createProduct(input: { name: "Focaccia", variants: [{ sku: "FOC", price: { amount: 650, currency: "EUR" } }] }) { id } }');
      const cart = (await call<{ createCart: { id: string } }>('mutation { createCart(input: { customerRef: "whatsapp:3933300009", channel: "whatsapp" }) { id } }')).data!.createCart.id;
      await call('mutation($c: ID!) { addCartLine(cartId: $c, input: { sku: "FOC" }) { id } }', { c: cart });
      await call('mutation($c: ID!) { setCartPickup(cartId: $c) { id } }', { c: cart });
      const orderId = (await call<{ placeOrder: { id: string } }>('mutation($c: ID!) { placeOrder(cartId: $c, paymentMethod: "pay_at_pickup") { id } }', { c: cart })).data!.placeOrder.id;

      const rows = api.get(DataSource).getRepository(ShopOrderPush);
      const row = await eventually(() => rows.findOneBy({ connector: 'recording', orderId }), 'the push to be queued');
      expect(row).toMatchObject({ status: ShopOrderPushStatus.pending, jobId: `shop-order-recording-${orderId}-placed`, queuedAt: expect.any(Date) });
      // Redis loses the job (a restart without persistence, a flush).
      const queue = (api.get(JOB_ENGINE) as BullmqJobEngine).queues().find((candidate) => candidate.name === 'shop-orders')!;
      // The row is written before its job is added: the job is there a moment later.
      await eventually(() => queue.getJob(row.jobId!), 'the push job on the queue');
      await queue.remove(row.jobId!);
      expect(await queue.getJob(row.jobId!)).toBeUndefined();

      // What the sweep does for a row that waited a minute, and a reconnection for every unsettled row.
      expect(await api.get(QueuedRowRescue).sweep(0)).toBe(1);
      expect(await queue.getJob(row.jobId!)).toBeDefined();

      const worker = await createWorker({ ...api.config, runWorkers: true }, { logger: createRootLogger('silent') });
      try {
        const pushed = await eventually(async () => {
          const now = await rows.findOneByOrFail({ id: row.id });
          return now.status === ShopOrderPushStatus.pushed && now.queuedAt === null && now;
        }, 'the lost push to be done');
        expect(pushed.externalId).toBe('shop-order-1');
        expect(shop.orders.map((order) => order.orderId)).toEqual([orderId]);
        expect(await api.get(QueuedRowRescue).sweep(0)).toBe(0);
      } finally {
        await worker.app.close();
      }
    } finally {
      await api.close();
    }
  });
});

