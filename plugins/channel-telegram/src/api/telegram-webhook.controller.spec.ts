import { Contact, ContactIdentity, Conversation, MalformedWebhook, Message, MessageAuthor, pendingSchemaChanges, ReceivedMessage } from '@parley/core';
import { DATABASES, eventually, scratchDatabase } from '@parley/testing';
import { DataSource } from 'typeorm';
import {
  botApiErrors,
  callbackQueryUpdate,
  editedMessageUpdate,
  groupTextUpdate,
  inlineButtons,
  myChatMemberUpdate,
  nextUpdateId,
  photoUpdate,
  sentText,
  textUpdate,
} from '../fake-bot-api.testing';
import { callbackDataFor } from '../services/telegram-renderer';
import { TelegramChannelAdapter } from '../services/telegram-channel.adapter';
import { BOTS, type TelegramTestApp, telegramTestApp } from '../telegram-app.testing';
import telegramPlugin from '../telegram.plugin';

describe('the Telegram webhook (PostgreSQL)', () => {
  let app: TelegramTestApp;
  let dataSource: DataSource;
  let chatId = 6_100_000;

  beforeAll(async () => {
    app = await telegramTestApp();
    dataSource = app.t.get(DataSource);
  });
  afterAll(() => app?.close());
  beforeEach(() => app.api.reset());

  const nextChat = () => ++chatId;
  const received = (botId: string, updateId: unknown) => dataSource.getRepository(ReceivedMessage).countBy({ channel: 'telegram', providerMessageId: `${botId}:${String(updateId)}` });
  const conversationOf = (chat: number) => dataSource.getRepository(Conversation).findOneByOrFail({ channel: 'telegram', channelUserId: String(chat) });
  const customerTexts = async (chat: number) =>
    (await dataSource.getRepository(Message).find({ where: { conversationId: (await conversationOf(chat)).id, author: MessageAuthor.customer }, order: { createdAt: 'ASC' } })).map(
      (message) => message.text,
    );
  const contactOf = async (chat: number) => {
    const identity = await dataSource.getRepository(ContactIdentity).findOneByOrFail({ channel: 'telegram', channelUserId: String(chat) });
    return dataSource.getRepository(Contact).findOneByOrFail({ id: identity.contactId });
  };

  it('refuses an update without the secret token (401) or with a wrong one (403), and stores nothing', async () => {
    const update = textUpdate({ chatId: nextChat(), text: 'hi' });
    const missing = await app.post(update, { secret: null });
    expect(missing.status).toBe(401);
    expect(missing.body).toEqual({ error: { code: 'WEBHOOK_SIGNATURE_MISSING', message: 'The X-Telegram-Bot-Api-Secret-Token header is missing' } });
    // Another bot's secret is as wrong as any.
    const wrong = await app.post(update, { secret: BOTS[1].secretToken });
    expect(wrong.status).toBe(403);
    expect(wrong.body.error.code).toBe('WEBHOOK_SIGNATURE_INVALID');
    expect(await received(BOTS[0].botId, update.update_id)).toBe(0);
  });

  it('answers 404 at the address of a bot it does not have, storing nothing', async () => {
    const update = textUpdate({ chatId: nextChat(), text: 'hi' });
    const response = await app.post(update, { botId: '999', secret: BOTS[0].secretToken });
    expect(response.status).toBe(404);
    expect(response.body.error.code).toBe('TELEGRAM_BOT_UNKNOWN');
    expect(await dataSource.getRepository(ReceivedMessage).countBy({ channel: 'telegram', channelUserId: String(chatId) })).toBe(0);
  });

  it('acknowledges a verified update with 200 and answers the customer from the same bot, for its own store', async () => {
    const chat = nextChat();
    const response = await app.post(textUpdate({ chatId: chat, text: 'hello' }), { botId: BOTS[1].botId });
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ ok: true });
    await eventually(async () => app.api.sent.some((message) => message.chatId === chat), 'the answer to reach the fake Bot API');
    const [welcome] = app.api.sent.filter((message) => message.chatId === chat);
    expect(welcome.botId).toBe(BOTS[1].botId);
    expect(sentText(welcome)).toContain('Welcome to Store pizzeria-milano');
  });

  it('answers an update delivered twice once', async () => {
    const chat = nextChat();
    const update = textUpdate({ chatId: chat, text: 'cart' });
    const answers = await app.answersTo(chat, update);
    expect((await app.post(update)).status).toBe(200);
    await app.deliver(update);
    expect(app.api.sent.filter((message) => message.chatId === chat)).toHaveLength(answers.length);
    expect(await received(BOTS[0].botId, update.update_id)).toBe(1);
    expect(await customerTexts(chat)).toEqual(['cart']);
  });

  it("takes one chat's updates in update_id order when deliveries overtake each other", async () => {
    const chat = nextChat();
    await app.deliver(textUpdate({ chatId: chat, text: 'hello' }));
    // While the answer to "cart" is on its way (Telegram holds it), two later updates arrive the wrong way round.
    app.api.delaySends(800);
    const first = nextUpdateId();
    const second = nextUpdateId();
    const third = nextUpdateId();
    await app.post(textUpdate({ chatId: chat, updateId: first, text: 'cart' }));
    await eventually(async () => app.api.calls.some((call) => call.method === 'sendMessage' && call.params.chat_id === chat), 'the answer to "cart" to be on its way');
    await app.post(textUpdate({ chatId: chat, updateId: third, text: 'menu' }));
    await app.post(textUpdate({ chatId: chat, updateId: second, text: 'help' }));
    await app.deliver(textUpdate({ chatId: chat, updateId: third, text: 'menu' }));
    expect(await customerTexts(chat)).toEqual(['hello', 'cart', 'help', 'menu']);
  });

  it('answers every callback query exactly once, also when its update comes twice, and finds long button ids again', async () => {
    const chat = nextChat();
    const long = `mod:${'4b0a5c1e-2f3d-4e5f-8a9b-0c1d2e3f4a5b'.repeat(2)}`;
    await app.t.get(TelegramChannelAdapter).send({
      messageId: '00000000-0000-4000-8000-000000000001',
      to: { storeId: app.stores[0].id, channelUserId: String(chat), accountId: BOTS[0].botId },
      content: { type: 'buttons', text: 'Extra?', buttons: [{ id: long, title: 'Extra mozzarella' }] },
    });
    const [shown] = app.api.sent;
    const tap = callbackQueryUpdate({ chatId: chat, data: inlineButtons(shown)[0].callback_data!, callbackQueryId: '991001', message: shown });
    expect(inlineButtons(shown)[0].callback_data).toBe(callbackDataFor(long));
    await app.deliver(tap);
    await app.post(tap);
    await eventually(async () => app.api.callbackAnswers.length > 0, 'the callback query to be answered');
    await app.deliver(textUpdate({ chatId: chat, text: 'cart' }));
    expect(app.api.callbackAnswers).toEqual([{ botId: BOTS[0].botId, callbackQueryId: '991001' }]);
    const [stored] = await dataSource.getRepository(ReceivedMessage).findBy({ channel: 'telegram', providerMessageId: `${BOTS[0].botId}:${tap.update_id as number}` });
    expect(stored.message.content).toEqual({ type: 'reply', id: long, title: 'Extra mozzarella' });
  });

  it('answers a callback query whose answer failed at first, and gives up on one Telegram calls too old', async () => {
    const chat = nextChat();
    const answersOf = (id: string) => app.api.calls.filter((call) => call.method === 'answerCallbackQuery' && call.params.callback_query_id === id);
    app.api.failMethod('answerCallbackQuery', botApiErrors.serverError());
    await app.deliver(callbackQueryUpdate({ chatId: chat, data: 'act:menu', callbackQueryId: '991002' }));
    await eventually(async () => app.api.callbackAnswers.some((answer) => answer.callbackQueryId === '991002'), 'the callback query to be answered');
    expect(answersOf('991002')).toHaveLength(2);

    app.api.failMethod('answerCallbackQuery', botApiErrors.queryTooOld());
    await app.deliver(callbackQueryUpdate({ chatId: chat, data: 'act:cart', callbackQueryId: '991003' }));
    await eventually(async () => answersOf('991003').length > 0, 'answerCallbackQuery to be called');
    // A retry would come within a second.
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(answersOf('991003')).toHaveLength(1);
  });

  it('keeps a photo through getFile', async () => {
    const chat = nextChat();
    app.api.addFile('AgACphoto-webhook', Buffer.from('fake jpeg'), 'photos/file_7.jpg');
    await app.deliver(photoUpdate({ chatId: chat, fileId: 'AgACphoto-webhook', caption: 'my receipt' }));
    const [picture] = await dataSource.getRepository(Message).findBy({ conversationId: (await conversationOf(chat)).id, author: MessageAuthor.customer });
    expect(picture).toMatchObject({ text: '[image] my receipt', mediaKey: expect.stringMatching(/^media\//) });
    expect(app.api.downloads).toEqual(['photos/file_7.jpg']);
  });

  it('keeps a verified body it cannot read, and acknowledges it', async () => {
    const body = '{"update_id": 12, "message": ';
    const response = await app.post(body);
    expect(response.status).toBe(200);
    expect(await dataSource.getRepository(MalformedWebhook).countBy({ channel: 'telegram', body })).toBe(1);
  });

  it('acknowledges edited messages and group messages without answering them', async () => {
    const chat = nextChat();
    await app.deliver(textUpdate({ chatId: chat, text: 'hello' }));
    const before = app.api.sent.length;
    expect((await app.post(editedMessageUpdate({ chatId: chat, text: '3 margheritas' }))).status).toBe(200);
    expect((await app.post(groupTextUpdate({ chatId: chat, groupId: -100_200_300, text: 'menu' }))).status).toBe(200);
    await app.deliver(textUpdate({ chatId: chat, text: 'cart' }));
    expect(await customerTexts(chat)).toEqual(['hello', 'cart']);
    expect(app.api.sent.slice(before).every((message) => message.chatId === chat)).toBe(true);
  });

  it('records blocking and unblocking the bot as the customer opting out and back in', async () => {
    const chat = nextChat();
    await app.deliver(textUpdate({ chatId: chat, text: 'hello' }));
    await app.post(myChatMemberUpdate({ chatId: chat, status: 'kicked' }));
    expect(await contactOf(chat)).toMatchObject({ optedOut: true, consentChangedVia: 'telegram bot blocked' });
    await app.post(myChatMemberUpdate({ chatId: chat, status: 'member' }));
    expect(await contactOf(chat)).toMatchObject({ optedOut: false, consentChangedVia: 'telegram bot unblocked' });
  });

  it("honours a 429's retry_after before sending the answer again", async () => {
    const chat = nextChat();
    app.api.failFor(chat, botApiErrors.tooManyRequests(2), 1);
    const started = Date.now();
    const answers = await app.answersTo(chat, textUpdate({ chatId: chat, text: 'cart' }));
    const refused = app.api.calls.find((call) => call.method === 'sendMessage' && call.params.chat_id === chat)!;
    expect(answers.length).toBeGreaterThan(0);
    expect(answers[0].at - refused.at).toBeGreaterThanOrEqual(2000);
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  it('fails the answer to a customer who blocked the bot for good, without retrying, and opts them out', async () => {
    const chat = nextChat();
    app.api.failFor(chat, botApiErrors.blocked());
    await app.deliver(textUpdate({ chatId: chat, text: 'cart' }));
    const answers = await dataSource.getRepository(Message).findBy({ conversationId: (await conversationOf(chat)).id, author: MessageAuthor.assistant });
    expect(answers.length).toBeGreaterThan(0);
    for (const answer of answers) expect(answer).toMatchObject({ status: 'failed', error: expect.stringContaining('bot was blocked by the user') });
    // Each tried once.
    expect(app.api.calls.filter((call) => call.method === 'sendMessage')).toHaveLength(answers.length);
    expect(await contactOf(chat)).toMatchObject({ optedOut: true });
  });
});

describe('the Telegram webhook (SQLite)', () => {
  let app: TelegramTestApp;

  beforeAll(async () => {
    app = await telegramTestApp({
      database: 'sqlite',
      pluginOptions: { webhookBaseUrl: 'https://pizza.example.com/', maxConnections: 2 },
      // The first bot's token was revoked: its webhook can't be set, which must not stop the platform.
      prepare: (api) => api.failMethod('setWebhook', botApiErrors.unauthorized()),
    });
  });
  afterAll(() => app?.close());

  it("sets each bot's webhook at start, with its secret token and the updates the channel reads, and starts when one fails", () => {
    const attempts = app.api.calls.filter((call) => call.method === 'setWebhook').map((call) => call.botId);
    expect(attempts).toEqual([BOTS[0].botId, BOTS[1].botId]);
    expect(Object.fromEntries(app.api.webhooks)).toEqual({
      [BOTS[1].botId]: { url: `https://pizza.example.com/webhooks/telegram/${BOTS[1].botId}`, secret_token: BOTS[1].secretToken, max_connections: 2, allowed_updates: ['message', 'callback_query', 'my_chat_member'] },
    });
  });

  it('verifies the secret token, stores an update once and answers its callback query once', async () => {
    const chat = 7_100_001;
    const tap = callbackQueryUpdate({ chatId: chat, data: 'act:menu', callbackQueryId: '881001' });
    expect((await app.post(tap, { secret: null })).status).toBe(401);
    expect((await app.post(tap, { secret: 'not-the-secret-token-at-all' })).status).toBe(403);
    await app.deliver(tap);
    await app.deliver(tap);
    await eventually(async () => app.api.callbackAnswers.length > 0, 'the callback query to be answered');
    await app.deliver(textUpdate({ chatId: chat, text: 'cart' }));
    expect(app.api.callbackAnswers).toEqual([{ botId: BOTS[0].botId, callbackQueryId: '881001' }]);
    const dataSource = app.t.get(DataSource);
    expect(await dataSource.getRepository(ReceivedMessage).countBy({ channel: 'telegram', channelUserId: String(chat) })).toBe(2);
    expect(app.api.sent.filter((message) => message.chatId === chat).length).toBeGreaterThan(0);
  });
});

describe.each(DATABASES)('the Telegram plugin migrations on %s', (database) => {
  it('create exactly the table its entity needs', async () => {
    const scratch = await scratchDatabase(database);
    try {
      const changes = await pendingSchemaChanges(scratch.database, [telegramPlugin]);
      // This plugin's table only: the core checks its own migrations.
      expect(changes.upQueries.map((query) => query.query).filter((query) => query.includes('telegram_'))).toEqual([]);
    } finally {
      await scratch.drop();
    }
  });
});
