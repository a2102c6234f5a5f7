// The server side of the Stripe webhook benchmark: the API in production mode on a scratch PostgreSQL database
// with the Stripe plugin loaded from configuration, as an operator would run it.
process.env.NODE_ENV = 'production';
const { createApi, createRootLogger, createScratchDatabase, environmentSchema, toAppConfig } = require('@parley/core');

async function main() {
  const scratch = await createScratchDatabase();
  const config = {
    ...toAppConfig(environmentSchema.parse({ NODE_ENV: 'production', SEED_DEMO_STORE: 'false', LOG_LEVEL: 'silent', QUEUE_PREFIX: `bench${process.pid}` }), [
      { package: '@parley/plugin-payments-stripe', options: { secretKey: 'sk_test_bench', webhookSecret: process.argv[2] } },
    ]),
    database: { type: 'postgres', url: scratch.url },
    migrateOnStart: true,
    runWorkers: false,
  };
  const app = await createApi(config, { logger: createRootLogger('silent') });
  await app.listen({ port: 0, host: '127.0.0.1' });
  process.send({ url: await app.getUrl() });
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
