import { createTestApp, type TestApp } from '@parley/testing';

describe('the GraphQL endpoint', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp({ database: 'sqlite', env: { GRAPHQL_MAX_DEPTH: '4', GRAPHQL_MAX_COMPLEXITY: '30' } });
  });
  afterAll(() => t?.close());

  it('answers a query the schema rejects with GRAPHQL_VALIDATION_FAILED', async () => {
    const result = await t.graphql('{ store { nope } }');
    expect(result.status).toBe(400);
    expect(result.errors?.[0].extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(result.errors?.[0].message).toContain('"nope"');
  });

  it('answers bad arguments with BAD_USER_INPUT and the reason', async () => {
    const result = await t.graphql('{ apiKeys(first: 1000) { nodes { id } } }');
    expect(result.errors?.[0]).toMatchObject({ message: 'first must be between 1 and 100', extensions: { code: 'BAD_USER_INPUT' } });
  });

  it('limits query depth', async () => {
    const deep = '{ apiKeys { pageInfo { endCursor } nodes { id } } __type(name: "Store") { fields { type { ofType { ofType { name } } } } } }';
    const result = await t.graphql(deep);
    expect(result.errors?.[0].message).toMatch(/depth/i);
    expect(result.errors?.[0].extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
  });

  it('limits query complexity', async () => {
    const wide = `{ ${Array.from({ length: 20 }, (_, i) => `s${i}: store { id slug name }`).join(' ')} }`;
    const result = await t.graphql(wide);
    expect(result.errors?.[0]).toMatchObject({ extensions: { code: 'QUERY_TOO_COMPLEX' } });
    expect(result.errors?.[0].message).toContain('where 30 is allowed');
    expect(result.data).toBeNull();
  });

  it('serves GraphiQL outside production', async () => {
    const page = await t.http().get('/graphiql');
    expect(page.status).toBe(200);
    expect(page.text).toContain('<html');
  });

  it('reports the health of the database and says Redis is not configured in the embedded mode', async () => {
    const health = await t.http().get('/health');
    expect(health.status).toBe(200);
    expect(health.body).toEqual({ status: 'ok', database: 'up', redis: 'not configured' });
  });
});

describe('the GraphQL endpoint in production', () => {
  it('does not serve GraphiQL', async () => {
    const t = await createTestApp({ database: 'sqlite', env: { NODE_ENV: 'production' } });
    try {
      expect((await t.http().get('/graphiql')).status).toBe(404);
    } finally {
      await t.close();
    }
  });
});
