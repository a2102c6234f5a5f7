import { ExtensionRegistry } from '@parley/plugin-sdk';
import { createTestApp, type TestApp } from '@parley/testing';
import Stripe from 'stripe';
import { StripePaymentProvider } from './services/stripe-payment.provider';

const PACKAGE = '@parley/plugin-payments-stripe';
const WEBHOOK_SECRET = 'whsec_platform_test';
const signer = new Stripe('sk_test_signer_only');

const completed = JSON.stringify({
  id: 'evt_platform_1',
  object: 'event',
  api_version: '2025-03-31.basil',
  created: Math.floor(Date.now() / 1000),
  data: {
    object: {
      id: 'cs_test_platform',
      object: 'checkout.session',
      amount_total: 1200,
      currency: 'eur',
      metadata: { orderId: 'order-1', orderNumber: '1001', storeId: 'store-1' },
      mode: 'payment',
      payment_intent: 'pi_platform',
      payment_status: 'paid',
      status: 'complete',
    },
  },
  livemode: false,
  pending_webhooks: 1,
  request: { id: null, idempotency_key: null },
  type: 'checkout.session.completed',
});

describe('payments-stripe plugin on the platform', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp({
      database: 'sqlite',
      plugins: [{ package: PACKAGE, options: { secretKey: 'sk_test_platform', webhookSecret: WEBHOOK_SECRET } }],
    });
  });
  afterAll(() => t?.close());

  const post = (body: string, signature?: string) => {
    const call = t.http().post('/webhooks/stripe').set('content-type', 'application/json; charset=utf-8');
    return (signature === undefined ? call : call.set('stripe-signature', signature)).send(body);
  };

  it('registers its payment provider as "stripe"', () => {
    const provider = t.app.get(ExtensionRegistry).get('payment', 'stripe');
    expect(provider).toBeInstanceOf(StripePaymentProvider);
    expect(provider.usesLinks).toBe(true);
  });

  it('accepts a signed webhook without an API key', async () => {
    const response = await post(completed, signer.webhooks.generateTestHeaderString({ payload: completed, secret: WEBHOOK_SECRET }));
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ received: true });
  });

  it('refuses a forged or unsigned webhook as WEBHOOK_SIGNATURE_INVALID', async () => {
    const forged = await post(completed, signer.webhooks.generateTestHeaderString({ payload: completed, secret: 'whsec_attacker' }));
    expect(forged.status).toBe(400);
    expect(forged.body.error.code).toBe('WEBHOOK_SIGNATURE_INVALID');

    const unsigned = await post(completed);
    expect(unsigned.status).toBe(400);
    expect(unsigned.body.error).toEqual({ code: 'WEBHOOK_SIGNATURE_INVALID', message: 'The Stripe-Signature header is missing' });
  });

  it('verifies the bytes as sent, not a re-serialised body', async () => {
    // Same JSON, other whitespace: a route that re-serialised the parsed body would verify the wrong bytes.
    const spaced = JSON.stringify(JSON.parse(completed), null, 2);
    const response = await post(spaced, signer.webhooks.generateTestHeaderString({ payload: spaced, secret: WEBHOOK_SECRET }));
    expect(response.status).toBe(200);
  });
});
