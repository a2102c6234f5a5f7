import { resolve } from 'node:path';
import { z } from 'zod';

const port = z.coerce
  .number({ message: 'an integer between 1 and 65535' })
  .int('an integer between 1 and 65535')
  .min(1, 'an integer between 1 and 65535')
  .max(65535, 'an integer between 1 and 65535');

const flag = z
  .enum(['true', 'false', '1', '0'], { message: 'true or false' })
  .transform((value) => value === 'true' || value === '1');

/**
 * Every environment variable the platform reads, with its default. The defaults give the embedded mode: SQLite and
 * stored files under DATA_DIR, the database-backed job queue, PORT 3000.
 */
export const environmentSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test'], { message: 'development, production or test' }).default('development'),
  PORT: port.default(3000),
  HOST: z.string().min(1).default('0.0.0.0'),
  WORKER_PORT: port.default(3001),
  PUBLIC_URL: z.url({ message: 'an absolute URL such as https://shop.example.com' }).optional(),
  DATA_DIR: z.string().min(1).default('./data'),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\/.+/, 'a postgres:// URL (leave it unset for the embedded SQLite database)')
    .optional(),
  REDIS_URL: z.string().regex(/^rediss?:\/\/.+/, 'a redis:// URL (leave it unset for the database-backed job queue)').optional(),
  QUEUE_PREFIX: z.string().regex(/^[A-Za-z0-9_-]+$/, 'letters, digits, - or _').default('parley'),
  RUN_WORKERS: flag.optional(),
  MIGRATE_ON_START: flag.optional(),
  SEED_DEMO_STORE: flag.default(true),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], { message: 'fatal, error, warn, info, debug, trace or silent' }).default('info'),
  PARLEY_CONFIG: z.string().min(1).optional(),
  GRAPHQL_MAX_DEPTH: z.coerce.number({ message: 'a positive integer' }).int().positive().default(12),
  GRAPHQL_MAX_COMPLEXITY: z.coerce.number({ message: 'a positive integer' }).int().positive().default(5000),
  METRICS_TOKEN: z
    .string()
    .regex(/^[\x21-\x7E]{16,}$/, 'at least 16 characters, no spaces (e.g. `openssl rand -hex 32`); leave it unset to turn /metrics off')
    .optional(),
});

export type Environment = z.infer<typeof environmentSchema>;

export interface PluginEntry {
  /** The package to load: an npm package name or a path. */
  package: string;
  options: unknown;
}

export interface AppConfig {
  env: Environment['NODE_ENV'];
  port: number;
  host: string;
  workerPort: number;
  publicUrl: string;
  dataDir: string;
  database: { type: 'postgres'; url: string } | { type: 'sqlite'; path: string };
  redis: { url: string } | null;
  queuePrefix: string;
  /** Whether this process consumes jobs: always in the worker, in the API only when asked or in embedded mode. */
  runWorkers: boolean;
  migrateOnStart: boolean;
  seedDemoStore: boolean;
  logLevel: Environment['LOG_LEVEL'];
  graphql: { maxDepth: number; maxComplexity: number };
  /** The bearer token /metrics asks for (API and worker); null: /metrics is off. */
  metricsToken: string | null;
  plugins: PluginEntry[];
}

export const configFileSchema = z.object({
  plugins: z
    .array(z.object({ package: z.string().min(1), options: z.unknown().default({}) }))
    .default([]),
});

export function toAppConfig(env: Environment, plugins: PluginEntry[]): AppConfig {
  const dataDir = resolve(env.DATA_DIR);
  const embedded = !env.DATABASE_URL;
  return {
    env: env.NODE_ENV,
    port: env.PORT,
    host: env.HOST,
    workerPort: env.WORKER_PORT,
    publicUrl: (env.PUBLIC_URL ?? `http://localhost:${env.PORT}`).replace(/\/$/, ''),
    dataDir,
    database: env.DATABASE_URL
      ? { type: 'postgres', url: env.DATABASE_URL }
      : { type: 'sqlite', path: resolve(dataDir, 'parley.sqlite') },
    redis: env.REDIS_URL ? { url: env.REDIS_URL } : null,
    queuePrefix: env.QUEUE_PREFIX,
    runWorkers: env.RUN_WORKERS ?? !env.REDIS_URL,
    migrateOnStart: env.MIGRATE_ON_START ?? embedded,
    seedDemoStore: env.SEED_DEMO_STORE,
    logLevel: env.LOG_LEVEL,
    graphql: { maxDepth: env.GRAPHQL_MAX_DEPTH, maxComplexity: env.GRAPHQL_MAX_COMPLEXITY },
    metricsToken: env.METRICS_TOKEN ?? null,
    plugins,
  };
}
