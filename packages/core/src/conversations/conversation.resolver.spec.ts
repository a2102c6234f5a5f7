import { chatCustomer, createTestApp, RECORDING_CHANNEL_PLUGIN, recordedSends, type TestApp } from '@parley/testing';
import { createClient } from 'graphql-ws';
import WebSocket from 'ws';
import { ApiKeyService } from '../stores/api-key.service';

interface Activity {
  conversationId: string;
  messageId: string | null;
  kind: string;
  status: string;
}

const until = async (check: () => boolean) => {
  for (let i = 0; i < 200 && !check(); i += 1) await new Promise((resolve) => setTimeout(resolve, 20));
};

describe('staff inboxes over GraphQL', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp({ database: 'sqlite', plugins: [{ package: RECORDING_CHANNEL_PLUGIN, options: { channel: 'test' } }] });
  });
  afterAll(() => t?.close());
  beforeEach(() => {
    recordedSends.sent.length = 0;
  });

  const conversationOf = async (channelUserId: string) => {
    const page = await t.graphql<{ conversations: { nodes: { id: string; channelUserId: string }[] } }>('{ conversations(first: 100) { nodes { id channelUserId } } }');
    return page.data!.conversations.nodes.find((node) => node.channelUserId === channelUserId)!.id;
  };

  it('streams new messages and conversation changes of its own store as they happen', async () => {
    const inbox = createClient({ url: `${t.url.replace('http', 'ws')}/graphql`, webSocketImpl: WebSocket, connectionParams: { authorization: `Bearer ${t.ownerKey}` }, retryAttempts: 0 });
    const other = await t.createStore('inbox-other');
    const stranger = createClient({ url: `${t.url.replace('http', 'ws')}/graphql`, webSocketImpl: WebSocket, connectionParams: { authorization: `Bearer ${other.ownerKey}` }, retryAttempts: 0 });
    const seen: Activity[] = [];
    const strangerSeen: Activity[] = [];
    const query = 'subscription { conversationActivity { conversationId messageId kind status at } }';
    inbox.subscribe<{ conversationActivity: Activity }>({ query }, { next: (m) => void seen.push(m.data!.conversationActivity), error: () => undefined, complete: () => undefined });
    stranger.subscribe<{ conversationActivity: Activity }>({ query }, { next: (m) => void strangerSeen.push(m.data!.conversationActivity), error: () => undefined, complete: () => undefined });
    await new Promise((resolve) => setTimeout(resolve, 200));

    const customer = chatCustomer(t);
    await customer.say('agent');
    await until(() => seen.some((activity) => activity.kind === 'conversation'));
    expect(seen.map((activity) => `${activity.kind}:${activity.status}`)).toEqual(
      expect.arrayContaining(['message:received', 'message:pending', 'message:sent', 'conversation:waiting_for_staff']),
    );
    expect(strangerSeen).toEqual([]);
    await inbox.dispose();
    await stranger.dispose();
  });

  it('filters, assigns, reads and closes conversations, each key seeing only its own store', async () => {
    const first = chatCustomer(t);
    const second = chatCustomer(t);
    await first.say('agent');
    await first.say('is anyone there?');
    await second.say('hi');
    const firstId = await conversationOf(first.channelUserId);
    const secondId = await conversationOf(second.channelUserId);

    const unread = await t.graphql<{ conversations: { nodes: { id: string; unreadCount: number }[] } }>('{ conversations(unread: true) { nodes { id unreadCount } } }');
    expect(unread.data!.conversations.nodes).toContainEqual({ id: firstId, unreadCount: 1 });
    expect(unread.data!.conversations.nodes.map((node) => node.id)).not.toContain(secondId);

    const staff = await t.get(ApiKeyService).create(t.store.id, { name: 'Marco', role: 'staff' });
    const taken = await t.graphql<{ takeOverConversation: { status: string; assignedTo: string } }>('mutation($id: ID!) { takeOverConversation(id: $id) { status assignedTo } }', { id: firstId }, staff.secret);
    expect(taken.data!.takeOverConversation).toEqual({ status: 'with_staff', assignedTo: staff.apiKey.id });
    const mine = await t.graphql<{ conversations: { nodes: { id: string }[] } }>('{ conversations(assignedToMe: true) { nodes { id } } }', {}, staff.secret);
    expect(mine.data!.conversations.nodes).toEqual([{ id: firstId }]);

    const read = await t.graphql<{ markConversationRead: { unreadCount: number } }>('mutation($id: ID!) { markConversationRead(id: $id) { unreadCount } }', { id: firstId });
    expect(read.data!.markConversationRead.unreadCount).toBe(0);
    const unassigned = await t.graphql<{ assignConversation: { assignedTo: string | null } }>('mutation($id: ID!) { assignConversation(id: $id, staffId: null) { assignedTo } }', { id: firstId });
    expect(unassigned.data!.assignConversation.assignedTo).toBeNull();

    const closed = await t.graphql<{ closeConversation: { status: string } }>('mutation($id: ID!) { closeConversation(id: $id) { status } }', { id: firstId });
    expect(closed.data!.closeConversation.status).toBe('closed');
    // The customer's next message opens it again, with the assistant answering.
    expect((await first.say('menu')).length).toBeGreaterThan(0);
    const reopened = await t.graphql<{ conversation: { status: string; contact: { name: string | null } } }>('query($id: ID!) { conversation(id: $id) { status contact { name } } }', { id: firstId });
    expect(reopened.data!.conversation.status).toBe('assistant');

    const other = await t.createStore('inbox-isolation');
    const foreign = await t.graphql('query($id: ID!) { conversation(id: $id) { id } }', { id: firstId }, other.ownerKey);
    expect(foreign.errors?.[0].extensions?.code).toBe('NOT_FOUND');
    const foreignSend = await t.graphql('mutation($id: ID!) { sendMessage(conversationId: $id, input: { text: "hi" }) { id } }', { id: firstId }, other.ownerKey);
    expect(foreignSend.errors?.[0].extensions?.code).toBe('NOT_FOUND');
  });

  it('pages through a conversation, newest first', async () => {
    const customer = chatCustomer(t);
    for (const text of ['hi', 'menu', 'help']) await customer.say(text);
    const id = await conversationOf(customer.channelUserId);
    const page = async (after?: string) =>
      (await t.graphql<{ conversation: { messages: { nodes: { author: string; text: string }[]; pageInfo: { endCursor: string; hasNextPage: boolean } } } }>(
        'query($id: ID!, $after: String) { conversation(id: $id) { messages(first: 2, after: $after) { nodes { author text } pageInfo { endCursor hasNextPage } } } }',
        { id, after },
      )).data!.conversation.messages;
    const first = await page();
    expect(first.nodes.map((node) => node.author)).toEqual(['assistant', 'customer']);
    expect(first.nodes[0].text).toContain('Type what you would like');
    expect(first.nodes[1].text).toBe('help');
    expect(first.pageInfo.hasNextPage).toBe(true);
    const second = await page(first.pageInfo.endCursor);
    expect(second.nodes).toEqual([
      { author: 'assistant', text: 'There is nothing on the menu right now, sorry.' },
      { author: 'customer', text: 'menu' },
    ]);
  });

  it('refuses staff messages that are empty, ambiguous or not a picture URL, sending nothing', async () => {
    const customer = chatCustomer(t);
    await customer.say('hi');
    const id = await conversationOf(customer.channelUserId);
    const send = (input: Record<string, unknown>) => t.graphql('mutation($id: ID!, $input: StaffMessageInput!) { sendMessage(conversationId: $id, input: $input) { id } }', { id, input });
    const before = recordedSends.sent.length;
    expect((await send({ text: '   ' })).errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    expect((await send({ text: 'hi', imageUrl: 'https://example.com/a.jpg' })).errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    expect((await send({ imageUrl: 'javascript:alert(1)' })).errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    expect((await send({ paymentLinkForOrderId: '00000000-0000-4000-8000-000000000000' })).errors?.[0].extensions?.code).toBe('NOT_FOUND');
    expect(recordedSends.sent.length).toBe(before);
    const picture = await send({ imageUrl: 'https://example.com/pizza.jpg', caption: 'Our pizza of the day' });
    expect(picture.errors).toBeUndefined();
    expect(recordedSends.sent.at(-1)!.content).toEqual({ type: 'image', url: 'https://example.com/pizza.jpg', caption: 'Our pizza of the day' });
  });
});
