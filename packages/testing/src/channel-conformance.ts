import { randomBytes } from 'node:crypto';
import {
  ContactIdentity,
  Conversation,
  MalformedWebhook,
  Message,
  MessageAuthor,
  MessageStatus,
  Notification,
  NotificationStatus,
  type PluginEntry,
  ReceivedMessage,
  StoreService,
} from '@parley/core';
import { type ChannelAdapter, type DeliveryStatus, ExtensionRegistry, type InboundContent } from '@parley/plugin-sdk';
import { DataSource, In } from 'typeorm';
import { answered } from './chat';
import { eventually } from './eventually';
import { createTestApp, type TestApp } from './test-app';
import type { TestDatabase } from './test-databases';

/** The plugin's fake of its provider's API, as the kit handles it: started through the driver, closed at the end. */
export interface ProviderHandle {
  close(): Promise<void>;
}

/** A webhook body exactly as the provider sends it, and the id the plugin stores its message under. */
export interface ConformancePayload {
  body: string;
  /** The `providerMessageId` the plugin hands to `InboundMessages` for it (WhatsApp's wamid, Telegram's `<bot id>:<update_id>`). */
  providerMessageId: string;
}

/** A message the fake provider accepted, as the kit compares them. */
export interface ConformanceSend {
  /** The provider's kind of message: `text`, `interactive`, `template`, `sendMessage`, ... */
  type: string;
  text?: string;
  /** The approved template's name, when it is a template message. */
  templateName?: string;
}

/**
 * What the kit needs to know of one channel's provider. `Provider` is the plugin's own fake of the provider's API
 * (a loopback HTTP server), which the kit starts, scripts and reads only through the driver.
 */
export interface ChannelConformanceDriver<Provider extends ProviderHandle> {
  /** The channel code the plugin's adapter registers, e.g. `whatsapp`. */
  channel: string;
  /** Where the provider POSTs its webhooks, e.g. `/webhooks/whatsapp` or `/webhooks/telegram/7001`. */
  webhookPath: string;
  startProvider(): Promise<Provider>;
  /** The plugin as `parley.config.json` would list it, its client pointed at the fake, selling for `storeSlug`. */
  plugin(provider: Provider, storeSlug: string): PluginEntry;
  /** A new customer's id on the channel (a WhatsApp number, a Telegram chat id): each case writes as someone new. */
  newCustomer(): string;
  /** Recorded payloads of an inbound text, a tapped reply button, and a message type the channel does not know. */
  textMessage(customer: string, text: string): ConformancePayload;
  buttonReply(customer: string, button: { id: string; title: string }): ConformancePayload;
  unknownMessage(customer: string): ConformancePayload;
  /** The headers of a delivery of `body` as the provider signs it, with a wrong signature, and with none. */
  signed(body: string): Record<string, string>;
  badlySigned(body: string): Record<string, string>;
  unsigned(body: string): Record<string, string>;
  /** A delivery status webhook about one of our messages; leave it out when the channel reports no statuses. */
  statusUpdate?(update: { customer: string; providerMessageId: string; messageId: string; status: Exclude<DeliveryStatus, 'failed'> }): string;
  /** Has the fake answer the next message to `customer` with a rate limit (429, with a short Retry-After), once. */
  rateLimitOnce(provider: Provider, customer: string): { served(): boolean };
  /** The messages the fake accepted for `customer`, in order. */
  sentTo(provider: Provider, customer: string): ConformanceSend[];
}

export const CONFORMANCE_CASES = {
  'bad-signature': 'a badly signed webhook is refused with a 4xx and nothing is stored',
  'missing-signature': 'an unsigned webhook is refused with a 4xx and nothing is stored',
  'valid-message': 'a valid text message is stored once and answered by the assistant',
  'button-reply': 'a tapped reply button is stored as a reply and answered',
  'duplicate-delivery': 'the same delivery twice gives one message and one answer',
  'statuses-out-of-order': "statuses arriving read, delivered, sent never move a message's status backwards",
  'unknown-type': 'a message of an unknown type is stored as unknown, acknowledged, and the chat goes on',
  'unknown-fields': 'unknown extra fields in a payload are ignored: the message is stored and answered',
  'expired-window': "outside the customer-service window a notification is skipped with the reason, or sent as the store's template",
  'rate-limit': 'a rate limit (429) on a send is retried later and the answer delivered once',
} as const;

export type ConformanceCaseId = keyof typeof CONFORMANCE_CASES;
export type ConformanceOutcome = 'passed' | 'failed' | 'not applicable';

export interface ConformanceCaseResult {
  id: ConformanceCaseId;
  title: string;
  outcome: ConformanceOutcome;
  /** Why it failed, or why it does not apply to this channel. */
  reason?: string;
  ms: number;
}

export interface ConformanceReport {
  channel: string;
  results: ConformanceCaseResult[];
  failures: ConformanceCaseResult[];
  /** No case failed (cases that do not apply are not failures). */
  passed: boolean;
  /** One line per case: outcome, id, and the reason. */
  summary(): string;
  /** Throws an error listing every failed case with its reason: `report.assertAllPassed()` in a jest test. */
  assertAllPassed(): void;
}

export interface ChannelConformanceOptions {
  /** Default `postgres`. */
  database?: TestDatabase;
  /** BullMQ on the test Redis (default) rather than the database queue. */
  redis?: boolean;
  /** Runs only these cases. */
  only?: ConformanceCaseId[];
  /** How long a case may wait for the platform's answers; default 20 s. */
  timeoutMs?: number;
}

const TEMPLATE_NAME = 'parley_conformance_order_accepted';
const TEMPLATE_LANGUAGES = ['en', 'es', 'fr', 'nl'];
const SKU = 'CONFORMANCE-1';
/** Added to every object of a payload by the unknown-fields case: a field no provider sends (yet). */
const UNKNOWN_FIELD = 'x_parley_conformance_unknown';

/** A case's verdict that the channel breaks the contract: its message is the reason reported. */
class ConformanceFailure extends Error {}

function check(condition: unknown, reason: string): asserts condition {
  if (!condition) throw new ConformanceFailure(reason);
}

const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));
const isSuccess = (status: number) => status >= 200 && status < 300;
const isClientError = (status: number) => status >= 400 && status < 500;

/** The payload with an unknown field in every object, as a provider's newer API version might send it. */
function withUnknownFields(body: string): string {
  let payload: unknown;
  try {
    payload = JSON.parse(body);
  } catch {
    throw new ConformanceFailure('the text payload is not JSON: the kit adds unknown fields to JSON payloads only');
  }
  const extend = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(extend);
    if (typeof value !== 'object' || value === null) return value;
    const fields = Object.fromEntries(Object.entries(value).map(([key, field]) => [key, extend(field)]));
    return { ...fields, [UNKNOWN_FIELD]: { nested: [1, 'two', null], flag: true } };
  };
  return JSON.stringify(extend(payload));
}

/** Everything a case works with: the running platform, the fake provider and the driver. */
class CaseContext<Provider extends ProviderHandle> {
  readonly data: DataSource;

  constructor(
    readonly t: TestApp,
    readonly provider: Provider,
    readonly driver: ChannelConformanceDriver<Provider>,
    readonly store: { id: string; slug: string; ownerKey: string },
    readonly adapter: ChannelAdapter,
    readonly timeoutMs: number,
  ) {
    this.data = t.get(DataSource);
  }

  async post(body: string, headers: Record<string, string>): Promise<number> {
    const response = await this.t.http().post(this.driver.webhookPath).set(headers).send(body);
    return response.status;
  }

  /** Posts a properly signed payload; the provider must hear a 2xx. */
  async deliver(payload: ConformancePayload | string): Promise<void> {
    const body = typeof payload === 'string' ? payload : payload.body;
    const status = await this.post(body, this.driver.signed(body));
    check(isSuccess(status), `a properly signed webhook was answered ${status}, not 2xx`);
  }

  /** Says `text` as `customer` and returns what the provider was given to send them. */
  async say(customer: string, text: string): Promise<ConformanceSend[]> {
    const payload = this.driver.textMessage(customer, text);
    await this.deliver(payload);
    await this.answered(payload);
    return this.driver.sentTo(this.provider, customer);
  }

  async answered(payload: ConformancePayload): Promise<void> {
    try {
      await answered(this.t, this.driver.channel, payload.providerMessageId, this.timeoutMs);
    } catch (error) {
      throw new ConformanceFailure(`message ${payload.providerMessageId} was not handled and answered: ${(error as Error).message}`);
    }
  }

  /** The one message stored for a received one, or the reason there is not exactly one. */
  async storedOnce(providerMessageId: string): Promise<Message> {
    const received = await this.data.getRepository(ReceivedMessage).findBy({ channel: this.driver.channel, providerMessageId });
    check(received.length === 1, `${received.length} received_message rows for ${providerMessageId}, expected 1`);
    const stored = await this.data.getRepository(Message).findBy({ receivedMessageId: received[0].id });
    check(stored.length === 1, `${stored.length} conversation messages stored for ${providerMessageId}, expected 1`);
    return stored[0];
  }

  conversation(customer: string): Promise<Conversation | null> {
    return this.data.getRepository(Conversation).findOneBy({ storeId: this.store.id, channel: this.driver.channel, channelUserId: customer });
  }

  /** Our own messages (assistant, staff, system) in the customer's conversation, oldest first. */
  async outbound(customer: string): Promise<Message[]> {
    const conversation = await this.conversation(customer);
    if (!conversation) return [];
    return this.data.getRepository(Message).find({
      where: { conversationId: conversation.id, author: In([MessageAuthor.assistant, MessageAuthor.staff, MessageAuthor.system]) },
      order: { createdAt: 'ASC' },
    });
  }

  malformedCount(): Promise<number> {
    return this.data.getRepository(MalformedWebhook).countBy({ channel: this.driver.channel });
  }

  /** Lets event handlers and jobs a webhook may have started run, so "nothing happened" is not merely "not yet". */
  async settle(): Promise<void> {
    await this.t.settled();
    await sleep(300);
  }

  async graphql<T>(query: string, variables: Record<string, unknown> = {}): Promise<T> {
    const result = await this.t.graphql<T>(query, variables, this.store.ownerKey);
    if (result.errors || !result.data) throw new Error(`GraphQL failed: ${JSON.stringify(result.errors ?? result.status)}`);
    return result.data;
  }

  /** An order staff place for the customer of this chat, paid at pickup: the platform then notifies them in it. */
  async placeOrder(customer: string): Promise<string> {
    const ref = `${this.driver.channel}:${customer}`;
    const cart = await this.graphql<{ createCart: { id: string } }>('mutation($ref: String!, $channel: String!) { createCart(input: { customerRef: $ref, channel: $channel }) { id } }', {
      ref,
      channel: this.driver.channel,
    });
    const cartId = cart.createCart.id;
    await this.graphql('mutation($c: ID!, $sku: String!) { addCartLine(cartId: $c, input: { sku: $sku }) { id } }', { c: cartId, sku: SKU });
    await this.graphql('mutation($c: ID!) { setCartPickup(cartId: $c) { id } }', { c: cartId });
    const order = await this.graphql<{ placeOrder: { id: string } }>('mutation($c: ID!) { placeOrder(cartId: $c, paymentMethod: "pay_at_pickup") { id } }', { c: cartId });
    return order.placeOrder.id;
  }

  /** The customer notification of this event for the order, once it has been sent, failed or skipped. */
  async settledNotification(orderId: string, event: string): Promise<Notification> {
    const done = [NotificationStatus.sent, NotificationStatus.delivered, NotificationStatus.read, NotificationStatus.failed, NotificationStatus.skipped];
    try {
      return await eventually(
        async () => {
          const row = await this.data.getRepository(Notification).findOneBy({ orderId, event, audience: 'customer' as never });
          return row && done.includes(row.status) ? row : null;
        },
        `the ${event} notification to settle`,
        this.timeoutMs,
      );
    } catch (error) {
      throw new ConformanceFailure((error as Error).message);
    }
  }
}

type Context = CaseContext<ProviderHandle>;

interface ConformanceCase {
  id: ConformanceCaseId;
  /** Why the case does not apply to this channel, or null when it does. */
  notApplicable?(context: Context): string | null;
  run(context: Context): Promise<void>;
}

/** A refused delivery: 4xx, and nothing stored, kept as malformed or sent. Then the same body signed is taken. */
async function refusedCase(c: Context, headersOf: (body: string) => Record<string, string>, what: string): Promise<void> {
  const customer = c.driver.newCustomer();
  const payload = c.driver.textMessage(customer, 'hi');
  const malformed = await c.malformedCount();
  const status = await c.post(payload.body, headersOf(payload.body));
  check(isClientError(status), `a webhook with ${what} was answered ${status}, not 4xx`);
  await c.settle();
  const received = await c.data.getRepository(ReceivedMessage).countBy({ channel: c.driver.channel, channelUserId: customer });
  check(received === 0, `a webhook with ${what} was stored (${received} received_message rows)`);
  check((await c.malformedCount()) === malformed, `a webhook with ${what} was kept as malformed: it must be refused before it is read`);
  check(c.driver.sentTo(c.provider, customer).length === 0, `a webhook with ${what} was answered in the chat`);
  // The refusal was the signature's, not the route's or the payload's: the same body properly signed is taken.
  await c.deliver(payload);
  await c.answered(payload);
}

const CASES: ConformanceCase[] = [
  { id: 'bad-signature', run: (c) => refusedCase(c, (body) => c.driver.badlySigned(body), 'a wrong signature') },
  { id: 'missing-signature', run: (c) => refusedCase(c, (body) => c.driver.unsigned(body), 'no signature') },
  {
    id: 'valid-message',
    async run(c) {
      const customer = c.driver.newCustomer();
      const payload = c.driver.textMessage(customer, 'hi');
      await c.deliver(payload);
      await c.answered(payload);
      const stored = await c.storedOnce(payload.providerMessageId);
      check(stored.author === MessageAuthor.customer, `the message was stored as the ${stored.author}'s, not the customer's`);
      check(sameContent(stored.content as InboundContent, { type: 'text', text: 'hi' }), `the text "hi" was stored as ${JSON.stringify(stored.content)}`);
      check(c.driver.sentTo(c.provider, customer).length > 0, 'the assistant sent no answer to the provider');
    },
  },
  {
    id: 'button-reply',
    async run(c) {
      const customer = c.driver.newCustomer();
      const payload = c.driver.buttonReply(customer, { id: 'act:cart', title: 'Cart' });
      await c.deliver(payload);
      await c.answered(payload);
      const stored = await c.storedOnce(payload.providerMessageId);
      const content = stored.content as InboundContent;
      check(content.type === 'reply' && content.id === 'act:cart', `the tapped button act:cart was stored as ${JSON.stringify(content)}`);
      check(c.driver.sentTo(c.provider, customer).length > 0, 'the assistant sent no answer to the tapped button');
    },
  },
  {
    id: 'duplicate-delivery',
    async run(c) {
      const expected = (await c.say(c.driver.newCustomer(), 'hi')).length;
      const customer = c.driver.newCustomer();
      const payload = c.driver.textMessage(customer, 'hi');
      // Twice at once (a retry overtaking a slow first delivery), and once more after the answer (a late retry).
      await Promise.all([c.deliver(payload), c.deliver(payload)]);
      await c.answered(payload);
      await c.deliver(payload);
      await c.settle();
      await c.storedOnce(payload.providerMessageId);
      const sends = c.driver.sentTo(c.provider, customer).length;
      check(sends === expected, `a message delivered three times got ${sends} messages in answer; the same message delivered once gets ${expected}`);
    },
  },
  {
    id: 'statuses-out-of-order',
    notApplicable: (c) => (c.driver.statusUpdate ? null : 'the driver has no statusUpdate: the channel reports no delivery statuses'),
    async run(c) {
      const customer = c.driver.newCustomer();
      await c.say(customer, 'hi');
      const message = (await c.outbound(customer)).find((candidate) => candidate.status === MessageStatus.sent && candidate.providerMessageId);
      check(message, 'no answer was marked sent with the provider message id');
      for (const status of ['read', 'delivered', 'sent'] as const) {
        const body = c.driver.statusUpdate!({ customer, providerMessageId: message.providerMessageId!, messageId: message.id, status });
        await c.deliver(body);
        const now = await c.data.getRepository(Message).findOneByOrFail({ id: message.id });
        check(now.status === MessageStatus.read, `after "${status}" (read came first) the message is ${now.status}, not read`);
      }
    },
  },
  {
    id: 'unknown-type',
    async run(c) {
      const customer = c.driver.newCustomer();
      const payload = c.driver.unknownMessage(customer);
      await c.deliver(payload);
      await c.answered(payload);
      const stored = await c.storedOnce(payload.providerMessageId);
      check((stored.content as InboundContent).type === 'unknown', `a message of an unknown type was stored as ${JSON.stringify(stored.content)}, not as unknown`);
      const before = c.driver.sentTo(c.provider, customer).length;
      const after = (await c.say(customer, 'hi')).length;
      check(after > before, 'after a message of an unknown type, the next text was not answered');
    },
  },
  {
    id: 'unknown-fields',
    async run(c) {
      const customer = c.driver.newCustomer();
      const payload = c.driver.textMessage(customer, 'hi');
      const malformed = await c.malformedCount();
      await c.deliver(withUnknownFields(payload.body));
      await c.answered(payload);
      const stored = await c.storedOnce(payload.providerMessageId);
      check(sameContent(stored.content as InboundContent, { type: 'text', text: 'hi' }), `with unknown fields, the text "hi" was stored as ${JSON.stringify(stored.content)}`);
      check((await c.malformedCount()) === malformed, 'a payload with unknown extra fields was kept as malformed');
      check(c.driver.sentTo(c.provider, customer).length > 0, 'the assistant sent no answer');
    },
  },
  {
    id: 'expired-window',
    notApplicable: (c) => (c.adapter.capabilities.customerServiceWindowHours ? null : 'the channel declares no customerServiceWindowHours'),
    async run(c) {
      const hours = c.adapter.capabilities.customerServiceWindowHours!;
      const customer = c.driver.newCustomer();
      await c.say(customer, 'hi');
      await c.data
        .getRepository(ContactIdentity)
        .update({ storeId: c.store.id, channel: c.driver.channel, channelUserId: customer }, { lastCustomerMessageAt: new Date(Date.now() - (hours + 1) * 3600_000) });
      const before = c.driver.sentTo(c.provider, customer).length;

      const orderId = await c.placeOrder(customer);
      const received = await c.settledNotification(orderId, 'order_received');
      check(
        received.status === NotificationStatus.skipped && received.lastError?.includes(`${hours}-hour window`),
        `without an approved template, the order_received notification was ${received.status} (${received.lastError ?? 'no reason'}), not skipped for the window`,
      );
      check(c.driver.sentTo(c.provider, customer).length === before, 'a notification outside the window reached the provider as free-form text');

      for (const language of TEMPLATE_LANGUAGES) {
        await c.graphql(
          'mutation($language: String!, $name: String!) { setNotificationTemplate(input: { event: order_accepted, language: $language, body: "Order #{orderNumber} is confirmed.", whatsappTemplateName: $name, whatsappTemplateLanguage: $language }) { event } }',
          { language, name: TEMPLATE_NAME },
        );
      }
      await c.graphql('mutation($id: ID!) { changeOrderStatus(id: $id, status: confirmed) { status } }', { id: orderId });
      const accepted = await c.settledNotification(orderId, 'order_accepted');
      check(accepted.status === NotificationStatus.sent, `with an approved template, the order_accepted notification was ${accepted.status} (${accepted.lastError ?? 'no reason'}), not sent`);
      const sends = c.driver.sentTo(c.provider, customer).slice(before);
      check(
        sends.length === 1 && sends[0].templateName === TEMPLATE_NAME,
        `outside the window the provider was given ${JSON.stringify(sends)}, not the one template ${TEMPLATE_NAME}`,
      );
    },
  },
  {
    id: 'rate-limit',
    async run(c) {
      const expected = (await c.say(c.driver.newCustomer(), 'hi')).length;
      const customer = c.driver.newCustomer();
      const limit = c.driver.rateLimitOnce(c.provider, customer);
      const sends = await c.say(customer, 'hi');
      check(limit.served(), "the fake never answered 429: the driver's rateLimitOnce did not take effect");
      const failed = (await c.outbound(customer)).filter((message) => message.status === MessageStatus.failed);
      check(failed.length === 0, `after a 429, ${failed.length} answers were marked failed (${failed.map((message) => message.error).join('; ')}) instead of sent again later`);
      check(sends.length === expected, `after a 429 the provider accepted ${sends.length} messages; without one it accepts ${expected}`);
    },
  },
];

function sameContent(actual: InboundContent, expected: InboundContent): boolean {
  return JSON.stringify(actual) === JSON.stringify(expected);
}

/**
 * Runs a channel plugin through the conformance cases: the real platform (`createTestApp`) with the plugin loaded and
 * pointed at its fake provider, webhooks posted as the provider sends them. Every case runs, whatever the others did;
 * the report says which passed, which failed and why, and which do not apply to the channel.
 */
export async function runChannelConformance<Provider extends ProviderHandle>(
  driver: ChannelConformanceDriver<Provider>,
  options: ChannelConformanceOptions = {},
): Promise<ConformanceReport> {
  const timeoutMs = options.timeoutMs ?? 20_000;
  const storeSlug = `conformance-${randomBytes(4).toString('hex')}`;
  const provider = await driver.startProvider();
  let t: TestApp | undefined;
  const results: ConformanceCaseResult[] = [];
  try {
    t = await createTestApp({ database: options.database ?? 'postgres', redis: options.redis ?? true, plugins: [driver.plugin(provider, storeSlug)] });
    const store = await t.createStore(storeSlug);
    await t.get(StoreService).updateSettings(store.id, { currency: 'EUR' });
    const product = await t.graphql('mutation($sku: String!) { createProduct(input: { name: "Conformance pizza", variants: [{ sku: $sku, price: { amount: 850, currency: "EUR" } }] }) { id } }', { sku: SKU }, store.ownerKey);
    if (product.errors) throw new Error(`Could not create the test product: ${JSON.stringify(product.errors)}`);
    const adapter = t
      .get(ExtensionRegistry)
      .list('channel')
      .find((candidate) => candidate.channel === driver.channel);
    if (!adapter) throw new Error(`The plugin registered no "${driver.channel}" channel adapter`);
    const context: Context = new CaseContext(t, provider, driver, store, adapter, timeoutMs);

    for (const conformanceCase of CASES.filter((candidate) => !options.only || options.only.includes(candidate.id))) {
      const started = Date.now();
      const result = (outcome: ConformanceOutcome, reason?: string): ConformanceCaseResult => ({
        id: conformanceCase.id,
        title: CONFORMANCE_CASES[conformanceCase.id],
        outcome,
        ...(reason !== undefined && { reason }),
        ms: Date.now() - started,
      });
      const notApplicable = conformanceCase.notApplicable?.(context) ?? null;
      if (notApplicable) {
        results.push(result('not applicable', notApplicable));
        continue;
      }
      try {
        await withTimeout(conformanceCase.run(context), timeoutMs * 3);
        results.push(result('passed'));
      } catch (error) {
        // A crash of the kit or the platform is a failure too, named as such.
        const reason = error instanceof ConformanceFailure ? error.message : `${(error as Error).name}: ${(error as Error).message}`;
        results.push(result('failed', reason));
      }
    }
  } finally {
    await t?.close();
    await provider.close();
  }
  return report(driver.channel, results);
}

async function withTimeout<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new ConformanceFailure(`the case did not finish within ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

function report(channel: string, results: ConformanceCaseResult[]): ConformanceReport {
  const failures = results.filter((result) => result.outcome === 'failed');
  const summary = () =>
    [`Channel conformance of "${channel}":`, ...results.map((result) => `  ${result.outcome.padEnd(14)} ${result.id} (${result.ms} ms)${result.reason ? `: ${result.reason}` : ''}`)].join('\n');
  return {
    channel,
    results,
    failures,
    passed: failures.length === 0,
    summary,
    assertAllPassed: () => {
      if (failures.length > 0) throw new Error(`${failures.length} of ${results.length} conformance cases failed.\n${summary()}`);
    },
  };
}
