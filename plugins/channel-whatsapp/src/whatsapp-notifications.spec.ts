import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Notification, StoreService } from '@parley/core';
import { createTestApp, freePort, type RunningProcess, startNode, TEST_REDIS_URL, type TestApp } from '@parley/testing';
import { DataSource, In } from 'typeorm';
import { type FakeGraphApi, messagesWebhook, signedWebhook, startFakeGraphApi, textMessage } from './fake-graph-api.testing';

const APP_SECRET = 'notifications-app-secret';
const NUMBER = '2001';
const WORKER = 'apps/worker/dist/main.js';
const SETTLED = ['sent', 'delivered', 'read', 'failed', 'skipped'];
jest.setTimeout(180_000);

/**
 * Order notifications through the real worker process, BullMQ on the real Redis, PostgreSQL, the WhatsApp plugin and a
 * loopback fake of the Graph API that answers sends with status webhooks as WhatsApp does.
 */
describe('order notifications over WhatsApp, with workers that crash', () => {
  let graph: FakeGraphApi;
  let t: TestApp;
  let dataSource: DataSource;
  let storeKey: string;
  const workers: RunningProcess[] = [];

  const whatsAppOptions = () => ({ appSecret: APP_SECRET, verifyToken: 'verify', graphApiBaseUrl: graph.url, accounts: [{ phoneNumberId: NUMBER, storeSlug: 'notify-roma', accessToken: 'EAAG-notify' }] });

  beforeAll(async () => {
    graph = await startFakeGraphApi();
    t = await createTestApp({ database: 'postgres', redis: true, runWorkers: false, plugins: [{ package: resolve(__dirname, 'whatsapp.plugin.ts'), options: whatsAppOptions() }] });
    graph.sendStatusesTo(`${t.url}/webhooks/whatsapp`, APP_SECRET);
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
  });

  async function startWorker(): Promise<RunningProcess> {
    const config = join(t.config.dataDir, 'worker-config.json');
    writeFileSync(config, JSON.stringify({ plugins: [{ package: resolve(__dirname, '../dist/index.js'), options: whatsAppOptions() }] }));
    const port = await freePort();
    const database = t.config.database as { url: string };
    const worker = startNode(WORKER, [], {
      NODE_ENV: 'test',
      DATABASE_URL: database.url,
      REDIS_URL: TEST_REDIS_URL,
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
    const deadline = Date.now() + 60_000;
    while (graph.sent.length < 2 * count && Date.now() < deadline) await new Promise((done) => setTimeout(done, 100));
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

  const move = (orderId: string, status: string) =>
    t.graphql('mutation($id: ID!, $status: OrderStatus!) { changeOrderStatus(id: $id, status: $status) { status } }', { id: orderId, status }, storeKey);

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

  /** Customer-facing texts the fake Graph API accepted, per recipient, in the order they arrived. */
  const toldTo = () => {
    const byCustomer = new Map<string, string[]>();
    for (const message of graph.sent) {
      const body = message.body as { text?: { body: string }; biz_opaque_callback_data?: string };
      const list = byCustomer.get(message.to) ?? [];
      list.push(`${body.biz_opaque_callback_data}|${body.text?.body ?? ''}`);
      byCustomer.set(message.to, list);
    }
    return byCustomer;
  };

  it('sends each of 1,000 notifications exactly once and in order per order, though a worker is killed mid-burst and the provider is busy at times', async () => {
    const first = await startWorker();
    const customers = await customersWrite(200, '3934000');
    graph.reset();
    const orders = await ordersFor(customers);

    // received (placed by staff), accepted, preparing, ready, picked up: 5 per order.
    for (const status of ['confirmed', 'preparing', 'ready', 'picked_up']) {
      for (let i = 0; i < orders.length; i += 10) {
        const moved = await Promise.all(orders.slice(i, i + 10).map((order) => move(order.id, status)));
        expect(moved.flatMap((result) => result.errors ?? [])).toEqual([]);
      }
    }
    const busy = graph.failRandomly(0.2);
    // Kill -9 in the middle of the burst: no drain, no clean-up, jobs cut short mid-send.
    while (graph.sent.length < 250) await new Promise((done) => setTimeout(done, 20));
    await first.stop('SIGKILL');
    const sentBeforeCrash = graph.sent.length;
    await startWorker();
    setTimeout(() => busy.stop(), 5000);

    const rows = await waitForAll(orders.map((order) => order.id), 1000);
    expect(sentBeforeCrash).toBeLessThan(1000);
    expect(rows.filter((row) => row.status !== 'sent').map((row) => `${row.event}: ${row.status} ${row.lastError}`)).toEqual([]);

    // Exactly once: every notification's message reached the fake once, and nothing else did.
    const ids = graph.sent.map((message) => (message.body as { biz_opaque_callback_data: string }).biz_opaque_callback_data);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.length).toBe(1000);
    // In order per order: received, accepted, in the kitchen, ready, picked up.
    for (const [, told] of toldTo()) {
      const steps = told.map((entry) => entry.split('|')[1]);
      expect(steps.map((text) => (/received order/.test(text) ? 1 : /accepted order/.test(text) ? 2 : /in the kitchen/.test(text) ? 3 : /ready for pickup/.test(text) ? 4 : /picking up/.test(text) ? 5 : 0))).toEqual([1, 2, 3, 4, 5]);
    }
    // Within WhatsApp's 80 messages a second for the number, in any second.
    const times = graph.sent.map((message) => message.receivedAt).sort((a, b) => a - b);
    const busiestSecond = Math.max(...times.map((start, index) => times.slice(index).findIndex((at) => at >= start + 1000)).map((n, index) => (n === -1 ? times.length - index : n)));
    expect(busiestSecond).toBeLessThanOrEqual(81);
  });
});
