import { createRootLogger, createWorker, loadPlugins, pendingSchemaChanges } from '@parley/core';
import { verifyWebhookSignature } from '@parley/plugin-sdk';
import { createTestApp, DATABASES, scratchDatabase, TEST_REDIS_URL, type TestApp } from '@parley/testing';
import IORedis from 'ioredis';
import { DataSource } from 'typeorm';
import { WebhookDelivery } from './entities/webhook-delivery.entity';
import { WebhookEndpoint } from './entities/webhook-endpoint.entity';
import { WebhookCaptureService } from './services/webhook-capture.service';
import { startReceivers, verifyLikeTheReadme, verifyLikeTheReadmeInPython, waitFor } from './webhook-receiver.testing';
import webhooksPlugin from './webhooks.plugin';

const PACKAGE = '@parley/plugin-webhooks';
// Loopback receivers, and retries in milliseconds instead of minutes.
const FAST = { allowInsecureUrls: true, retryDelayMs: 50, maxAttempts: 3, disableAfterFailedDeliveries: 2, timeoutMs: 2000 };
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

interface Endpoint {
  id: string;
  url: string;
  description: string | null;
  eventTypes: string[];
  enabled: boolean;
  disabledReason: string | null;
  failedDeliveriesInRow: number;
}

interface LogEntry {
  id: string;
  deliveryId: string;
  eventId: string;
  eventType: string;
  attempt: number;
  succeeded: boolean;
  statusCode: number | null;
  durationMs: number;
  error: string | null;
  responseBody: string | null;
  createdAt: string;
}

const ENDPOINT = 'id url description eventTypes enabled disabledReason failedDeliveriesInRow';
const LOG_ENTRY = 'id deliveryId eventId eventType attempt succeeded statusCode durationMs error responseBody createdAt';

/** The plugin's GraphQL API as an integrator's script calls it, with the test store's owner key unless told. */
function webhooksApi(t: TestApp) {
  const create = (input: Record<string, unknown>, key?: string | null) =>
    t.graphql<{ createWebhookEndpoint: { endpoint: Endpoint; secret: string } }>(
      `mutation($input: CreateWebhookEndpointInput!) { createWebhookEndpoint(input: $input) { secret endpoint { ${ENDPOINT} } } }`,
      { input },
      key,
    );
  return {
    create,
    /** Registers an endpoint that must be accepted. */
    register: async (input: Record<string, unknown>) => {
      const created = await create(input);
      expect(created.errors).toBeUndefined();
      return created.data!.createWebhookEndpoint;
    },
    list: (key?: string | null) => t.graphql<{ webhookEndpoints: Endpoint[] }>(`{ webhookEndpoints { ${ENDPOINT} } }`, {}, key),
    get: (id: string, key?: string | null) => t.graphql<{ webhookEndpoint: Endpoint }>(`query($id: ID!) { webhookEndpoint(id: $id) { ${ENDPOINT} } }`, { id }, key),
    update: (id: string, input: Record<string, unknown>, key?: string | null) =>
      t.graphql<{ updateWebhookEndpoint: Endpoint }>(
        `mutation($id: ID!, $input: UpdateWebhookEndpointInput!) { updateWebhookEndpoint(id: $id, input: $input) { ${ENDPOINT} } }`,
        { id, input },
        key,
      ),
    enable: (id: string, key?: string | null) => t.graphql<{ enableWebhookEndpoint: Endpoint }>(`mutation($id: ID!) { enableWebhookEndpoint(id: $id) { ${ENDPOINT} } }`, { id }, key),
    disable: (id: string, key?: string | null) => t.graphql<{ disableWebhookEndpoint: Endpoint }>(`mutation($id: ID!) { disableWebhookEndpoint(id: $id) { ${ENDPOINT} } }`, { id }, key),
    remove: (id: string, key?: string | null) => t.graphql<{ deleteWebhookEndpoint: boolean }>('mutation($id: ID!) { deleteWebhookEndpoint(id: $id) }', { id }, key),
    rotate: (id: string, key?: string | null) =>
      t.graphql<{ rotateWebhookEndpointSecret: { endpoint: Endpoint; secret: string } }>(
        `mutation($id: ID!) { rotateWebhookEndpointSecret(id: $id) { secret endpoint { ${ENDPOINT} } } }`,
        { id },
        key,
      ),
    sendTest: (endpointId: string, key?: string | null) =>
      t.graphql<{ sendTestWebhook: LogEntry }>(`mutation($id: ID!) { sendTestWebhook(endpointId: $id) { ${LOG_ENTRY} } }`, { id: endpointId }, key),
    log: (endpointId: string, page: { first?: number; after?: string } = {}, key?: string | null) =>
      t.graphql<{ webhookDeliveryLog: { nodes: LogEntry[]; pageInfo: { endCursor: string | null; hasNextPage: boolean } } }>(
        `query($id: ID!, $first: Int, $after: String) { webhookDeliveryLog(endpointId: $id, first: $first, after: $after) { nodes { ${LOG_ENTRY} } pageInfo { endCursor hasNextPage } } }`,
        { id: endpointId, first: page.first ?? 20, after: page.after },
        key,
      ),
  };
}

/** Things a store does that raise events: a key made (api_key.created), a product made (catalog.changed). */
const createApiKey = async (t: TestApp, key?: string | null) => {
  const created = await t.graphql<{ createApiKey: { apiKey: { id: string } } }>('mutation { createApiKey(input: { name: "zapier", role: integration }) { apiKey { id } } }', {}, key);
  expect(created.errors).toBeUndefined();
  return created.data!.createApiKey.apiKey.id;
};
const createProduct = async (t: TestApp, sku: string) => {
  const created = await t.graphql('mutation($sku: String!) { createProduct(input: { name: "Focaccia", variants: [{ sku: $sku, price: { amount: 650, currency: "EUR" } }] }) { id } }', { sku });
  expect(created.errors).toBeUndefined();
};

const deliveriesTo = (t: TestApp, endpointId: string) => t.get(DataSource).getRepository(WebhookDelivery).findBy({ endpointId });

describe('outgoing webhooks on PostgreSQL with Redis', () => {
  let receivers: Awaited<ReturnType<typeof startReceivers>>;
  let t: TestApp;
  let hooks: ReturnType<typeof webhooksApi>;

  beforeAll(async () => {
    receivers = await startReceivers();
    t = await createTestApp({ database: 'postgres', redis: true, plugins: [{ package: PACKAGE, options: FAST }] });
    hooks = webhooksApi(t);
    await t.graphql('mutation { createProduct(input: { name: "Margherita", variants: [{ sku: "MARG", price: { amount: 1800, currency: "EUR" } }] }) { id } }');
    await t.graphql('mutation { createDeliveryZone(input: { name: "Centre", postcodes: ["00100"], feeAmount: 300 }) { id } }');
  });
  afterEach(async () => {
    // Each test starts with no endpoint, so one test's endpoints never receive another's events.
    for (const endpoint of (await hooks.list()).data?.webhookEndpoints ?? []) await hooks.remove(endpoint.id);
  });
  afterAll(async () => {
    await t?.close();
    await receivers?.close();
  });

  const placeOrder = async () => {
    const cart = (await t.graphql<{ createCart: { id: string } }>('mutation { createCart(input: { customerRef: "whatsapp:+39061234", customerName: "Ada" }) { id } }')).data!.createCart.id;
    await t.graphql('mutation($c: ID!) { addCartLine(cartId: $c, input: { sku: "MARG", quantity: 1 }) { id } }', { c: cart });
    await t.graphql('mutation($c: ID!) { setCartDelivery(cartId: $c, input: { address: "Via Roma 1", postcode: "00100" }) { id } }', { c: cart });
    const placed = await t.graphql<{ placeOrder: { id: string; number: number; totals: { total: { amount: number; currency: string } } } }>(
      'mutation($c: ID!) { placeOrder(cartId: $c, paymentMethod: "cash") { id number totals { total { amount currency } } } }',
      { c: cart },
    );
    expect(placed.errors).toBeUndefined();
    return placed.data!.placeOrder;
  };
  const endpointNow = async (id: string) => (await hooks.get(id)).data!.webhookEndpoint;

  it('delivers an order placed to a registered endpoint, signed so that the documented check verifies it', async () => {
    const hook = receivers.receiver('/zapier/new-orders');
    const { endpoint, secret } = await hooks.register({ url: hook.url, description: 'Zapier: new orders' });
    expect(secret).toMatch(/^whsec_[A-Za-z0-9_-]{43}$/);
    expect(endpoint).toMatchObject({ url: hook.url, description: 'Zapier: new orders', eventTypes: [], enabled: true, disabledReason: null });

    const order = await placeOrder();
    await waitFor('the order to reach the endpoint', () => hook.bodies().some((body) => body.type === 'order.placed'));
    const request = hook.requests().find((candidate) => candidate.json<{ type: string }>().type === 'order.placed')!;
    expect(request.json()).toEqual({
      id: expect.stringMatching(UUID),
      type: 'order.placed',
      storeId: t.store.id,
      occurredAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      data: expect.objectContaining({ storeId: t.store.id, orderId: order.id, number: order.number, totalAmount: order.totals.total.amount, currency: order.totals.total.currency }),
    });
    expect(request.method).toBe('POST');
    expect(request.headers['content-type']).toBe('application/json');
    expect(request.headers['x-parley-event']).toBe('order.placed');
    expect(request.headers['x-parley-delivery']).toMatch(UUID);

    expect(verifyLikeTheReadme(secret, request.body, request.headers)).toBe(true);
    expect(verifyLikeTheReadmeInPython(secret, request.body, request.headers)).toBe(true);
    expect(verifyLikeTheReadmeInPython('whsec_someone_else', request.body, request.headers)).toBe(false);
    const signed = { secret, body: request.body, timestamp: request.headers['x-parley-timestamp'] as string, signature: request.headers['x-parley-signature'] as string };
    expect(verifyWebhookSignature(signed)).toBe(true);
    // A changed body, another secret or a replay after the tolerance do not verify.
    expect(verifyLikeTheReadme(secret, Buffer.from(request.body.toString('utf8').replace(order.id, 'another-order')), request.headers)).toBe(false);
    expect(verifyLikeTheReadme('whsec_someone_else', request.body, request.headers)).toBe(false);
    expect(verifyWebhookSignature({ ...signed, now: Date.now() + 10 * 60_000 })).toBe(false);
  });

  it('sends an endpoint only the event types it asked for', async () => {
    const keys = receivers.receiver('/n8n/keys');
    const orders = receivers.receiver('/n8n/orders');
    const keysEndpoint = (await hooks.register({ url: keys.url, eventTypes: ['api_key.created'] })).endpoint;
    const ordersEndpoint = (await hooks.register({ url: orders.url, eventTypes: ['order.placed', 'order.status_changed'] })).endpoint;
    expect(ordersEndpoint.eventTypes).toEqual(['order.placed', 'order.status_changed']);

    const apiKeyId = await createApiKey(t);
    await waitFor('the key event to arrive', () => keys.requests().length === 1);
    await t.settled();
    expect(keys.bodies()[0]).toMatchObject({ type: 'api_key.created', data: { apiKeyId, role: 'integration' } });
    expect(await deliveriesTo(t, ordersEndpoint.id)).toEqual([]);

    await placeOrder();
    await waitFor('the order event to arrive', () => orders.requests().length === 1);
    await t.settled();
    expect(orders.bodies().map((body) => body.type)).toEqual(['order.placed']);
    expect(keys.requests()).toHaveLength(1);
    expect(await deliveriesTo(t, keysEndpoint.id)).toHaveLength(1);
  });

  it('retries an endpoint that answers 500, and delivers the event once when it answers 200', async () => {
    const flaky = receivers.receiver('/make/flaky');
    flaky.answer([500]);
    const { endpoint, secret } = await hooks.register({ url: flaky.url, eventTypes: ['api_key.created'] });

    await createApiKey(t);
    await waitFor('the retry', () => flaky.requests().length === 2);
    const [first, second] = flaky.requests();
    expect(second.headers['x-parley-delivery']).toBe(first.headers['x-parley-delivery']);
    expect(second.body.equals(first.body)).toBe(true);
    expect(verifyLikeTheReadme(secret, second.body, second.headers)).toBe(true);

    await waitFor('the delivery to be recorded', async () => (await deliveriesTo(t, endpoint.id))[0]?.status === 'delivered');
    const log = (await hooks.log(endpoint.id)).data!.webhookDeliveryLog.nodes;
    expect(log.map((entry) => [entry.attempt, entry.statusCode, entry.succeeded, entry.error])).toEqual([
      [2, 200, true, null],
      [1, 500, false, 'Answered 500'],
    ]);
    expect(log[0]).toMatchObject({ eventType: 'api_key.created', deliveryId: first.headers['x-parley-delivery'], eventId: first.json<{ id: string }>().id });
    // Delivered means done: no third request comes.
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(flaky.requests()).toHaveLength(2);
    expect((await endpointNow(endpoint.id)).failedDeliveriesInRow).toBe(0);
  });

  it('disables an endpoint that answers 410 Gone, saying why, and sends it nothing more', async () => {
    const gone = receivers.receiver('/gone');
    gone.answer([410]);
    const { endpoint } = await hooks.register({ url: gone.url, eventTypes: ['api_key.created'] });

    await createApiKey(t);
    await waitFor('the endpoint to be disabled', async () => !(await endpointNow(endpoint.id)).enabled);
    expect(await endpointNow(endpoint.id)).toMatchObject({ enabled: false, disabledReason: 'The endpoint answered 410 Gone' });
    expect((await hooks.log(endpoint.id)).data!.webhookDeliveryLog.nodes.map((entry) => [entry.statusCode, entry.succeeded])).toEqual([[410, false]]);

    await createApiKey(t);
    await t.settled();
    expect(await deliveriesTo(t, endpoint.id)).toHaveLength(1);
    expect(gone.requests()).toHaveLength(1);
  });

  it('disables an endpoint once deliveries in a row failed after every retry; a delivered one starts the count again', async () => {
    const down = receivers.receiver('/down');
    down.answer(() => ({ status: 500 }));
    const { endpoint } = await hooks.register({ url: down.url, eventTypes: ['api_key.created'] });

    await createApiKey(t);
    await waitFor('the first delivery to fail for good', async () => (await endpointNow(endpoint.id)).failedDeliveriesInRow === 1);
    expect(down.requests()).toHaveLength(FAST.maxAttempts);
    expect((await deliveriesTo(t, endpoint.id)).map((delivery) => [delivery.status, delivery.attempts])).toEqual([['failed', FAST.maxAttempts]]);

    down.answer([]);
    await createApiKey(t);
    await waitFor('a delivery to succeed', async () => (await endpointNow(endpoint.id)).failedDeliveriesInRow === 0);
    expect(await endpointNow(endpoint.id)).toMatchObject({ enabled: true });

    down.answer(() => ({ status: 500 }));
    await createApiKey(t);
    await createApiKey(t);
    await waitFor('the endpoint to be disabled', async () => !(await endpointNow(endpoint.id)).enabled);
    expect(await endpointNow(endpoint.id)).toMatchObject({ enabled: false, failedDeliveriesInRow: 2, disabledReason: '2 deliveries in a row failed after every retry' });
    expect(down.requests()).toHaveLength(3 * FAST.maxAttempts + 1);
  });

  it.each([429, 503])("waits as long as a %i's Retry-After says before trying again, and no longer", async (status) => {
    const busy = receivers.receiver(`/busy-${status}`);
    const times: number[] = [];
    busy.answer(() => {
      times.push(Date.now());
      return times.length === 1 ? { status, headers: { 'retry-after': '1' }, body: { error: 'slow down' } } : { status: 200 };
    });
    const { endpoint } = await hooks.register({ url: busy.url, eventTypes: ['api_key.created'] });

    await createApiKey(t);
    await waitFor('the retry after the wait', () => times.length === 2);
    // The retry schedule alone would have come back after about 50 ms; a retry forgotten would not come at all.
    expect(times[1] - times[0]).toBeGreaterThanOrEqual(950);
    expect(times[1] - times[0]).toBeLessThan(5000);
    await waitFor('the delivery to be recorded', async () => (await deliveriesTo(t, endpoint.id))[0]?.status === 'delivered');
    const log = (await hooks.log(endpoint.id)).data!.webhookDeliveryLog.nodes;
    expect(log.map((entry) => [entry.attempt, entry.statusCode, entry.responseBody])).toEqual([
      [2, 200, null],
      [1, status, '{"error":"slow down"}'],
    ]);
  });

  it('refuses a 21st endpoint with WEBHOOK_ENDPOINT_LIMIT and saves nothing of it; a deleted one makes room', async () => {
    const hook = receivers.receiver('/many');
    const registered: Endpoint[] = [];
    for (let i = 0; i < 20; i += 1) registered.push((await hooks.register({ url: `${hook.url}/${i}` })).endpoint);

    const refused = await hooks.create({ url: `${hook.url}/21`, description: 'one too many' });
    expect(refused.errors?.[0]).toMatchObject({ message: 'A store can have at most 20 webhook endpoints: delete one first', extensions: { code: 'WEBHOOK_ENDPOINT_LIMIT', limit: 20 } });
    expect(refused.data?.createWebhookEndpoint ?? null).toBeNull();
    const listed = (await hooks.list()).data!.webhookEndpoints;
    expect(listed.map((endpoint) => endpoint.id)).toEqual(registered.map((endpoint) => endpoint.id));
    expect(await t.get(DataSource).getRepository(WebhookEndpoint).countBy({ storeId: t.store.id })).toBe(20);
    // Nothing of the refused one receives events either.
    await createApiKey(t);
    await t.settled();
    expect(hook.requests().filter((request) => request.url.endsWith('/21'))).toEqual([]);

    // Another store has its own 20.
    const other = await t.createStore('webhooks-limit-neighbour');
    expect((await hooks.create({ url: `${hook.url}/neighbour` }, other.ownerKey)).errors).toBeUndefined();

    await hooks.remove(registered[0].id);
    expect((await hooks.create({ url: `${hook.url}/21` })).errors).toBeUndefined();
    expect((await hooks.create({ url: `${hook.url}/22` })).errors?.[0].extensions?.code).toBe('WEBHOOK_ENDPOINT_LIMIT');
  });

  it('keeps to the limit when registrations race each other', async () => {
    const hook = receivers.receiver('/racing');
    for (let i = 0; i < 15; i += 1) await hooks.register({ url: `${hook.url}/${i}` });

    const raced = await Promise.all(Array.from({ length: 10 }, (_, i) => hooks.create({ url: `${hook.url}/race-${i}` })));

    expect(raced.filter((result) => !result.errors)).toHaveLength(5);
    expect(raced.filter((result) => result.errors?.[0].extensions?.code === 'WEBHOOK_ENDPOINT_LIMIT')).toHaveLength(5);
    expect(await t.get(DataSource).getRepository(WebhookEndpoint).countBy({ storeId: t.store.id })).toBe(20);
  });

  it('sends a test event on demand and answers how it went, without touching the endpoint', async () => {
    const probe = receivers.receiver('/probe');
    const { endpoint, secret } = await hooks.register({ url: probe.url, eventTypes: ['order.placed'] });

    const sent = await hooks.sendTest(endpoint.id);
    expect(sent.errors).toBeUndefined();
    expect(sent.data!.sendTestWebhook).toMatchObject({ eventType: 'webhook.test', attempt: 1, succeeded: true, statusCode: 200, error: null, responseBody: '{"received":true}' });
    const [request] = probe.requests();
    expect(request.json()).toEqual({
      id: sent.data!.sendTestWebhook.eventId,
      type: 'webhook.test',
      storeId: t.store.id,
      occurredAt: expect.any(String),
      data: { storeId: t.store.id, endpointId: endpoint.id, message: 'A test event from Parley' },
    });
    expect(request.headers['x-parley-event']).toBe('webhook.test');
    expect(request.headers['x-parley-delivery']).toBe(sent.data!.sendTestWebhook.deliveryId);
    expect(verifyLikeTheReadme(secret, request.body, request.headers)).toBe(true);

    // A failing endpoint: the answer says so, with the start of what it answered (1 KB at most).
    probe.answer(() => ({ status: 503, body: 'x'.repeat(5000) }));
    const failed = (await hooks.sendTest(endpoint.id)).data!.sendTestWebhook;
    expect(failed).toMatchObject({ succeeded: false, statusCode: 503, error: 'Answered 503' });
    expect(failed.responseBody).toBe('x'.repeat(1024));
    // No answer at all: the endpoint's server is gone.
    const closed = await startReceivers();
    const nowhere = closed.receiver('/nowhere');
    await closed.close();
    await hooks.update(endpoint.id, { url: nowhere.url });
    expect((await hooks.sendTest(endpoint.id)).data!.sendTestWebhook).toMatchObject({ succeeded: false, statusCode: null, error: 'Could not reach the endpoint (ECONNREFUSED)' });

    expect(await endpointNow(endpoint.id)).toMatchObject({ enabled: true, failedDeliveriesInRow: 0 });
  });

  it("keeps each endpoint's delivery log, newest first, in pages", async () => {
    const logged = receivers.receiver('/logged');
    const { endpoint } = await hooks.register({ url: logged.url });
    const sent: string[] = [];
    for (let i = 0; i < 3; i += 1) sent.push((await hooks.sendTest(endpoint.id)).data!.sendTestWebhook.eventId);

    const first = (await hooks.log(endpoint.id, { first: 2 })).data!.webhookDeliveryLog;
    expect(first.pageInfo.hasNextPage).toBe(true);
    const rest = (await hooks.log(endpoint.id, { first: 2, after: first.pageInfo.endCursor! })).data!.webhookDeliveryLog;
    expect(rest.pageInfo.hasNextPage).toBe(false);
    expect([...first.nodes, ...rest.nodes].map((entry) => entry.eventId)).toEqual([...sent].reverse());
    expect(first.nodes[0]).toMatchObject({ eventType: 'webhook.test', attempt: 1, statusCode: 200, succeeded: true, durationMs: expect.any(Number), createdAt: expect.any(String) });

    expect((await hooks.log(endpoint.id, { first: 0 })).errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('refuses a URL or event type it cannot use, with a code, and keeps what was there', async () => {
    const hook = receivers.receiver('/kept');
    const { endpoint } = await hooks.register({ url: hook.url, eventTypes: ['order.placed'] });
    for (const [url, message] of [
      ['not a url', 'The webhook URL is not a URL (e.g. https://example.com/parley)'],
      ['ftp://example.com/parley', 'The webhook URL must start with https:// or http://'],
      ['https://zapier:hunter2@example.com/parley', 'The webhook URL must not contain a user name or password'],
      [`https://example.com/${'a'.repeat(2100)}`, 'The webhook URL is longer than 2048 characters'],
    ]) {
      const refused = await hooks.create({ url });
      expect(refused.errors?.[0]).toMatchObject({ message, extensions: { code: 'INVALID_WEBHOOK_URL' } });
    }
    const badType = await hooks.create({ url: hook.url, eventTypes: ['Order Placed'] });
    expect(badType.errors?.[0].extensions).toEqual({ code: 'INVALID_WEBHOOK_EVENT_TYPE', eventType: 'Order Placed' });

    expect((await hooks.update(endpoint.id, { url: 'mailto:ops@example.com' })).errors?.[0].extensions?.code).toBe('INVALID_WEBHOOK_URL');
    expect((await hooks.update(endpoint.id, { eventTypes: ['order.'] })).errors?.[0].extensions?.code).toBe('INVALID_WEBHOOK_EVENT_TYPE');
    expect((await hooks.list()).data!.webhookEndpoints).toEqual([expect.objectContaining({ id: endpoint.id, url: hook.url, eventTypes: ['order.placed'] })]);
  });

  it("never shows or sends another store's endpoints, and needs an owner key", async () => {
    const hook = receivers.receiver('/mine');
    const { endpoint } = await hooks.register({ url: hook.url, eventTypes: ['api_key.created'] });
    const other = await t.createStore('webhooks-neighbour');

    expect((await hooks.list(other.ownerKey)).data!.webhookEndpoints).toEqual([]);
    for (const attempt of [
      hooks.get(endpoint.id, other.ownerKey),
      hooks.update(endpoint.id, { url: 'https://example.com/stolen' }, other.ownerKey),
      hooks.disable(endpoint.id, other.ownerKey),
      hooks.rotate(endpoint.id, other.ownerKey),
      hooks.sendTest(endpoint.id, other.ownerKey),
      hooks.log(endpoint.id, {}, other.ownerKey),
      hooks.remove(endpoint.id, other.ownerKey),
    ]) {
      expect((await attempt).errors?.[0].extensions?.code).toBe('NOT_FOUND');
    }
    expect(await endpointNow(endpoint.id)).toMatchObject({ url: hook.url, enabled: true });
    expect(hook.requests()).toEqual([]);

    // The neighbour's events stay the neighbour's.
    await createApiKey(t, other.ownerKey);
    await t.settled();
    expect(await deliveriesTo(t, endpoint.id)).toEqual([]);

    const staffKey = await t.graphql<{ createApiKey: { secret: string } }>('mutation { createApiKey(input: { name: "till", role: staff }) { secret } }');
    expect((await hooks.list(staffKey.data!.createApiKey.secret)).errors?.[0].extensions?.code).toBe('FORBIDDEN');
    expect((await hooks.list(null)).errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('changes, disables, enables, rotates the secret of and deletes an endpoint', async () => {
    const hook = receivers.receiver('/lifecycle');
    const { endpoint, secret } = await hooks.register({ url: hook.url, eventTypes: ['api_key.created'] });

    const changed = (await hooks.update(endpoint.id, { eventTypes: ['catalog.changed'], description: 'menu sync' })).data!.updateWebhookEndpoint;
    expect(changed).toMatchObject({ url: hook.url, eventTypes: ['catalog.changed'], description: 'menu sync' });

    expect((await hooks.disable(endpoint.id)).data!.disableWebhookEndpoint).toMatchObject({ enabled: false, disabledReason: 'Disabled by the store' });
    await createProduct(t, 'FOC-1');
    await t.settled();
    expect(await deliveriesTo(t, endpoint.id)).toEqual([]);
    // A test event still goes, to check the endpoint before enabling it again.
    expect((await hooks.sendTest(endpoint.id)).data!.sendTestWebhook).toMatchObject({ succeeded: true, eventType: 'webhook.test' });

    expect((await hooks.enable(endpoint.id)).data!.enableWebhookEndpoint).toMatchObject({ enabled: true, disabledReason: null });
    const rotated = (await hooks.rotate(endpoint.id)).data!.rotateWebhookEndpointSecret;
    expect(rotated.secret).toMatch(/^whsec_/);
    expect(rotated.secret).not.toBe(secret);
    await createProduct(t, 'FOC-2');
    const catalogEvents = () => hook.requests().filter((request) => request.headers['x-parley-event'] === 'catalog.changed');
    await waitFor('the catalog event', () => catalogEvents().length === 1);
    const [request] = catalogEvents();
    expect(request.json()).toMatchObject({ type: 'catalog.changed', data: { storeId: t.store.id } });
    expect(verifyLikeTheReadme(rotated.secret, request.body, request.headers)).toBe(true);
    expect(verifyLikeTheReadme(secret, request.body, request.headers)).toBe(false);

    expect((await hooks.remove(endpoint.id)).data!.deleteWebhookEndpoint).toBe(true);
    expect((await hooks.list()).data!.webhookEndpoints).toEqual([]);
    expect((await hooks.get(endpoint.id)).errors?.[0].extensions?.code).toBe('NOT_FOUND');
    expect(await deliveriesTo(t, endpoint.id)).toEqual([]);
  });
});

describe('outgoing webhooks the job queue lost', () => {
  it('are queued again by the sweep and delivered once, by a worker process', async () => {
    const receivers = await startReceivers();
    const hook = receivers.receiver('/after-redis-lost-it');
    // The API alone, as in production with Redis: it captures and queues, a worker sends.
    const api = await createTestApp({ database: 'postgres', redis: true, runWorkers: false, plugins: [{ package: PACKAGE, options: { ...FAST, sweepIntervalMs: 200 } }] });
    try {
      await webhooksApi(api).register({ url: hook.url, eventTypes: ['api_key.created'] });
      await createApiKey(api);
      await api.settled();

      // Redis loses every job of the installation (a restart without persistence, a flush).
      const redis = new IORedis(TEST_REDIS_URL);
      try {
        const keys = await redis.keys(`${api.config.queuePrefix}:*`);
        expect(keys.length).toBeGreaterThan(0);
        await redis.del(...keys);
      } finally {
        redis.disconnect();
      }

      const worker = await createWorker({ ...api.config, runWorkers: true }, { logger: createRootLogger('silent') });
      try {
        await waitFor('the delivery to arrive', () => hook.requests().length === 1);
        await waitFor('the delivery to be recorded', async () => (await api.get(DataSource).getRepository(WebhookDelivery).findOneBy({ eventType: 'api_key.created' }))?.status === 'delivered');
        await new Promise((resolve) => setTimeout(resolve, 500));
        expect(hook.requests()).toHaveLength(1);
      } finally {
        await worker.app.close();
      }
    } finally {
      await api.close();
      await receivers.close();
    }
  });
});

describe('outgoing webhooks on SQLite with the database queue', () => {
  it('delivers, retries and logs like on PostgreSQL', async () => {
    const receivers = await startReceivers();
    const hook = receivers.receiver('/embedded');
    hook.answer([503]);
    const t = await createTestApp({ database: 'sqlite', plugins: [{ package: PACKAGE, options: FAST }] });
    try {
      const hooks = webhooksApi(t);
      const { endpoint, secret } = await hooks.register({ url: hook.url, eventTypes: ['api_key.created'] });
      const apiKeyId = await createApiKey(t);
      await waitFor('the retry', () => hook.requests().length === 2);
      const request = hook.requests()[1];
      expect(request.json()).toMatchObject({ type: 'api_key.created', storeId: t.store.id, data: { apiKeyId } });
      expect(verifyLikeTheReadme(secret, request.body, request.headers)).toBe(true);
      await waitFor('the delivery to be recorded', async () => (await deliveriesTo(t, endpoint.id))[0]?.status === 'delivered');
      const log = (await hooks.log(endpoint.id)).data!.webhookDeliveryLog.nodes;
      expect(log.map((entry) => [entry.attempt, entry.statusCode])).toEqual([
        [2, 200],
        [1, 503],
      ]);
      expect((await hooks.sendTest(endpoint.id)).data!.sendTestWebhook).toMatchObject({ succeeded: true, statusCode: 200 });

      // Finished deliveries older than keepLogDays (30) go, with their log; newer ones stay.
      const deliveries = t.get(DataSource).getRepository(WebhookDelivery);
      const [old] = await deliveries.findBy({ endpointId: endpoint.id, eventType: 'api_key.created' });
      await deliveries.update({ id: old.id }, { finishedAt: new Date(Date.now() - 31 * 24 * 3600_000) });
      await t.get(WebhookCaptureService).sweep();
      expect((await deliveriesTo(t, endpoint.id)).map((delivery) => delivery.eventType)).toEqual(['webhook.test']);
      expect((await hooks.log(endpoint.id)).data!.webhookDeliveryLog.nodes.map((entry) => entry.eventType)).toEqual(['webhook.test']);
    } finally {
      await t.close();
      await receivers.close();
    }
  });
});

describe.each(DATABASES)('webhooks plugin tables on %s', (database) => {
  it('ships migrations that match its entities', async () => {
    const scratch = await scratchDatabase(database);
    try {
      const changes = await pendingSchemaChanges(scratch.database, [webhooksPlugin]);
      // Only this plugin's tables: the core's own migrations are checked by the core.
      expect(changes.upQueries.map((query) => query.query).filter((query) => query.includes('"webhook_'))).toEqual([]);
    } finally {
      await scratch.drop();
    }
  });
});

describe('webhooks plugin configuration', () => {
  it('is refused at start-up with a message naming the option', () => {
    expect(() => loadPlugins([{ package: PACKAGE, options: { timeoutMs: 'soon' } }])).toThrow(/Plugin "@parley\/plugin-webhooks": option "timeoutMs"/);
    expect(() => loadPlugins([{ package: PACKAGE, options: { maxAttempts: 0 } }])).toThrow(/option "maxAttempts"/);
  });
});
