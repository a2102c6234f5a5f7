import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type AppConfig, createScratchDatabase } from '@parley/core';

/** Both databases the platform supports: run database tests with `describe.each(DATABASES)`. */
export const DATABASES = ['postgres', 'sqlite'] as const;
export type TestDatabase = (typeof DATABASES)[number];

export const TEST_REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

/**
 * An empty database of the given kind for one test app: a new PostgreSQL database next to TEST_DATABASE_URL
 * (default postgres://postgres@127.0.0.1:5432/test), or a SQLite file in a temporary folder. `drop` removes it.
 */
export async function scratchDatabase(kind: TestDatabase): Promise<{ database: AppConfig['database']; dataDir: string; drop(): Promise<void> }> {
  const dataDir = mkdtempSync(join(tmpdir(), 'parley-test-'));
  const removeDir = () => rmSync(dataDir, { recursive: true, force: true });
  if (kind === 'sqlite') {
    return { database: { type: 'sqlite', path: join(dataDir, 'parley.sqlite') }, dataDir, drop: async () => removeDir() };
  }
  const scratch = await createScratchDatabase();
  return {
    database: { type: 'postgres', url: scratch.url },
    dataDir,
    drop: async () => {
      await scratch.drop();
      removeDir();
    },
  };
}
