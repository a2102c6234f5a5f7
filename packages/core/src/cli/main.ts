#!/usr/bin/env node
import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import type { ApiKeyRole } from '@parley/plugin-sdk';
import { DataSource } from 'typeorm';
import { CoreModule } from '../app/core.module';
import { ConfigError, loadConfig } from '../config/load-config';
import { dataSourceOptions } from '../database/data-source-options';
import { createRootLogger, PinoNestLogger } from '../logging/logger';
import { loadPlugins } from '../plugins/plugin-loader';
import { ApiKeyService } from '../stores/api-key.service';
import { StoreService } from '../stores/store.service';
import { generateMigrations } from './generate-migrations';
import { checkSchemaFile } from './schema-file';

const USAGE = `Usage: npm run cli -- <command>

  migrate                                     run pending migrations (also: npm run migrate)
  store:create --slug <slug> --name <name>    create a store and print its first owner key
  key:create --store <slug> --role <owner|staff|integration> --name <name>
                                              create an API key and print it (shown once)
  key:revoke --store <slug> --id <key id>     revoke an API key
  schema [--check]                            write schema.graphql, or fail if it is stale
  migration:generate <Name>                   write migrations for both databases from the entities
`;

function flag(args: string[], name: string): string {
  const index = args.indexOf(`--${name}`);
  const value = index >= 0 ? args[index + 1] : undefined;
  if (!value || value.startsWith('--')) throw new ConfigError(`Missing --${name}\n\n${USAGE}`);
  return value;
}

async function withCore<T>(work: (app: Awaited<ReturnType<typeof NestFactory.createApplicationContext>>) => Promise<T>) {
  const config = loadConfig();
  const app = await NestFactory.createApplicationContext(
    CoreModule.forRoot({ ...config, runWorkers: false }, loadPlugins(config.plugins)),
    { logger: new PinoNestLogger(createRootLogger('warn')) },
  );
  try {
    return await work(app);
  } finally {
    await app.close();
  }
}

async function storeIdOf(app: Parameters<Parameters<typeof withCore>[0]>[0], slug: string): Promise<string> {
  const store = await app.get(StoreService).findBySlug(slug);
  if (!store) throw new ConfigError(`No store has the slug "${slug}"`);
  return store.id;
}

async function main(args: string[]): Promise<number> {
  const [command, ...rest] = args;
  switch (command) {
    case 'migrate': {
      const config = loadConfig();
      const dataSource = new DataSource(dataSourceOptions(config, loadPlugins(config.plugins).map((p) => p.definition)));
      await dataSource.initialize();
      try {
        const applied = await dataSource.runMigrations({ transaction: 'each' });
        process.stdout.write(applied.length ? `Applied ${applied.map((m) => m.name).join(', ')}\n` : 'The database is up to date\n');
      } finally {
        await dataSource.destroy();
      }
      return 0;
    }
    case 'store:create':
      return withCore(async (app) => {
        const store = await app.get(StoreService).create({ slug: flag(rest, 'slug'), name: flag(rest, 'name') });
        const { secret } = await app.get(ApiKeyService).create(store.id, { name: 'first owner key', role: 'owner' });
        process.stdout.write(`Created store "${store.slug}" (${store.id}).\nOwner API key, shown only this once:\n${secret}\n`);
        return 0;
      });
    case 'key:create':
      return withCore(async (app) => {
        const storeId = await storeIdOf(app, flag(rest, 'store'));
        const role = flag(rest, 'role') as ApiKeyRole;
        const { apiKey, secret } = await app.get(ApiKeyService).create(storeId, { name: flag(rest, 'name'), role });
        process.stdout.write(`Created ${apiKey.role} key ${apiKey.id}. Shown only this once:\n${secret}\n`);
        return 0;
      });
    case 'key:revoke':
      return withCore(async (app) => {
        const storeId = await storeIdOf(app, flag(rest, 'store'));
        await app.get(ApiKeyService).revoke(storeId, flag(rest, 'id'));
        process.stdout.write('Revoked.\n');
        return 0;
      });
    case 'schema': {
      const check = rest.includes('--check');
      const { upToDate } = await checkSchemaFile(!check);
      if (check && !upToDate) {
        process.stderr.write('schema.graphql is stale: run `npm run cli -- schema` and commit it.\n');
        return 1;
      }
      process.stdout.write(upToDate ? 'schema.graphql is up to date\n' : 'Wrote schema.graphql\n');
      return 0;
    }
    case 'migration:generate': {
      if (!rest[0] || !/^[A-Z][A-Za-z0-9]+$/.test(rest[0])) throw new ConfigError(`Give the migration a PascalCase name\n\n${USAGE}`);
      const written = await generateMigrations(rest[0]);
      process.stdout.write(written.length ? `Wrote ${written.join(', ')}\n` : 'No changes: the entities match the migrations\n');
      return 0;
    }
    default:
      process.stdout.write(USAGE);
      return command ? 1 : 0;
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
