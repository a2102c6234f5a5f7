import { randomBytes } from 'node:crypto';
import { ChannelSendError, type OutboundContent, type OutboundMessage } from '@parley/plugin-sdk';
import { type FakeGraphApi, graphError, graphErrors, type ScriptedReply, startFakeGraphApi } from '../fake-graph-api.testing';
import { type WhatsAppOptions, whatsAppOptions } from '../whatsapp-options';
import { classifyGraphError, GraphApiClient } from './graph-api.client';
import { WhatsAppChannelAdapter } from './whatsapp-channel.adapter';

const CUSTOMER = '393331234567';
const TOKENS = { '1001': 'EAAG-token-roma', '1002': 'EAAG-token-milano' };

function optionsFor(baseUrl: string, extra: Partial<WhatsAppOptions> = {}): WhatsAppOptions {
  return whatsAppOptions.parse({
    appSecret: 'app-secret',
    verifyToken: 'verify-me',
    graphApiBaseUrl: baseUrl,
    accounts: [
      { phoneNumberId: '1001', storeSlug: 'roma', accessToken: TOKENS['1001'], catalogId: '5001' },
      { phoneNumberId: '1002', storeSlug: 'milano', accessToken: TOKENS['1002'] },
    ],
    ...extra,
  });
}

const adapterFor = (options: WhatsAppOptions) => new WhatsAppChannelAdapter(options, new GraphApiClient(options));

let sequence = 0;
function outbound(content: OutboundContent, accountId?: string): OutboundMessage {
  return { messageId: `msg-${++sequence}`, to: { storeId: 'store-1', channelUserId: CUSTOMER, ...(accountId && { accountId }) }, content };
}

async function sendError(adapter: WhatsAppChannelAdapter, message: OutboundMessage): Promise<ChannelSendError> {
  const error = await adapter.send(message).then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(ChannelSendError);
  return error as ChannelSendError;
}

describe('WhatsAppChannelAdapter against the Graph API', () => {
  let graph: FakeGraphApi;
  let adapter: WhatsAppChannelAdapter;

  beforeAll(async () => {
    graph = await startFakeGraphApi({ tokens: TOKENS });
    adapter = adapterFor(optionsFor(graph.url));
  });
  afterAll(() => graph.close());
  beforeEach(() => graph.reset());

  it("declares WhatsApp's capabilities", () => {
    expect(adapter.channel).toBe('whatsapp');
    expect(adapter.capabilities).toEqual({
      buttons: { max: 3, titleLength: 20 },
      lists: { rows: 10, titleLength: 24 },
      productMessages: true,
      maxTextLength: 4096,
      customerServiceWindowHours: 24,
      messagesPerSecond: 80,
      channelUserIdIsPhone: true,
    });
  });

  it('posts the message from the number it was asked to send from, with our id as callback data', async () => {
    const message = outbound({ type: 'text', text: 'Ciao Ada, your pizza is on its way' }, '1002');
    const result = await adapter.send(message);

    expect(graph.calls).toHaveLength(1);
    const [call] = graph.calls;
    expect(call.method).toBe('POST');
    expect(call.path).toBe('/v21.0/1002/messages');
    expect(call.headers.authorization).toBe(`Bearer ${TOKENS['1002']}`);
    expect(call.headers['content-type']).toBe('application/json');
    expect(call.body).toEqual({
      messaging_product: 'whatsapp',
      recipient_type: 'individual',
      to: CUSTOMER,
      biz_opaque_callback_data: message.messageId,
      type: 'text',
      text: { preview_url: false, body: 'Ciao Ada, your pizza is on its way' },
    });
    expect(graph.sent).toHaveLength(1);
    expect(result).toEqual({ providerMessageId: graph.sent[0].id });
    expect(result.providerMessageId).toMatch(/^wamid\./);
  });

  it('sends from the first number when no account is given, and refuses one that is not configured', async () => {
    await adapter.send(outbound({ type: 'text', text: 'hello' }));
    expect(graph.sent[0]).toMatchObject({ phoneNumberId: '1001', version: 'v21.0' });
    expect(graph.sent[0].headers.authorization).toBe(`Bearer ${TOKENS['1001']}`);

    const error = await sendError(adapter, outbound({ type: 'text', text: 'hello' }, '4242'));
    expect(error).toMatchObject({ retryable: false, providerCode: 'unknown_account' });
    expect(graph.calls).toHaveLength(1);
  });

  it('sends a long text as several messages in order, each with our id, and answers the last id', async () => {
    const paragraphs = ['first', 'second', 'third'].map((word) => Array.from({ length: 400 }, () => word).join(' '));
    const message = outbound({ type: 'text', text: paragraphs.join('\n') });
    const result = await adapter.send(message);

    expect(graph.sent.map((sent) => (sent.body.text as { body: string }).body)).toEqual(paragraphs);
    expect(graph.sent.every((sent) => sent.body.biz_opaque_callback_data === message.messageId)).toBe(true);
    expect(result.providerMessageId).toBe(graph.sent[2].id);
  });

  it('does not send the parts that went out again when a multi-part message is retried', async () => {
    const parts = ['uno', 'due', 'tre'].map((word) => Array.from({ length: 800 }, () => word).join(' '));
    const message = outbound({ type: 'text', text: parts.join('\n') });
    graph.failNext('ok', graphErrors.temporary());

    const error = await sendError(adapter, message);
    expect(error.retryable).toBe(true);
    expect(graph.sent).toHaveLength(1);

    const result = await adapter.send(message);
    expect(graph.sent.map((sent) => (sent.body.text as { body: string }).body)).toEqual(parts);
    expect(result.providerMessageId).toBe(graph.sent[2].id);
  });

  it('renders every kind of content so that WhatsApp accepts it, at and beyond its limits', async () => {
    const long = (length: number) => 'x'.repeat(length);
    const contents: OutboundContent[] = [
      { type: 'text', text: long(9000) },
      { type: 'buttons', text: long(3000), buttons: [{ id: 'a', title: long(40) }, { id: 'b', title: 'B' }] },
      { type: 'buttons', text: 'Pick', buttons: Array.from({ length: 14 }, (_, index) => ({ id: `b${index}`, title: long(30) })) },
      {
        type: 'list',
        text: long(5000),
        buttonLabel: long(30),
        sections: Array.from({ length: 12 }, (_, section) => ({ title: long(30), rows: [{ id: `r${section}`, title: long(30), description: long(100) }] })),
      },
      { type: 'product', text: long(2000), productRetailerId: 'MARG' },
      { type: 'product_list', header: long(100), text: long(2000), sections: Array.from({ length: 12 }, (_, section) => ({ title: long(30), productRetailerIds: [`P${section}-1`, `P${section}-2`, `P${section}-3`] })) },
      { type: 'image', url: 'https://cdn.example/p.jpg', caption: long(3000) },
      { type: 'location_request', text: 'Where to?' },
      { type: 'payment_link', text: 'Total 12.00 EUR', url: 'https://checkout.stripe.com/c/pay/cs_test_1' },
      { type: 'template', name: 'order_update', language: 'it', parameters: ['1042', 'ready\nfor pickup'] },
    ];
    for (const content of contents) await adapter.send(outbound(content, '1001'));
    expect(graph.calls.length).toBe(graph.sent.length);
    expect(new Set(graph.sent.map((sent) => sent.type))).toEqual(new Set(['text', 'interactive', 'image', 'template']));
  });

  describe('classifies failures for the job queue', () => {
    const cases: { name: string; reply: ScriptedReply; retryable: boolean; code: string; wait?: number }[] = [
      { name: '131047 outside the 24 h window', reply: graphErrors.reEngagement(), retryable: false, code: '131047' },
      { name: '130429 throughput, honouring Retry-After', reply: graphErrors.throughput(7), retryable: true, code: '130429', wait: 7000 },
      { name: '131056 pair rate limit, waiting 6 s', reply: graphErrors.pairRateLimit(), retryable: true, code: '131056', wait: 6000 },
      { name: '4 app rate limit', reply: graphErrors.appRateLimit(), retryable: true, code: '4' },
      { name: '80007 WABA rate limit', reply: graphError(80007, 'Rate limit issues'), retryable: true, code: '80007' },
      { name: '131000 temporary (HTTP 500)', reply: graphErrors.temporary(), retryable: true, code: '131000' },
      { name: '1 API unknown', reply: graphError(1, 'An unknown error occurred'), retryable: true, code: '1' },
      { name: '2 API service', reply: graphError(2, 'Service temporarily unavailable'), retryable: true, code: '2' },
      { name: 'HTTP 503 without a Graph error', reply: graphErrors.serverError(), retryable: true, code: 'http_503' },
      { name: 'HTTP 429 with any code', reply: graphError(613, 'Calls to this api have exceeded the rate limit', { status: 429 }), retryable: true, code: '613' },
      { name: '131026 undeliverable', reply: graphErrors.undeliverable(), retryable: false, code: '131026' },
      { name: '131050 stopped marketing messages', reply: graphErrors.marketingStopped(), retryable: false, code: '131050' },
      { name: '100 invalid parameter', reply: graphErrors.invalidParameter(), retryable: false, code: '100' },
      { name: '190 access token (HTTP 401)', reply: graphErrors.invalidToken(), retryable: false, code: '190' },
      { name: '131008 missing parameter', reply: graphError(131008, 'Required parameter is missing'), retryable: false, code: '131008' },
      { name: '131009 invalid parameter value', reply: graphError(131009, 'Parameter value is not valid'), retryable: false, code: '131009' },
      { name: '132000 template parameter count', reply: graphError(132000, 'Number of parameters does not match the expected number of params'), retryable: false, code: '132000' },
      { name: '132001 template missing', reply: graphErrors.templateMissing(), retryable: false, code: '132001' },
      { name: 'any other 4xx', reply: graphError(131031, 'Account has been locked', { status: 403 }), retryable: false, code: '131031' },
    ];

    it.each(cases)('$name', async ({ reply, retryable, code, wait }) => {
      graph.failNext(reply);
      const error = await sendError(adapter, outbound({ type: 'text', text: 'Your order is ready' }));
      expect(error).toMatchObject({ retryable, providerCode: code, retryAfterMs: wait });
      expect(error.message).toMatch(/^WhatsApp API error /);
    });

    it('keeps phone numbers, message text and tokens out of the error', async () => {
      graph.failNext(graphError(131030, 'Recipient phone number not in allowed list', { details: 'Recipient +39 333 123 4567 (393331234567) is not in the allowed list' }));
      const error = await sendError(adapter, outbound({ type: 'text', text: 'Secret recipe: extra basil' }));
      expect(error.message).toContain('Recipient phone number not in allowed list');
      expect(error.message).not.toMatch(/333|1234567/);
      expect(error.message).not.toContain('Secret recipe');
      expect(error.message).not.toContain('EAAG');
    });

    it('retries a request that times out', async () => {
      const impatient = adapterFor(optionsFor(graph.url, { requestTimeoutMs: 150 }));
      graph.failNext({ delayMs: 1000, status: 200, body: {} });
      const error = await sendError(impatient, outbound({ type: 'text', text: 'slow' }));
      expect(error).toMatchObject({ retryable: true, providerCode: 'timeout' });
    });

    it('retries when the API cannot be reached', async () => {
      const gone = await startFakeGraphApi();
      await gone.close();
      const error = await sendError(adapterFor(optionsFor(gone.url)), outbound({ type: 'text', text: 'anyone?' }));
      expect(error).toMatchObject({ retryable: true, providerCode: 'network' });
    });

    it('does not retry an answer without a message id (the message may have gone out)', async () => {
      graph.failNext({ status: 200, body: { messaging_product: 'whatsapp', messages: [] } });
      const error = await sendError(adapter, outbound({ type: 'text', text: 'hm' }));
      expect(error).toMatchObject({ retryable: false, providerCode: 'no_message_id' });
    });

    it("honours a throughput error's Retry-After, given as a date", () => {
      const limited = classifyGraphError(429, graphErrors.throughput().body, new Headers({ 'retry-after': new Date(Date.now() + 60_000).toUTCString() }));
      expect(limited.retryAfterMs).toBeGreaterThan(55_000);
    });
  });

  describe('downloadMedia', () => {
    it('looks the media up, then downloads it with the same token', async () => {
      const bytes = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), randomBytes(5000)]);
      graph.addMedia('880001', bytes, 'image/jpeg');

      const media = await adapter.downloadMedia({ providerMediaId: '880001', accountId: '1002' });

      expect(media.mimeType).toBe('image/jpeg');
      expect(media.bytes.equals(bytes)).toBe(true);
      expect(graph.calls).toHaveLength(1);
      expect(graph.calls[0]).toMatchObject({ method: 'GET', path: '/v21.0/880001' });
      expect(graph.calls[0].query.get('phone_number_id')).toBe('1002');
      expect(graph.calls[0].headers.authorization).toBe(`Bearer ${TOKENS['1002']}`);
      expect(graph.downloads).toHaveLength(1);
      expect(graph.downloads[0].path).toBe('/whatsapp_business/attachments/');
      expect(graph.downloads[0].headers.authorization).toBe(`Bearer ${TOKENS['1002']}`);
    });

    it('fails permanently for media WhatsApp does not have, and retryably when the API is down', async () => {
      await expect(adapter.downloadMedia({ providerMediaId: '404404' })).rejects.toMatchObject({ retryable: false, providerCode: '100' });
      graph.failNext(graphErrors.serverError());
      await expect(adapter.downloadMedia({ providerMediaId: '880001' })).rejects.toMatchObject({ retryable: true, providerCode: 'http_503' });
    });
  });
});
