import { type DynamicModule, Global, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import {
  type ConsentChange,
  type DeliveryStatusUpdate,
  ExtensionRegistry,
  type Extensions,
  type InboundMessage,
  InboundMessages,
  IS_PUBLIC,
  PLUGIN_OPTIONS,
} from '@parley/plugin-sdk';
import {
  messagesWebhook,
  orderMessage,
  signature,
  signedWebhook,
  statusUpdate,
  textMessage,
  userPreferencesWebhook,
} from '../fake-graph-api.testing';
import { WhatsAppChannelAdapter } from '../services/whatsapp-channel.adapter';
import { WhatsAppChannelModule } from '../whatsapp.plugin';
import { type WhatsAppOptions, whatsAppOptions } from '../whatsapp-options';
import { WhatsAppWebhookController } from './whatsapp-webhook.controller';

const APP_SECRET = 'meta-app-secret-for-tests';
const VERIFY_TOKEN = 'parley-verify-token';
const CUSTOMER = '393331234567';
const OPTIONS: WhatsAppOptions = whatsAppOptions.parse({
  appSecret: APP_SECRET,
  verifyToken: VERIFY_TOKEN,
  accounts: [
    { phoneNumberId: '1001', storeSlug: 'roma', accessToken: 'EAAG-token-roma', catalogId: '5001' },
    { phoneNumberId: '1002', storeSlug: 'milano', accessToken: 'EAAG-token-milano' },
  ],
});

/** The core's InboundMessages is not written yet: this one records what the webhook hands over. */
class RecordingInbound extends InboundMessages {
  received: InboundMessage[] = [];
  malformed: { channel: string; body: string; reason: string }[] = [];
  statuses: DeliveryStatusUpdate[] = [];
  consents: ConsentChange[] = [];
  failNextReceive = false;

  async receive(message: InboundMessage): Promise<{ duplicate: boolean }> {
    if (this.failNextReceive) {
      this.failNextReceive = false;
      throw new Error('database unavailable');
    }
    const duplicate = this.received.some((seen) => seen.providerMessageId === message.providerMessageId);
    if (!duplicate) this.received.push(message);
    return { duplicate };
  }
  async receiveMalformed(event: { channel: string; body: string; reason: string }): Promise<void> {
    this.malformed.push(event);
  }
  async updateStatus(update: DeliveryStatusUpdate): Promise<void> {
    this.statuses.push(update);
  }
  async changeConsent(change: ConsentChange): Promise<void> {
    this.consents.push(change);
  }
  nothing(): boolean {
    return this.received.length + this.malformed.length + this.statuses.length + this.consents.length === 0;
  }
  clear(): void {
    this.received = [];
    this.malformed = [];
    this.statuses = [];
    this.consents = [];
  }
}

class RecordingRegistry extends ExtensionRegistry {
  registered: { kind: string; extension: unknown }[] = [];
  register<K extends keyof Extensions>(kind: K, extension: Extensions[K]): void {
    this.registered.push({ kind, extension });
  }
  get<K extends keyof Extensions>(): Extensions[K] {
    throw new Error('not used');
  }
  list<K extends keyof Extensions>(): Extensions[K][] {
    return [];
  }
}

/** As the core's plugin host imports a plugin: its module, with the validated options under PLUGIN_OPTIONS. */
function testModule(inbound: InboundMessages, registry: ExtensionRegistry): DynamicModule {
  @Global()
  @Module({
    providers: [
      { provide: InboundMessages, useValue: inbound },
      { provide: ExtensionRegistry, useValue: registry },
    ],
    exports: [InboundMessages, ExtensionRegistry],
  })
  class FakeCoreModule {}

  @Module({})
  class TestRootModule {}

  return {
    module: TestRootModule,
    imports: [FakeCoreModule, { module: WhatsAppChannelModule, providers: [{ provide: PLUGIN_OPTIONS, useValue: OPTIONS }] }],
  };
}

describe('WhatsApp webhook (/webhooks/whatsapp) in a NestJS Fastify app', () => {
  const inbound = new RecordingInbound();
  const registry = new RecordingRegistry();
  let app: NestFastifyApplication;

  beforeAll(async () => {
    app = await NestFactory.create<NestFastifyApplication>(testModule(inbound, registry), new FastifyAdapter(), { rawBody: true, logger: false });
    await app.init();
    await app.getHttpAdapter().getInstance().ready();
  });
  afterAll(() => app?.close());
  beforeEach(() => inbound.clear());

  const post = (body: string, headers: Record<string, string>) => app.inject({ method: 'POST', url: '/webhooks/whatsapp', headers, payload: body });
  const postSigned = (payload: unknown) => {
    const signed = signedWebhook(APP_SECRET, payload);
    return post(signed.body, signed.headers);
  };

  it('registers the adapter as the whatsapp channel when the module starts', () => {
    expect(registry.registered).toHaveLength(1);
    expect(registry.registered[0].kind).toBe('channel');
    expect(registry.registered[0].extension).toBeInstanceOf(WhatsAppChannelAdapter);
    expect((registry.registered[0].extension as WhatsAppChannelAdapter).channel).toBe('whatsapp');
  });

  it('marks both routes public: they answer Meta, which has no API key', () => {
    expect(Reflect.getMetadata(IS_PUBLIC, WhatsAppWebhookController.prototype.verify)).toBe(true);
    expect(Reflect.getMetadata(IS_PUBLIC, WhatsAppWebhookController.prototype.receive)).toBe(true);
  });

  describe('verification handshake (GET)', () => {
    const handshake = (query: Record<string, string>) => app.inject({ method: 'GET', url: '/webhooks/whatsapp', query });

    it('answers the challenge as text when the mode is subscribe and the verify token matches', async () => {
      const response = await handshake({ 'hub.mode': 'subscribe', 'hub.verify_token': VERIFY_TOKEN, 'hub.challenge': '1158201444' });
      expect(response.statusCode).toBe(200);
      expect(response.headers['content-type']).toMatch(/^text\/plain/);
      expect(response.body).toBe('1158201444');
    });

    it.each<{ why: string; query: Record<string, string> }>([
      { why: 'a wrong verify token', query: { 'hub.mode': 'subscribe', 'hub.verify_token': 'guess', 'hub.challenge': '1' } },
      { why: 'a verify token with extra characters', query: { 'hub.mode': 'subscribe', 'hub.verify_token': `${VERIFY_TOKEN}x`, 'hub.challenge': '1' } },
      { why: 'another mode', query: { 'hub.mode': 'unsubscribe', 'hub.verify_token': VERIFY_TOKEN, 'hub.challenge': '1' } },
      { why: 'no verify token', query: { 'hub.mode': 'subscribe', 'hub.challenge': '1' } },
      { why: 'no challenge', query: { 'hub.mode': 'subscribe', 'hub.verify_token': VERIFY_TOKEN } },
      { why: 'a challenge that is not a token', query: { 'hub.mode': 'subscribe', 'hub.verify_token': VERIFY_TOKEN, 'hub.challenge': '<script>alert(1)</script>' } },
    ])('refuses with 403 for $why', async ({ query }) => {
      const response = await handshake(query);
      expect(response.statusCode).toBe(403);
      expect(response.body).not.toContain('<script>');
    });
  });

  describe('notifications (POST)', () => {
    it('hands a signed message to InboundMessages and answers 200 { received: true }', async () => {
      const message = textMessage({ from: CUSTOMER, id: 'wamid.hello', text: 'Ciao, siete aperti?' });
      const response = await postSigned(messagesWebhook({ phoneNumberId: '1001', messages: [message], names: { [CUSTOMER]: 'Ada' } }));

      expect(response.statusCode).toBe(200);
      expect(response.json()).toEqual({ received: true });
      expect(inbound.received).toEqual([
        {
          channel: 'whatsapp',
          storeSlug: 'roma',
          accountId: '1001',
          providerMessageId: 'wamid.hello',
          from: { channelUserId: CUSTOMER, name: 'Ada' },
          receivedAt: new Date(Number(message.timestamp) * 1000),
          content: { type: 'text', text: 'Ciao, siete aperti?' },
          raw: message,
        },
      ]);
      expect(inbound.malformed).toEqual([]);
    });

    it('keeps the order of several messages, and a cart from the catalog', async () => {
      const payload = messagesWebhook({
        phoneNumberId: '1002',
        messages: [
          textMessage({ from: CUSTOMER, text: 'Vorrei ordinare' }),
          orderMessage({ from: CUSTOMER, catalogId: '5001', items: [{ retailerId: 'MARG-L', quantity: 2, price: 8.5, currency: 'EUR' }] }),
        ],
      });
      expect((await postSigned(payload)).statusCode).toBe(200);
      expect(inbound.received.map((message) => [message.storeSlug, message.content.type])).toEqual([
        ['milano', 'text'],
        ['milano', 'cart'],
      ]);
    });

    it('refuses a notification without a signature with 401, passing nothing on', async () => {
      const body = JSON.stringify(messagesWebhook({ phoneNumberId: '1001', messages: [textMessage({ from: CUSTOMER, text: 'unsigned' })] }));
      const response = await post(body, { 'content-type': 'application/json' });
      expect(response.statusCode).toBe(401);
      expect(response.json()).toMatchObject({ error: { code: 'WEBHOOK_SIGNATURE_MISSING' } });
      expect(inbound.nothing()).toBe(true);
    });

    it('refuses a wrong signature with 403, passing nothing on (not even as malformed)', async () => {
      const body = JSON.stringify(messagesWebhook({ phoneNumberId: '1001', messages: [textMessage({ from: CUSTOMER, text: 'forged' })] }));
      for (const header of [signature('another-secret', body), signature(APP_SECRET, `${body} `), 'sha256=deadbeef', 'garbage']) {
        const response = await post(body, { 'content-type': 'application/json', 'x-hub-signature-256': header });
        expect(response.statusCode).toBe(403);
        expect(response.json()).toMatchObject({ error: { code: 'WEBHOOK_SIGNATURE_INVALID' } });
      }
      // Signed, then changed on the way: refused too.
      const signed = signedWebhook(APP_SECRET, body);
      const tampered = await post(signed.body.replace('forged', 'FORGED'), signed.headers);
      expect(tampered.statusCode).toBe(403);
      expect(inbound.nothing()).toBe(true);
    });

    it('keeps a signed payload it cannot read as malformed, with the reason, and answers 200', async () => {
      const payload = { object: 'whatsapp_business_account', entry: 'not a list' };
      const response = await postSigned(payload);
      expect(response.statusCode).toBe(200);
      expect(inbound.malformed).toEqual([
        { channel: 'whatsapp', body: JSON.stringify(payload), reason: expect.stringContaining('not a WhatsApp Business Account webhook') },
      ]);
      expect(inbound.received).toEqual([]);
    });

    it('keeps a message to a number that is not configured as malformed, naming the number id, and answers 200', async () => {
      const signed = signedWebhook(APP_SECRET, messagesWebhook({ phoneNumberId: '7777', messages: [textMessage({ from: CUSTOMER, text: 'hello?' })] }));
      const response = await post(signed.body, signed.headers);
      expect(response.statusCode).toBe(200);
      expect(inbound.received).toEqual([]);
      expect(inbound.malformed).toEqual([{ channel: 'whatsapp', body: signed.body, reason: 'entry[0].changes[0]: phone_number_id 7777 is not one of the configured accounts' }]);
    });

    it('passes delivery statuses on with our message id', async () => {
      const payload = messagesWebhook({
        phoneNumberId: '1001',
        statuses: [
          statusUpdate({ id: 'wamid.out', status: 'delivered', recipient: CUSTOMER, messageId: 'msg-7', timestamp: 1773513000 }),
          statusUpdate({ id: 'wamid.out2', status: 'failed', recipient: CUSTOMER, messageId: 'msg-8', timestamp: 1773513001, error: { code: 131047, title: 'Re-engagement message' } }),
        ],
      });
      expect((await postSigned(payload)).statusCode).toBe(200);
      expect(inbound.statuses).toEqual([
        { channel: 'whatsapp', providerMessageId: 'wamid.out', messageId: 'msg-7', status: 'delivered', at: new Date(1773513000_000) },
        {
          channel: 'whatsapp',
          providerMessageId: 'wamid.out2',
          messageId: 'msg-8',
          status: 'failed',
          at: new Date(1773513001_000),
          error: { code: '131047', reason: 'Re-engagement message' },
        },
      ]);
    });

    it("passes a customer's stop and resume of marketing messages on as consent changes", async () => {
      const payload = userPreferencesWebhook({ phoneNumberId: '1002', preferences: [{ waId: CUSTOMER, value: 'stop', timestamp: 1773513000 }] });
      expect((await postSigned(payload)).statusCode).toBe(200);
      expect(inbound.consents).toEqual([
        { channel: 'whatsapp', storeSlug: 'milano', channelUserId: CUSTOMER, scope: 'marketing', optedIn: false, at: new Date(1773513000_000), via: 'whatsapp user_preferences' },
      ]);
    });

    it('answers 500 when the core cannot store a message, so Meta delivers it again', async () => {
      const payload = messagesWebhook({ phoneNumberId: '1001', messages: [textMessage({ from: CUSTOMER, id: 'wamid.retry', text: 'again' })] });
      inbound.failNextReceive = true;
      expect((await postSigned(payload)).statusCode).toBe(500);
      expect((await postSigned(payload)).statusCode).toBe(200);
      expect(inbound.received.map((message) => message.providerMessageId)).toEqual(['wamid.retry']);
    });

    it("leaves a body that isn't JSON to the platform's JSON parser, which refuses it before the route: nothing passed on", async () => {
      const body = '{"object":"whatsapp_business_account",';
      const response = await post(body, { 'content-type': 'application/json', 'x-hub-signature-256': signature(APP_SECRET, body) });
      expect(response.statusCode).toBe(400);
      expect(inbound.nothing()).toBe(true);
    });
  });
});
