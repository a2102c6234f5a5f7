// Menu search over a 5,000-product catalog (15,000 variants), next to the search library alone on the same
// documents in the same run (the floor our filtering, grouping and localizing adds to). Needs a build:
//   npm run build && node bench/search.bench.js [products=5000] [database=sqlite|postgres]
const { mkdtempSync, rmSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join } = require('node:path');
const MiniSearch = require('minisearch');
const { createApi, createRootLogger, createScratchDatabase, environmentSchema, toAppConfig, StoreService, CatalogService, MenuService } = require('@parley/core');
const { seedCatalog } = require('./support/seed-catalog');
const { machine, summarize } = require('./support/stats');

const QUERIES = ['margarita', 'pepperoni large', 'large pepperoni', 'quattro formagi', 'diavola', 'tiramisu', 'burgr', 'salad medium',
  'spicy', 'calzone small', 'funghi prosciuto', 'lasagna 42', 'hawaiian', 'bufala large', 'xyzzy'];
const CALLS = 3000;

function time(fn) {
  const latencies = [];
  const started = process.hrtime.bigint();
  for (let i = 0; i < CALLS; i += 1) {
    const t0 = process.hrtime.bigint();
    fn(QUERIES[i % QUERIES.length]);
    latencies.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  return { ...summarize(latencies), perSecond: CALLS / (Number(process.hrtime.bigint() - started) / 1e9) };
}

async function timeAsync(fn) {
  const latencies = [];
  const started = process.hrtime.bigint();
  for (let i = 0; i < CALLS; i += 1) {
    const t0 = process.hrtime.bigint();
    await fn(QUERIES[i % QUERIES.length]);
    latencies.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  return { ...summarize(latencies), perSecond: CALLS / (Number(process.hrtime.bigint() - started) / 1e9) };
}

async function main() {
  const products = Number(process.argv[2] ?? 5000);
  const kind = process.argv[3] ?? 'sqlite';
  const dataDir = mkdtempSync(join(tmpdir(), 'parley-search-bench-'));
  const scratch = kind === 'postgres' ? await createScratchDatabase() : null;
  const config = {
    ...toAppConfig(environmentSchema.parse({ NODE_ENV: 'production', SEED_DEMO_STORE: 'false', DATA_DIR: dataDir }), []),
    database: scratch ? { type: 'postgres', url: scratch.url } : { type: 'sqlite', path: join(dataDir, 'bench.sqlite') },
    migrateOnStart: true,
    runWorkers: false,
  };
  const app = await createApi(config, { logger: createRootLogger('silent') });
  try {
    const store = await app.get(StoreService).create({ slug: 'bench', name: 'Bench' });
    console.error(`seeding ${products} products...`);
    await seedCatalog(app.get(CatalogService), store.id, products);
    const menus = app.get(MenuService);
    const at = new Date();
    await menus.search('bench', 'warm up', 'en', 10, at);

    // The floor: the library alone on the same texts, same options, with no availability filter, grouping or views.
    const names = (await menus.menu('bench', 'en', at)).categories.flatMap((category) => category.products.map((product) => product.name));
    const floorIndex = new MiniSearch({ fields: ['name', 'options', 'tags', 'categories'] });
    floorIndex.addAll(names.map((name, index) => ({ id: String(index), name: `${name} ${name} (es)`, options: 'small medium large', tags: '', categories: '' })));
    const fuzzy = (term) => (term.length >= 7 ? 2 : term.length >= 4 ? 1 : 0);
    const floor = time((query) => floorIndex.search(query, { fuzzy, prefix: (term) => term.length >= 3, combineWith: 'AND', boost: { name: 3, options: 2 } }).slice(0, 10));
    const ours = await timeAsync((query) => menus.search('bench', query, 'en', 10, at));

    const line = (name, r) => `| ${name} | ${Math.round(r.perSecond)} | ${r.p50.toFixed(2)} ms | ${r.p99.toFixed(2)} ms |`;
    console.log(`Machine: ${machine()}; ${kind}; ${products} products x 3 variants; ${CALLS} searches one after another, ${QUERIES.length} different queries with typos`);
    console.log('| search | per second | p50 | p99 |');
    console.log('|---|---|---|---|');
    console.log(line('MiniSearch alone (floor)', floor));
    console.log(line('searchMenu (MenuService.search)', ours));
    console.log(`searchMenu / floor: ${((ours.perSecond / floor.perSecond) * 100).toFixed(0)}%; p99 ${ours.p99.toFixed(2)} ms (target < 10 ms)`);
  } finally {
    await app.close();
    await scratch?.drop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
