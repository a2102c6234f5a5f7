// The server side of the checkout benchmark: the real API in production mode on a scratch PostgreSQL database,
// with a small menu (stock tracked on every item, ample) and an integration key for the load generator.
process.env.NODE_ENV = 'production';
const { ApiKeyService, CatalogService, createApi, createRootLogger, createScratchDatabase, environmentSchema, StoreService, toAppConfig } = require('@parley/core');

async function main() {
  const scratch = await createScratchDatabase();
  const config = {
    ...toAppConfig(environmentSchema.parse({ NODE_ENV: 'production', SEED_DEMO_STORE: 'false', LOG_LEVEL: 'silent', QUEUE_PREFIX: `bench${process.pid}` }), []),
    database: { type: 'postgres', url: scratch.url },
    migrateOnStart: true,
    runWorkers: false,
  };
  const app = await createApi(config, { logger: createRootLogger('silent') });
  const store = await app.get(StoreService).create({ slug: 'bench', name: 'Bench' });
  const catalog = app.get(CatalogService);
  const skus = [];
  for (let i = 0; i < 20; i += 1) {
    await catalog.createProduct(store.id, { name: `Pizza ${i}`, variants: [{ sku: `P${i}`, price: { amount: 900 + i * 10, currency: 'EUR' }, trackStock: true, stockOnHand: 1_000_000 }] });
    skus.push(`P${i}`);
  }
  const { secret } = await app.get(ApiKeyService).create(store.id, { name: 'bench', role: 'integration' });
  await app.listen({ port: 0, host: '127.0.0.1' });
  process.send({ url: await app.getUrl(), key: secret, skus });
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
