import { createHmac } from 'node:crypto';
import { ChannelSendError } from '@parley/plugin-sdk';
import { chatCustomer, createTestApp, type FakeServer, RECORDING_CHANNEL_PLUGIN, recordedSends, startFakeServer, type TestApp } from '@parley/testing';
import { DataSource } from 'typeorm';
import { CatalogCsvService } from '../catalog/csv';
import { importDemoMenu } from '../catalog/demo/demo-menu';
import { ContactIdentity } from '../conversations/contact-identity.entity';
import { Contact } from '../conversations/contact.entity';
import { StoreService } from '../stores/store.service';
import { Notification, NotificationStatus } from './notification.entity';

const text = (content: { type: string; text?: string }) => content.text ?? `[${content.type}]`;

/** A pickup order placed by staff for a customer of the chat, paid at pickup (its "order received" goes out). */
async function staffOrder(t: TestApp, customer: { channelUserId: string }, key = t.ownerKey, channel = 'test') {
  const cart = (await t.graphql<{ createCart: { id: string } }>('mutation($ref: String!, $channel: String!) { createCart(input: { customerRef: $ref, channel: $channel }) { id } }', { ref: `${channel}:${customer.channelUserId}`, channel }, key)).data!.createCart.id;
  await t.graphql('mutation($c: ID!) { addCartLine(cartId: $c, input: { sku: "TIRA" }) { id } }', { c: cart }, key);
  await t.graphql('mutation($c: ID!) { setCartPickup(cartId: $c) { id } }', { c: cart }, key);
  return (await t.graphql<{ placeOrder: { id: string } }>('mutation($c: ID!) { placeOrder(cartId: $c, paymentMethod: "pay_at_pickup") { id } }', { c: cart }, key)).data!.placeOrder.id;
}

/** The embedded setup with a recording channel of these options, and a euro store selling tiramisu (SKU TIRA). */
async function tiramisuApp(channel: Record<string, unknown>): Promise<TestApp> {
  const t = await createTestApp({ database: 'sqlite', plugins: [{ package: RECORDING_CHANNEL_PLUGIN, options: channel }] });
  await t.get(StoreService).updateSettings(t.store.id, { currency: 'EUR' });
  await t.graphql('mutation { createProduct(input: { name: "Tiramisu", variants: [{ sku: "TIRA", price: { amount: 550, currency: "EUR" } }] }) { id } }');
  return t;
}

describe('rate limits per sending account (SQLite, database queue)', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await tiramisuApp({ channel: 'test', messagesPerSecond: 5 });
  });
  afterAll(() => t?.close());

  it("keeps each account within its rate, and one store's burst does not hold back another store's account", async () => {
    const busy = Array.from({ length: 30 }, () => chatCustomer(t, { accountId: 'busy-number' }));
    for (const customer of busy) await customer.say('hi');
    const other = await t.createStore('rate-other');
    await t.graphql('mutation { createProduct(input: { name: "Tiramisu", variants: [{ sku: "TIRA", price: { amount: 550, currency: "EUR" } }] }) { id } }', {}, other.ownerKey);
    const quiet = chatCustomer(t, { accountId: 'quiet-number', storeSlug: other.slug });
    await quiet.say('hi');
    recordedSends.sent.length = 0;

    const start = Date.now();
    for (const customer of busy) await staffOrder(t, customer);
    const quietStart = Date.now();
    const quietOrder = await staffOrder(t, quiet, other.ownerKey);
    const quietSent = async () => (await t.get(DataSource).getRepository(Notification).findOneBy({ orderId: quietOrder, event: 'order_received' }))?.sentAt;
    while (!(await quietSent()) && Date.now() - start < 10_000) await new Promise((resolve) => setTimeout(resolve, 50));
    // 30 messages at 5 a second take 6 s on the busy number (placing the orders takes 1-3), still going: the other
    // store's one goes at once.
    expect(recordedSends.sent.filter((message) => message.to.accountId === 'busy-number').length).toBeLessThan(30);
    expect((await quietSent())!.getTime() - quietStart).toBeLessThan(2500);
    while (recordedSends.sent.filter((message) => message.to.accountId === 'busy-number').length < 30 && Date.now() - start < 20_000) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const busyTimes = await t.get(DataSource).getRepository(Notification).find({ where: { event: 'order_received', storeId: t.store.id } });
    const sentAt = busyTimes.map((row) => row.sentAt!.getTime()).sort((a, b) => a - b);
    expect(sentAt).toHaveLength(30);
    // At most 5 in any second.
    expect(Math.max(...sentAt.map((at, index) => sentAt.slice(index).filter((other) => other < at + 1000).length))).toBeLessThanOrEqual(5);
    expect(sentAt.at(-1)! - sentAt[0]).toBeGreaterThanOrEqual(5000);
  });
});

describe('rate limits per chat (SQLite, database queue)', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await tiramisuApp({ channel: 'paced', messagesPerSecondPerChat: 1 });
  });
  afterAll(() => t?.close());

  it('sends a chat at most one message a second where the channel asks so (Telegram), without holding back its other chats', async () => {
    const busy = chatCustomer(t, { channel: 'paced' });
    const other = chatCustomer(t, { channel: 'paced' });
    await busy.say('hi');
    await other.say('hi');
    const orderId = await staffOrder(t, busy, t.ownerKey, 'paced');
    for (const status of ['confirmed', 'preparing', 'ready']) {
      await t.graphql('mutation($id: ID!, $status: OrderStatus!) { changeOrderStatus(id: $id, status: $status) { status } }', { id: orderId, status });
    }
    const otherPlaced = Date.now();
    const otherOrder = await staffOrder(t, other, t.ownerKey, 'paced');
    const sentOf = async (order: string) =>
      (await t.get(DataSource).getRepository(Notification).find({ where: { orderId: order, audience: 'customer' as never }, order: { sequence: 'ASC' } })).map((row) => row.sentAt?.getTime());
    const start = Date.now();
    while (((await sentOf(orderId)).filter(Boolean).length < 4 || !(await sentOf(otherOrder))[0]) && Date.now() - start < 15_000) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const busyTimes = (await sentOf(orderId)) as number[];
    expect(busyTimes.every(Boolean)).toBe(true);
    // In order, a second apart at least.
    for (let index = 1; index < busyTimes.length; index += 1) expect(busyTimes[index] - busyTimes[index - 1]).toBeGreaterThanOrEqual(1000);
    expect((await sentOf(otherOrder))[0]! - otherPlaced).toBeLessThan(1000);
  });
});

describe('order notifications (PostgreSQL, database queue)', () => {
  let t: TestApp;
  let dataSource: DataSource;
  let staffHook: FakeServer;

  beforeAll(async () => {
    staffHook = await startFakeServer(() => ({ status: 200, body: { ok: true } }));
    t = await createTestApp({ database: 'postgres', plugins: [{ package: RECORDING_CHANNEL_PLUGIN, options: { channel: 'test', windowHours: 24 } }] });
    dataSource = t.get(DataSource);
    await t.get(StoreService).updateSettings(t.store.id, { currency: 'EUR', timeZone: 'Europe/Rome', staffAlertWebhookUrl: `${staffHook.url}/staff` });
    await importDemoMenu(t.get(CatalogCsvService), t.store.id);
  });
  afterAll(async () => {
    await t?.close();
    await staffHook?.close();
  });
  beforeEach(() => {
    recordedSends.sent.length = 0;
    recordedSends.failures.length = 0;
  });

  /** A pickup order placed in the chat, paid at pickup: returns the customer and the order id. */
  async function chatOrder(name = 'Giulia Rossi') {
    const customer = chatCustomer(t, { name });
    await customer.say('1 tiramisu');
    await customer.say({ type: 'reply', id: 'act:checkout', title: 'Checkout' });
    await customer.say({ type: 'reply', id: 'act:asap', title: 'ASAP' });
    await customer.say({ type: 'reply', id: 'pay:pay_at_pickup', title: 'Pay at pickup' });
    const orders = await t.graphql<{ orders: { nodes: { id: string; customerRef: string }[] } }>('{ orders(first: 50) { nodes { id customerRef } } }');
    const order = orders.data!.orders.nodes.find((node) => node.customerRef === `test:${customer.channelUserId}`)!;
    return { customer, orderId: order.id };
  }

  const move = (orderId: string, status: string, reason?: string) =>
    t.graphql('mutation($id: ID!, $status: OrderStatus!, $reason: String) { changeOrderStatus(id: $id, status: $status, reason: $reason) { status } }', { id: orderId, status, reason });

  async function settled(orderId: string, count: number) {
    const deadline = Date.now() + 20_000;
    while (Date.now() < deadline) {
      const rows = await dataSource.getRepository(Notification).find({ where: { orderId, audience: 'customer' as never }, order: { sequence: 'ASC' } });
      if (rows.length >= count && rows.every((row) => [NotificationStatus.sent, NotificationStatus.failed, NotificationStatus.skipped].includes(row.status))) return rows;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    throw new Error(`Notifications of ${orderId} did not settle`);
  }

  it('tells the customer every step in their chat, in order, and staff of the new order through their signed webhook', async () => {
    const { customer, orderId } = await chatOrder();
    const before = customer.received().length;
    for (const status of ['confirmed', 'preparing', 'ready', 'picked_up']) expect((await move(orderId, status)).errors).toBeUndefined();
    const rows = await settled(orderId, 4);
    expect(rows.map((row) => [row.event, row.status])).toEqual([
      ['order_accepted', 'sent'],
      ['order_preparing', 'sent'],
      ['order_ready', 'sent'],
      ['order_picked_up', 'sent'],
    ]);
    const told = customer.received().slice(before).map((message) => text(message.content));
    expect(told[0]).toMatch(/^Good news, Giulia! We've accepted order #\d+\./);
    expect(told[1]).toContain('is in the kitchen now!');
    expect(told[2]).toContain('is ready for pickup at Store');
    expect(told[3]).toContain('Thanks for picking up order');

    // In the conversation's history too, as the platform's own messages.
    const history = await t.graphql<{ conversations: { nodes: { channelUserId: string; messages: { nodes: { author: string; text: string }[] } }[] } }>(
      '{ conversations(first: 50) { nodes { channelUserId messages(first: 1) { nodes { author text } } } } }',
    );
    expect(history.data!.conversations.nodes.find((node) => node.channelUserId === customer.channelUserId)!.messages.nodes[0]).toEqual({
      author: 'system',
      text: expect.stringContaining('Thanks for picking up order'),
    });

    // The order's own view: what was sent, with attempts.
    const view = await t.graphql<{ order: { notifications: { event: string; status: string; attempts: number; channel: string }[] } }>(
      'query($id: ID!) { order(id: $id) { notifications { event status attempts channel } } }',
      { id: orderId },
    );
    expect(view.data!.order.notifications.filter((n) => n.event === 'order_accepted')).toEqual([{ event: 'order_accepted', status: 'sent', attempts: 1, channel: 'test' }]);

    const alert = staffHook.requests.find((request) => {
      const body = request.json<{ event: string; order: { id: string } }>();
      return body.event === 'staff_new_order' && body.order.id === orderId;
    })!;
    expect(alert).toBeDefined();
    const secret = (await t.graphql<{ staffAlertWebhookSecret: string }>('{ staffAlertWebhookSecret }')).data!.staffAlertWebhookSecret;
    const expected = createHmac('sha256', secret).update(`${alert.headers['x-parley-timestamp']}.${alert.body.toString('utf8')}`).digest('hex');
    expect(alert.headers['x-parley-signature']).toBe(`sha256=${expected}`);
  });

  it('writes nothing when the change does not happen', async () => {
    const { orderId } = await chatOrder();
    const count = () => dataSource.getRepository(Notification).countBy({ orderId });
    const before = await count();
    // Delivered is not a step of a pickup order: refused, and no notification is written.
    expect((await move(orderId, 'delivered')).errors?.[0].extensions?.code).toBe('ILLEGAL_TRANSITION');
    expect(await count()).toBe(before);
  });

  it('gets through a provider that is busy or failing for a while, still in order', async () => {
    const { customer, orderId } = await chatOrder('Ana');
    recordedSends.failures.push(
      new ChannelSendError('Too many requests', true, 300, '130429'),
      new ChannelSendError('Internal error', true, undefined, '500'),
      new ChannelSendError('Too many requests', true, 100, '130429'),
    );
    const before = customer.received().length;
    await move(orderId, 'confirmed');
    await move(orderId, 'cancelled', 'the oven broke down');
    const rows = await settled(orderId, 2);
    expect(rows.map((row) => [row.event, row.status])).toEqual([
      ['order_accepted', 'sent'],
      ['order_cancelled', 'sent'],
    ]);
    expect(rows[0].attempts).toBeGreaterThan(1);
    const told = customer.received().slice(before).map((message) => text(message.content));
    expect(told).toHaveLength(2);
    expect(told[1]).toContain('has been cancelled: the oven broke down');
  });

  it("takes a provider's Retry-After as the least wait, so one that keeps asking for a moment does not use up every attempt at once", async () => {
    const { orderId } = await chatOrder('Dee');
    // More refusals than a notification has attempts, each asking to try again in 50 ms.
    recordedSends.failures.push(...Array.from({ length: 8 }, () => new ChannelSendError('Too many requests', true, 50, '130429')));
    await move(orderId, 'confirmed');
    await new Promise((done) => setTimeout(done, 3000));
    // The waits grow as the queue's backoff does (about 1 s, 2 s, 4 s, ...): still trying, not failed for good.
    const waiting = await dataSource.getRepository(Notification).findOneByOrFail({ orderId, event: 'order_accepted' });
    expect(waiting).toMatchObject({ status: 'queued', lastError: '130429: Too many requests' });
    expect(waiting.attempts).toBeLessThan(5);
    recordedSends.failures.length = 0;
    const [sent] = await settled(orderId, 1);
    expect(sent.status).toBe('sent');
  });

  it('records a permanent refusal, and sends it again when staff retry', async () => {
    const { orderId } = await chatOrder('Bo');
    recordedSends.failures.push(new ChannelSendError('Recipient blocked the business', false, undefined, '131026'));
    await move(orderId, 'confirmed');
    const [failed] = await settled(orderId, 1);
    expect(failed).toMatchObject({ status: 'failed', lastError: '131026: Recipient blocked the business' });
    const listed = await t.graphql<{ failedNotifications: { nodes: { id: string; lastError: string }[] } }>('{ failedNotifications { nodes { id lastError } } }');
    expect(listed.data!.failedNotifications.nodes).toContainEqual({ id: failed.id, lastError: '131026: Recipient blocked the business' });

    expect((await t.graphql<{ retryNotification: number }>('mutation($id: ID!) { retryNotification(id: $id) }', { id: failed.id })).data!.retryNotification).toBe(1);
    const [retried] = await settled(orderId, 1);
    expect(retried.status).toBe('sent');
  });

  it('outside the 24-hour window sends the approved template, or skips with the reason; opted-out customers get nothing', async () => {
    const late = await chatOrder('Chris');
    const lastWrote = new Date(Date.now() - 25 * 3600_000);
    await dataSource.getRepository(ContactIdentity).update({ channelUserId: late.customer.channelUserId }, { lastCustomerMessageAt: lastWrote });
    await move(late.orderId, 'confirmed');
    const [skipped] = await settled(late.orderId, 1);
    expect(skipped).toMatchObject({ status: 'skipped', lastError: 'Outside the 24-hour window, and the store has no approved template for order_accepted (en)' });

    await t.graphql('mutation { setNotificationTemplate(input: { event: order_preparing, language: "en", body: "Order #{orderNumber} is being made, {customerName}!", whatsappTemplateName: "order_preparing_v1", whatsappTemplateLanguage: "en_GB" }) { event } }');
    await move(late.orderId, 'preparing');
    const rows = await settled(late.orderId, 2);
    expect(rows[1].status).toBe('sent');
    expect(late.customer.received().at(-1)!.content).toEqual({ type: 'template', name: 'order_preparing_v1', language: 'en_GB', parameters: [expect.stringMatching(/^\d+$/), 'Chris'] });

    const quiet = await chatOrder('Dana');
    const identity = await dataSource.getRepository(ContactIdentity).findOneByOrFail({ channelUserId: quiet.customer.channelUserId });
    await dataSource.getRepository(Contact).update({ id: identity.contactId }, { optedOut: true });
    const before = quiet.customer.received().length;
    await move(quiet.orderId, 'confirmed');
    const [none] = await settled(quiet.orderId, 1);
    expect(none).toMatchObject({ status: 'skipped', lastError: 'The customer opted out of messages' });
    expect(quiet.customer.received().length).toBe(before);
  });
});
