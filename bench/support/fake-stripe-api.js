// A loopback stand-in for Stripe's API as far as an ordering conversation uses it: creating a Checkout Session
// (form-encoded, as the official client sends it) answered with the documented object shape, and a repeated
// Idempotency-Key answered with the first answer, as Stripe does. A small JavaScript mirror of
// plugins/payments-stripe/src/fake-stripe-api.testing.ts (TypeScript, excluded from the build). The plugin reaches it
// through the official client with its apiHost/apiPort/apiProtocol options.
const { createServer } = require('node:http');

async function startFakeStripeApi() {
  const replies = new Map();
  let counter = 0;
  let created = 0;

  const createSession = (form) => {
    const id = `cs_test_bench${++counter}`;
    let total = 0;
    for (let i = 0; form.has(`line_items[${i}][quantity]`); i++) {
      total += Number(form.get(`line_items[${i}][quantity]`)) * Number(form.get(`line_items[${i}][price_data][unit_amount]`));
    }
    created += 1;
    return {
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
      metadata: { orderId: form.get('metadata[orderId]'), orderNumber: form.get('metadata[orderNumber]'), storeId: form.get('metadata[storeId]') },
      mode: form.get('mode'),
      payment_intent: null,
      payment_status: 'unpaid',
      status: 'open',
      success_url: form.get('success_url'),
      url: `https://checkout.stripe.com/c/pay/${id}#fidkdWxOYHwnPyd1blpxYHZxWjA0`,
    };
  };

  const server = createServer((request, response) => {
    const chunks = [];
    request.on('data', (chunk) => chunks.push(chunk));
    request.on('end', () => {
      const key = request.headers['idempotency-key'];
      let reply = key && replies.get(key);
      if (!reply) {
        const path = request.url.split('?')[0];
        reply =
          request.method === 'POST' && path === '/v1/checkout/sessions'
            ? { status: 200, body: createSession(new URLSearchParams(Buffer.concat(chunks).toString('utf8'))) }
            : { status: 404, body: { error: { type: 'invalid_request_error', message: `Unrecognized request URL (${request.method}: ${path})` } } };
        if (key) replies.set(key, reply);
      }
      response.writeHead(reply.status, { 'content-type': 'application/json', 'request-id': `req_bench${counter}` });
      response.end(JSON.stringify(reply.body));
    });
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: server.address().port,
    createdCount: () => created,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

module.exports = { startFakeStripeApi };
