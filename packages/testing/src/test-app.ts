import { randomBytes } from 'node:crypto';
import type { Abstract, Type } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import {
  ApiKeyService,
  type AppConfig,
  createApi,
  createRootLogger,
  environmentSchema,
  EventBusService,
  importPlugin,
  type PluginEntry,
  StoreService,
  toAppConfig,
} from '@parley/core';
import type { PluginDefinition } from '@parley/plugin-sdk';
import IORedis from 'ioredis';
import request from 'supertest';
import { scratchDatabase, TEST_REDIS_URL, type TestDatabase } from './test-databases';

export interface TestAppOptions {
  database?: TestDatabase;
  /** Use BullMQ on the test Redis instead of the database queue. */
  redis?: boolean;
  runWorkers?: boolean;
  /** As in parley.config.json (a package name or a path), or a plugin's definition with the options to give it. */
  plugins?: (PluginEntry | PluginDefinitionEntry)[];
  /** Extra environment variables, as an operator would set them. */
  env?: Record<string, string>;
  /** The test store's slug, for plugins whose options name their store; a random one by default. */
  storeSlug?: string;
}

export interface PluginDefinitionEntry {
  definition: PluginDefinition;
  /** Validated by the plugin's schema as the configuration's would be. */
  options?: unknown;
}

export interface GraphQLResponse<T> {
  status: number;
  data: T | null;
  errors?: { message: string; path?: string[]; extensions?: { code?: string } & Record<string, unknown> }[];
}

export interface TestApp {
  app: NestFastifyApplication;
  config: AppConfig;
  /** http://127.0.0.1:<port> of the running API. */
  url: string;
  /** A store created for this test, with an owner key. */
  store: { id: string; slug: string };
  ownerKey: string;
  http(): ReturnType<typeof request>;
  /** Posts a GraphQL operation with the owner key, or with `key` (null: no key at all). */
  graphql<T = Record<string, unknown>>(query: string, variables?: Record<string, unknown>, key?: string | null): Promise<GraphQLResponse<T>>;
  get<T>(token: Type<T> | Abstract<T> | string | symbol): T;
  /** Another store with its own owner key, for tenant-isolation tests. */
  createStore(slug: string): Promise<{ id: string; slug: string; ownerKey: string }>;
  /** Waits for event handlers still running. */
  settled(): Promise<void>;
  close(): Promise<void>;
}

async function clearRedisPrefix(prefix: string): Promise<void> {
  const redis = new IORedis(TEST_REDIS_URL);
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
      if (keys.length) await redis.del(...keys);
      cursor = next;
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
}

/**
 * Boots the real API (GraphQL, routes, job queue, plugins) on a fresh database, listening on a free port of
 * 127.0.0.1, with one store and its owner key. Every test app is isolated: its own database and Redis prefix.
 */
export async function createTestApp(options: TestAppOptions = {}): Promise<TestApp> {
  const kind = options.database ?? 'postgres';
  const scratch = await scratchDatabase(kind);
  const prefix = `t${randomBytes(5).toString('hex')}`;
  const definitions = new Map<string, PluginDefinition>();
  const entries = (options.plugins ?? []).map((entry): PluginEntry => {
    if (!('definition' in entry)) return entry;
    definitions.set(entry.definition.name, entry.definition);
    return { package: entry.definition.name, options: entry.options ?? {} };
  });
  const env = environmentSchema.parse({
    NODE_ENV: 'test',
    DATA_DIR: scratch.dataDir,
    SEED_DEMO_STORE: 'false',
    QUEUE_PREFIX: prefix,
    ...(options.redis ? { REDIS_URL: TEST_REDIS_URL } : {}),
    ...options.env,
  });
  const config: AppConfig = {
    ...toAppConfig(env, entries),
    database: scratch.database,
    migrateOnStart: true,
    runWorkers: options.runWorkers ?? true,
  };
  let app: NestFastifyApplication;
  try {
    app = await createApi(config, {
      logger: createRootLogger(process.env.TEST_LOG_LEVEL ?? 'silent'),
      resolvePlugin: (specifier) => definitions.get(specifier) ?? importPlugin(specifier),
    });
    await app.listen({ port: 0, host: '127.0.0.1' });
  } catch (error) {
    await scratch.drop();
    throw error;
  }
  const url = await app.getUrl().then((address) => address.replace('[::1]', '127.0.0.1'));

  const createStore = async (slug: string) => {
    const store = await app.get(StoreService).create({ slug, name: `Store ${slug}` });
    const { secret } = await app.get(ApiKeyService).create(store.id, { name: 'test owner', role: 'owner' });
    return { id: store.id, slug: store.slug, ownerKey: secret };
  };
  const main = await createStore(options.storeSlug ?? `store-${randomBytes(3).toString('hex')}`);

  const graphql = async <T>(query: string, variables?: Record<string, unknown>, key: string | null = main.ownerKey) => {
    const call = request(app.getHttpServer()).post('/graphql').send({ query, variables });
    const response = await (key === null ? call : call.set('authorization', `Bearer ${key}`));
    const body = response.body as { data?: T | null; errors?: GraphQLResponse<T>['errors'] };
    return { status: response.status, data: body.data ?? null, errors: body.errors?.length ? body.errors : undefined };
  };

  return {
    app,
    config,
    url,
    store: { id: main.id, slug: main.slug },
    ownerKey: main.ownerKey,
    http: () => request(app.getHttpServer()),
    graphql,
    get: (token) => app.get(token as never),
    createStore,
    settled: () => app.get(EventBusService).settled(),
    close: async () => {
      await app.close();
      await scratch.drop();
      if (options.redis) await clearRedisPrefix(prefix);
    },
  };
}
