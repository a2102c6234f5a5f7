import { resolve } from 'node:path';
import { CatalogCsvService, Contact, importDemoMenu, MalformedWebhook, Message, ReceivedMessage, StoreService } from '@parley/core';
import { answersAfter, createTestApp, type FakeServer, startFakeServer, type TestApp } from '@parley/testing';
import { DataSource } from 'typeorm';
import { stripeApi } from '../../payments-stripe/src/fake-stripe-api.testing';
import {
  buttonReplyMessage,
  type FakeGraphApi,
  imageMessage,
  listReplyMessage,
  locationMessage,
  messagesWebhook,
  orderMessage,
  type SentMessage,
  signedWebhook,
  startFakeGraphApi,
  statusUpdate,
  textMessage,
  unsupportedMessage,
  userPreferencesWebhook,
  wamid,
} from './fake-graph-api.testing';

const APP_SECRET = 'whatsapp-app-secret-e2e';
const NUMBER = '1001';
const OTHER_NUMBER = '1002';
type Json = Record<string, unknown>;

/**
 * The demo pizzeria taking orders over WhatsApp end to end: signed webhooks in, the real plugin and core, answers out
 * to a loopback fake of the Graph API, payment links from a loopback fake of Stripe through the official client.
 */
describe('ordering from the demo pizzeria over WhatsApp (PostgreSQL)', () => {
  let graph: FakeGraphApi;
  let stripe: FakeServer;
  let t: TestApp;
  let dataSource: DataSource;

  beforeAll(async () => {
    graph = await startFakeGraphApi();
    stripe = await startFakeServer(stripeApi());
    t = await createTestApp({
      database: 'postgres',
      env: { PUBLIC_URL: 'https://pizza.example.com' },
      plugins: [
        {
          package: resolve(__dirname, 'whatsapp.plugin.ts'),
          options: {
            appSecret: APP_SECRET,
            verifyToken: 'verify-e2e',
            graphApiBaseUrl: graph.url,
            accounts: [
              { phoneNumberId: NUMBER, storeSlug: 'pizzeria-roma', accessToken: 'EAAG-roma', catalogId: '5001' },
              { phoneNumberId: OTHER_NUMBER, storeSlug: 'pizzeria-milano', accessToken: 'EAAG-milano' },
            ],
          },
        },
        {
          package: '@parley/plugin-payments-stripe',
          options: { secretKey: 'sk_test_e2e', webhookSecret: 'whsec_e2e', apiHost: '127.0.0.1', apiPort: stripe.port, apiProtocol: 'http' },
        },
      ],
    });
    dataSource = t.get(DataSource);
    for (const slug of ['pizzeria-roma', 'pizzeria-milano']) {
      const store = await t.createStore(slug);
      await t.get(StoreService).updateSettings(store.id, { currency: 'EUR', timeZone: 'Europe/Rome', latitude: 41.8992, longitude: 12.4731 });
      await importDemoMenu(t.get(CatalogCsvService), store.id);
      await t.graphql('mutation { createDeliveryZone(input: { name: "3 km", radiusMeters: 3000, feeAmount: 250 }) { id } }', {}, store.ownerKey);
    }
  });
  afterAll(async () => {
    await t?.close();
    await graph?.close();
    await stripe?.close();
  });
  beforeEach(() => graph.reset());

  const post = (payload: unknown, headers?: Record<string, string>) => {
    const signed = signedWebhook(APP_SECRET, payload);
    return t.http().post('/webhooks/whatsapp').set({ ...signed.headers, ...headers }).send(signed.body);
  };

  /** Waits until the answers to a message have reached the fake Graph API (the last one ends the burst). */
  const answersTo = (to: string, send: () => Promise<unknown>, expected = 1): Promise<SentMessage[]> =>
    answersAfter(() => graph.sent.filter((message) => message.to === to), send, expected);

  const say = (from: string, text: string, expected = 1) =>
    answersTo(from, () => post(messagesWebhook({ phoneNumberId: NUMBER, messages: [textMessage({ from, text })], names: { [from]: 'Giulia Rossi' } })), expected);
  const tap = (from: string, replyId: string, title = replyId, expected = 1) =>
    answersTo(from, () => post(messagesWebhook({ phoneNumberId: NUMBER, messages: [buttonReplyMessage({ from, replyId, title })] })), expected);

  const bodyOf = (message: SentMessage) => message.body as Json;
  const textOf = (messages: SentMessage[]) =>
    messages
      .map((message) => {
        const body = bodyOf(message);
        const interactive = body.interactive as { body: { text: string } } | undefined;
        return interactive ? interactive.body.text : (body.text as { body: string }).body;
      })
      .join('\n');
  const buttonsOf = (message: SentMessage) =>
    ((bodyOf(message).interactive as { action: { buttons: { reply: { id: string; title: string } }[] } }).action.buttons ?? []).map((button) => button.reply);
  const rowsOf = (message: SentMessage) =>
    (bodyOf(message).interactive as { action: { sections: { rows: { id: string; title: string }[] }[] } }).action.sections.flatMap((section) => section.rows);

  it('takes an order with delivery to a shared location and a Stripe payment link, answering in WhatsApp messages', async () => {
    const customer = '393331110001';
    const hello = await say(customer, 'Hi!', 2);
    expect(textOf(hello)).toContain('Welcome to Store pizzeria-roma');
    const menu = hello.at(-1)!;
    expect(bodyOf(menu)).toMatchObject({ messaging_product: 'whatsapp', to: customer, type: 'interactive', interactive: { type: 'list' } });
    // Our own message id rides along, so statuses map back.
    expect(bodyOf(menu).biz_opaque_callback_data).toEqual(expect.any(String));
    const pizzas = rowsOf(menu).find((row) => row.title === 'Pizzas')!;

    const list = await answersTo(customer, () => post(messagesWebhook({ phoneNumberId: NUMBER, messages: [listReplyMessage({ from: customer, replyId: pizzas.id, title: 'Pizzas' })] })));
    expect(rowsOf(list[0]).map((row) => row.title)).toContain('Margherita');
    expect(rowsOf(list[0]).length).toBeLessThanOrEqual(10);

    const added = await say(customer, '2 large margheritas with extra mozzarella and 1 coke');
    expect(textOf(added)).toContain('2 × Margherita (large, Extra mozzarella)');
    // Coca-Cola comes as a can or a bottle: which one?
    expect(textOf(added)).toContain('Which Coca-Cola?');
    const can = buttonsOf(added.at(-1)!).find((button) => button.title === '33 cl can')!;
    const both = await tap(customer, can.id, can.title);
    expect(textOf(both)).toContain('1 × Coca-Cola (33 cl can)');
    expect(textOf(both)).toContain('€27.50');

    const checkout = await tap(customer, 'act:checkout', 'Checkout');
    expect(buttonsOf(checkout[0]).map((button) => button.title)).toEqual(['Delivery', 'Pickup']);
    const where = await tap(customer, 'act:delivery', 'Delivery');
    expect(bodyOf(where[0])).toMatchObject({ type: 'interactive', interactive: { type: 'location_request_message', action: { name: 'send_location' } } });

    const payment = await answersTo(customer, () =>
      post(messagesWebhook({ phoneNumberId: NUMBER, messages: [locationMessage({ from: customer, latitude: 41.9, longitude: 12.48, address: 'Via del Corso 10, Roma' })] })),
    );
    // 27.50 and 2.50 for delivery
    expect(textOf(payment)).toContain('Total: €30.00');
    const methods = buttonsOf(payment[0]);
    expect(methods.map((button) => button.title)).toEqual(['Pay online', 'Cash on delivery']);

    const link = await tap(customer, methods[0].id, 'Pay online');
    expect(bodyOf(link[0])).toMatchObject({
      type: 'interactive',
      interactive: { type: 'cta_url', body: { text: expect.stringContaining('Order #1001 is almost done: please pay €30.00') }, action: { name: 'cta_url', parameters: { display_text: 'Pay now', url: expect.stringContaining('checkout') } } },
    });
    const orders = await t.graphql<{ orders: { nodes: { status: string; channel: string; customerPhone: string; fulfilment: { type: string; address: string } }[] } }>(
      '{ orders(first: 1) { nodes { status channel customerPhone fulfilment { type address } } } }',
      {},
      (await storeKey('pizzeria-roma')),
    );
    expect(orders.data!.orders.nodes[0]).toEqual({
      status: 'awaiting_payment',
      channel: 'whatsapp',
      customerPhone: customer,
      fulfilment: { type: 'delivery', address: 'Via del Corso 10, Roma' },
    });

    const status = await say(customer, 'where is my order');
    expect(bodyOf(status[0])).toMatchObject({ type: 'interactive', interactive: { type: 'cta_url' } });
  });

  it('verifies the signature before anything else and stores nothing it refuses', async () => {
    const payload = messagesWebhook({ phoneNumberId: NUMBER, messages: [textMessage({ from: '393331110002', text: 'hi', id: 'wamid.unsigned' })] });
    const body = JSON.stringify(payload);
    const missing = await t.http().post('/webhooks/whatsapp').set('content-type', 'application/json').send(body);
    expect(missing.status).toBe(401);
    const wrong = await t.http().post('/webhooks/whatsapp').set({ 'content-type': 'application/json', 'x-hub-signature-256': `sha256=${'0'.repeat(64)}` }).send(body);
    expect(wrong.status).toBe(403);
    expect(await dataSource.getRepository(ReceivedMessage).countBy({ providerMessageId: 'wamid.unsigned' })).toBe(0);
  });

  it('keeps a signed payload it cannot read, answers 200, and logs nothing of it', async () => {
    const body = '{"object":"whatsapp_business_account","entry":[';
    const signed = signedWebhook(APP_SECRET, {});
    const { createHmac } = await import('node:crypto');
    const response = await t
      .http()
      .post('/webhooks/whatsapp')
      .set({ ...signed.headers, 'x-hub-signature-256': `sha256=${createHmac('sha256', APP_SECRET).update(body).digest('hex')}` })
      .send(body);
    expect(response.status).toBe(200);
    expect(await dataSource.getRepository(MalformedWebhook).countBy({ body })).toBe(1);
  });

  it('answers a message delivered twice once', async () => {
    const customer = '393331110003';
    const message = textMessage({ from: customer, text: 'menu', id: wamid() });
    const answers = await answersTo(customer, async () => {
      await post(messagesWebhook({ phoneNumberId: NUMBER, messages: [message] }));
      await post(messagesWebhook({ phoneNumberId: NUMBER, messages: [message] }));
    });
    expect(answers).toHaveLength(1);
  });

  it('moves delivery statuses only forward, whatever order they arrive in, and records failures', async () => {
    const customer = '393331110004';
    const [answer] = await say(customer, 'menu');
    const messageId = bodyOf(answer).biz_opaque_callback_data as string;
    const statuses = async (...list: Json[]) => post(messagesWebhook({ phoneNumberId: NUMBER, statuses: list }));
    await statuses(statusUpdate({ id: answer.id, status: 'read', recipient: customer, messageId }));
    await statuses(statusUpdate({ id: answer.id, status: 'delivered', recipient: customer, messageId }), statusUpdate({ id: answer.id, status: 'sent', recipient: customer, messageId }));
    expect((await dataSource.getRepository(Message).findOneByOrFail({ id: messageId })).status).toBe('read');

    const [other] = await say(customer, 'cart');
    await statuses(statusUpdate({ id: other.id, status: 'failed', recipient: customer, error: { code: 131047, title: 'Re-engagement message' } }));
    const failed = await dataSource.getRepository(Message).findOneByOrFail({ providerMessageId: other.id });
    expect(failed.status).toBe('failed');
    expect(failed.error).toBe('131047: Re-engagement message');
  });

  it('turns a catalog cart into a checkout at the store\'s own prices', async () => {
    const customer = '393331110005';
    const answers = await answersTo(customer, () =>
      post(messagesWebhook({ phoneNumberId: NUMBER, messages: [orderMessage({ from: customer, catalogId: '5001', items: [{ retailerId: 'DES-TIRA', quantity: 2, price: 0.01, currency: 'EUR' }] })] })),
    );
    expect(buttonsOf(answers[0]).map((button) => button.title)).toEqual(['Delivery', 'Pickup']);
    const pickup = await tap(customer, 'act:pickup', 'Pickup');
    const payment = await tap(customer, buttonsOf(pickup[0])[0].id);
    expect(textOf(payment)).toContain('Total: €11.00');
  });

  it('keeps unsupported messages and answers politely; keeps pictures', async () => {
    const customer = '393331110006';
    const polite = await answersTo(customer, () => post(messagesWebhook({ phoneNumberId: NUMBER, messages: [unsupportedMessage({ from: customer })] })));
    expect(textOf(polite)).toContain("I can't read this kind of message");

    graph.addMedia('880042', Buffer.from('fake jpeg bytes'), 'image/jpeg');
    await answersTo(customer, () => post(messagesWebhook({ phoneNumberId: NUMBER, messages: [imageMessage({ from: customer, mediaId: '880042', caption: 'my receipt' })] })));
    const picture = await dataSource.getRepository(Message).findOneByOrFail({ text: '[image] my receipt' });
    expect(picture.mediaKey).toMatch(/^media\//);
    expect(graph.downloads).toHaveLength(1);
  });

  it('records a marketing opt-out and still answers the customer', async () => {
    const customer = '393331110007';
    await post(userPreferencesWebhook({ phoneNumberId: NUMBER, preferences: [{ waId: customer, value: 'stop' }] }));
    const contact = await dataSource.getRepository(Contact).findOneByOrFail({ id: await contactIdOf(customer) });
    expect(contact).toMatchObject({ marketingOptedOut: true, optedOut: false, consentChangedVia: 'whatsapp user_preferences' });
    expect(await say(customer, 'menu')).toHaveLength(1);
  });

  it('keeps each number with its own store', async () => {
    const customer = '393331110008';
    const answers = await answersTo(customer, () => post(messagesWebhook({ phoneNumberId: OTHER_NUMBER, messages: [textMessage({ from: customer, text: 'hello' })] })), 2);
    expect(textOf(answers)).toContain('Welcome to Store pizzeria-milano');
    expect(answers.every((answer) => answer.phoneNumberId === OTHER_NUMBER)).toBe(true);
  });

  async function contactIdOf(waId: string): Promise<string> {
    const rows = await dataSource.query('SELECT "contactId" FROM contact_identity WHERE "channelUserId" = $1', [waId]);
    return rows[0].contactId;
  }

  const keys = new Map<string, string>();
  async function storeKey(slug: string): Promise<string> {
    if (!keys.has(slug)) {
      const store = await dataSource.query('SELECT id FROM store WHERE slug = $1', [slug]);
      const { ApiKeyService } = await import('@parley/core');
      keys.set(slug, (await t.get(ApiKeyService).create(store[0].id, { name: 'e2e', role: 'owner' })).secret);
    }
    return keys.get(slug)!;
  }
});
