import { createTestApp, DATABASES, eventually, type TestApp } from '@parley/testing';
import { DataSource } from 'typeorm';
import { UnitOfWork } from '../database/unit-of-work';
import { ClusterEventsService } from '../events/cluster-events.service';
import { EventBusService } from '../events/event-bus.service';
import { NotificationEvent } from './notification-event';
import { NotificationTemplateService } from './notification-template.service';
import { DEFAULT_TEMPLATES } from './notification-templates';

interface Template {
  event: NotificationEvent;
  language: string;
  body: string;
  overridden: boolean;
  approvedTemplate: { name: string; language: string } | null;
  placeholders: string[];
}

const FIELDS = 'event language body overridden approvedTemplate { name language } placeholders';
const LIST = `{ notificationTemplates { ${FIELDS} } }`;
const SET = `mutation($input: NotificationTemplateInput!) { setNotificationTemplate(input: $input) { ${FIELDS} } }`;
const RESET = `mutation($event: NotificationEvent!, $language: String!) { resetNotificationTemplate(event: $event, language: $language) { ${FIELDS} } }`;

describe.each(DATABASES)('notification templates on %s', (database) => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp({ database });
  });
  afterAll(() => t?.close());

  async function list(key?: string): Promise<Template[]> {
    const response = await t.graphql<{ notificationTemplates: Template[] }>(LIST, {}, key);
    expect(response.errors).toBeUndefined();
    return response.data!.notificationTemplates;
  }

  const find = (templates: Template[], event: NotificationEvent, language: string) =>
    templates.find((template) => template.event === event && template.language === language)!;

  it('lists the default of every event in every language', async () => {
    const templates = await list();
    expect(templates).toHaveLength(Object.values(NotificationEvent).length * 4);
    expect(templates.every((template) => !template.overridden && template.approvedTemplate === null)).toBe(true);
    expect(find(templates, NotificationEvent.order_accepted, 'nl')).toEqual({
      event: 'order_accepted',
      language: 'nl',
      body: DEFAULT_TEMPLATES.order_accepted.nl,
      overridden: false,
      approvedTemplate: null,
      placeholders: ['orderNumber', 'items', 'total', 'storeName', 'customerName', 'trackingUrl', 'eta'],
    });
  });

  it("uses a store's own text only for that store and language", async () => {
    const body = '¡{customerName}, tu pedido #{orderNumber} te espera en la barra!';
    const set = await t.graphql<{ setNotificationTemplate: Template }>(SET, {
      input: { event: 'order_ready', language: 'ES', body: `  ${body}\n`, whatsappTemplateName: 'pedido_listo', whatsappTemplateLanguage: 'es_ES' },
    });
    expect(set.errors).toBeUndefined();
    expect(set.data!.setNotificationTemplate).toMatchObject({
      event: 'order_ready',
      language: 'es',
      body,
      overridden: true,
      approvedTemplate: { name: 'pedido_listo', language: 'es_ES' },
    });

    const templates = await list();
    expect(find(templates, NotificationEvent.order_ready, 'es')).toMatchObject({ body, overridden: true });
    expect(find(templates, NotificationEvent.order_ready, 'en')).toMatchObject({ body: DEFAULT_TEMPLATES.order_ready.en, overridden: false });
    expect(templates.filter((template) => template.overridden)).toHaveLength(1);

    const other = await t.createStore(`other-${database}`);
    const theirs = await list(other.ownerKey);
    expect(find(theirs, NotificationEvent.order_ready, 'es')).toMatchObject({ body: DEFAULT_TEMPLATES.order_ready.es, overridden: false });

    const service = t.get(NotificationTemplateService);
    expect(await service.effective(t.store.id, NotificationEvent.order_ready, 'es')).toEqual({
      body,
      approvedTemplate: { name: 'pedido_listo', language: 'es_ES' },
      overridden: true,
    });
    expect(await service.effective(other.id, NotificationEvent.order_ready, 'es')).toEqual({
      body: DEFAULT_TEMPLATES.order_ready.es,
      approvedTemplate: null,
      overridden: false,
    });
    expect((await service.effective(t.store.id, NotificationEvent.order_ready, 'de')).body).toBe(DEFAULT_TEMPLATES.order_ready.en);

    const changed = await t.graphql<{ setNotificationTemplate: Template }>(SET, {
      input: { event: 'order_ready', language: 'es', body: 'Pedido #{orderNumber} listo.' },
    });
    expect(changed.data!.setNotificationTemplate).toMatchObject({ body: 'Pedido #{orderNumber} listo.', approvedTemplate: null });
    expect((await list()).filter((template) => template.overridden)).toHaveLength(1);
  });

  it('lets staff read the templates but only owners change them', async () => {
    const created = await t.graphql<{ createApiKey: { secret: string } }>('mutation { createApiKey(input: { name: "till", role: staff }) { secret } }');
    const staff = created.data!.createApiKey.secret;
    expect(await list(staff)).toHaveLength(Object.values(NotificationEvent).length * 4);

    const set = await t.graphql(SET, { input: { event: 'order_delivered', language: 'en', body: 'Delivered #{orderNumber}' } }, staff);
    expect(set.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    const reset = await t.graphql(RESET, { event: 'order_ready', language: 'es' }, staff);
    expect(reset.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    expect(find(await list(), NotificationEvent.order_delivered, 'en').overridden).toBe(false);
  });

  it('refuses a text it could not send, and saves nothing', async () => {
    const before = find(await list(), NotificationEvent.payment_link, 'fr');

    const unknown = await t.graphql(SET, { input: { event: 'payment_link', language: 'fr', body: 'Payez {total} ici : {payUrl} ({eta})' } });
    const error = unknown.errors?.[0];
    expect(error?.extensions?.code).toBe('INVALID_TEMPLATE');
    expect(error?.message).toContain('{payUrl}, {eta}');
    expect(error?.message).toContain('{paymentUrl}');
    expect(error?.extensions).toMatchObject({ event: 'payment_link', unknownPlaceholders: ['payUrl', 'eta'] });

    for (const [input, code] of [
      [{ event: 'payment_link', language: 'fr', body: 'Payez {total ici' }, 'INVALID_TEMPLATE'],
      [{ event: 'payment_link', language: 'fr', body: '   ' }, 'INVALID_TEMPLATE'],
      [{ event: 'payment_link', language: 'de', body: 'Bezahlen: {paymentUrl}' }, 'BAD_USER_INPUT'],
      [{ event: 'payment_link', language: 'fr', body: 'Payez : {paymentUrl}', whatsappTemplateName: 'lien_paiement' }, 'BAD_USER_INPUT'],
      [{ event: 'payment_link', language: 'fr', body: 'Payez : {paymentUrl}', whatsappTemplateName: 'Lien Paiement', whatsappTemplateLanguage: 'fr' }, 'BAD_USER_INPUT'],
    ] as const) {
      const refused = await t.graphql(SET, { input });
      expect(refused.errors?.[0].extensions?.code).toBe(code);
    }

    expect(find(await list(), NotificationEvent.payment_link, 'fr')).toEqual(before);
  });

  it('resets a text to the default', async () => {
    await t.graphql(SET, {
      input: { event: 'order_cancelled', language: 'nl', body: 'Bestelling #{orderNumber} geannuleerd: {reason}', whatsappTemplateName: 'geannuleerd', whatsappTemplateLanguage: 'nl' },
    });
    expect(find(await list(), NotificationEvent.order_cancelled, 'nl').overridden).toBe(true);

    const reset = await t.graphql<{ resetNotificationTemplate: Template }>(RESET, { event: 'order_cancelled', language: 'nl' });
    expect(reset.errors).toBeUndefined();
    expect(reset.data!.resetNotificationTemplate).toMatchObject({ body: DEFAULT_TEMPLATES.order_cancelled.nl, overridden: false, approvedTemplate: null });
    expect(find(await list(), NotificationEvent.order_cancelled, 'nl')).toMatchObject({ body: DEFAULT_TEMPLATES.order_cancelled.nl, overridden: false });

    const again = await t.graphql<{ resetNotificationTemplate: Template }>(RESET, { event: 'order_cancelled', language: 'nl' });
    expect(again.data!.resetNotificationTemplate.overridden).toBe(false);
  });
});

describe('store texts kept in each process', () => {
  let t: TestApp;
  let otherProcess: { service: NotificationTemplateService; cluster: ClusterEventsService };

  beforeAll(async () => {
    t = await createTestApp({ database: 'postgres', redis: true });
    // Another process of the installation: its own cache and its own connection to Redis, the same database.
    const events = new EventBusService();
    const cluster = new ClusterEventsService(t.config);
    const service = new NotificationTemplateService(t.get(DataSource), new UnitOfWork(t.get(DataSource), events), events, cluster);
    service.onModuleInit();
    otherProcess = { service, cluster };
  });
  afterAll(async () => {
    otherProcess?.cluster.onApplicationShutdown();
    await t?.close();
  });

  it('sends a changed text at once, in the process that changed it and in the others', async () => {
    const here = t.get(NotificationTemplateService);
    const read = (service: NotificationTemplateService) => service.effective(t.store.id, NotificationEvent.order_ready, 'en');
    // Both have read (and kept) the default.
    expect((await read(here)).body).toBe(DEFAULT_TEMPLATES.order_ready.en);
    expect((await read(otherProcess.service)).body).toBe(DEFAULT_TEMPLATES.order_ready.en);

    const set = await t.graphql(SET, { input: { event: 'order_ready', language: 'en', body: 'Order #{orderNumber} is waiting for you.' } });
    expect(set.errors).toBeUndefined();
    await t.settled();
    expect((await read(here)).body).toBe('Order #{orderNumber} is waiting for you.');
    // Told over Redis, well before the 30 s after which a kept text is read again anyway.
    await eventually(async () => (await read(otherProcess.service)).body === 'Order #{orderNumber} is waiting for you.', 'the other process to send the new text', 3000);

    await t.graphql(RESET, { event: 'order_ready', language: 'en' });
    await t.settled();
    expect((await read(here)).body).toBe(DEFAULT_TEMPLATES.order_ready.en);
    await eventually(async () => (await read(otherProcess.service)).body === DEFAULT_TEMPLATES.order_ready.en, 'the other process to send the default again', 3000);
  });
});

