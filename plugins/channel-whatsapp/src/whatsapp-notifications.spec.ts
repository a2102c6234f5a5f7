import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { join, resolve } from 'node:path';
import { Notification, StoreService } from '@parley/core';
import { createTestApp, freePort, type Remote, type RunningProcess, startChildModule, startNode, TEST_REDIS_URL, type TestApp } from '@parley/testing';
import { DataSource, In } from 'typeorm';
import { type FakeGraphApi, graphErrors, messagesWebhook, signedWebhook, textMessage } from './fake-graph-api.testing';

const APP_SECRET = 'notifications-app-secret';
const NUMBER = '2001';
const WORKER = 'apps/worker/dist/main.js';
const SETTLED = ['sent', 'delivered', 'read', 'failed', 'skipped'];
jest.setTimeout(180_000);

/**
 * Order notifications through real worker processes, BullMQ on a real Redis, PostgreSQL, the WhatsApp plugin and a
 * loopback fake of the Graph API that answers sends with status webhooks as WhatsApp does. The fake runs in a process
 * of its own, so that it stamps each message when it arrives, as WhatsApp's limit counts them: in this process, a
 * burst of the API's own work (the relay queueing again all that Redis lost, the status webhooks) would stamp
 * messages late and together.
 */
function notificationRig(redisUrl: () => string) {
  let graph: Remote<FakeGraphApi>;
  let graphUrl: string;
  let t: TestApp;
  let dataSource: DataSource;
  let storeKey: string;
  const workers: RunningProcess[] = [];

  const whatsAppOptions = () => ({ appSecret: APP_SECRET, verifyToken: 'verify', graphApiBaseUrl: graphUrl, accounts: [{ phoneNumberId: NUMBER, storeSlug: 'notify-roma', accessToken: 'EAAG-notify' }] });

  beforeAll(async () => {
    graph = await startChildModule<FakeGraphApi>(resolve(__dirname, 'fake-graph-api.testing.ts'), 'startFakeGraphApi');
    graphUrl = await graph.url();
    t = await createTestApp({ database: 'postgres', runWorkers: false, env: { REDIS_URL: redisUrl() }, plugins: [{ package: resolve(__dirname, 'whatsapp.plugin.ts'), options: whatsAppOptions() }] });
    await graph.sendStatusesTo(`${t.url}/webhooks/whatsapp`, APP_SECRET);
    dataSource = t.get(DataSource);
    const store = await t.createStore('notify-roma');
    storeKey = store.ownerKey;
    await t.get(StoreService).updateSettings(store.id, { currency: 'EUR' });
    await t.graphql('mutation { createProduct(input: { name: "Tiramisu", variants: [{ sku: "TIRA", price: { amount: 550, currency: "EUR" } }] }) { id } }', {}, storeKey);
  });
  afterAll(async () => {
    await Promise.all(workers.map((worker) => worker.stop('SIGKILL')));
    await t?.close();
    await graph?.close();
    await graph?.exitProcess();
  });

  async function startWorker(): Promise<RunningProcess> {
    const config = join(t.config.dataDir, 'worker-config.json');
    writeFileSync(config, JSON.stringify({ plugins: [{ package: resolve(__dirname, '../dist/index.js'), options: whatsAppOptions() }] }));
    const port = await freePort();
    const database = t.config.database as { url: string };
    const worker = startNode(WORKER, [], {
      NODE_ENV: 'test',
      DATABASE_URL: database.url,
      REDIS_URL: redisUrl(),
      QUEUE_PREFIX: t.config.queuePrefix,
      WORKER_PORT: String(port),
      DATA_DIR: t.config.dataDir,
      PARLEY_CONFIG: config,
      PUBLIC_URL: 'https://pizza.example.com',
    });
    workers.push(worker);
    for (let i = 0; i < 200; i += 1) {
      const ready = await fetch(`http://127.0.0.1:${port}/health`).then((response) => response.ok, () => false);
      if (ready) return worker;
      await new Promise((done) => setTimeout(done, 100));
    }
    throw new Error(`The worker did not start:\n${worker.errors()}`);
  }

  /** Customers who wrote on WhatsApp a moment ago (so their 24-hour window is open), answered by the assistant. */
  async function customersWrite(count: number, prefix: string): Promise<string[]> {
    const customers = Array.from({ length: count }, (_, i) => `${prefix}${String(i).padStart(4, '0')}`);
    for (const customer of customers) {
      const signed = signedWebhook(APP_SECRET, messagesWebhook({ phoneNumberId: NUMBER, messages: [textMessage({ from: customer, text: 'hello' })], names: { [customer]: 'Giulia' } }));
      await t.http().post('/webhooks/whatsapp').set(signed.headers).send(signed.body).expect(200);
    }
    // Each is welcomed in two messages (the greeting, and that the menu is empty): all answered, the window is open.
    await graph.waitForSent(2 * count);
    await graph.reset();
    return customers;
  }

  /** One pickup order per customer, placed by staff (on the phone, say), ten at a time as a busy evening brings them. */
  async function ordersFor(customers: string[]): Promise<{ id: string; customer: string }[]> {
    const orders: { id: string; customer: string }[] = [];
    const one = async (customer: string) => {
      const cart = (await t.graphql<{ createCart: { id: string } }>('mutation($ref: String!) { createCart(input: { customerRef: $ref, channel: "whatsapp" }) { id } }', { ref: `whatsapp:${customer}` }, storeKey)).data!.createCart.id;
      await t.graphql('mutation($c: ID!) { addCartLine(cartId: $c, input: { sku: "TIRA" }) { id } }', { c: cart }, storeKey);
      await t.graphql('mutation($c: ID!) { setCartPickup(cartId: $c) { id } }', { c: cart }, storeKey);
      const placed = await t.graphql<{ placeOrder: { id: string } }>('mutation($c: ID!) { placeOrder(cartId: $c, paymentMethod: "pay_at_pickup") { id } }', { c: cart }, storeKey);
      if (!placed.data) throw new Error(JSON.stringify(placed.errors));
      orders.push({ id: placed.data.placeOrder.id, customer });
    };
    for (let i = 0; i < customers.length; i += 10) await Promise.all(customers.slice(i, i + 10).map(one));
    return orders;
  }

  /** received (placed by staff), then accepted, preparing, ready, picked up: 5 notifications per order. */
  async function moveThroughPickup(orders: { id: string }[]): Promise<void> {
    for (const status of ['confirmed', 'preparing', 'ready', 'picked_up']) {
      for (let i = 0; i < orders.length; i += 10) {
        const moved = await Promise.all(
          orders.slice(i, i + 10).map((order) => t.graphql('mutation($id: ID!, $status: OrderStatus!) { changeOrderStatus(id: $id, status: $status) { status } }', { id: order.id, status }, storeKey)),
        );
        expect(moved.flatMap((result) => result.errors ?? [])).toEqual([]);
      }
    }
  }

  async function waitForAll(orderIds: string[], count: number, timeoutMs = 150_000) {
    const deadline = Date.now() + timeoutMs;
    let rows: Notification[] = [];
    while (Date.now() < deadline) {
      rows = await dataSource.getRepository(Notification).find({ where: { orderId: In(orderIds), audience: 'customer' as never } });
      if (rows.length === count && rows.every((row) => SETTLED.includes(row.status))) return rows;
      await new Promise((done) => setTimeout(done, 250));
    }
    throw new Error(`Not settled in time: ${rows.filter((row) => !SETTLED.includes(row.status)).length} of ${rows.length} left`);
  }

  /** Every order's notifications sent, each exactly once, in order per order, within 80 a second for the number (as they arrive). */
  async function expectEachSentOnceInOrder(orders: { id: string }[], timeoutMs?: number): Promise<void> {
    const rows = await waitForAll(orders.map((order) => order.id), orders.length * 5, timeoutMs);
    const sent = await graph.sent();
    expect(rows.filter((row) => row.status !== 'sent').map((row) => `${row.event}: ${row.status} ${row.lastError}`)).toEqual([]);
    // Exactly once: every notification's message reached the fake once, and nothing else did.
    const ids = sent.map((message) => (message.body as { biz_opaque_callback_data: string }).biz_opaque_callback_data);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.length).toBe(orders.length * 5);
    // In order per order: received, accepted, in the kitchen, ready, picked up.
    const toldTo = new Map<string, number[]>();
    for (const message of sent) {
      const text = (message.body as { text?: { body: string } }).text?.body ?? '';
      const step = /received order/.test(text) ? 1 : /accepted order/.test(text) ? 2 : /in the kitchen/.test(text) ? 3 : /ready for pickup/.test(text) ? 4 : /picking up/.test(text) ? 5 : 0;
      toldTo.set(message.to, [...(toldTo.get(message.to) ?? []), step]);
    }
    for (const steps of toldTo.values()) expect(steps).toEqual([1, 2, 3, 4, 5]);
    const times = sent.map((message) => message.receivedAt).sort((a, b) => a - b);
    const busiestSecond = Math.max(...times.map((start) => times.filter((at) => at >= start && at < start + 1000).length));
    expect(busiestSecond).toBeLessThanOrEqual(80);
  }

  return { graph: () => graph, startWorker, customersWrite, ordersFor, moveThroughPickup, expectEachSentOnceInOrder };
}

describe('order notifications over WhatsApp, with workers that crash', () => {
  const rig = notificationRig(() => TEST_REDIS_URL);

  it('sends each of 1,000 notifications exactly once and in order per order, though a worker is killed mid-burst and the provider is busy at times', async () => {
    const first = await rig.startWorker();
    const customers = await rig.customersWrite(200, '3934000');
    const graph = rig.graph();
    await graph.failRandomly(0.2);
    // Kill -9 in the middle of the burst, while staff go on moving orders: no drain, no clean-up, jobs cut short
    // mid-send; the API goes on committing and relaying while no worker runs.
    let sentBeforeCrash = 0;
    const crash = (async () => {
      await graph.waitForSent(250, 150_000);
      await first.stop('SIGKILL');
      sentBeforeCrash = (await graph.sent()).length;
      await new Promise((done) => setTimeout(done, 1000));
      await rig.startWorker();
      // The provider busy for 5 s more, then no longer (a ratio of 0 ends it).
      await new Promise((done) => setTimeout(done, 5000));
      await graph.failRandomly(0);
    })();
    const orders = await rig.ordersFor(customers);
    await rig.moveThroughPickup(orders);
    await crash;

    await rig.expectEachSentOnceInOrder(orders);
    expect(sentBeforeCrash).toBeLessThan(1000);
  });
});

describe('order notifications over WhatsApp, when Redis restarts and loses every job', () => {
  // A Redis of this test's own (the shared one serves other tests), keeping nothing on disk: a restart loses all.
  let port: number;
  let redis: RunningProcess['child'];
  const startRedis = async () => {
    redis = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
    for (let i = 0; i < 100; i += 1) {
      const up = await new Promise<boolean>((done) => {
        const socket = connect(port, '127.0.0.1', () => {
          socket.end();
          done(true);
        });
        socket.once('error', () => done(false));
      });
      if (up) return;
      await new Promise((done) => setTimeout(done, 50));
    }
    throw new Error('redis-server did not start');
  };
  const stopRedis = () => new Promise<void>((done) => (redis.exitCode !== null ? done() : (redis.once('exit', () => done()), redis.kill('SIGKILL'))));
  beforeAll(async () => {
    port = await freePort();
    await startRedis();
  });
  afterAll(() => stopRedis());
  const rig = notificationRig(() => `redis://127.0.0.1:${port}`);

  it('queues again what Redis lost as soon as it is back: every notification sent exactly once, in order per order', async () => {
    await rig.startWorker();
    const customers = await rig.customersWrite(60, '3935000');
    const graph = rig.graph();
    // WhatsApp refuses every send for a while, asking for a minute's wait: the notifications wait in Redis for their
    // retries when it goes (a minute is also the relay's safety net, which the deadline below leaves no time for).
    for (const customer of customers) await graph.failFor(customer, graphErrors.throughput(60));
    const orders = await rig.ordersFor(customers);
    await rig.moveThroughPickup(orders);
    await new Promise((done) => setTimeout(done, 1000));
    expect(await graph.sent()).toHaveLength(0);
    await stopRedis();
    await new Promise((done) => setTimeout(done, 1000));
    await startRedis();
    await graph.reset();

    // At once, not after the relay's minute-long safety net for jobs that went missing.
    await rig.expectEachSentOnceInOrder(orders, 30_000);
  });
});
