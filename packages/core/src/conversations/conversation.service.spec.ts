import { chatCustomer, createTestApp, DATABASES, RECORDING_CHANNEL_PLUGIN, type TestApp } from '@parley/testing';
import { DataSource, In } from 'typeorm';
import { UnitOfWork } from '../database/unit-of-work';
import { Conversation } from './conversation.entity';
import { ConversationService } from './conversation.service';
import { Message, MessageStatus } from './message.entity';

describe.each(DATABASES)('messages the platform writes and sends, on %s', (database) => {
  let t: TestApp;
  let conversations: Conversation[];

  beforeAll(async () => {
    t = await createTestApp({ database, plugins: [{ package: RECORDING_CHANNEL_PLUGIN, options: { channel: 'test' } }] });
    const customers = [chatCustomer(t), chatCustomer(t), chatCustomer(t)];
    for (const customer of customers) await customer.say('hi');
    conversations = await t.get(DataSource).getRepository(Conversation).findBy({ channelUserId: In(customers.map(({ channelUserId }) => channelUserId)) });
  });
  afterAll(() => t?.close());

  it('writes a batch of messages each under its own id, and marks them sent each with its own provider id', async () => {
    const service = t.get(ConversationService);
    const writes = [...conversations, conversations[0]].map((conversation, index) => ({ conversation, content: { type: 'text' as const, text: `update ${index}` } }));
    // Several rows in one insert: TypeORM's own insert hands them each other's ids afterwards on SQLite.
    const messages = await t.get(UnitOfWork).run((tx) => service.writeAsSystem(tx, writes));

    const stored = await t.get(DataSource).getRepository(Message).findBy({ id: In(messages.map(({ id }) => id)) });
    for (const [index, message] of messages.entries()) {
      expect(stored.find(({ id }) => id === message.id)).toMatchObject({ conversationId: writes[index].conversation.id, text: `update ${index}`, status: MessageStatus.pending });
    }
    const lastMessageAt = await t.get(DataSource).getRepository(Conversation).findBy({ id: In(conversations.map(({ id }) => id)) });
    expect(lastMessageAt.find(({ id }) => id === conversations[0].id)!.lastMessageAt).toEqual(messages[3].createdAt);
    expect(lastMessageAt.find(({ id }) => id === conversations[1].id)!.lastMessageAt).toEqual(messages[1].createdAt);

    await service.markSent(messages.slice(0, 3).map((message, index) => ({ message, providerMessageId: `wamid.${index}` })), new Date());
    const sent = await t.get(DataSource).getRepository(Message).findBy({ id: In(messages.map(({ id }) => id)) });
    expect(messages.map((message) => sent.find(({ id }) => id === message.id)).map(({ text, status, providerMessageId }: Message) => ({ text, status, providerMessageId }))).toEqual([
      { text: 'update 0', status: MessageStatus.sent, providerMessageId: 'wamid.0' },
      { text: 'update 1', status: MessageStatus.sent, providerMessageId: 'wamid.1' },
      { text: 'update 2', status: MessageStatus.sent, providerMessageId: 'wamid.2' },
      { text: 'update 3', status: MessageStatus.pending, providerMessageId: null },
    ]);
  });
});
