import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { postgresMigrations, sqliteMigrations } from '@parley/migrations';
import type { PluginDefinition } from '@parley/plugin-sdk';
import { defaults as pgDefaults, types as pgTypes } from 'pg';
import type { DataSourceOptions } from 'typeorm';
import type { AppConfig } from '../config/config.schema';
import { coreEntities } from './core-entities';
import { TimestampsSubscriber } from './timestamps.subscriber';

// `timestamp` columns hold UTC wall time on PostgreSQL (SQLite has no time zones either), so the process time zone
// must never leak into them: write Dates as UTC and read them back as UTC.
(pgDefaults as { parseInputDatesAsUTC?: boolean }).parseInputDatesAsUTC = true;
const TIMESTAMP_WITHOUT_TIME_ZONE = 1114;
pgTypes.setTypeParser(TIMESTAMP_WITHOUT_TIME_ZONE, (value) => new Date(`${value.replace(' ', 'T')}Z`));

/**
 * The one data source definition: the API, the worker, the CLI (`npm run migrate`) and the tests all build theirs
 * here, so the entities and migrations they see can't drift apart. `synchronize` is off everywhere: the schema comes
 * from migrations only.
 */
export function dataSourceOptions(config: Pick<AppConfig, 'database'>, plugins: PluginDefinition[] = []): DataSourceOptions {
  const entities = [...coreEntities, ...plugins.flatMap((plugin) => plugin.entities ?? [])] as DataSourceOptions['entities'];
  if (config.database.type === 'postgres') {
    return {
      type: 'postgres',
      url: config.database.url,
      parseInt8: true,
      // gen_random_uuid() is built into PostgreSQL 13+: no extension (and no superuser) needed.
      uuidExtension: 'pgcrypto',
      entities,
      migrations: [...postgresMigrations, ...plugins.flatMap((plugin) => plugin.migrations?.postgres ?? [])] as never,
      migrationsTableName: 'migrations',
      subscribers: [TimestampsSubscriber],
      synchronize: false,
      // A statement prepared on a connection keeps the plan made for the tables as they were then (FrequentQuery's
      // generic plans): a connection that lived from a new store's empty tables on would scan what have become large
      // ones. Ending connections after half an hour lets the plans follow the data and autovacuum's statistics.
      extra: { max: 20, options: '-c timezone=UTC', maxLifetimeSeconds: 1800 },
    };
  }
  if (config.database.path !== ':memory:') mkdirSync(dirname(config.database.path), { recursive: true });
  return {
    type: 'better-sqlite3',
    database: config.database.path,
    enableWAL: config.database.path !== ':memory:',
    timeout: 10_000,
    entities,
    migrations: [...sqliteMigrations, ...plugins.flatMap((plugin) => plugin.migrations?.sqlite ?? [])] as never,
    migrationsTableName: 'migrations',
    subscribers: [TimestampsSubscriber],
    synchronize: false,
  };
}
