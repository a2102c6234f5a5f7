import { createApi, createRootLogger } from '@parley/core';
import { countQueries, createTestApp, type TestApp } from '@parley/testing';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { CatalogService } from './catalog.service';

const MENU = 'query($store: String!) { menu(store: $store) { categories { products { name fromPrice { amount } } } } }';

describe('cached menu answers', () => {
  let t: TestApp;
  let variantId: string;

  beforeAll(async () => {
    t = await createTestApp({ database: 'postgres', redis: true, runWorkers: false });
    const catalog = t.get(CatalogService);
    const pizzas = await catalog.createCategory(t.store.id, { name: 'Pizzas' });
    const product = await catalog.createProduct(t.store.id, {
      name: 'Margherita',
      categoryIds: [pizzas.id],
      variants: [{ sku: 'MARG', price: { amount: 800, currency: 'EUR' } }],
    });
    variantId = (await catalog.variantBySku(t.store.id, 'MARG')).id;
    expect(product.id).toBeDefined();
  });
  afterAll(() => t?.close());

  const priceSeenBy = async (app: { getHttpServer(): unknown }) => {
    const response = await request(app.getHttpServer() as never).post('/graphql').send({ query: MENU, variables: { store: t.store.slug } });
    return response.body.data.menu.categories[0].products[0].fromPrice.amount as number;
  };

  it('serves repeated anonymous menu queries from memory, and a change shows at once', async () => {
    expect(await priceSeenBy(t.app)).toBe(800);
    const repeat = await countQueries(t.get(DataSource), () => priceSeenBy(t.app));
    expect(repeat.count).toBe(0);

    await t.graphql('mutation($id: ID!) { updateVariant(id: $id, input: { price: { amount: 950, currency: "EUR" } }) { id } }', { id: variantId });
    expect(await priceSeenBy(t.app)).toBe(950);
  });

  it('shows a change made through another API process at once, told over Redis', async () => {
    const second = await createApi({ ...t.config, migrateOnStart: false, runWorkers: false }, { logger: createRootLogger('silent') });
    try {
      expect(await priceSeenBy(second)).toBe(950);
      await t.graphql('mutation($id: ID!) { updateVariant(id: $id, input: { price: { amount: 1000, currency: "EUR" } }) { id } }', { id: variantId });
      let seen = 0;
      for (let attempt = 0; attempt < 20 && seen !== 1000; attempt += 1) {
        seen = await priceSeenBy(second);
        if (seen !== 1000) await new Promise((resolve) => setTimeout(resolve, 25));
      }
      // Well within the 2 s re-check: the announcement, not the re-check, made it visible.
      expect(seen).toBe(1000);
    } finally {
      await second.close();
    }
  });

  it('never serves a cached answer to a different query, or errors', async () => {
    const other = await request(t.app.getHttpServer())
      .post('/graphql')
      .send({ query: 'query($store: String!) { menu(store: $store) { storeName } }', variables: { store: t.store.slug } });
    expect(other.body.data.menu).toEqual({ storeName: `Store ${t.store.slug}` });
    const unknown = await request(t.app.getHttpServer()).post('/graphql').send({ query: MENU, variables: { store: 'nobody' } });
    expect(unknown.body.errors[0].extensions.code).toBe('NOT_FOUND');
  });
});
