import { countQueries, createTestApp, type TestApp } from '@parley/testing';
import { DataSource } from 'typeorm';
import { CatalogService } from '../catalog/catalog.service';

describe('listing orders with their lines and timelines', () => {
  let t: TestApp;
  beforeAll(async () => {
    // No job workers: their polling would be counted with the queries measured here.
    t = await createTestApp({ database: 'postgres', runWorkers: false });
    await t.get(CatalogService).createProduct(t.store.id, { name: 'Cola', variants: [{ sku: 'COLA', price: { amount: 250, currency: 'EUR' } }] });
    for (let i = 0; i < 8; i += 1) {
      const cart = (await t.graphql<{ createCart: { id: string } }>('mutation($r: String!) { createCart(input: { customerRef: $r }) { id } }', { r: `c${i}` })).data!.createCart.id;
      await t.graphql('mutation($c: ID!) { addCartLine(cartId: $c, input: { sku: "COLA", quantity: 2 }) { id } }', { c: cart });
      await t.graphql('mutation($c: ID!) { setCartPickup(cartId: $c) { id } }', { c: cart });
      await t.graphql('mutation($c: ID!) { placeOrder(cartId: $c, paymentMethod: "pay_at_pickup") { id } }', { c: cart });
    }
  });
  afterAll(() => t?.close());

  it('costs the same few queries for one order as for eight', async () => {
    const query = 'query($n: Int!) { orders(first: $n) { nodes { number lines { sku quantity } timeline { toStatus } } } }';
    await t.graphql(query, { n: 1 }); // the key's first use of the minute records lastUsedAt: not measured here
    const one = await countQueries(t.get(DataSource), () => t.graphql(query, { n: 1 }));
    let eight: { data: { orders: { nodes: { lines: unknown[]; timeline: unknown[] }[] } } | null } = { data: null };
    const many = await countQueries(t.get(DataSource), async () => {
      eight = await t.graphql(query, { n: 8 });
    });
    expect(eight.data!.orders.nodes).toHaveLength(8);
    expect(eight.data!.orders.nodes.every((order) => order.lines.length === 1 && order.timeline.length === 1)).toBe(true);
    expect(many.count).toBe(one.count);
  });
});
