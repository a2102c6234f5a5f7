import { createTestApp, DATABASES, type TestApp } from '@parley/testing';

describe.each(DATABASES)('API keys and store isolation on %s', (database) => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp({ database });
  });
  afterAll(() => t?.close());

  it('answers a query with a valid key and refuses one without a key', async () => {
    const ok = await t.graphql<{ store: { slug: string } }>('{ store { slug name } }');
    expect(ok.errors).toBeUndefined();
    expect(ok.data?.store.slug).toBe(t.store.slug);

    const anonymous = await t.graphql('{ store { slug } }', {}, null);
    expect(anonymous.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    expect(anonymous.data).toBeNull();
  });

  it('shows a new key once, keeps only its digest, and refuses it once revoked', async () => {
    const created = await t.graphql<{ createApiKey: { secret: string; apiKey: { id: string; role: string; prefix: string } } }>(
      'mutation { createApiKey(input: { name: "kitchen", role: staff }) { secret apiKey { id role prefix } } }',
    );
    const { secret, apiKey } = created.data!.createApiKey;
    expect(apiKey.role).toBe('staff');
    expect(secret.startsWith(apiKey.prefix)).toBe(true);

    const asStaff = await t.graphql<{ store: { slug: string } }>('{ store { slug } }', {}, secret);
    expect(asStaff.data?.store.slug).toBe(t.store.slug);

    const listed = await t.graphql<{ apiKeys: { nodes: Record<string, unknown>[] } }>('{ apiKeys(first: 10) { nodes { id name } } }');
    expect(JSON.stringify(listed.data)).not.toContain(secret);

    await t.graphql('mutation($id: ID!) { revokeApiKey(id: $id) { revokedAt } }', { id: apiKey.id });
    const afterRevoke = await t.graphql('{ store { slug } }', {}, secret);
    expect(afterRevoke.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('keeps staff keys away from owner-only operations', async () => {
    const created = await t.graphql<{ createApiKey: { secret: string } }>(
      'mutation { createApiKey(input: { name: "till", role: staff }) { secret } }',
    );
    const staff = created.data!.createApiKey.secret;
    const attempt = await t.graphql('mutation { createApiKey(input: { name: "escalate", role: owner }) { secret } }', {}, staff);
    expect(attempt.errors?.[0].extensions?.code).toBe('FORBIDDEN');
  });

  it("never lets one store's key read or change another store's data", async () => {
    const other = await t.createStore(`other-${database}`);
    const otherKeys = await t.graphql<{ apiKeys: { nodes: { id: string }[] } }>('{ apiKeys { nodes { id } } }', {}, other.ownerKey);
    const otherKeyId = otherKeys.data!.apiKeys.nodes[0].id;

    const mine = await t.graphql<{ apiKeys: { nodes: { id: string }[] } }>('{ apiKeys(first: 100) { nodes { id } } }');
    expect(mine.data!.apiKeys.nodes.map((node) => node.id)).not.toContain(otherKeyId);

    const revoke = await t.graphql('mutation($id: ID!) { revokeApiKey(id: $id) { id } }', { id: otherKeyId });
    expect(revoke.errors?.[0].extensions?.code).toBe('NOT_FOUND');

    const stillWorks = await t.graphql<{ store: { slug: string } }>('{ store { slug } }', {}, other.ownerKey);
    expect(stillWorks.data?.store.slug).toBe(other.slug);
  });

  it('pages through keys with cursors', async () => {
    for (const name of ['a', 'b', 'c']) {
      await t.graphql('mutation($name: String!) { createApiKey(input: { name: $name, role: integration }) { secret } }', { name });
    }
    const seen: string[] = [];
    let after: string | null = null;
    for (;;) {
      const page: { data: { apiKeys: { nodes: { id: string }[]; pageInfo: { endCursor: string; hasNextPage: boolean } } } | null } =
        await t.graphql('query($after: String) { apiKeys(first: 2, after: $after) { nodes { id } pageInfo { endCursor hasNextPage } } }', { after });
      seen.push(...page.data!.apiKeys.nodes.map((node) => node.id));
      if (!page.data!.apiKeys.pageInfo.hasNextPage) break;
      after = page.data!.apiKeys.pageInfo.endCursor;
    }
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen.length).toBeGreaterThanOrEqual(4);

    const bad = await t.graphql('{ apiKeys(first: 2, after: "garbage") { nodes { id } } }');
    expect(bad.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
  });
});
