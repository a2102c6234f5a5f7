import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { ConfigError, loadConfig } from './load-config';

describe('configuration', () => {
  it('defaults to the embedded mode: SQLite under ./data, the database queue, port 3000, migrations on start', () => {
    const config = loadConfig({});
    expect(config.port).toBe(3000);
    expect(config.database).toEqual({ type: 'sqlite', path: resolve('data/parley.sqlite') });
    expect(config.redis).toBeNull();
    expect(config.runWorkers).toBe(true);
    expect(config.migrateOnStart).toBe(true);
    // The repository's own parley.config.json: the web chat, so a newcomer can order from the demo store at once.
    expect(config.plugins).toEqual([{ package: '@parley/plugin-channel-webchat', options: {} }]);
  });

  it('switches to PostgreSQL and BullMQ with two variables, and then leaves jobs and migrations to their own processes', () => {
    const config = loadConfig({ DATABASE_URL: 'postgres://app@db:5432/parley', REDIS_URL: 'redis://cache:6379' });
    expect(config.database).toEqual({ type: 'postgres', url: 'postgres://app@db:5432/parley' });
    expect(config.redis).toEqual({ url: 'redis://cache:6379' });
    expect(config.runWorkers).toBe(false);
    expect(config.migrateOnStart).toBe(false);
  });

  it.each([
    [{ PORT: 'abc' }, 'Invalid configuration: PORT must be an integer between 1 and 65535 (got "abc")'],
    [{ PORT: '70000' }, 'Invalid configuration: PORT must be an integer between 1 and 65535 (got "70000")'],
    [{ DATABASE_URL: 'mysql://x' }, 'Invalid configuration: DATABASE_URL must be a postgres:// URL'],
    [{ REDIS_URL: 'localhost:6379' }, 'Invalid configuration: REDIS_URL must be a redis:// URL'],
    [{ LOG_LEVEL: 'loud' }, 'Invalid configuration: LOG_LEVEL must be fatal, error, warn, info, debug, trace or silent'],
    [{ RUN_WORKERS: 'yes' }, 'Invalid configuration: RUN_WORKERS must be true or false (got "yes")'],
    [{ PUBLIC_URL: 'shop.example.com' }, 'Invalid configuration: PUBLIC_URL must be an absolute URL'],
    [{ METRICS_TOKEN: 'too-short' }, 'Invalid configuration: METRICS_TOKEN must be at least 16 characters, no spaces'],
  ])('stops on %j with one line naming the variable and what it expects', (env, message) => {
    let error: unknown;
    try {
      loadConfig(env);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as Error).message).toContain(message);
    expect((error as Error).message).not.toContain('\n');
  });

  it('takes METRICS_TOKEN to turn /metrics on, and never repeats it in an error', () => {
    expect(loadConfig({}).metricsToken).toBeNull();
    expect(loadConfig({ METRICS_TOKEN: 'a'.repeat(32) }).metricsToken).toBe('a'.repeat(32));
    expect(() => loadConfig({ METRICS_TOKEN: 'secret with spaces in it' })).toThrow('METRICS_TOKEN must be at least 16 characters');
    expect(() => loadConfig({ METRICS_TOKEN: 'secret with spaces in it' })).not.toThrow('secret with spaces');
  });

  describe('plugin file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'parley-config-'));
    const file = (name: string, content: string) => {
      const path = join(dir, name);
      writeFileSync(path, content);
      return path;
    };

    it('lists plugins with their options, taking secrets from the environment', () => {
      const path = file('ok.json', JSON.stringify({ plugins: [{ package: 'x', options: { key: '${STRIPE_KEY}', n: 3 } }] }));
      const config = loadConfig({ PARLEY_CONFIG: path, STRIPE_KEY: 'sk_test_1' });
      expect(config.plugins).toEqual([{ package: 'x', options: { key: 'sk_test_1', n: 3 } }]);
    });

    it('names a variable the file refers to but the environment lacks', () => {
      const path = file('missing.json', JSON.stringify({ plugins: [{ package: 'x', options: { key: '${NOPE}' } }] }));
      expect(() => loadConfig({ PARLEY_CONFIG: path })).toThrow('plugins[0].options.key refers to ${NOPE}, which is not set');
    });

    it('refuses a file that is not JSON, or one that does not exist', () => {
      const path = file('bad.json', '{ plugins: ');
      expect(() => loadConfig({ PARLEY_CONFIG: path })).toThrow(`${path} is not valid JSON`);
      expect(() => loadConfig({ PARLEY_CONFIG: join(dir, 'none.json') })).toThrow('which does not exist');
    });
  });
});
