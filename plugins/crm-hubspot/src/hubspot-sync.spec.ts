import { Contact, ContactIdentity, CrmSync, CrmSyncProcessor, CrmSyncStatus, JobQueueService, StoreService } from '@parley/core';
import { chatCustomer, createTestApp, eventually, RECORDING_CHANNEL_PLUGIN, startFakeServer, type TestApp, type TestDatabase } from '@parley/testing';
import Stripe from 'stripe';
import { DataSource } from 'typeorm';
// Payments come through the Stripe plugin and its loopback fake, as in production.
import { stripeApi } from '../../payments-stripe/src/fake-stripe-api.testing';
import { type FakeHubSpotApi, hubSpotErrors, startFakeHubSpotApi } from './fake-hubspot-api.testing';
import { DEAL_TO_CONTACT } from './services/hubspot-crm.connector';

const TOKEN = 'pat-eu1-0f5e2f3a-1111-2222-3333-444455556666';
const SHOP = 'trattoria';
const STRIPE_WEBHOOK_SECRET = 'whsec_crm_sync';

/** The platform with a WhatsApp-like channel and the HubSpot plugin, and a store whose HubSpot account is the fake. */
async function platform(database: TestDatabase, hubspot: FakeHubSpotApi, redis: boolean) {
  const stripe = await startFakeServer(stripeApi());
  const t = await createTestApp({
    database,
    redis,
    plugins: [
      { package: RECORDING_CHANNEL_PLUGIN, options: { channel: 'whatsapp', channelUserIdIsPhone: true } },
      { package: '@parley/plugin-crm-hubspot', options: { apiBaseUrl: hubspot.url, accounts: [{ storeSlug: SHOP, accessToken: TOKEN }] } },
      {
        package: '@parley/plugin-payments-stripe',
        options: { secretKey: 'sk_test_crm', webhookSecret: STRIPE_WEBHOOK_SECRET, apiHost: '127.0.0.1', apiPort: stripe.port, apiProtocol: 'http' },
      },
    ],
  });
  const shop = await t.createStore(SHOP);
  await t.get(StoreService).updateSettings(shop.id, { currency: 'EUR' });
  await t.graphql('mutation { createProduct(input: { name: "Tiramisu", variants: [{ sku: "TIRA", price: { amount: 550, currency: "EUR" } }] }) { id } }', {}, shop.ownerKey);
  const dataSource = t.get(DataSource);

  const newCustomer = () =>
    chatCustomer(t, { channel: 'whatsapp', storeSlug: SHOP, name: 'Giulia Rossi', channelUserId: `39333${Math.floor(Math.random() * 1e7).toString().padStart(7, '0')}` });
  const contactOf = async (channelUserId: string) =>
    dataSource.getRepository(Contact).findOneByOrFail({ id: (await dataSource.getRepository(ContactIdentity).findOneByOrFail({ channel: 'whatsapp', channelUserId })).contactId });
  /** The sync record once its job has finished (synced, or failed for good). */
  const settled = (subject: 'contact' | 'order', subjectId: string, status?: CrmSyncStatus) =>
    eventually(
      async () => {
        const row = await dataSource.getRepository(CrmSync).findOneBy({ connector: 'hubspot', subject, subjectId });
        return row && (status ? row.status === status : row.status !== CrmSyncStatus.pending) && row;
      },
      `the ${subject} to be synced`,
    );
  /** An order of the customer's, placed by staff, as it is placed from a chat: `whatsapp:<number>`. */
  const placeOrder = async (channelUserId: string, paymentMethod = 'pay_at_pickup') => {
    const call = <T>(query: string, variables: Record<string, unknown>) => t.graphql<T>(query, variables, shop.ownerKey);
    const cart = (await call<{ createCart: { id: string } }>('mutation($ref: String!) { createCart(input: { customerRef: $ref, channel: "whatsapp" }) { id } }', { ref: `whatsapp:${channelUserId}` })).data!.createCart.id;
    await call('mutation($c: ID!) { addCartLine(cartId: $c, input: { sku: "TIRA" }) { id } }', { c: cart });
    await call('mutation($c: ID!) { setCartPickup(cartId: $c) { id } }', { c: cart });
    const placed = await call<{ placeOrder: { id: string } }>('mutation($c: ID!, $m: String!) { placeOrder(cartId: $c, paymentMethod: $m) { id } }', { c: cart, m: paymentMethod });
    if (!placed.data) throw new Error(`placeOrder failed: ${JSON.stringify(placed.errors)}`);
    return placed.data.placeOrder.id;
  };
  /** The customer pays the order's Stripe link: Stripe's signed webhook for the completed session. */
  const pay = async (orderId: string) => {
    const link = await t.graphql<{ createPaymentLink: { providerReference: string } }>('mutation($id: ID!) { createPaymentLink(orderId: $id) { providerReference } }', { id: orderId }, shop.ownerKey);
    const body = JSON.stringify({
      id: `evt_${orderId}`,
      object: 'event',
      api_version: '2025-03-31.basil',
      created: Math.floor(Date.now() / 1000),
      data: {
        object: {
          id: link.data!.createPaymentLink.providerReference,
          object: 'checkout.session',
          payment_status: 'paid',
          status: 'complete',
          payment_intent: 'pi_crm',
          amount_total: 550,
          currency: 'eur',
          metadata: { orderId, storeId: shop.id },
        },
      },
      livemode: false,
      pending_webhooks: 1,
      request: { id: null, idempotency_key: null },
      type: 'checkout.session.completed',
    });
    const signature = new Stripe('sk_test_signer_only').webhooks.generateTestHeaderString({ payload: body, secret: STRIPE_WEBHOOK_SECRET });
    const response = await t.http().post('/webhooks/stripe').set('content-type', 'application/json').set('stripe-signature', signature).send(body);
    if (response.status !== 200) throw new Error(`The Stripe webhook was answered ${response.status}`);
  };
  const close = async () => {
    await t.close();
    await stripe.close();
  };
  return { t, shop, dataSource, newCustomer, contactOf, settled, placeOrder, pay, close };
}

describe('HubSpot sync on PostgreSQL with BullMQ on Redis', () => {
  let hubspot: FakeHubSpotApi;
  let app: Awaited<ReturnType<typeof platform>>;
  let t: TestApp;

  beforeAll(async () => {
    hubspot = await startFakeHubSpotApi({ tokens: [TOKEN] });
    app = await platform('postgres', hubspot, true);
    t = app.t;
  });
  afterAll(async () => {
    await app?.close();
    await hubspot?.close();
  });
  beforeEach(() => hubspot.reset());

  it("creates a customer's HubSpot contact on their first chat message and keeps its id on the contact", async () => {
    const customer = app.newCustomer();
    await customer.say('hi');
    const contact = await app.contactOf(customer.channelUserId);

    const sync = await app.settled('contact', contact.id);

    expect(sync).toMatchObject({ status: CrmSyncStatus.synced, lastError: null });
    expect(hubspot.contacts.size).toBe(1);
    const created = hubspot.contacts.get(sync.crmId!)!;
    expect(created.properties).toMatchObject({ firstname: 'Giulia', lastname: 'Rossi', phone: `+${customer.channelUserId}` });
    expect((await app.contactOf(customer.channelUserId)).crmId).toBe(created.id);
  });

  it('finds a customer HubSpot already has by phone and does not duplicate them', async () => {
    const customer = app.newCustomer();
    const existing = hubspot.addContact({ firstname: 'Giulia', lastname: 'Rossi', phone: `+${customer.channelUserId}`, email: 'giulia@example.com' });

    await customer.say('buongiorno');
    const contact = await app.contactOf(customer.channelUserId);
    await app.settled('contact', contact.id);

    expect(hubspot.contacts.size).toBe(1);
    expect((await app.contactOf(customer.channelUserId)).crmId).toBe(existing.id);
  });

  it('records an order as one deal associated to the contact, however often its job runs, and closes it when called off', async () => {
    const customer = app.newCustomer();
    await customer.say('hi');
    const contact = await app.contactOf(customer.channelUserId);
    const contactSync = await app.settled('contact', contact.id);

    const orderId = await app.placeOrder(customer.channelUserId);
    const orderSync = await app.settled('order', orderId);

    expect(hubspot.deals.size).toBe(1);
    const deal = hubspot.deals.get(orderSync.crmId!)!;
    expect(deal.properties).toMatchObject({ amount: '5.50', deal_currency_code: 'EUR', pipeline: 'default', dealstage: 'appointmentscheduled' });
    expect(deal.properties.dealname).toMatch(new RegExp(`^Order #\\d+ \\(${SHOP}\\)$`));
    expect(hubspot.associations).toEqual([{ dealId: deal.id, contactId: contactSync.crmId, associationTypeId: DEAL_TO_CONTACT }]);

    // The same job again, as after a crash between HubSpot's answer and the job's completion.
    await t.get(CrmSyncProcessor).process({ id: 'again', queue: 'crm-sync', attempt: 1, data: { connector: 'hubspot', storeId: app.shop.id, subject: 'order', subjectId: orderId } });
    expect(hubspot.deals.size).toBe(1);

    const cancelled = await t.graphql('mutation($id: ID!) { changeOrderStatus(id: $id, status: cancelled, reason: "Customer called") { status } }', { id: orderId }, app.shop.ownerKey);
    expect(cancelled.errors).toBeUndefined();
    await eventually(async () => deal.properties.dealstage === 'closedlost', 'the deal to be closed lost');
    expect(hubspot.deals.size).toBe(1);
    expect(hubspot.associations).toHaveLength(1);
  });

  it('moves the deal to closed won when the customer pays the order', async () => {
    const customer = app.newCustomer();
    await customer.say('hi');
    await app.settled('contact', (await app.contactOf(customer.channelUserId)).id);
    const orderId = await app.placeOrder(customer.channelUserId, 'stripe');
    const placed = await app.settled('order', orderId);
    const deal = hubspot.deals.get(placed.crmId!)!;
    expect(deal.properties.dealstage).toBe('appointmentscheduled');

    await app.pay(orderId);

    await eventually(async () => deal.properties.dealstage === 'closedwon', 'the deal to be closed won');
    expect(hubspot.deals.size).toBe(1);
  });

  it("waits HubSpot's Retry-After on a 429, then syncs", async () => {
    hubspot.failNext(hubSpotErrors.rateLimited(1));
    const started = Date.now();
    const customer = app.newCustomer();
    await customer.say('hi');

    const sync = await app.settled('contact', (await app.contactOf(customer.channelUserId)).id);

    expect(sync.status).toBe(CrmSyncStatus.synced);
    expect(Date.now() - started).toBeGreaterThanOrEqual(1000);
    expect(hubspot.requests.map((request) => request.url)).toEqual(['/crm/v3/objects/contacts/search', '/crm/v3/objects/contacts/search', '/crm/v3/objects/contacts']);
    expect(hubspot.contacts.size).toBe(1);
  });

  it("waits HubSpot's Retry-After on a 503 through the CRM sync job, not less and not much more, then syncs", async () => {
    // 3 s, not 1: the job's own backoff after a first failure is 1 to 2 s, which a Retry-After of 1 s could not be
    // told apart from.
    hubspot.failNext(hubSpotErrors.unavailable(3));
    const customer = app.newCustomer();
    await customer.say('hi');

    await eventually(async () => hubspot.requests.length >= 2, 'the call after the wait');
    const [refused, retried] = hubspot.requests;
    expect([refused.url, retried.url]).toEqual(['/crm/v3/objects/contacts/search', '/crm/v3/objects/contacts/search']);
    expect(retried.receivedAt - refused.receivedAt).toBeGreaterThanOrEqual(3000);
    expect(retried.receivedAt - refused.receivedAt).toBeLessThan(4500);
    const sync = await app.settled('contact', (await app.contactOf(customer.channelUserId)).id);
    expect(sync).toMatchObject({ status: CrmSyncStatus.synced, lastError: null });
    expect(hubspot.contacts.size).toBe(1);
  });

  it('retries when HubSpot answers 500, then syncs', async () => {
    hubspot.failNext('ok', hubSpotErrors.serverError());
    const customer = app.newCustomer();
    await customer.say('hi');

    const sync = await app.settled('contact', (await app.contactOf(customer.channelUserId)).id);

    expect(sync.status).toBe(CrmSyncStatus.synced);
    expect(hubspot.requests.filter((request) => request.url === '/crm/v3/objects/contacts')).toHaveLength(2);
    expect(hubspot.contacts.size).toBe(1);
  });

  it('gives up at once when HubSpot refuses the token, and keeps the reason without personal data', async () => {
    const failedBefore = (await t.get(JobQueueService).counts())['crm-sync'].failed;
    hubspot.failNext(hubSpotErrors.unauthorized());
    const customer = app.newCustomer();
    await customer.say('hi');
    const contact = await app.contactOf(customer.channelUserId);

    const sync = await app.settled('contact', contact.id, CrmSyncStatus.failed);

    expect(sync.lastError).toMatch(/^HubSpot API answered 401 INVALID_AUTHENTICATION: Authentication credentials not found/);
    expect(sync.lastError).not.toContain(customer.channelUserId.slice(2));
    expect(sync.lastError).not.toContain('Giulia');
    await eventually(async () => (await t.get(JobQueueService).counts())['crm-sync'].failed === failedBefore + 1, 'the job to fail');
    expect(hubspot.requests).toHaveLength(1);
    expect((await app.contactOf(customer.channelUserId)).crmId).toBeNull();
  });

  it('syncs nothing of a store that has no HubSpot account', async () => {
    const elsewhere = chatCustomer(t, { channel: 'whatsapp', storeSlug: t.store.slug, channelUserId: '393339999999' });
    await elsewhere.say('hi');
    await t.settled();

    const contact = await app.contactOf('393339999999');
    expect(await app.dataSource.getRepository(CrmSync).countBy({ subjectId: contact.id })).toBe(0);
    expect(hubspot.requests).toHaveLength(0);
  });
});

describe('HubSpot sync on SQLite with the database queue', () => {
  let hubspot: FakeHubSpotApi;
  let app: Awaited<ReturnType<typeof platform>>;

  beforeAll(async () => {
    hubspot = await startFakeHubSpotApi({ tokens: [TOKEN] });
    app = await platform('sqlite', hubspot, false);
  });
  afterAll(async () => {
    await app?.close();
    await hubspot?.close();
  });

  it("creates the customer's contact on their first message and a deal for their order", async () => {
    const customer = app.newCustomer();
    await customer.say('hi');
    const contact = await app.contactOf(customer.channelUserId);
    const contactSync = await app.settled('contact', contact.id);
    expect((await app.contactOf(customer.channelUserId)).crmId).toBe(contactSync.crmId);

    const orderId = await app.placeOrder(customer.channelUserId);
    const orderSync = await app.settled('order', orderId);

    expect(hubspot.contacts.size).toBe(1);
    expect([...hubspot.deals.keys()]).toEqual([orderSync.crmId]);
    expect(hubspot.associations).toEqual([{ dealId: orderSync.crmId, contactId: contactSync.crmId, associationTypeId: DEAL_TO_CONTACT }]);
  });
});
