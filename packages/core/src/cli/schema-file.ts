import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { GraphQLSchemaHost } from '@nestjs/graphql';
import { printSchema } from 'graphql';
import { createApi } from '../app/bootstrap';
import { toAppConfig, environmentSchema } from '../config/config.schema';
import { createRootLogger } from '../logging/logger';

export const SCHEMA_FILE = resolve(__dirname, '../../../../schema.graphql');

/** The core's GraphQL schema (no plugins loaded), as checked in at the repository root. */
export async function printCoreSchema(): Promise<string> {
  const config = toAppConfig(environmentSchema.parse({ NODE_ENV: 'test', SEED_DEMO_STORE: 'false' }), []);
  const app = await createApi(
    { ...config, database: { type: 'sqlite', path: ':memory:' }, migrateOnStart: true, runWorkers: false },
    { logger: createRootLogger('silent') },
  );
  try {
    return `${printSchema(app.get(GraphQLSchemaHost).schema)}\n`;
  } finally {
    await app.close();
  }
}

export async function checkSchemaFile(write: boolean): Promise<{ upToDate: boolean }> {
  const schema = await printCoreSchema();
  let current = '';
  try {
    current = readFileSync(SCHEMA_FILE, 'utf8');
  } catch {
    // A missing file is simply stale.
  }
  if (write && current !== schema) writeFileSync(SCHEMA_FILE, schema);
  return { upToDate: current === schema };
}
