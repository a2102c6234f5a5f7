import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { PluginDefinition } from '@parley/plugin-sdk';
import { DataSource } from 'typeorm';
import type { AppConfig } from '../config/config.schema';
import { dataSourceOptions } from '../database/data-source-options';
import { createScratchDatabase } from '../database/scratch-database';

const MIGRATIONS_DIR = resolve(__dirname, '../../../../migrations');

/** The SQL that would bring a freshly migrated database in line with the entities. Empty when they match. */
export async function pendingSchemaChanges(database: AppConfig['database'], plugins: PluginDefinition[] = []) {
  const dataSource = new DataSource(dataSourceOptions({ database }, plugins));
  await dataSource.initialize();
  try {
    await dataSource.runMigrations();
    return await dataSource.driver.createSchemaBuilder().log();
  } finally {
    await dataSource.destroy();
  }
}

function escape(sql: string): string {
  return sql.replace(/\\/g, '\\\\').replace(/`/g, '\\`').replace(/\$\{/g, '\\${');
}

function migrationSource(className: string, up: string[], down: string[]): string {
  const lines = (queries: string[]) => queries.map((query) => `    await queryRunner.query(\`${escape(query)}\`);`).join('\n');
  return `import type { MigrationInterface, QueryRunner } from 'typeorm';

export class ${className} implements MigrationInterface {
  name = '${className}';

  async up(queryRunner: QueryRunner): Promise<void> {
${lines(up)}
  }

  async down(queryRunner: QueryRunner): Promise<void> {
${lines(down)}
  }
}
`;
}

function writeIndex(folder: 'postgres' | 'sqlite'): void {
  const files = readdirSync(join(MIGRATIONS_DIR, folder))
    .filter((file) => /^\d+-[A-Za-z0-9]+\.ts$/.test(file))
    .sort();
  const classes = files.map((file) => {
    const [timestamp, name] = file.replace(/\.ts$/, '').split('-');
    return { file: file.replace(/\.ts$/, ''), className: `${name}${timestamp}` };
  });
  const exportName = folder === 'postgres' ? 'postgresMigrations' : 'sqliteMigrations';
  writeFileSync(
    join(MIGRATIONS_DIR, folder, 'index.ts'),
    `// Written by \`npm run cli -- migration:generate\`: every migration of this folder, oldest first.\n` +
      classes.map(({ file, className }) => `import { ${className} } from './${file}';\n`).join('') +
      `\nexport const ${exportName} = [${classes.map((c) => c.className).join(', ')}];\n`,
  );
}

/** Diffs the entities against each database's migrations and writes a migration per database that differs. */
export async function generateMigrations(name: string): Promise<string[]> {
  const timestamp = Date.now();
  const written: string[] = [];
  const scratch = await createScratchDatabase();
  const sqliteDir = mkdtempSync(join(tmpdir(), 'parley-migration-'));
  try {
    const targets = [
      { folder: 'postgres' as const, database: { type: 'postgres' as const, url: scratch.url } },
      { folder: 'sqlite' as const, database: { type: 'sqlite' as const, path: join(sqliteDir, 'diff.sqlite') } },
    ];
    for (const { folder, database } of targets) {
      const changes = await pendingSchemaChanges(database);
      if (changes.upQueries.length === 0) continue;
      const file = join(MIGRATIONS_DIR, folder, `${timestamp}-${name}.ts`);
      writeFileSync(
        file,
        migrationSource(
          `${name}${timestamp}`,
          changes.upQueries.map((query) => query.query),
          changes.downQueries.reverse().map((query) => query.query),
        ),
      );
      writeIndex(folder);
      written.push(file);
    }
  } finally {
    await scratch.drop();
    rmSync(sqliteDir, { recursive: true, force: true });
  }
  return written;
}
