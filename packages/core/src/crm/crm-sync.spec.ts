import { resolve } from 'node:path';
import { type CrmOrder, CrmSyncError, RetryJobLaterError } from '@parley/plugin-sdk';
import { chatCustomer, createTestApp, eventually, RECORDING_CHANNEL_PLUGIN, type TestApp } from '@parley/testing';
import { DataSource } from 'typeorm';
import { Contact } from '../conversations/contact.entity';
import { ContactIdentity } from '../conversations/contact-identity.entity';
import { createWorker } from '../app/bootstrap';
import { UnitOfWork } from '../database/unit-of-work';
import { BullmqJobEngine } from '../jobs/bullmq-job-engine';
import { JOB_ENGINE, JobQueueService } from '../jobs/job-queue.service';
import { QueuedRowRescue, REQUEUE_AFTER_MS } from '../jobs/queued-rows';
import { createRootLogger } from '../logging/logger';
import { OrderStatus } from '../orders/order-status';
import { StoreService } from '../stores/store.service';
import { CrmSyncProcessor } from './crm-sync.processor';
import { CrmSync, CrmSyncStatus } from './crm-sync.entity';
import { dealStageOf } from './crm-sync.service';
import { crm } from './fixtures/recording-crm.plugin';

const OTHER_STORE = 'crm-second-shop';

describe('CRM sync (PostgreSQL, database queue)', () => {
  let t: TestApp;
  let dataSource: DataSource;
  let other: { id: string; slug: string; ownerKey: string };

  beforeAll(async () => {
    t = await createTestApp({
      database: 'postgres',
      plugins: [
        { package: RECORDING_CHANNEL_PLUGIN, options: { channel: 'whatsapp', channelUserIdIsPhone: true } },
        // "alpha" serves every store; "beta" only the second shop.
        { package: resolve(__dirname, 'fixtures/recording-crm.plugin.ts'), options: { connectors: [{ code: 'alpha' }, { code: 'beta', stores: [OTHER_STORE] }] } },
      ],
    });
    dataSource = t.get(DataSource);
    other = await t.createStore(OTHER_STORE);
    await t.get(StoreService).updateSettings(t.store.id, { currency: 'EUR' });
    await t.graphql('mutation { createProduct(input: { name: "Tiramisu", variants: [{ sku: "TIRA", price: { amount: 550, currency: "EUR" } }] }) { id } }');
  });
  afterAll(() => t?.close());
  beforeEach(() => {
    crm.calls.length = 0;
    crm.failures.length = 0;
    crm.recordOrderMs = 0;
  });

  const number = () => `39333${Math.floor(Math.random() * 1e7).toString().padStart(7, '0')}`;
  const contactIdOf = async (channelUserId: string) => (await dataSource.getRepository(ContactIdentity).findOneByOrFail({ channel: 'whatsapp', channelUserId })).contactId;
  const sync = (connector: string, subjectId: string) => dataSource.getRepository(CrmSync).findOneBy({ connector, subjectId });
  const synced = (connector: string, subjectId: string, status = CrmSyncStatus.synced) =>
    eventually(async () => {
      const row = await sync(connector, subjectId);
      return row?.status === status && row;
    }, `${connector} to reach ${status}`);
  const ordersRecorded = () => crm.calls.filter((call) => call.call === 'recordOrder').map((call) => call.input as CrmOrder);

  async function placeOrder(customerRef: string, channel = 'whatsapp') {
    const cart = (await t.graphql<{ createCart: { id: string } }>('mutation($ref: String!, $ch: String) { createCart(input: { customerRef: $ref, channel: $ch }) { id } }', { ref: customerRef, ch: channel })).data!.createCart.id;
    await t.graphql('mutation($c: ID!) { addCartLine(cartId: $c, input: { sku: "TIRA" }) { id } }', { c: cart });
    await t.graphql('mutation($c: ID!) { setCartPickup(cartId: $c) { id } }', { c: cart });
    return (await t.graphql<{ placeOrder: { id: string } }>('mutation($c: ID!) { placeOrder(cartId: $c, paymentMethod: "pay_at_pickup") { id } }', { c: cart })).data!.placeOrder.id;
  }
  const move = (id: string, status: string, reason?: string) =>
    t.graphql('mutation($id: ID!, $s: OrderStatus!, $r: String) { changeOrderStatus(id: $id, status: $s, reason: $r) { status } }', { id, s: status, r: reason });

  it("syncs a new contact to each CRM that serves its store, keeping each CRM's id; the contact shows the first CRM's", async () => {
    const here = chatCustomer(t, { channel: 'whatsapp', channelUserId: number(), name: 'Ana' });
    await here.say('hi');
    const hereId = await contactIdOf(here.channelUserId);
    await synced('alpha', hereId);

    const there = chatCustomer(t, { channel: 'whatsapp', channelUserId: number(), storeSlug: OTHER_STORE, name: 'Bo' });
    await there.say('hi');
    const thereId = await contactIdOf(there.channelUserId);
    const alpha = await synced('alpha', thereId);
    const beta = await synced('beta', thereId);

    expect(await sync('beta', hereId)).toBeNull();
    expect(alpha.crmId).toBe(`alpha-contact-${thereId}`);
    expect(beta.crmId).toBe(`beta-contact-${thereId}`);
    expect((await dataSource.getRepository(Contact).findOneByOrFail({ id: thereId })).crmId).toBe(alpha.crmId);
    expect(crm.calls.find((call) => call.connector === 'beta')?.input).toEqual({
      storeId: other.id,
      storeSlug: OTHER_STORE,
      contactId: thereId,
      name: 'Bo',
      phone: `+${there.channelUserId}`,
    });
  });

  it('records the sync in the transaction that places the order, so a process that dies before queueing loses nothing', async () => {
    const customer = chatCustomer(t, { channel: 'whatsapp', channelUserId: number() });
    await customer.say('hi');
    // Writers run in the order they were added: this one, added after the CRM sync's, sees what the order's own
    // transaction holds before it commits.
    const seenInTransaction = new Map<string, CrmSync | null>();
    t.get(UnitOfWork).writeWith('order.placed', async (tx, { orderId }) => {
      seenInTransaction.set(orderId, await tx.manager.findOneBy(CrmSync, { connector: 'alpha', subject: 'order', subjectId: orderId }));
    });
    const orderId = await placeOrder(`whatsapp:${customer.channelUserId}`);

    expect(seenInTransaction.get(orderId)).toMatchObject({ status: CrmSyncStatus.pending, jobId: `crm-alpha-order-${orderId}-placed`, queuedAt: expect.any(Date) });
    // Only the CRMs that serve the store.
    expect(await sync('beta', orderId)).toBeNull();
    await synced('alpha', orderId);
  });

  it('records an order against its contact, the deal moving with the order: open, won when picked up', async () => {
    const customer = chatCustomer(t, { channel: 'whatsapp', channelUserId: number() });
    await customer.say('hi');
    const contactId = await contactIdOf(customer.channelUserId);
    await synced('alpha', contactId);

    const orderId = await placeOrder(`whatsapp:${customer.channelUserId}`);
    await synced('alpha', orderId);
    for (const status of [OrderStatus.confirmed, OrderStatus.preparing, OrderStatus.ready, OrderStatus.picked_up]) expect((await move(orderId, status)).errors).toBeUndefined();
    await eventually(async () => ordersRecorded().length === 2, 'the order to be recorded again');

    const [placed, pickedUp] = ordersRecorded();
    expect(placed).toMatchObject({
      orderId,
      orderNumber: expect.stringMatching(/^#\d+$/),
      contact: { contactId, crmId: `alpha-contact-${contactId}`, phone: `+${customer.channelUserId}` },
      total: { amount: 550, currency: 'EUR' },
      status: 'placed',
      stage: 'open',
    });
    expect(placed.crmId).toBeUndefined();
    expect(pickedUp).toMatchObject({ status: 'picked_up', stage: 'won', crmId: `alpha-deal-${orderId}` });
    // A contact already in the CRM is not upserted again for its orders.
    expect(crm.calls.filter((call) => call.call === 'upsertContact')).toHaveLength(1);
  });

  it('syncs the contact first when its order reaches a CRM before it did, and closes a cancelled order as lost', async () => {
    const customer = chatCustomer(t, { channel: 'whatsapp', channelUserId: number() });
    crm.failures.push(new CrmSyncError('The CRM refused the contact', false));
    await customer.say('hi');
    const contactId = await contactIdOf(customer.channelUserId);
    await synced('alpha', contactId, CrmSyncStatus.failed);

    const orderId = await placeOrder(`whatsapp:${customer.channelUserId}`);
    await synced('alpha', orderId);
    expect((await sync('alpha', contactId))?.status).toBe(CrmSyncStatus.synced);
    expect((await move(orderId, OrderStatus.cancelled, 'Out of tiramisu')).errors).toBeUndefined();
    await eventually(async () => ordersRecorded().length === 2, 'the cancellation to be recorded');
    expect(ordersRecorded().map((order) => order.stage)).toEqual(['open', 'lost']);
  });

  it('keeps a permanent failure with its reason and does not retry it', async () => {
    const customer = chatCustomer(t, { channel: 'whatsapp', channelUserId: number() });
    const failedBefore = (await t.get(JobQueueService).counts())['crm-sync'].failed;
    crm.failures.push(new CrmSyncError('CRM answered 401 INVALID_AUTHENTICATION', false, undefined, 'INVALID_AUTHENTICATION'));
    await customer.say('hi');

    const row = await synced('alpha', await contactIdOf(customer.channelUserId), CrmSyncStatus.failed);

    expect(row).toMatchObject({ lastError: 'CRM answered 401 INVALID_AUTHENTICATION', crmId: null });
    await eventually(async () => (await t.get(JobQueueService).counts())['crm-sync'].failed === failedBefore + 1, 'the job to fail');
    expect(crm.calls).toHaveLength(1);
  });

  it("retries after the CRM's Retry-After, then syncs", async () => {
    const customer = chatCustomer(t, { channel: 'whatsapp', channelUserId: number() });
    crm.failures.push(new CrmSyncError('Rate limited', true, 700, 'RATE_LIMITS'));
    const started = Date.now();
    await customer.say('hi');
    const contactId = await contactIdOf(customer.channelUserId);

    await eventually(async () => (await sync('alpha', contactId))?.lastError === 'Rate limited', 'the wait to be recorded');
    await synced('alpha', contactId);

    expect(Date.now() - started).toBeGreaterThanOrEqual(700);
    expect(crm.calls).toHaveLength(2);
  });

  it('lets jobs of one order take turns, so two never record it at once', async () => {
    const customer = chatCustomer(t, { channel: 'whatsapp', channelUserId: number() });
    await customer.say('hi');
    await synced('alpha', await contactIdOf(customer.channelUserId));
    const orderId = await placeOrder(`whatsapp:${customer.channelUserId}`);
    await synced('alpha', orderId);
    crm.recordOrderMs = 600;

    const job = { id: 'by-hand', queue: 'crm-sync', attempt: 1, data: { connector: 'alpha', storeId: t.store.id, subject: 'order' as const, subjectId: orderId } };
    const processor = t.get(CrmSyncProcessor);
    const [first, second] = await Promise.allSettled([processor.process(job), new Promise((done) => setTimeout(done, 150)).then(() => processor.process(job))]);

    expect(first.status).toBe('fulfilled');
    expect(second).toMatchObject({ status: 'rejected', reason: expect.any(RetryJobLaterError) });
    expect((second as PromiseRejectedResult).reason.countsAsAttempt).toBe(false);
    // Once the first is done, the order is free again.
    await expect(processor.process(job)).resolves.toBeUndefined();
  });

  it('records no deal for an order taken outside a chat, which has no contact', async () => {
    const completed = (await t.get(JobQueueService).counts())['crm-sync'].completed;
    const orderId = await placeOrder('phone order 17', 'api');
    await eventually(async () => (await t.get(JobQueueService).counts())['crm-sync'].completed > completed, 'the job to run');
    expect(ordersRecorded()).toEqual([]);
    expect(await sync('alpha', orderId)).toBeNull();
  });
});

describe('CRM syncs whose job the queue lost (PostgreSQL, BullMQ on Redis)', () => {
  it('are queued again under their own job id, by the sweep or when Redis comes back, and done once by a worker', async () => {
    crm.calls.length = 0;
    crm.failures.length = 0;
    crm.recordOrderMs = 0;
    // The API alone, as in production with Redis: it queues, a worker syncs.
    const api = await createTestApp({
      database: 'postgres',
      redis: true,
      runWorkers: false,
      plugins: [{ package: resolve(__dirname, 'fixtures/recording-crm.plugin.ts'), options: { connectors: [{ code: 'alpha' }] } }],
    });
    try {
      const dataSource = api.get(DataSource);
      const rows = dataSource.getRepository(CrmSync);
      const queue = (api.get(JOB_ENGINE) as BullmqJobEngine).queues().find((candidate) => candidate.name === 'crm-sync')!;
      const contactId = async (name: string) => (await dataSource.getRepository(Contact).save({ storeId: api.store.id, name })).id;
      // A new contact, its sync queued as on every contact.created, then Redis loses the job (a restart without
      // persistence, a flush).
      const queuedThenLost = async (id: string) => {
        await api.get(UnitOfWork).run(async (tx) => tx.publish('contact.created', { storeId: api.store.id, contactId: id, channel: 'whatsapp', name: null }));
        await api.settled();
        const row = await rows.findOneByOrFail({ connector: 'alpha', subjectId: id });
        expect(row).toMatchObject({ status: CrmSyncStatus.pending, jobId: `crm-alpha-contact-${id}-created`, queuedAt: expect.any(Date) });
        await queue.remove(row.jobId!);
        expect(await queue.getJob(row.jobId!)).toBeUndefined();
        return row;
      };
      const lostLongAgo = await queuedThenLost(await contactId('Ada'));
      await rows.update({ id: lostLongAgo.id }, { queuedAt: new Date(Date.now() - REQUEUE_AFTER_MS - 1000) });
      const lostJustNow = await queuedThenLost(await contactId('Bo'));
      const rescue = api.get(QueuedRowRescue);

      // The periodic sweep queues again only what has waited a minute, under the same id: while the queue has the job,
      // queueing it again adds nothing.
      expect(await rescue.sweep(REQUEUE_AFTER_MS)).toBe(1);
      expect(await rescue.sweep(REQUEUE_AFTER_MS)).toBe(1);
      expect((await queue.getJobCounts('waiting')).waiting).toBe(1);
      expect(await queue.getJob(lostLongAgo.jobId!)).toBeDefined();
      expect(await queue.getJob(lostJustNow.jobId!)).toBeUndefined();

      const worker = await createWorker({ ...api.config, runWorkers: true }, { logger: createRootLogger('silent') });
      try {
        const done = (row: CrmSync) =>
          eventually(async () => {
            const now = await rows.findOneByOrFail({ id: row.id });
            return now.status === CrmSyncStatus.synced && now.queuedAt === null && now;
          }, 'the lost sync to be done');
        await done(lostLongAgo);
        expect((await rows.findOneByOrFail({ id: lostJustNow.id })).status).toBe(CrmSyncStatus.pending);

        // The worker's connection to Redis drops and comes back: Redis may have restarted empty, every unsettled row
        // is queued again.
        (worker.app.get(JOB_ENGINE) as unknown as { connection: { disconnect(reconnect: boolean): void } }).connection.disconnect(true);
        await done(lostJustNow);
        expect(crm.calls.map((call) => (call.input as { contactId: string }).contactId).sort()).toEqual([lostLongAgo.subjectId, lostJustNow.subjectId].sort());
        // Settled rows are left alone.
        expect(await rescue.sweep(0)).toBe(0);
      } finally {
        await worker.app.close();
      }
    } finally {
      await api.close();
    }
  });
});

describe('the deal stage of an order', () => {
  it.each([
    [OrderStatus.placed, 'unpaid', 'open'],
    [OrderStatus.awaiting_payment, 'pending', 'open'],
    [OrderStatus.confirmed, 'paid', 'won'],
    [OrderStatus.preparing, 'unpaid', 'open'],
    [OrderStatus.picked_up, 'unpaid', 'won'],
    [OrderStatus.delivered, 'unpaid', 'won'],
    [OrderStatus.delivered, 'partially_refunded', 'won'],
    [OrderStatus.cancelled, 'unpaid', 'lost'],
    [OrderStatus.rejected, 'paid', 'lost'],
    [OrderStatus.refunded, 'refunded', 'lost'],
  ] as const)('%s and %s: %s', (status, paymentStatus, stage) => {
    expect(dealStageOf({ status, paymentStatus })).toBe(stage);
  });
});
