import { EventBus } from '@parley/plugin-sdk';
import { createTestApp, DATABASES, type FakeServer, startFakeServer, type TestApp } from '@parley/testing';
import Stripe from 'stripe';
import { stripeApi } from './fake-stripe-api.testing';

const WEBHOOK_SECRET = 'whsec_e2e';
const signer = new Stripe('sk_test_signer_only');

function stripeEvent(id: string, type: string, object: Record<string, unknown>): string {
  return JSON.stringify({ id, object: 'event', api_version: '2025-03-31.basil', created: Math.floor(Date.now() / 1000), data: { object }, livemode: false, pending_webhooks: 1, request: { id: null, idempotency_key: null }, type });
}

describe.each(DATABASES)('an order from cart to delivered, paid through a Stripe link, on %s', (database) => {
  let fake: FakeServer;
  let t: TestApp;
  const seen: string[] = [];

  beforeAll(async () => {
    fake = await startFakeServer(stripeApi());
    t = await createTestApp({
      database,
      plugins: [
        {
          package: '@parley/plugin-payments-stripe',
          options: { secretKey: 'sk_test_e2e', webhookSecret: WEBHOOK_SECRET, apiHost: '127.0.0.1', apiPort: fake.port, apiProtocol: 'http' },
        },
      ],
    });
    t.get(EventBus).subscribe('payment.succeeded', ({ payload }) => void seen.push(`paid:${payload.orderId}`));
    await t.graphql('mutation { createProduct(input: { name: "Truffle pizza", variants: [{ sku: "TRUF", price: { amount: 1800, currency: "EUR" }, trackStock: true, stockOnHand: 20 }] }) { id } }');
    await t.graphql('mutation { createDeliveryZone(input: { name: "Centre", postcodes: ["00100"], feeAmount: 300 }) { id } }');
  });
  afterAll(async () => {
    await t?.close();
    await fake?.close();
  });

  const webhook = (body: string, signature = signer.webhooks.generateTestHeaderString({ payload: body, secret: WEBHOOK_SECRET })) =>
    t.http().post('/webhooks/stripe').set('content-type', 'application/json').set('stripe-signature', signature).send(body);
  const order = async (id: string) =>
    (await t.graphql<{ order: { status: string; paymentStatus: string; version: number; totals: { total: { amount: number }; refunded: { amount: number } }; paymentLinks: { status: string }[]; timeline: { reason: string | null }[] } }>(
      'query($id: ID!) { order(id: $id) { status paymentStatus version totals { total { amount } refunded { amount } } paymentLinks { status } timeline { reason } } }',
      { id },
    )).data!.order;
  const stock = async () => (await t.graphql<{ variantBySku: { stockOnHand: number } }>('{ variantBySku(sku: "TRUF") { stockOnHand } }')).data!.variantBySku.stockOnHand;
  const placeStripeOrder = async (quantity: number) => {
    const cart = (await t.graphql<{ createCart: { id: string } }>('mutation { createCart(input: { customerRef: "whatsapp:+39061234", customerName: "Ada Lovelace" }) { id } }')).data!.createCart.id;
    await t.graphql('mutation($c: ID!, $q: Int!) { addCartLine(cartId: $c, input: { sku: "TRUF", quantity: $q }) { id } }', { c: cart, q: quantity });
    await t.graphql('mutation($c: ID!) { setCartDelivery(cartId: $c, input: { address: "Via Roma 1", postcode: "00100" }) { id } }', { c: cart });
    const placed = await t.graphql<{ placeOrder: { id: string; number: number } }>('mutation($c: ID!) { placeOrder(cartId: $c, paymentMethod: "stripe") { id number } }', { c: cart });
    expect(placed.errors).toBeUndefined();
    return placed.data!.placeOrder;
  };
  const link = async (orderId: string) =>
    t.graphql<{ createPaymentLink: { url: string; providerReference: string; status: string } }>('mutation($id: ID!) { createPaymentLink(orderId: $id) { url providerReference status } }', { id: orderId });

  it('takes a customer from cart to delivered with a paid link, each webhook applied once', async () => {
    const { id, number } = await placeStripeOrder(2);
    expect(await stock()).toBe(18);
    const first = await link(id);
    expect(first.errors).toBeUndefined();
    const session = first.data!.createPaymentLink.providerReference;
    expect(session).toMatch(/^cs_/);
    expect((await order(id)).status).toBe('awaiting_payment');
    const created = fake.requests.filter((request) => request.url === '/v1/checkout/sessions');
    expect(created).toHaveLength(1);
    expect(created[0].form().get('metadata[orderId]')).toBe(id);
    expect(created[0].form().get('payment_intent_data[metadata][orderId]')).toBe(id);
    expect(created[0].headers['idempotency-key']).toBe(`payment-link-${id}-1`);
    // Asking again gives the same open link, not a second session.
    expect((await link(id)).data!.createPaymentLink.providerReference).toBe(session);
    expect(fake.requests.filter((request) => request.url === '/v1/checkout/sessions')).toHaveLength(1);

    const accept = await t.graphql('mutation($id: ID!) { changeOrderStatus(id: $id, status: confirmed) { status } }', { id });
    expect(accept.errors?.[0]).toMatchObject({ extensions: { code: 'ILLEGAL_TRANSITION' }, message: expect.stringContaining('not paid yet') });

    const forged = await webhook(stripeEvent('evt_forged', 'checkout.session.completed', { id: session, object: 'checkout.session', payment_status: 'paid', metadata: { orderId: id } }), 't=1,v1=deadbeef');
    expect(forged.status).toBe(400);
    expect((await order(id)).paymentStatus).toBe('unpaid');

    const paid = stripeEvent('evt_paid_1', 'checkout.session.completed', {
      id: session, object: 'checkout.session', payment_status: 'paid', status: 'complete', payment_intent: 'pi_e2e', amount_total: 3900, currency: 'eur',
      metadata: { orderId: id, orderNumber: String(number), storeId: t.store.id },
    });
    // Delivered five times at once, then once more: applied once.
    const responses = await Promise.all(Array.from({ length: 5 }, () => webhook(paid)));
    expect(responses.map((response) => response.status)).toEqual([200, 200, 200, 200, 200]);
    expect((await webhook(paid)).status).toBe(200);
    await t.settled();
    expect(seen.filter((entry) => entry === `paid:${id}`)).toHaveLength(1);
    const afterPayment = await order(id);
    expect(afterPayment).toMatchObject({ paymentStatus: 'paid', paymentLinks: [{ status: 'paid' }] });
    expect(afterPayment.timeline.filter((event) => event.reason === 'payment received (stripe)')).toHaveLength(1);

    // A late "expired" for the same session changes nothing.
    await webhook(stripeEvent('evt_expired_late', 'checkout.session.expired', { id: session, object: 'checkout.session', payment_status: 'unpaid', status: 'expired', amount_total: 5700, currency: 'eur', metadata: { orderId: id } }));
    expect((await order(id)).paymentStatus).toBe('paid');
    expect(await stock()).toBe(18);
    expect((await link(id)).errors?.[0].extensions?.code).toBe('ALREADY_PAID');

    for (const status of ['confirmed', 'preparing', 'ready', 'out_for_delivery', 'delivered']) {
      const moved = await t.graphql<{ changeOrderStatus: { status: string } }>('mutation($id: ID!, $s: OrderStatus!) { changeOrderStatus(id: $id, status: $s) { status } }', { id, s: status });
      expect(moved.data?.changeOrderStatus.status).toBe(status);
    }

    // A partial refund goes through Stripe and is recorded; Stripe's charge.refunded for it doesn't count it twice.
    const refunded = await t.graphql<{ refundOrder: { paymentStatus: string } }>('mutation($id: ID!) { refundOrder(orderId: $id, amount: 500, reason: "cold pizza") { paymentStatus } }', { id });
    expect(refunded.data!.refundOrder.paymentStatus).toBe('partially_refunded');
    const refundCall = fake.requests.find((request) => request.url === '/v1/refunds')!;
    expect(refundCall.form().get('amount')).toBe('500');
    expect(refundCall.form().get('payment_intent')).toMatch(/^pi_/);
    await webhook(stripeEvent('evt_refund_1', 'charge.refunded', { id: 'ch_1', object: 'charge', amount: 3900, amount_refunded: 500, currency: 'eur', payment_intent: 'pi_e2e', metadata: { orderId: id, storeId: t.store.id } }));
    expect((await order(id)).totals.refunded.amount).toBe(500);
    const tooMuch = await t.graphql('mutation($id: ID!) { refundOrder(orderId: $id, amount: 5000) { id } }', { id });
    expect(tooMuch.errors?.[0]).toMatchObject({ extensions: { code: 'REFUND_TOO_LARGE', refundable: 3400 } });
    // The rest, refunded from Stripe's dashboard: the order ends refunded.
    await webhook(stripeEvent('evt_refund_2', 'charge.refunded', { id: 'ch_1', object: 'charge', amount: 3900, amount_refunded: 3900, currency: 'eur', payment_intent: 'pi_e2e', metadata: { orderId: id, storeId: t.store.id } }));
    expect(await order(id)).toMatchObject({ status: 'refunded', paymentStatus: 'refunded', totals: { refunded: { amount: 3900 } } });
  });

  it('follows a delayed payment (bank debit): pending, then paid or failed', async () => {
    const session = async (orderId: string) => (await link(orderId)).data!.createPaymentLink.providerReference;
    const sessionObject = (id: string, orderId: string, paymentStatus: string) => ({
      id, object: 'checkout.session', payment_status: paymentStatus, status: 'complete', amount_total: 2100, currency: 'eur', metadata: { orderId },
    });
    const first = await placeStripeOrder(1);
    const firstSession = await session(first.id);
    await webhook(stripeEvent('evt_async_1', 'checkout.session.completed', sessionObject(firstSession, first.id, 'unpaid')));
    expect((await order(first.id)).paymentStatus).toBe('pending');
    await webhook(stripeEvent('evt_async_2', 'checkout.session.async_payment_succeeded', sessionObject(firstSession, first.id, 'paid')));
    expect((await order(first.id)).paymentStatus).toBe('paid');

    const second = await placeStripeOrder(1);
    const secondSession = await session(second.id);
    // Out of order: the failure overtakes the "completed, unpaid" that came before it. Still failed in the end.
    await webhook(stripeEvent('evt_async_4', 'checkout.session.async_payment_failed', sessionObject(secondSession, second.id, 'unpaid')));
    await webhook(stripeEvent('evt_async_3', 'checkout.session.completed', sessionObject(secondSession, second.id, 'unpaid')));
    expect((await order(second.id)).paymentStatus).toBe('failed');
  });

  it('releases the stock of an expired link, and takes it again for a new link', async () => {
    const { id } = await placeStripeOrder(3);
    const before = await stock();
    const created = await link(id);
    expect(created.errors).toBeUndefined();
    const session = created.data!.createPaymentLink.providerReference;
    const expiry = await webhook(stripeEvent('evt_exp_1', 'checkout.session.expired', { id: session, object: 'checkout.session', payment_status: 'unpaid', status: 'expired', amount_total: 5700, currency: 'eur', metadata: { orderId: id } }));
    expect(expiry.status).toBe(200);
    expect(await stock()).toBe(before + 3);
    expect((await order(id)).paymentLinks).toEqual([{ status: 'expired' }]);

    const second = await link(id);
    expect(second.data!.createPaymentLink.providerReference).not.toBe(session);
    expect(await stock()).toBe(before);
    const keys = fake.requests.filter((request) => request.url === '/v1/checkout/sessions').map((request) => request.headers['idempotency-key']);
    expect(keys.slice(-2)).toEqual([`payment-link-${id}-1`, `payment-link-${id}-2`]);
  });
});
