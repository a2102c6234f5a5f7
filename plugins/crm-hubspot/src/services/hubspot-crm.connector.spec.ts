import { type CrmContact, type CrmOrder, CrmSyncError } from '@parley/plugin-sdk';
import { type FakeHubSpotApi, hubSpotErrors, hubSpotError, startFakeHubSpotApi } from '../fake-hubspot-api.testing';
import { hubSpotOptions } from '../hubspot-options';
import { HubSpotApiClient } from './hubspot-api.client';
import { DEAL_TO_CONTACT, HubSpotCrmConnector, majorUnits } from './hubspot-crm.connector';

const TOKEN = 'pat-eu1-0f5e2f3a-1111-2222-3333-444455556666';

describe('the HubSpot connector against a loopback HubSpot API', () => {
  let hubspot: FakeHubSpotApi;
  let connector: HubSpotCrmConnector;

  const contact = (overrides: Partial<CrmContact> = {}): CrmContact => ({
    storeId: 'store-1',
    storeSlug: 'roma',
    contactId: 'contact-1',
    name: 'Giulia Maria Rossi',
    phone: '+393331234567',
    ...overrides,
  });
  const order = (overrides: Partial<CrmOrder> = {}): CrmOrder => ({
    storeId: 'store-1',
    storeSlug: 'roma',
    orderId: 'order-1',
    orderNumber: '#1001',
    contact: { ...contact(), crmId: '0' },
    total: { amount: 2350, currency: 'EUR' },
    status: 'placed',
    stage: 'open',
    ...overrides,
  });
  const calls = () => hubspot.requests.map((request) => `${request.method} ${request.url}`);
  const searches = () => hubspot.requests.filter((request) => request.url.endsWith('/search')).map((request) => request.json<{ filterGroups: unknown }>().filterGroups);
  const failure = async (work: Promise<unknown>) => {
    const error = await work.then(
      () => undefined,
      (caught: unknown) => caught,
    );
    if (!(error instanceof CrmSyncError)) throw new Error(`Expected a CrmSyncError, got ${String(error)}`);
    return error;
  };

  beforeAll(async () => {
    hubspot = await startFakeHubSpotApi({ tokens: [TOKEN] });
    const options = hubSpotOptions.parse({ apiBaseUrl: hubspot.url, accounts: [{ storeSlug: 'roma', accessToken: TOKEN }] });
    connector = new HubSpotCrmConnector(options, new HubSpotApiClient(options));
  });
  afterAll(() => hubspot?.close());
  beforeEach(() => hubspot.reset());

  describe('contacts', () => {
    it('creates a new customer as a contact with the private app token, after looking them up by phone', async () => {
      const { crmId } = await connector.upsertContact(contact());

      expect(hubspot.contacts.get(crmId)?.properties).toMatchObject({ firstname: 'Giulia', lastname: 'Maria Rossi', phone: '+393331234567' });
      expect(calls()).toEqual(['POST /crm/v3/objects/contacts/search', 'POST /crm/v3/objects/contacts']);
      expect(searches()).toEqual([[{ filters: [{ propertyName: 'phone', operator: 'EQ', value: '+393331234567' }] }]]);
      expect(hubspot.requests.every((request) => request.headers.authorization === `Bearer ${TOKEN}`)).toBe(true);
    });

    it('finds an existing contact by phone and adds what it lacks instead of creating a second one', async () => {
      const existing = hubspot.addContact({ firstname: 'Giulia', lastname: 'R.', phone: '+393331234567', email: null });

      const { crmId } = await connector.upsertContact(contact({ email: 'giulia@example.com' }));

      expect(crmId).toBe(existing.id);
      expect(hubspot.contacts.size).toBe(1);
      // The name staff keep in HubSpot stays; the e-mail it lacked is added.
      expect(existing.properties).toMatchObject({ firstname: 'Giulia', lastname: 'R.', email: 'giulia@example.com' });
      expect(hubspot.requests.at(-1)!.json()).toEqual({ properties: { email: 'giulia@example.com' } });
    });

    it('finds a contact by e-mail when no contact has the phone, and adds the phone', async () => {
      const existing = hubspot.addContact({ email: 'giulia@example.com', firstname: null, lastname: null });

      const { crmId } = await connector.upsertContact(contact({ email: 'giulia@example.com' }));

      expect(crmId).toBe(existing.id);
      expect(hubspot.contacts.size).toBe(1);
      expect(existing.properties).toMatchObject({ phone: '+393331234567', email: 'giulia@example.com', firstname: 'Giulia', lastname: 'Maria Rossi' });
      expect(searches().map((groups) => (groups as { filters: { propertyName: string }[] }[])[0].filters[0].propertyName)).toEqual(['phone', 'email']);
    });

    it('updates by the id it kept, and looks again when HubSpot no longer has that contact', async () => {
      const kept = hubspot.addContact({ phone: '+393331234567' });
      expect(await connector.upsertContact(contact({ crmId: kept.id, email: 'giulia@example.com' }))).toEqual({ crmId: kept.id });
      expect(calls()).toEqual([`PATCH /crm/v3/objects/contacts/${kept.id}`]);

      hubspot.reset();
      const { crmId } = await connector.upsertContact(contact({ crmId: 'merged-away' }));
      expect(calls()).toEqual(['PATCH /crm/v3/objects/contacts/merged-away', 'POST /crm/v3/objects/contacts/search', 'POST /crm/v3/objects/contacts']);
      expect(hubspot.contacts.has(crmId)).toBe(true);
    });
  });

  describe('deals', () => {
    it('records an order as a deal in major units, in the pipeline, associated to the contact', async () => {
      const customer = hubspot.addContact({ phone: '+393331234567' });

      const { crmId } = await connector.recordOrder(order({ contact: { ...contact(), crmId: customer.id } }));

      expect(hubspot.deals.get(crmId)?.properties).toMatchObject({
        dealname: 'Order #1001 (roma)',
        amount: '23.50',
        deal_currency_code: 'EUR',
        pipeline: 'default',
        dealstage: 'appointmentscheduled',
      });
      expect(hubspot.associations).toEqual([{ dealId: crmId, contactId: customer.id, associationTypeId: DEAL_TO_CONTACT }]);
    });

    it('records one deal per order however often it is called, and moves its stage', async () => {
      const customer = hubspot.addContact({ phone: '+393331234567' });
      const placed = order({ contact: { ...contact(), crmId: customer.id } });

      const first = await connector.recordOrder(placed);
      // Called again without the id (the answer to the first call never arrived): found by its name.
      const again = await connector.recordOrder({ ...placed, status: 'confirmed', stage: 'won' });
      const cancelled = await connector.recordOrder({ ...placed, crmId: first.crmId, status: 'cancelled', stage: 'lost' });

      expect(again).toEqual(first);
      expect(cancelled).toEqual(first);
      expect(hubspot.deals.size).toBe(1);
      expect(hubspot.deals.get(first.crmId)?.properties.dealstage).toBe('closedlost');
      expect(hubspot.associations).toHaveLength(1);
    });

    it('does not make a second deal when HubSpot created the first but its answer was lost', async () => {
      const customer = hubspot.addContact({ phone: '+393331234567' });
      const placed = order({ contact: { ...contact(), crmId: customer.id } });
      // The search finds nothing; the create takes effect, but a proxy answers 502.
      hubspot.failNext('ok', { ...hubSpotErrors.badGateway(), afterApplying: true });
      expect(await failure(connector.recordOrder(placed))).toMatchObject({ retryable: true });

      const retried = await connector.recordOrder(placed);

      expect(hubspot.deals.size).toBe(1);
      expect(hubspot.deals.has(retried.crmId)).toBe(true);
      expect(hubspot.associations).toHaveLength(1);
    });

    it('uses the stages configured for the account', async () => {
      const options = hubSpotOptions.parse({
        apiBaseUrl: hubspot.url,
        accounts: [{ storeSlug: 'roma', accessToken: TOKEN, pipeline: '75e28846-ad0d-4be2-a027-5e1da6590b98', dealStages: { open: 'new_order', won: 'paid', lost: 'lost' } }],
      });
      const custom = new HubSpotCrmConnector(options, new HubSpotApiClient(options));
      const customer = hubspot.addContact({ phone: '+393331234567' });
      const { crmId } = await custom.recordOrder(order({ contact: { ...contact(), crmId: customer.id }, stage: 'won' }));
      expect(hubspot.deals.get(crmId)?.properties).toMatchObject({ pipeline: '75e28846-ad0d-4be2-a027-5e1da6590b98', dealstage: 'paid' });
    });

    it.each([
      [{ amount: 2350, currency: 'EUR' }, '23.50'],
      [{ amount: 5, currency: 'USD' }, '0.05'],
      [{ amount: 1500, currency: 'JPY' }, '1500'],
      [{ amount: 12345, currency: 'KWD' }, '12.345'],
      [{ amount: -250, currency: 'EUR' }, '-2.50'],
    ])('writes %j as the amount %s', (money, amount) => {
      expect(majorUnits(money)).toBe(amount);
    });

    it('refuses an amount that is not whole minor units, permanently', () => {
      expect(() => majorUnits({ amount: 12.5, currency: 'EUR' })).toThrow(expect.objectContaining({ retryable: false, providerCode: 'invalid_amount' }));
    });
  });

  describe('failures', () => {
    it("waits HubSpot's Retry-After on a 429, or ten seconds without one", async () => {
      hubspot.failNext(hubSpotErrors.rateLimited(3));
      expect(await failure(connector.upsertContact(contact()))).toMatchObject({ retryable: true, retryAfterMs: 3000, providerCode: 'RATE_LIMITS' });
      hubspot.failNext(hubSpotErrors.rateLimited());
      expect(await failure(connector.upsertContact(contact()))).toMatchObject({ retryable: true, retryAfterMs: 10_000 });
    });

    it('retries 5xx and unreachable, not a refused token', async () => {
      hubspot.failNext(hubSpotErrors.serverError());
      expect(await failure(connector.upsertContact(contact()))).toMatchObject({ retryable: true, providerCode: 'INTERNAL_ERROR' });
      hubspot.failNext(hubSpotErrors.badGateway());
      expect(await failure(connector.upsertContact(contact()))).toMatchObject({ retryable: true, providerCode: 'http_502' });

      const options = hubSpotOptions.parse({ apiBaseUrl: hubspot.url, accounts: [{ storeSlug: 'roma', accessToken: 'pat-eu1-revoked' }] });
      const revoked = new HubSpotCrmConnector(options, new HubSpotApiClient(options));
      const refused = await failure(revoked.upsertContact(contact()));
      expect(refused).toMatchObject({ retryable: false, providerCode: 'INVALID_AUTHENTICATION' });
      expect(refused.message).toMatch(/^HubSpot API answered 401 INVALID_AUTHENTICATION: Authentication credentials not found/);

      const closed = await startFakeHubSpotApi();
      await closed.close();
      const unreachableOptions = hubSpotOptions.parse({ apiBaseUrl: closed.url, accounts: [{ storeSlug: 'roma', accessToken: TOKEN }] });
      const unreachable = new HubSpotCrmConnector(unreachableOptions, new HubSpotApiClient(unreachableOptions));
      expect(await failure(unreachable.upsertContact(contact()))).toMatchObject({ retryable: true, providerCode: 'network' });
    });

    it('keeps e-mail addresses and phone numbers out of error messages', async () => {
      hubspot.failNext(hubSpotError(400, 'VALIDATION_ERROR', 'Property values were not valid: giulia@example.com, +39 333 123 4567'));
      const error = await failure(connector.upsertContact(contact()));
      expect(error.retryable).toBe(false);
      expect(error.message).toContain('Property values were not valid: [email], [number]');
      expect(error.message).not.toMatch(/giulia|333/);
    });

    it('refuses a store it has no account for, and says which stores it serves', async () => {
      expect(connector.servesStore({ storeSlug: 'roma' })).toBe(true);
      expect(connector.servesStore({ storeSlug: 'milano' })).toBe(false);
      expect(await failure(connector.upsertContact(contact({ storeSlug: 'milano' })))).toMatchObject({ retryable: false, providerCode: 'unknown_store' });
      expect(hubspot.requests).toHaveLength(0);
    });
  });
});
