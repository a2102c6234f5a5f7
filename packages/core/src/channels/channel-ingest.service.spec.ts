import { createTestApp, DATABASES, type TestApp } from '@parley/testing';
import { InboundMessages } from '@parley/plugin-sdk';
import { DataSource } from 'typeorm';
import { ReceivedMessage } from './received-message.entity';

const text = (value: string) => ({ type: 'text' as const, text: value });

// Webhooks arrive at once: on PostgreSQL the messages of many go in one INSERT (ReceivedMessageWriter).
describe.each(DATABASES)('storing received messages under concurrent webhooks (%s)', (database) => {
  let t: TestApp;
  let inbound: InboundMessages;
  let dataSource: DataSource;

  const receive = (channelUserId: string, providerMessageId: string, body = 'hi') =>
    inbound.receive({ channel: 'test', storeSlug: t.store.slug, providerMessageId, from: { channelUserId }, receivedAt: new Date(), content: text(body) });
  const rows = (where: Partial<ReceivedMessage>) => dataSource.getRepository(ReceivedMessage).find({ where, order: { id: 'ASC' } });

  // No workers: what is stored stays as stored.
  beforeAll(async () => {
    t = await createTestApp({ database, runWorkers: false });
    inbound = t.get(InboundMessages);
    dataSource = t.get(DataSource);
  });
  afterAll(() => t?.close());

  it('stores each message once, however many times it arrives at once', async () => {
    const ids = Array.from({ length: 30 }, (_, index) => `wamid.burst-${index}`);
    // Every message three times, all at once.
    const results = await Promise.all([...ids, ...ids, ...ids].map((id, index) => receive(`3160000${index % 7}`, id)));
    for (const id of ids) {
      expect(await dataSource.getRepository(ReceivedMessage).countBy({ providerMessageId: id })).toBe(1);
    }
    // One delivery of each is told it was the first; the others are told they are repeats.
    expect(results.filter((result) => !result.duplicate)).toHaveLength(ids.length);
  });

  it("keeps a customer's messages in the order they arrived, even when they are stored together", async () => {
    await receive('31611111110', 'wamid.order-warm-up');
    const words = Array.from({ length: 12 }, (_, index) => `message ${index}`);
    await Promise.all(words.map((body, index) => receive('31611111111', `wamid.order-${index}`, body)));
    expect((await rows({ channelUserId: '31611111111' })).map((row) => (row.message.content as { text: string }).text)).toEqual(words);
  });

  it('fails only the webhook whose message cannot be stored, also when stored together with others', async () => {
    const good = Array.from({ length: 10 }, (_, index) => `wamid.good-${index}`);
    const results = await Promise.allSettled([
      ...good.slice(0, 5).map((id) => receive('31622222222', id)),
      // Longer than the column allows (200): refused by PostgreSQL; SQLite does not enforce lengths.
      receive('31622222222', `wamid.${'x'.repeat(300)}`),
      ...good.slice(5).map((id) => receive('31622222222', id)),
    ]);
    expect(results.filter((result) => result.status === 'fulfilled')).toHaveLength(database === 'postgres' ? 10 : 11);
    expect(results[5].status).toBe(database === 'postgres' ? 'rejected' : 'fulfilled');
    const stored = (await rows({ channelUserId: '31622222222' })).map((row) => row.providerMessageId);
    expect(stored.filter((id) => id.startsWith('wamid.good'))).toEqual(good);
  });
});
