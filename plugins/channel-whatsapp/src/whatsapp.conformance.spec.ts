import { resolve } from 'node:path';
import { type ChannelConformanceDriver, type ConformanceSend, runChannelConformance } from '@parley/testing';
import {
  buttonReplyMessage,
  type FakeGraphApi,
  graphErrors,
  messagesWebhook,
  type SentMessage,
  signature,
  signedWebhook,
  startFakeGraphApi,
  statusUpdate,
  textMessage,
  unsupportedMessage,
  wamid,
} from './fake-graph-api.testing';

const APP_SECRET = 'whatsapp-app-secret-conformance';
const NUMBER = '1001';

type Json = Record<string, unknown>;

/** A payload of one inbound message to the store's number, keyed by the message's wamid. */
function inbound(message: Json) {
  return { body: JSON.stringify(messagesWebhook({ phoneNumberId: NUMBER, messages: [message] })), providerMessageId: String(message.id) };
}

function asSend(message: SentMessage): ConformanceSend {
  const body = message.body as { text?: { body?: string }; interactive?: { body?: { text?: string } }; template?: { name?: string } };
  return { type: message.type, text: body.text?.body ?? body.interactive?.body?.text, templateName: body.template?.name };
}

/** WhatsApp Cloud API, through the loopback fake of the Graph API and Meta's documented webhook payloads. */
const whatsAppDriver = (overrides: Partial<ChannelConformanceDriver<FakeGraphApi>> = {}): ChannelConformanceDriver<FakeGraphApi> => ({
  channel: 'whatsapp',
  webhookPath: '/webhooks/whatsapp',
  startProvider: () => startFakeGraphApi(),
  plugin: (graph, storeSlug) => ({
    package: resolve(__dirname, 'whatsapp.plugin.ts'),
    options: { appSecret: APP_SECRET, verifyToken: 'verify-conformance', graphApiBaseUrl: graph.url, accounts: [{ phoneNumberId: NUMBER, storeSlug, accessToken: 'EAAG-conformance' }] },
  }),
  newCustomer: () => `3933${Math.floor(Math.random() * 1e8).toString().padStart(8, '0')}`,
  textMessage: (customer, text) => inbound(textMessage({ from: customer, id: wamid(), text })),
  buttonReply: (customer, button) => inbound(buttonReplyMessage({ from: customer, id: wamid(), replyId: button.id, title: button.title })),
  unknownMessage: (customer) => inbound(unsupportedMessage({ from: customer, id: wamid() })),
  signed: (body) => signedWebhook(APP_SECRET, body).headers,
  badlySigned: (body) => ({ 'content-type': 'application/json', 'x-hub-signature-256': signature('not-the-app-secret', body) }),
  unsigned: () => ({ 'content-type': 'application/json' }),
  statusUpdate: ({ customer, providerMessageId, messageId, status }) =>
    JSON.stringify(messagesWebhook({ phoneNumberId: NUMBER, statuses: [statusUpdate({ id: providerMessageId, status, recipient: customer, messageId })] })),
  rateLimitOnce: (graph, customer) => {
    graph.failFor(customer, graphErrors.throughput(1), 1);
    // Refused calls are in `calls` only: more calls than accepted messages means the 429 was served.
    return { served: () => graph.calls.filter((call) => (call.body as Json | undefined)?.to === customer).length > graph.sent.filter((message) => message.to === customer).length };
  },
  sentTo: (graph, customer) => graph.sent.filter((message) => message.to === customer).map(asSend),
  ...overrides,
});

describe('WhatsApp channel conformance', () => {
  it('passes every case of the channel conformance kit on PostgreSQL with BullMQ on Redis', async () => {
    const report = await runChannelConformance(whatsAppDriver());
    report.assertAllPassed();
    // WhatsApp has delivery statuses and a 24-hour window: no case is left out.
    expect(report.results.filter((result) => result.outcome !== 'passed')).toEqual([]);
  }, 180_000);

  it('passes every case on SQLite with the database queue, the embedded default', async () => {
    const report = await runChannelConformance(whatsAppDriver(), { database: 'sqlite', redis: false });
    report.assertAllPassed();
    expect(report.results.filter((result) => result.outcome !== 'passed')).toEqual([]);
  }, 180_000);

  it('reports each case that fails with the reason, beside those that pass', async () => {
    // A driver that "forges" with the real secret and never makes its fake answer 429: the kit must not pass either.
    const careless = whatsAppDriver({ badlySigned: (body) => signedWebhook(APP_SECRET, body).headers, rateLimitOnce: () => ({ served: () => false }) });
    const report = await runChannelConformance(careless, { only: ['bad-signature', 'valid-message', 'rate-limit'] });
    expect(report.passed).toBe(false);
    expect(report.results.map(({ id, outcome, reason }) => ({ id, outcome, reason }))).toEqual([
      { id: 'bad-signature', outcome: 'failed', reason: 'a webhook with a wrong signature was answered 200, not 4xx' },
      { id: 'valid-message', outcome: 'passed', reason: undefined },
      { id: 'rate-limit', outcome: 'failed', reason: "the fake never answered 429: the driver's rateLimitOnce did not take effect" },
    ]);
    expect(() => report.assertAllPassed()).toThrow(/^2 of 3 conformance cases failed\.\n.*\n {2}failed {9}bad-signature \(\d+ ms\): a webhook with a wrong signature was answered 200/);
  }, 180_000);
});
