import { answered, chatCustomer, createTestApp, RECORDING_CHANNEL_PLUGIN, recordedSends, type TestApp } from '@parley/testing';
import { ChannelSendError, InboundMessages } from '@parley/plugin-sdk';
import { DataSource } from 'typeorm';
import { MalformedWebhook } from '../channels/malformed-webhook.entity';
import { ReceivedMessage } from '../channels/received-message.entity';
import { CatalogService } from '../catalog/catalog.service';
import { CatalogCsvService } from '../catalog/csv';
import { importDemoMenu } from '../catalog/demo/demo-menu';
import { ConversationMessagesProcessor } from './conversation-messages.processor';
import { Message, MessageAuthor, MessageStatus } from './message.entity';

const text = (value: string) => ({ type: 'text' as const, text: value });

describe('handling received messages (PostgreSQL)', () => {
  let t: TestApp;
  let inbound: InboundMessages;
  let dataSource: DataSource;

  const receive = (channelUserId: string, providerMessageId: string, body: string) =>
    inbound.receive({ channel: 'test', storeSlug: t.store.slug, providerMessageId, from: { channelUserId }, receivedAt: new Date(), content: text(body) });

  const customerMessages = async (channelUserId: string) => {
    const received = await dataSource.getRepository(ReceivedMessage).find({ where: { channelUserId }, order: { id: 'ASC' } });
    const messages = await dataSource.getRepository(Message).find({ where: { author: MessageAuthor.customer }, order: { createdAt: 'ASC' } });
    const ids = new Set(received.map((row) => row.id));
    return messages.filter((message) => ids.has(message.receivedMessageId!));
  };

  beforeAll(async () => {
    t = await createTestApp({ database: 'postgres', plugins: [{ package: RECORDING_CHANNEL_PLUGIN, options: { channel: 'test' } }] });
    inbound = t.get(InboundMessages);
    dataSource = t.get(DataSource);
    await t.get(CatalogService).createProduct(t.store.id, { name: 'Margherita', variants: [{ sku: 'MARG', price: { amount: 900, currency: 'EUR' } }] });
  });
  afterAll(() => t?.close());
  beforeEach(() => {
    recordedSends.sent.length = 0;
    recordedSends.failures.length = 0;
  });

  it('stores a message delivered twice once, and answers it once', async () => {
    expect(await receive('31600000001', 'wamid.dup-1', 'hi')).toEqual({ duplicate: false });
    expect(await receive('31600000001', 'wamid.dup-1', 'hi')).toEqual({ duplicate: true });
    await answered(t, 'test', 'wamid.dup-1');
    expect(await dataSource.getRepository(ReceivedMessage).countBy({ providerMessageId: 'wamid.dup-1' })).toBe(1);
    expect(await customerMessages('31600000001')).toHaveLength(1);
    const welcomes = recordedSends.sent.filter((message) => message.to.channelUserId === '31600000001' && message.content.type === 'text' && message.content.text.startsWith('Hi!'));
    expect(welcomes).toHaveLength(1);
  });

  it("handles one conversation's messages strictly in the order received, even with processors racing", async () => {
    const app = await createTestApp({ database: 'postgres', runWorkers: false, plugins: [{ package: RECORDING_CHANNEL_PLUGIN, options: { channel: 'test' } }] });
    try {
      await importDemoMenu(app.get(CatalogCsvService), app.store.id);
      const words = ['1 tiramisu', '2 tiramisu', '3 tiramisu', 'cart', 'make it 7', 'cart'];
      for (const [index, body] of words.entries()) {
        await app.get(InboundMessages).receive({
          channel: 'test',
          storeSlug: app.store.slug,
          providerMessageId: `race-${index}`,
          from: { channelUserId: '31600000002' },
          receivedAt: new Date(),
          content: text(body),
        });
      }
      const store = app.store;
      const processor = app.get(ConversationMessagesProcessor);
      const job = { id: 'x', queue: 'conversations', attempt: 1, data: { storeId: store.id, channel: 'test', channelUserId: '31600000002' } };
      // Four processors (as four workers would) all wake up for the same conversation at once.
      await Promise.all([processor.process(job), processor.process(job), processor.process(job), processor.process(job)]);

      const stored = await app.get(DataSource).getRepository(Message).find({ where: { author: MessageAuthor.customer }, order: { createdAt: 'ASC' } });
      expect(stored.map((message) => message.text)).toEqual(words);
      const carts = recordedSends.sent
        .map((message) => message.content)
        .filter((content) => content.type === 'buttons' && content.text.startsWith('Your order'))
        .map((content) => (content as { text: string }).text.split('\n')[1]);
      // 1 + 2 + 3 = 6 tiramisu, then 7 (shown after the change and when asked): only true if every message was
      // handled once and in order.
      expect(carts).toEqual(['6 × Tiramisu: €33.00', '7 × Tiramisu: €38.50', '7 × Tiramisu: €38.50']);
    } finally {
      await app.close();
    }
  });

  it('never moves a delivery status backwards, whatever order statuses arrive in', async () => {
    const customer = chatCustomer(t);
    await customer.say('hi');
    const sent = customer.received()[0];
    const providerMessageId = `test-x-${sent.messageId}`;
    const status = (value: 'sent' | 'delivered' | 'read' | 'failed') =>
      inbound.updateStatus({ channel: 'test', providerMessageId, messageId: sent.messageId, status: value, at: new Date() });
    await status('read');
    await status('delivered');
    await status('sent');
    await status('failed');
    expect((await dataSource.getRepository(Message).findOneByOrFail({ id: sent.messageId })).status).toBe(MessageStatus.read);
  });

  it('records a provider failure with its reason', async () => {
    const customer = chatCustomer(t);
    await customer.say('hi');
    const [sent] = customer.received();
    await inbound.updateStatus({
      channel: 'test',
      providerMessageId: 'wamid.failed',
      messageId: sent.messageId,
      status: 'failed',
      at: new Date(),
      error: { code: '131047', reason: 'Re-engagement message' },
    });
    // Accepted by the provider's API, then refused for delivery: failed, with why.
    const message = await dataSource.getRepository(Message).findOneByOrFail({ id: sent.messageId });
    expect(message.status).toBe(MessageStatus.failed);
    expect(message.error).toBe('131047: Re-engagement message');
  });

  it('retries a send the provider could not take, and fails one it refuses for good', async () => {
    recordedSends.failures.push(new ChannelSendError('Too many messages', true, 200, '130429'));
    const patient = chatCustomer(t);
    const replies = await patient.say('hi');
    expect(replies).toHaveLength(2);

    recordedSends.failures.push(new ChannelSendError('Recipient blocked the business', false, undefined, '131026'), new ChannelSendError('Recipient blocked the business', false, undefined, '131026'));
    const blocked = chatCustomer(t);
    expect(await blocked.say('hi')).toEqual([]);
    const failed = await dataSource.getRepository(Message).find({ where: { status: MessageStatus.failed } });
    expect(failed.map((message) => message.error).filter((error) => error?.startsWith('131026'))).toEqual(['131026: Recipient blocked the business', '131026: Recipient blocked the business']);
  });

  it("waits out the provider's Retry-After on every refusal, the first send's and its retry's alike", async () => {
    // 2.5 s each: more than the channel-sends queue's own backoff after one failure (1 to 2 s), which the retry would
    // otherwise wait instead.
    recordedSends.failures.push(new ChannelSendError('Too many messages', true, 2500, '130429'), new ChannelSendError('Too many messages', true, 2500, '130429'));
    const patient = chatCustomer(t);
    const started = Date.now();
    expect(await patient.say('hi')).toHaveLength(2);
    expect(Date.now() - started).toBeGreaterThanOrEqual(5000);
  });

  it('keeps a signed but unreadable webhook with its reason', async () => {
    await inbound.receiveMalformed({ channel: 'test', body: '{"entry":', reason: 'Unexpected end of JSON input' });
    const kept = await dataSource.getRepository(MalformedWebhook).findOneByOrFail({ body: '{"entry":' });
    expect(kept.reason).toBe('Unexpected end of JSON input');
  });

  it('picks up a message whose job was lost', async () => {
    await dataSource.getRepository(ReceivedMessage).insert({
      storeId: t.store.id,
      channel: 'test',
      channelUserId: '31600000009',
      providerMessageId: 'lost-1',
      message: { channel: 'test', storeSlug: t.store.slug, providerMessageId: 'lost-1', from: { channelUserId: '31600000009' }, receivedAt: new Date(), content: text('hi') },
      raw: null,
      receivedAt: new Date(Date.now() - 60_000),
      processedAt: null,
    });
    await t.get(ConversationMessagesProcessor).sweep();
    await answered(t, 'test', 'lost-1');
    expect(recordedSends.sent.filter((message) => message.to.channelUserId === '31600000009').length).toBeGreaterThan(0);
  });
});
