import { loadPlugins } from '@parley/core';
import { type PaymentEvent, type PaymentLinkRequest, WebhookVerificationError } from '@parley/plugin-sdk';
import { type FakeServer, startFakeServer } from '@parley/testing';
import Stripe from 'stripe';
import { apiError, stripeApi } from './fake-stripe-api.testing';
import { clampExpiry, StripePaymentProvider } from './services/stripe-payment.provider';
import { type StripeOptions, stripeOptions } from './stripe-options';

const PACKAGE = '@parley/plugin-payments-stripe';
const WEBHOOK_SECRET = 'whsec_test_secret';
const signer = new Stripe('sk_test_signer_only');

function linkRequest(overrides: Partial<PaymentLinkRequest> = {}): PaymentLinkRequest {
  return {
    storeId: 'store-1',
    orderId: 'order-42',
    orderNumber: '1042',
    total: { amount: 2350, currency: 'EUR' },
    lineItems: [
      { name: 'Margherita', quantity: 2, unitAmount: 850 },
      { name: 'Tiramisu', quantity: 1, unitAmount: 650 },
    ],
    expiresAt: new Date(Date.now() + 2 * 3_600_000),
    successUrl: 'https://shop.example/t/ABC123?paid=1',
    cancelUrl: 'https://shop.example/t/ABC123',
    idempotencyKey: 'payment-link-order-42-1',
    ...overrides,
  };
}

function providerFor(fake: FakeServer, extra: Partial<StripeOptions> = {}): StripePaymentProvider {
  return new StripePaymentProvider(
    stripeOptions.parse({
      secretKey: 'sk_test_4eC39HqLyjWDarjtT1zdp7dc',
      webhookSecret: WEBHOOK_SECRET,
      apiHost: '127.0.0.1',
      apiPort: fake.port,
      apiProtocol: 'http',
      ...extra,
    }),
  );
}

describe('Stripe payment links (Checkout Sessions)', () => {
  let fake: FakeServer;
  let provider: StripePaymentProvider;

  beforeAll(async () => {
    fake = await startFakeServer(stripeApi());
    provider = providerFor(fake);
  });
  afterAll(() => fake.close());
  beforeEach(() => {
    fake.requests.length = 0;
    fake.handle(stripeApi());
  });

  it('creates a session with the order lines in its currency, the ids as metadata, the expiry and the return URLs', async () => {
    const request = linkRequest();
    const link = await provider.createLink(request);

    expect(fake.requests).toHaveLength(1);
    const sent = fake.requests[0];
    expect(sent.method).toBe('POST');
    expect(sent.url).toBe('/v1/checkout/sessions');
    expect(sent.headers['content-type']).toContain('application/x-www-form-urlencoded');
    expect(sent.headers.authorization).toBe('Bearer sk_test_4eC39HqLyjWDarjtT1zdp7dc');
    expect(sent.headers['idempotency-key']).toBe('payment-link-order-42-1');
    const form = sent.form();
    expect(Object.fromEntries(form)).toEqual({
      mode: 'payment',
      'line_items[0][quantity]': '2',
      'line_items[0][price_data][currency]': 'eur',
      'line_items[0][price_data][unit_amount]': '850',
      'line_items[0][price_data][product_data][name]': 'Margherita',
      'line_items[1][quantity]': '1',
      'line_items[1][price_data][currency]': 'eur',
      'line_items[1][price_data][unit_amount]': '650',
      'line_items[1][price_data][product_data][name]': 'Tiramisu',
      client_reference_id: 'order-42',
      'metadata[orderId]': 'order-42',
      'metadata[orderNumber]': '1042',
      'metadata[storeId]': 'store-1',
      'payment_intent_data[metadata][orderId]': 'order-42',
      'payment_intent_data[metadata][orderNumber]': '1042',
      'payment_intent_data[metadata][storeId]': 'store-1',
      expires_at: String(Math.floor(request.expiresAt.getTime() / 1000)),
      success_url: 'https://shop.example/t/ABC123?paid=1',
      cancel_url: 'https://shop.example/t/ABC123',
    });

    expect(link).toEqual({
      providerReference: 'cs_test_1',
      url: 'https://checkout.stripe.com/c/pay/cs_test_1#fidkdWxOYHwnPyd1blpxYHZxWjA0',
      expiresAt: new Date(Math.floor(request.expiresAt.getTime() / 1000) * 1000),
    });
  });

  it('sends the same Idempotency-Key and body when a request is retried, and gets the same session back', async () => {
    const request = linkRequest();
    const first = await provider.createLink(request);
    const again = await provider.createLink(request);

    expect(again).toEqual(first);
    expect(fake.requests.map((sent) => sent.headers['idempotency-key'])).toEqual(['payment-link-order-42-1', 'payment-link-order-42-1']);
    expect(fake.requests[1].body.toString()).toBe(fake.requests[0].body.toString());
  });

  it("keeps the key when the client retries by itself after Stripe's API failed", async () => {
    let calls = 0;
    const api = stripeApi();
    fake.handle((request) => (++calls === 1 ? { status: 500, body: apiError('Try again', 'api_error') } : api(request)));

    const link = await provider.createLink(linkRequest({ idempotencyKey: 'payment-link-order-42-2' }));

    expect(link.providerReference).toBe('cs_test_1');
    expect(fake.requests.map((sent) => sent.headers['idempotency-key'])).toEqual(['payment-link-order-42-2', 'payment-link-order-42-2']);
  });

  it('charges the order total as one line when the lines do not add up to it (delivery fee, tip, discount)', async () => {
    await provider.createLink(linkRequest({ total: { amount: 2850, currency: 'USD' } }));

    const form = fake.requests[0].form();
    expect(form.get('line_items[0][price_data][unit_amount]')).toBe('2850');
    expect(form.get('line_items[0][price_data][currency]')).toBe('usd');
    expect(form.get('line_items[0][quantity]')).toBe('1');
    expect(form.get('line_items[0][price_data][product_data][name]')).toBe('Order 1042');
    expect(form.has('line_items[1][quantity]')).toBe(false);
  });

  it('refuses a total that is not a positive integer of minor units, without calling Stripe', async () => {
    await expect(provider.createLink(linkRequest({ total: { amount: 23.5, currency: 'EUR' } }))).rejects.toThrow('positive integer total');
    await expect(provider.createLink(linkRequest({ total: { amount: 0, currency: 'EUR' } }))).rejects.toThrow('positive integer total');
    expect(fake.requests).toHaveLength(0);
  });

  it('fills the return URL templates from the options with the order ids, leaving Stripe its own placeholder', async () => {
    const withTemplates = providerFor(fake, {
      successUrl: 'https://pay.example/thanks/{orderId}?n={orderNumber}&session={CHECKOUT_SESSION_ID}',
      cancelUrl: 'https://pay.example/{storeId}/cancelled',
    });
    await withTemplates.createLink(linkRequest({ orderId: 'order 7/8' }));

    const form = fake.requests[0].form();
    expect(form.get('success_url')).toBe('https://pay.example/thanks/order%207%2F8?n=1042&session={CHECKOUT_SESSION_ID}');
    expect(form.get('cancel_url')).toBe('https://pay.example/store-1/cancelled');
  });

  it('moves an expiry outside 30 minutes to 24 hours into that range', async () => {
    const now = Date.UTC(2026, 0, 1, 12, 0, 0);
    const minutes = (date: Date) => (date.getTime() - now) / 60_000;
    expect(minutes(clampExpiry(new Date(now + 5 * 60_000), now))).toBe(31);
    expect(minutes(clampExpiry(new Date(now - 60_000), now))).toBe(31);
    expect(minutes(clampExpiry(new Date(now + 3 * 24 * 3_600_000), now))).toBe(24 * 60 - 1);
    expect(minutes(clampExpiry(new Date(now + 90 * 60_000), now))).toBe(90);

    const before = Date.now();
    await provider.createLink(linkRequest({ expiresAt: new Date(before + 60_000) }));
    const sentExpiry = Number(fake.requests[0].form().get('expires_at')) * 1000;
    expect(sentExpiry).toBeGreaterThanOrEqual(Math.floor((before + 31 * 60_000) / 1000) * 1000);
    expect(sentExpiry).toBeLessThanOrEqual(Date.now() + 31 * 60_000);
  });
});

describe('Stripe refunds', () => {
  let fake: FakeServer;
  let provider: StripePaymentProvider;

  beforeAll(async () => {
    fake = await startFakeServer(stripeApi());
    provider = providerFor(fake);
  });
  afterAll(() => fake.close());
  beforeEach(() => {
    fake.requests.length = 0;
  });

  it('refunds part of a payment intent with the idempotency key', async () => {
    const result = await provider.refund({
      providerReference: 'pi_3PaidIntent',
      amount: { amount: 650, currency: 'EUR' },
      idempotencyKey: 'refund-order-42-1',
    });

    expect(result.refundId).toMatch(/^re_test_/);
    expect(fake.requests).toHaveLength(1);
    expect(fake.requests[0].url).toBe('/v1/refunds');
    expect(fake.requests[0].headers['idempotency-key']).toBe('refund-order-42-1');
    expect(Object.fromEntries(fake.requests[0].form())).toEqual({ payment_intent: 'pi_3PaidIntent', amount: '650' });
  });

  it("refunds by the Checkout Session id the core knows, through the session's payment intent", async () => {
    const link = await provider.createLink(linkRequest());
    fake.requests.length = 0;

    await provider.refund({
      providerReference: link.providerReference,
      amount: { amount: 2350, currency: 'EUR' },
      idempotencyKey: 'refund-order-42-2',
    });

    expect(fake.requests.map((sent) => `${sent.method} ${sent.url.split('?')[0]}`)).toEqual([
      `GET /v1/checkout/sessions/${link.providerReference}`,
      'POST /v1/refunds',
    ]);
    expect(Object.fromEntries(fake.requests[1].form())).toEqual({ payment_intent: 'pi_3PaidIntent', amount: '2350' });
  });
});

describe('Stripe webhooks', () => {
  const provider = new StripePaymentProvider(stripeOptions.parse({ secretKey: 'sk_test_webhooks', webhookSecret: WEBHOOK_SECRET }));
  const created = Math.floor(Date.UTC(2026, 2, 14, 18, 30, 0) / 1000);
  const ids = { orderId: 'order-42', orderNumber: '1042', storeId: 'store-1' };

  const session = (fields: Record<string, unknown> = {}) => ({
    id: 'cs_test_a1',
    object: 'checkout.session',
    amount_subtotal: 2350,
    amount_total: 2350,
    client_reference_id: 'order-42',
    currency: 'eur',
    expires_at: created + 3600,
    livemode: false,
    metadata: ids,
    mode: 'payment',
    payment_intent: 'pi_3PaidIntent',
    payment_status: 'paid',
    status: 'complete',
    url: null,
    ...fields,
  });
  const charge = {
    id: 'ch_3PaidCharge',
    object: 'charge',
    amount: 2350,
    amount_captured: 2350,
    amount_refunded: 650,
    captured: true,
    currency: 'eur',
    metadata: ids,
    paid: true,
    payment_intent: 'pi_3PaidIntent',
    refunded: false,
    status: 'succeeded',
  };
  const event = (type: string, object: unknown, id = `evt_${type.replace(/\./g, '_')}`) =>
    JSON.stringify({
      id,
      object: 'event',
      api_version: '2025-03-31.basil',
      created,
      data: { object },
      livemode: false,
      pending_webhooks: 1,
      request: { id: null, idempotency_key: null },
      type,
    });
  const signed = (payload: string, { secret = WEBHOOK_SECRET, timestamp }: { secret?: string; timestamp?: number } = {}) => ({
    rawBody: Buffer.from(payload),
    headers: {
      'content-type': 'application/json; charset=utf-8',
      'stripe-signature': signer.webhooks.generateTestHeaderString({ payload, secret, timestamp }),
    },
  });
  const sessionEvent = (eventId: string, kind: PaymentEvent['kind']): PaymentEvent => ({
    eventId,
    kind,
    providerReference: 'cs_test_a1',
    orderId: 'order-42',
    storeId: 'store-1',
    amount: { amount: 2350, currency: 'EUR' },
    occurredAt: new Date(created * 1000),
  });

  const unpaid = { payment_status: 'unpaid', payment_intent: null };
  it.each([
    { type: 'checkout.session.completed', when: 'paid', object: session(), kind: 'succeeded' },
    { type: 'checkout.session.completed', when: 'free', object: session({ payment_status: 'no_payment_required' }), kind: 'succeeded' },
    { type: 'checkout.session.completed', when: 'async payment on its way', object: session(unpaid), kind: 'pending' },
    { type: 'checkout.session.async_payment_succeeded', when: 'paid later', object: session(), kind: 'succeeded' },
    { type: 'checkout.session.async_payment_failed', when: 'failed later', object: session(unpaid), kind: 'failed' },
    { type: 'checkout.session.expired', when: 'not paid in time', object: session({ ...unpaid, status: 'expired' }), kind: 'expired' },
  ] as const)('maps $type ($when) to a $kind event', async ({ type, object, kind }) => {
    const events = await provider.parseWebhook(signed(event(type, object, 'evt_1')));
    expect(events).toEqual([sessionEvent('evt_1', kind)]);
  });

  it("maps charge.refunded to a refunded event of the payment intent, with the charge's refunded total", async () => {
    const events = await provider.parseWebhook(signed(event('charge.refunded', charge, 'evt_refund')));
    expect(events).toEqual([
      {
        eventId: 'evt_refund',
        kind: 'refunded',
        providerReference: 'pi_3PaidIntent',
        orderId: 'order-42',
        storeId: 'store-1',
        amount: { amount: 650, currency: 'EUR' },
        occurredAt: new Date(created * 1000),
      },
    ]);
  });

  it('acknowledges and ignores other event types, and sessions or charges not made for an order', async () => {
    const other = event('payment_intent.succeeded', { id: 'pi_1', object: 'payment_intent', metadata: ids });
    await expect(provider.parseWebhook(signed(other))).resolves.toEqual([]);
    await expect(provider.parseWebhook(signed(event('checkout.session.completed', session({ metadata: {} }))))).resolves.toEqual([]);
    await expect(provider.parseWebhook(signed(event('charge.refunded', { ...charge, metadata: {} })))).resolves.toEqual([]);
  });

  describe('refuses with WebhookVerificationError', () => {
    const payload = event('checkout.session.completed', session());

    it('a signature made with another secret', async () => {
      await expect(provider.parseWebhook(signed(payload, { secret: 'whsec_attacker' }))).rejects.toThrow(WebhookVerificationError);
    });

    it('a body changed after signing', async () => {
      const request = signed(payload);
      const tampered = { ...request, rawBody: Buffer.from(payload.replace('"amount_total":2350', '"amount_total":1')) };
      await expect(provider.parseWebhook(tampered)).rejects.toThrow(WebhookVerificationError);
    });

    it('a missing Stripe-Signature header', async () => {
      await expect(provider.parseWebhook({ rawBody: Buffer.from(payload), headers: {} })).rejects.toThrow(
        new WebhookVerificationError('The Stripe-Signature header is missing'),
      );
    });

    it('a header that is not a Stripe signature', async () => {
      await expect(provider.parseWebhook({ rawBody: Buffer.from(payload), headers: { 'stripe-signature': 'nonsense' } })).rejects.toThrow(
        WebhookVerificationError,
      );
    });

    it('a replayed delivery signed longer ago than the 300 s tolerance', async () => {
      const stale = signed(payload, { timestamp: Math.floor(Date.now() / 1000) - 301 });
      await expect(provider.parseWebhook(stale)).rejects.toThrow(/Stripe-Signature did not verify: Timestamp outside the tolerance zone/);
    });
  });
});

describe('Stripe plugin options', () => {
  const valid = { secretKey: 'sk_test_abc', webhookSecret: 'whsec_abc' };

  it('refuses a bad key at start-up, naming the option without echoing the value', () => {
    const load = (options: Record<string, unknown>) => () => loadPlugins([{ package: PACKAGE, options }]);
    expect(load({ ...valid, secretKey: 'pk_live_publishable' })).toThrow(
      `Plugin "${PACKAGE}": option "secretKey": must be a Stripe secret key`,
    );
    expect(load({ ...valid, secretKey: 'pk_live_publishable' })).not.toThrow(/pk_live_publishable/);
    expect(load({ webhookSecret: 'whsec_abc' })).toThrow(`Plugin "${PACKAGE}": option "secretKey"`);
    expect(load({ ...valid, webhookSecret: 'sk_test_wrong_one' })).toThrow(`Plugin "${PACKAGE}": option "webhookSecret": must be`);
    expect(load({ ...valid, successUrl: 'thanks.html' })).toThrow(`Plugin "${PACKAGE}": option "successUrl": must be an http(s) URL`);
    expect(load({ ...valid, apiProtocol: 'ftp' })).toThrow(`Plugin "${PACKAGE}": option "apiProtocol"`);
  });

  it('accepts test, live and restricted keys', () => {
    for (const secretKey of ['sk_test_abc', 'sk_live_abc', 'rk_live_abc']) {
      expect(() => loadPlugins([{ package: PACKAGE, options: { ...valid, secretKey } }])).not.toThrow();
    }
  });
});
