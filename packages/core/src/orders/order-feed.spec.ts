import { createTestApp, type TestApp } from '@parley/testing';
import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';
import { CatalogService } from '../catalog/catalog.service';

function subscribe(t: TestApp, key: string | null) {
  const client: Client = createClient({
    url: `${t.url.replace('http', 'ws')}/graphql`,
    webSocketImpl: WebSocket,
    connectionParams: key ? { authorization: `Bearer ${key}` } : {},
    retryAttempts: 0,
  });
  const received: { number: number; status: string; previousStatus: string | null }[] = [];
  const errors: unknown[] = [];
  const done = new Promise<void>((resolve) => {
    client.subscribe<{ orderChanged: { number: number; status: string; previousStatus: string | null } }>(
      { query: 'subscription { orderChanged { orderId number status previousStatus at } }' },
      { next: (message) => (message.data ? received.push(message.data.orderChanged) : errors.push(message.errors)), error: (error) => (errors.push(error), resolve()), complete: resolve },
    );
  });
  return { client, received, errors, done };
}

const until = async (check: () => boolean) => {
  for (let i = 0; i < 100 && !check(); i += 1) await new Promise((resolve) => setTimeout(resolve, 20));
};

describe('the orderChanged subscription', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ database: 'sqlite' });
    await t.get(CatalogService).createProduct(t.store.id, { name: 'Cola', variants: [{ sku: 'COLA', price: { amount: 250, currency: 'EUR' } }] });
  });
  afterAll(() => t?.close());

  it("shows a kitchen screen its store's new orders and status changes at once, and nothing of other stores", async () => {
    const kitchen = subscribe(t, t.ownerKey);
    const other = await t.createStore('feed-other');
    const stranger = subscribe(t, other.ownerKey);
    await new Promise((resolve) => setTimeout(resolve, 200));

    const cart = (await t.graphql<{ createCart: { id: string } }>('mutation { createCart(input: { customerRef: "x" }) { id } }')).data!.createCart.id;
    await t.graphql('mutation($c: ID!) { addCartLine(cartId: $c, input: { sku: "COLA" }) { id } }', { c: cart });
    await t.graphql('mutation($c: ID!) { setCartPickup(cartId: $c) { id } }', { c: cart });
    const order = (await t.graphql<{ placeOrder: { id: string; number: number } }>('mutation($c: ID!) { placeOrder(cartId: $c, paymentMethod: "pay_at_pickup") { id number } }', { c: cart })).data!.placeOrder;
    await t.graphql('mutation($id: ID!) { changeOrderStatus(id: $id, status: confirmed) { status } }', { id: order.id });

    await until(() => kitchen.received.length >= 2);
    expect(kitchen.received).toEqual([
      { number: order.number, status: 'placed', previousStatus: null },
      { number: order.number, status: 'confirmed', previousStatus: 'placed' },
    ].map((change) => expect.objectContaining(change)));
    expect(stranger.received).toEqual([]);
    await kitchen.client.dispose();
    await stranger.client.dispose();
  });

  it("answers queries and mutations on the same WebSocket with the connection's key, each with loaders of its own", async () => {
    const socket = createClient({
      url: `${t.url.replace('http', 'ws')}/graphql`,
      webSocketImpl: WebSocket,
      connectionParams: { authorization: `Bearer ${t.ownerKey}` },
      retryAttempts: 0,
      // One connection for every operation, as a long-lived kitchen screen keeps it.
      lazy: false,
    });
    const run = <T>(query: string, variables: Record<string, unknown> = {}) =>
      new Promise<{ data?: T | null; errors?: readonly { message: string }[] }>((done, fail) => {
        socket.subscribe<T>({ query, variables }, { next: done, error: fail, complete: () => undefined });
      });
    const cart = (await t.graphql<{ createCart: { id: string } }>('mutation { createCart(input: { customerRef: "ws" }) { id } }')).data!.createCart.id;
    await t.graphql('mutation($c: ID!) { addCartLine(cartId: $c, input: { sku: "COLA" }) { id } }', { c: cart });
    await t.graphql('mutation($c: ID!) { setCartPickup(cartId: $c) { id } }', { c: cart });
    const order = (await run<{ placeOrder: { id: string } }>('mutation($c: ID!) { placeOrder(cartId: $c, paymentMethod: "pay_at_pickup") { id } }', { c: cart })).data!.placeOrder;

    // The timeline comes through a per-request DataLoader: one kept for the whole connection would answer from its cache.
    const timeline = async () =>
      (await run<{ order: { timeline: { toStatus: string }[] } }>('query($id: ID!) { order(id: $id) { timeline { toStatus } } }', { id: order.id })).data!.order.timeline.map((event) => event.toStatus);
    expect(await timeline()).toEqual(['placed']);
    expect((await run('mutation($id: ID!) { changeOrderStatus(id: $id, status: confirmed) { status } }', { id: order.id })).errors).toBeUndefined();
    expect(await timeline()).toEqual(['placed', 'confirmed']);
    await socket.dispose();

    const anonymous = createClient({ url: `${t.url.replace('http', 'ws')}/graphql`, webSocketImpl: WebSocket, retryAttempts: 0 });
    const refused = await new Promise<{ errors?: readonly { message: string; extensions?: { code?: string } }[] }>((done, fail) => {
      anonymous.subscribe({ query: '{ orders(first: 1) { nodes { id } } }' }, { next: done, error: fail, complete: () => undefined });
    });
    expect(refused.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    await anonymous.dispose();
  });

  it('refuses a subscription without a key, and a connection with a bad one', async () => {
    const anonymous = subscribe(t, null);
    await anonymous.done;
    expect(JSON.stringify(anonymous.errors)).toContain('An API key is required');
    await anonymous.client.dispose();

    const forged = subscribe(t, 'prl_not-a-real-key');
    await forged.done;
    expect(forged.errors).toHaveLength(1);
    expect(forged.received).toEqual([]);
    await forged.client.dispose();
  });
});
