// Checkout throughput on PostgreSQL: 50 concurrent customers each creating a cart, adding two lines, choosing
// pickup and placing the order (stock reserved, order numbered), next to GET /health (the server's ceiling) with the
// same 50 clients in the same run. Needs PostgreSQL (TEST_DATABASE_URL) and a build:
//   npm run build && node bench/checkout.bench.js [seconds=10]
const { fork } = require('node:child_process');
const { join } = require('node:path');
const { closedLoop } = require('./support/load');
const { machine, summarize } = require('./support/stats');

const seconds = Number(process.argv[2] ?? 10);
const CONCURRENCY = 50;

async function main() {
  const server = fork(join(__dirname, 'support/checkout-server.js'), [], { stdio: 'inherit' });
  const { url, key, skus } = await new Promise((resolve, reject) => {
    server.once('message', resolve);
    server.once('exit', (code) => reject(new Error(`server exited with ${code}`)));
  });
  const graphql = async (query, variables) => {
    const response = await fetch(`${url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
      body: JSON.stringify({ query, variables }),
    });
    const body = await response.json();
    if (body.errors) throw new Error(body.errors[0].message);
    return body.data;
  };

  const ceiling = await closedLoop(CONCURRENCY, seconds, async () => {
    const response = await fetch(`${url}/health`);
    await response.arrayBuffer();
    if (!response.ok) throw new Error('health');
  });
  const placeLatencies = [];
  const checkout = await closedLoop(CONCURRENCY, seconds, async (worker, i) => {
    const { createCart } = await graphql('mutation($ref: String!) { createCart(input: { customerRef: $ref }) { id } }', { ref: `c${worker}-${i}` });
    await graphql('mutation($c: ID!, $s: String!) { addCartLine(cartId: $c, input: { sku: $s, quantity: 2 }) { id } }', { c: createCart.id, s: skus[i % skus.length] });
    await graphql('mutation($c: ID!, $s: String!) { addCartLine(cartId: $c, input: { sku: $s, quantity: 1 }) { id } }', { c: createCart.id, s: skus[(i + worker) % skus.length] });
    await graphql('mutation($c: ID!) { setCartPickup(cartId: $c) { id } }', { c: createCart.id });
    const started = process.hrtime.bigint();
    await graphql('mutation($c: ID!) { placeOrder(cartId: $c, paymentMethod: "pay_at_pickup") { id number } }', { c: createCart.id });
    placeLatencies.push(Number(process.hrtime.bigint() - started) / 1e6);
  });
  server.send('stop');
  const place = summarize(placeLatencies);

  console.log(`Machine: ${machine()}; PostgreSQL; ${CONCURRENCY} concurrent customers, ${seconds} s each`);
  console.log('| what | per second | p50 | p99 | failures |');
  console.log('|---|---|---|---|---|');
  console.log(`| GET /health (ceiling) | ${Math.round(ceiling.perSecond)} | ${ceiling.p50.toFixed(1)} ms | ${ceiling.p99.toFixed(1)} ms | ${ceiling.failures} |`);
  console.log(`| whole checkout (5 requests: cart, 2 lines, pickup, place) | ${Math.round(checkout.perSecond)} | ${checkout.p50.toFixed(1)} ms | ${checkout.p99.toFixed(1)} ms | ${checkout.failures} |`);
  console.log(`| placeOrder alone, inside those checkouts | ${Math.round(checkout.perSecond)} | ${place.p50.toFixed(1)} ms | ${place.p99.toFixed(1)} ms | |`);
  console.log(`Requests per second in checkouts: ${Math.round(checkout.perSecond * 5)} = ${((checkout.perSecond * 5) / ceiling.perSecond * 100).toFixed(0)}% of the /health ceiling`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
