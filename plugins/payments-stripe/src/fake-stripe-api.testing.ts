import type { RecordedRequest } from '@parley/testing';

// For tests only: not exported from the plugin.
export const apiError = (message: string, type = 'invalid_request_error') => ({ error: { type, message } });

/**
 * Stripe's API as far as the plugin uses it, answering with the documented object shapes (Checkout Session,
 * Refund). Like Stripe, it replays the first answer to a repeated Idempotency-Key.
 */
export function stripeApi() {
  const sessions = new Map<string, Record<string, unknown>>();
  const replies = new Map<string, { status: number; body: unknown }>();
  let counter = 0;

  const createSession = (form: URLSearchParams) => {
    const id = `cs_test_${++counter}`;
    let total = 0;
    for (let i = 0; form.has(`line_items[${i}][quantity]`); i++) {
      total += Number(form.get(`line_items[${i}][quantity]`)) * Number(form.get(`line_items[${i}][price_data][unit_amount]`));
    }
    const session = {
      id,
      object: 'checkout.session',
      amount_subtotal: total,
      amount_total: total,
      cancel_url: form.get('cancel_url'),
      client_reference_id: form.get('client_reference_id'),
      created: Math.floor(Date.now() / 1000),
      currency: form.get('line_items[0][price_data][currency]'),
      customer: null,
      expires_at: Number(form.get('expires_at')),
      livemode: false,
      metadata: {
        orderId: form.get('metadata[orderId]'),
        orderNumber: form.get('metadata[orderNumber]'),
        storeId: form.get('metadata[storeId]'),
      },
      mode: form.get('mode'),
      // Stripe creates the payment intent only when the customer pays.
      payment_intent: null,
      payment_status: 'unpaid',
      status: 'open',
      success_url: form.get('success_url'),
      url: `https://checkout.stripe.com/c/pay/${id}#fidkdWxOYHwnPyd1blpxYHZxWjA0`,
    };
    sessions.set(id, session);
    return session;
  };

  const handler = (request: RecordedRequest) => {
    const key = request.headers['idempotency-key'] as string | undefined;
    const replay = key && replies.get(key);
    if (replay) return replay;
    let reply: { status: number; body: unknown };
    const path = request.url.split('?')[0];
    if (request.method === 'POST' && path === '/v1/checkout/sessions') {
      reply = { status: 200, body: createSession(request.form()) };
    } else if (request.method === 'GET' && path.startsWith('/v1/checkout/sessions/')) {
      const session = sessions.get(path.split('/').pop() ?? '');
      reply = session
        ? { status: 200, body: { ...session, payment_intent: 'pi_3PaidIntent', payment_status: 'paid', status: 'complete' } }
        : { status: 404, body: apiError('No such checkout.session') };
    } else if (request.method === 'POST' && path === '/v1/refunds') {
      const form = request.form();
      reply = {
        status: 200,
        body: {
          id: `re_test_${++counter}`,
          object: 'refund',
          amount: Number(form.get('amount')),
          balance_transaction: null,
          charge: 'ch_3PaidCharge',
          created: Math.floor(Date.now() / 1000),
          currency: 'eur',
          metadata: {},
          payment_intent: form.get('payment_intent'),
          reason: null,
          receipt_number: null,
          status: 'succeeded',
        },
      };
    } else {
      reply = { status: 404, body: apiError(`Unrecognized request URL (${request.method}: ${path})`) };
    }
    if (key) replies.set(key, reply);
    return reply;
  };
  return handler;
}

