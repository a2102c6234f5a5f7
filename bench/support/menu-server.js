// The server side of the menu benchmark, in its own process so the load generator doesn't share its core:
// the real API on a scratch PostgreSQL database, in production mode, with a seeded catalog.
process.env.NODE_ENV = 'production';
const { createApi, createRootLogger, createScratchDatabase, environmentSchema, toAppConfig, StoreService, CatalogService, MenuService } = require('@parley/core');
const { seedCatalog } = require('./seed-catalog');
const { summarize } = require('./stats');

async function main() {
  const products = Number(process.argv[2] ?? 500);
  const scratch = await createScratchDatabase();
  const config = {
    ...toAppConfig(environmentSchema.parse({ NODE_ENV: 'production', SEED_DEMO_STORE: 'false', LOG_LEVEL: 'silent' }), []),
    database: { type: 'postgres', url: scratch.url },
    migrateOnStart: true,
    runWorkers: false,
  };
  const app = await createApi(config, { logger: createRootLogger('silent') });
  const store = await app.get(StoreService).create({ slug: 'bench', name: 'Bench Pizzeria' });
  await seedCatalog(app.get(CatalogService), store.id, products);

  // The uncached figure: a cold snapshot load and menu build, one at a time, after a catalog change each time.
  const menus = app.get(MenuService);
  const cold = [];
  for (let i = 0; i < 30; i += 1) {
    await app.get(CatalogService).updateCategory(store.id, (await app.get(CatalogService).categories(store.id))[0].id, { visible: true });
    const started = process.hrtime.bigint();
    await menus.menu('bench', 'en');
    cold.push(Number(process.hrtime.bigint() - started) / 1e6);
  }
  await app.listen({ port: 0, host: '127.0.0.1' });
  process.send({ url: await app.getUrl(), slug: 'bench', cold: summarize(cold) });
  process.on('message', async () => {
    await app.close();
    await scratch.drop();
    process.exit(0);
  });
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
