import { loadPlugins, pendingSchemaChanges } from '@parley/core';
import { createTestApp, DATABASES, scratchDatabase, type TestApp } from '@parley/testing';
import greetingPlugin from './greeting.plugin';

const PACKAGE = '@parley/plugin-example-greeting';

describe.each(DATABASES)('example-greeting plugin on %s', (database) => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp({ database, plugins: [{ package: PACKAGE, options: { greeting: 'Hola' } }] });
  });
  afterAll(() => t?.close());

  it('adds a GraphQL field that answers with its configured greeting and the welcomed store', async () => {
    await t.settled();
    const result = await t.graphql<{ greeting: string }>('{ greeting }');
    expect(result.errors).toBeUndefined();
    expect(result.data?.greeting).toBe(`Hola, Store ${t.store.slug}!`);
  });

  it('hears store.created events for stores created later, and keeps its data per store', async () => {
    const other = await t.createStore(`greet-${database}`);
    await t.settled();
    const result = await t.graphql<{ greeting: string }>('{ greeting }', {}, other.ownerKey);
    expect(result.data?.greeting).toBe(`Hola, Store ${other.slug}!`);
  });

  it('needs an API key like every admin operation', async () => {
    const result = await t.graphql('{ greeting }', {}, null);
    expect(result.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('ships migrations that match its entities', async () => {
    const scratch = await scratchDatabase(database);
    try {
      const changes = await pendingSchemaChanges(scratch.database, [greetingPlugin]);
      expect(changes.upQueries.map((query) => query.query)).toEqual([]);
    } finally {
      await scratch.drop();
    }
  });
});

describe('example-greeting plugin configuration', () => {
  it('is refused at start-up with a message naming the plugin and the option', () => {
    expect(() => loadPlugins([{ package: PACKAGE, options: { greeting: '' } }])).toThrow(
      `Plugin "${PACKAGE}": option "greeting": must not be empty`,
    );
    expect(() => loadPlugins([{ package: PACKAGE, options: { greeting: 42 } }])).toThrow(
      /Plugin "@parley\/plugin-example-greeting": option "greeting": .*string/,
    );
  });

  it('stops the app before it serves anything when misconfigured', async () => {
    await expect(
      createTestApp({ database: 'sqlite', plugins: [{ package: PACKAGE, options: { signature: 7 } }] }),
    ).rejects.toThrow(`Plugin "${PACKAGE}": option "signature"`);
  });

  it('runs as two independent instances with different options in one process', async () => {
    const [english, dutch] = await Promise.all([
      createTestApp({ database: 'sqlite', plugins: [{ package: PACKAGE, options: { greeting: 'Welcome' } }] }),
      createTestApp({ database: 'sqlite', plugins: [{ package: PACKAGE, options: { greeting: 'Welkom', signature: '-- Parley' } }] }),
    ]);
    try {
      await Promise.all([english.settled(), dutch.settled()]);
      expect((await english.graphql<{ greeting: string }>('{ greeting }')).data?.greeting).toBe(`Welcome, Store ${english.store.slug}!`);
      expect((await dutch.graphql<{ greeting: string }>('{ greeting }')).data?.greeting).toBe(
        `Welkom, Store ${dutch.store.slug}! -- Parley`,
      );
    } finally {
      await Promise.all([english.close(), dutch.close()]);
    }
  });
});
