// Stripe webhooks per second through POST /webhooks/stripe (signature verified on the raw body, event recorded
// once by its id) under 50 concurrent senders, next to GET /health on the same server in the same run.
//   npm run build && node bench/stripe-webhook.bench.js [seconds=10]
const { fork } = require('node:child_process');
const { join } = require('node:path');
const Stripe = require('stripe');
const { closedLoop } = require('./support/load');
const { machine } = require('./support/stats');

const seconds = Number(process.argv[2] ?? 10);
const SECRET = 'whsec_bench_secret';
const signer = new Stripe('sk_test_signer');

async function main() {
  const server = fork(join(__dirname, 'support/webhook-server.js'), [SECRET], { stdio: 'inherit' });
  const { url } = await new Promise((resolve, reject) => {
    server.once('message', resolve);
    server.once('exit', (code) => reject(new Error(`server exited with ${code}`)));
  });
  const ceiling = await closedLoop(50, seconds, async () => {
    const response = await fetch(`${url}/health`);
    await response.arrayBuffer();
    if (!response.ok) throw new Error(String(response.status));
  });
  const webhooks = await closedLoop(50, seconds, async (client, i) => {
    // A real event shape; its session is not one of ours, so it is verified, recorded once and acknowledged.
    const payload = JSON.stringify({
      id: `evt_bench_${client}_${i}`, object: 'event', api_version: '2025-03-31.basil', created: Math.floor(Date.now() / 1000), type: 'checkout.session.completed',
      data: { object: { id: `cs_bench_${client}_${i}`, object: 'checkout.session', payment_status: 'paid', status: 'complete', amount_total: 1200, currency: 'eur', metadata: {} } },
    });
    const response = await fetch(`${url}/webhooks/stripe`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'stripe-signature': signer.webhooks.generateTestHeaderString({ payload, secret: SECRET }) },
      body: payload,
    });
    await response.arrayBuffer();
    if (!response.ok) throw new Error(String(response.status));
  });
  server.send('stop');
  console.log(`Machine: ${machine()}; PostgreSQL; 50 concurrent senders, ${seconds} s each`);
  console.log('| route | per second | p50 | p99 | failures |');
  console.log('|---|---|---|---|---|');
  console.log(`| GET /health (ceiling) | ${Math.round(ceiling.perSecond)} | ${ceiling.p50.toFixed(1)} ms | ${ceiling.p99.toFixed(1)} ms | ${ceiling.failures} |`);
  console.log(`| POST /webhooks/stripe (signed) | ${Math.round(webhooks.perSecond)} | ${webhooks.p50.toFixed(1)} ms | ${webhooks.p99.toFixed(1)} ms | ${webhooks.failures} |`);
  console.log(`Webhooks / ceiling: ${((webhooks.perSecond / ceiling.perSecond) * 100).toFixed(0)}%`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
