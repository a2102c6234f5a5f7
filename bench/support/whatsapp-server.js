// The server side of the WhatsApp benchmarks, in its own process: the real API in production mode with the WhatsApp
// plugin (and the Stripe plugin when a fake Stripe port is given) loaded from configuration, the demo pizzeria's menu
// on a store that is always open and delivers within 3 km, and the bare route (`POST /bench/bare`) as the ceiling.
//   production: a scratch PostgreSQL database and BullMQ on Redis; the API runs no job workers (apps/worker does)
//   embedded:   SQLite under a temporary DATA_DIR and the database job queue, workers in the API (the defaults)
// Argument: JSON { setup: 'production' | 'embedded', graphUrl, stripePort?, stores? }. `stores` more stores
// (notify-1 ... notify-N), each with a WhatsApp number of its own (`notifyNumber(i)`), a product (sku TIRA, EUR 5.50)
// and an owner key, for the notifications benchmark. It answers with what a worker process needs to join (database
// URL, Redis, queue prefix, a plugin configuration file) and those stores, and on request with counts.
process.env.NODE_ENV = 'production';
const { mkdtempSync, rmSync, writeFileSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join } = require('node:path');
const IORedis = require('ioredis');
const { DataSource } = require('typeorm');
const { ApiKeyService, CatalogCsvService, CatalogService, createApi, createRootLogger, createScratchDatabase, environmentSchema, importDemoMenu, StoreService, toAppConfig } = require('@parley/core');
const { Variant } = require('@parley/core/dist/catalog/variant.entity');
const { DeliveryZoneService } = require('@parley/core/dist/orders/delivery-zone.service');
const { notifyNumber, PHONE_NUMBER_ID } = require('./whatsapp-webhooks');

const APP_SECRET = 'whatsapp-app-secret-bench';
const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

async function main() {
  const { setup, graphUrl, stripePort, stores: extraStores = 0 } = JSON.parse(process.argv[2]);
  const notifyStores = Array.from({ length: extraStores }, (_, i) => ({ slug: `notify-${i + 1}`, phoneNumberId: notifyNumber(i + 1) }));
  const production = setup === 'production';
  const dataDir = mkdtempSync(join(tmpdir(), 'parley-bench-whatsapp-'));
  const scratch = production ? await createScratchDatabase() : null;
  const queuePrefix = `bench${process.pid}`;
  const plugins = [
    {
      package: '@parley/plugin-channel-whatsapp',
      options: { appSecret: APP_SECRET, verifyToken: 'verify-bench', graphApiBaseUrl: graphUrl, accounts: [
          { phoneNumberId: PHONE_NUMBER_ID, storeSlug: 'bench', accessToken: 'EAAG-bench' },
          ...notifyStores.map(({ slug, phoneNumberId }) => ({ phoneNumberId, storeSlug: slug, accessToken: 'EAAG-bench' })),
        ],
      },
    },
    ...(stripePort
      ? [{ package: '@parley/plugin-payments-stripe', options: { secretKey: 'sk_test_bench', webhookSecret: 'whsec_bench', apiHost: '127.0.0.1', apiPort: stripePort, apiProtocol: 'http' } }]
      : []),
  ];
  // Worker processes read their plugins from a configuration file, as an operator's would.
  const configPath = join(dataDir, 'parley.config.json');
  writeFileSync(configPath, JSON.stringify({ plugins }));
  const env = environmentSchema.parse({
    NODE_ENV: 'production',
    SEED_DEMO_STORE: 'false',
    LOG_LEVEL: process.env.BENCH_LOG_LEVEL ?? 'silent',
    DATA_DIR: dataDir,
    PUBLIC_URL: 'https://pizza.example.com',
    QUEUE_PREFIX: queuePrefix,
    ...(production ? { REDIS_URL, DATABASE_URL: scratch.url } : {}),
  });
  const config = { ...toAppConfig(env, [...plugins, { package: join(__dirname, 'bare-route.plugin.js'), options: {} }]), migrateOnStart: true };
  const app = await createApi(config, { logger: createRootLogger(env.LOG_LEVEL) });

  const store = await app.get(StoreService).create({ slug: 'bench', name: 'Bench Pizzeria' });
  await app.get(StoreService).updateSettings(store.id, { currency: 'EUR', timeZone: 'Europe/Rome', latitude: 41.8992, longitude: 12.4731 });
  await importDemoMenu(app.get(CatalogCsvService), store.id);
  await app.get(DeliveryZoneService).create(store.id, { name: 'Within 3 km', radiusMeters: 3000, feeAmount: 250, minimumOrderAmount: 0 });
  // The demo menu tracks the stock of its drinks (48 cans): enough for thousands of benchmark orders instead.
  const dataSource = app.get(DataSource);
  await dataSource.getRepository(Variant).update({ trackStock: true }, { stockOnHand: 1_000_000 });

  for (const notifyStore of notifyStores) {
    const { id } = await app.get(StoreService).create({ slug: notifyStore.slug, name: `Store ${notifyStore.slug}` });
    await app.get(StoreService).updateSettings(id, { currency: 'EUR' });
    await app.get(CatalogService).createProduct(id, { name: 'Tiramisu', variants: [{ sku: 'TIRA', price: { amount: 550, currency: 'EUR' } }] });
    notifyStore.ownerKey = (await app.get(ApiKeyService).create(id, { name: 'bench owner', role: 'owner' })).secret;
  }

  await app.listen({ port: 0, host: '127.0.0.1' });
  process.send({
    stores: notifyStores,
    url: (await app.getUrl()).replace('[::1]', '127.0.0.1'),
    appSecret: APP_SECRET,
    workerEnv: production
      ? { NODE_ENV: 'production', DATABASE_URL: scratch.url, REDIS_URL, QUEUE_PREFIX: queuePrefix, PARLEY_CONFIG: configPath, DATA_DIR: dataDir, PUBLIC_URL: env.PUBLIC_URL, MIGRATE_ON_START: 'false' }
      : null,
  });

  let stopping;
  const stop = () =>
    (stopping ??= (async () => {
      await app.close();
      if (scratch) await scratch.drop();
      if (production) await forgetQueues(queuePrefix);
      rmSync(dataDir, { recursive: true, force: true });
      process.exit(0);
    })());
  // The benchmark died without saying stop: clean up all the same.
  process.on('disconnect', () => void stop());
  process.on('message', async (message) => {
    if (message === 'counts') {
      const [row] = await dataSource.query('SELECT COUNT(*) AS received, COUNT(*) - COUNT("processedAt") AS unprocessed FROM received_message');
      process.send({ counts: { received: Number(row.received), unprocessed: Number(row.unprocessed) } });
      return;
    }
    if (message === 'stop') await stop();
  });
}

/** Jobs left waiting in Redis by a run without workers: removed with the run's own prefix. */
async function forgetQueues(prefix) {
  const redis = new IORedis(REDIS_URL);
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
    if (keys.length) await redis.unlink(...keys);
    cursor = next;
  } while (cursor !== '0');
  await redis.quit();
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
