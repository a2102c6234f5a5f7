// The public menu of a 500-product catalog under 50 concurrent clients, next to `{ __typename }` (the GraphQL
// engine's floor) on the same server in the same run. Needs PostgreSQL (TEST_DATABASE_URL) and a build:
//   npm run build && node bench/menu.bench.js [products=500] [seconds=10]
const { fork } = require('node:child_process');
const { join } = require('node:path');
const autocannon = require('autocannon');
const { machine } = require('./support/stats');

const products = Number(process.argv[2] ?? 500);
const seconds = Number(process.argv[3] ?? 10);
// What a menu screen or a chat's menu message shows: sections, items, a price from; the item's sizes and choices
// are fetched with menuProduct once the customer picks it.
const MENU_LIST = `query Menu($store: String!) { menu(store: $store, language: "en") { storeName categories { id name products {
  id name description fromPrice { amount currency } } } } }`;
// Everything at once: every variant and every modifier of all products.
const MENU_FULL = `query Menu($store: String!) { menu(store: $store, language: "en") { storeName categories { id name products {
  id name description fromPrice { amount currency } variants { id sku label price { amount currency } }
  modifierGroups { id name minSelect maxSelect modifiers { id name priceDelta { amount } } } } } } }`;

function load(url, body) {
  return autocannon({
    url: `${url}/graphql`,
    method: 'POST',
    connections: 50,
    duration: seconds,
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
}

async function main() {
  const server = fork(join(__dirname, 'support/menu-server.js'), [String(products)], { stdio: 'inherit' });
  const ready = await new Promise((resolve, reject) => {
    server.once('message', resolve);
    server.once('exit', (code) => reject(new Error(`server exited with ${code}`)));
  });
  const floor = await load(ready.url, { query: '{ __typename }' });
  const list = await load(ready.url, { query: MENU_LIST, variables: { store: ready.slug } });
  const full = await load(ready.url, { query: MENU_FULL, variables: { store: ready.slug } });
  server.send('stop');

  const row = (name, result) =>
    `| ${name} | ${Math.round(result.requests.average)} | ${result.latency.p50} ms | ${result.latency.p99} ms | ${Math.round(result.throughput.average / Math.max(1, result.requests.average) / 1024)} KiB | ${result.non2xx + result.errors} |`;
  console.log(`Machine: ${machine()}; PostgreSQL; ${products} products x 3 variants, 2 modifier groups each; 50 connections, ${seconds} s each`);
  console.log('| query | req/s | p50 | p99 | response | errors |');
  console.log('|---|---|---|---|---|---|');
  console.log(row('`{ __typename }` (floor)', floor));
  console.log(row('menu list, cached', list));
  console.log(row('full menu (all variants and modifiers), cached', full));
  const ratio = (result) => `${(result.requests.average / floor.requests.average * 100).toFixed(0)}%`;
  console.log(`Menu list / floor: ${ratio(list)} (target >= 50%), p99 ${list.latency.p99} ms (target < 50 ms); full menu / floor: ${ratio(full)}`);
  console.log(`Uncached menu (cold snapshot load and build, one at a time, ${ready.cold.count} runs): p50 ${ready.cold.p50.toFixed(1)} ms, p99 ${ready.cold.p99.toFixed(1)} ms`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
