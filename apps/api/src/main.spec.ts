import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createScratchDatabase } from '@parley/core';
import { freePort, runNode, startNode, TEST_REDIS_URL } from '@parley/testing';

// These tests run the built app (`npm test` builds first), exactly as `npm start` and Docker do.
const API = 'apps/api/dist/main.js';
const WORKER = 'apps/worker/dist/main.js';
const CLI = 'packages/core/dist/cli/main.js';

async function graphql(port: number, key: string, query: string) {
  const response = await fetch(`http://127.0.0.1:${port}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
    body: JSON.stringify({ query }),
  });
  return (await response.json()) as { data?: Record<string, unknown>; errors?: unknown[] };
}

describe('the API process', () => {
  it('starts on the embedded default with a demo store and a one-time key, stops cleanly, and keeps its data', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'parley-api-'));
    const port = await freePort();
    const env = { DATA_DIR: dataDir, PORT: String(port), HOST: '127.0.0.1' };
    try {
      const first = startNode(API, [], env);
      const [, key] = await first.waitFor(/shown only this once:\s+(prl_\S+)/);
      expect(await graphql(port, key, '{ store { name slug } }')).toEqual({ data: { store: { name: 'Demo Pizzeria', slug: 'demo' } } });
      const health = await fetch(`http://127.0.0.1:${port}/health`);
      expect(await health.json()).toEqual({ status: 'ok', database: 'up', redis: 'not configured' });
      expect(first.output() + first.errors()).not.toMatch(/"level":\d+.*prl_/);
      expect(await first.stop('SIGTERM')).toBe(0);

      const second = startNode(API, [], env);
      await second.waitFor(/Parley is running/);
      expect(second.output()).not.toContain('shown only this once');
      expect(await graphql(port, key, '{ store { slug } }')).toEqual({ data: { store: { slug: 'demo' } } });
      expect(await second.stop('SIGTERM')).toBe(0);
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('refuses a malformed variable with one line naming it', async () => {
    const result = await runNode(API, [], { PORT: 'abc' });
    expect(result.code).toBe(1);
    expect(result.stderr).toBe('Invalid configuration: PORT must be an integer between 1 and 65535 (got "abc")\n');
  });

  it('runs on PostgreSQL and BullMQ with two variables: migrate, then an API and a worker', async () => {
    const database = await createScratchDatabase();
    const [apiPort, workerPort] = [await freePort(), await freePort()];
    const env = {
      DATABASE_URL: database.url,
      REDIS_URL: TEST_REDIS_URL,
      QUEUE_PREFIX: `proc${apiPort}`,
      PORT: String(apiPort),
      WORKER_PORT: String(workerPort),
      HOST: '127.0.0.1',
      DATA_DIR: mkdtempSync(join(tmpdir(), 'parley-pg-')),
    };
    try {
      const unmigrated = await runNode(API, [], env);
      expect(unmigrated).toMatchObject({ code: 1, stderr: 'The database has migrations to apply: run `npm run migrate` first (or set MIGRATE_ON_START=true)\n' });

      const migrate = await runNode(CLI, ['migrate'], env);
      expect(migrate).toMatchObject({ code: 0, stdout: expect.stringContaining('Applied Init') });
      expect((await runNode(CLI, ['migrate'], env)).stdout).toContain('The database is up to date');

      const api = startNode(API, [], env);
      const worker = startNode(WORKER, [], env);
      const [, key] = await api.waitFor(/shown only this once:\s+(prl_\S+)/);
      expect(await graphql(apiPort, key, '{ store { slug } }')).toEqual({ data: { store: { slug: 'demo' } } });
      expect(await (await fetch(`http://127.0.0.1:${apiPort}/health`)).json()).toEqual({ status: 'ok', database: 'up', redis: 'up' });

      let workerHealth: unknown;
      for (let attempt = 0; attempt < 100 && !workerHealth; attempt++) {
        workerHealth = await fetch(`http://127.0.0.1:${workerPort}/health`).then((r) => r.json(), () => null);
        if (!workerHealth) await new Promise((resolve) => setTimeout(resolve, 100));
      }
      expect(workerHealth).toEqual({ status: 'ok', database: 'up', redis: 'up' });

      expect(await worker.stop('SIGTERM')).toBe(0);
      expect(await api.stop('SIGTERM')).toBe(0);
    } finally {
      await database.drop();
      rmSync(env.DATA_DIR, { recursive: true, force: true });
    }
  });
});

describe('the CLI', () => {
  it('creates stores and keys, and revokes keys', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'parley-cli-'));
    const env = { DATA_DIR: dataDir };
    try {
      const created = await runNode(CLI, ['store:create', '--slug', 'marios', '--name', "Mario's"], env);
      expect(created.code).toBe(0);
      expect(created.stdout).toMatch(/Created store "marios"/);

      const key = await runNode(CLI, ['key:create', '--store', 'marios', '--role', 'staff', '--name', 'kitchen'], env);
      const [, id] = key.stdout.match(/Created staff key (\S+)\./) ?? [];
      expect(key.stdout).toMatch(/prl_\S+/);

      expect((await runNode(CLI, ['key:revoke', '--store', 'marios', '--id', id], env)).stdout).toBe('Revoked.\n');
      const missing = await runNode(CLI, ['key:create', '--store', 'nope', '--role', 'staff', '--name', 'x'], env);
      expect(missing).toMatchObject({ code: 1, stderr: 'No store has the slug "nope"\n' });
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
