// The server side of the images benchmark, in its own process: the real API in production mode on a scratch
// PostgreSQL database, running the `images` job workers itself (database queue, or BullMQ with `redis`), files under
// a temporary DATA_DIR. It tells the parent when each image is ready.
process.env.NODE_ENV = 'production';
const { mkdtempSync, rmSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join } = require('node:path');
const { ApiKeyService, CatalogService, createApi, createRootLogger, createScratchDatabase, environmentSchema, StoreService, toAppConfig } = require('@parley/core');
const { ProductImageService } = require('@parley/core/dist/catalog/images/product-image.service');

async function main() {
  const queue = process.argv[2] ?? 'database';
  const scratch = await createScratchDatabase();
  const dataDir = mkdtempSync(join(tmpdir(), 'parley-bench-images-'));
  const env = environmentSchema.parse({
    NODE_ENV: 'production',
    SEED_DEMO_STORE: 'false',
    LOG_LEVEL: 'silent',
    DATA_DIR: dataDir,
    QUEUE_PREFIX: `bench${process.pid}`,
    ...(queue === 'redis' ? { REDIS_URL: process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379' } : {}),
  });
  const config = { ...toAppConfig(env, []), database: { type: 'postgres', url: scratch.url }, migrateOnStart: true, runWorkers: true };
  const app = await createApi(config, { logger: createRootLogger('silent') });
  const store = await app.get(StoreService).create({ slug: 'bench', name: 'Bench Pizzeria' });
  const { secret } = await app.get(ApiKeyService).create(store.id, { name: 'bench', role: 'owner' });
  const product = await app.get(CatalogService).createProduct(store.id, {
    name: 'Margherita',
    variants: [{ sku: 'MARG', price: { amount: 900, currency: 'EUR' } }],
  });

  // Completion is reported from inside the process, so measuring it costs no polling requests.
  const images = app.get(ProductImageService);
  const markReady = images.markReady.bind(images);
  images.markReady = async (image, renditions) => {
    await markReady(image, renditions);
    process.send({ ready: image.id, renditions: renditions.length });
  };
  const markFailed = images.markFailed.bind(images);
  images.markFailed = async (image, reason) => {
    process.send({ failed: image.id, reason });
    return markFailed(image, reason);
  };

  await app.listen({ port: 0, host: '127.0.0.1' });
  process.send({ url: (await app.getUrl()).replace('[::1]', '127.0.0.1'), key: secret, productId: product.id });
  process.on('message', async (message) => {
    if (message !== 'stop') return;
    await app.close();
    await scratch.drop();
    rmSync(dataDir, { recursive: true, force: true });
    process.exit(0);
  });
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
