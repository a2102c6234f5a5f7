import { randomUUID } from 'node:crypto';
import { Contact, ContactIdentity, Conversation, Message, MessageStatus } from '@parley/core';
import { ChannelSendError, type OutboundContent } from '@parley/plugin-sdk';
import { DataSource } from 'typeorm';
import { botApiErrors, inlineButtons, textUpdate } from '../fake-bot-api.testing';
import { BOTS, type TelegramTestApp, telegramTestApp } from '../telegram-app.testing';
import { telegramOptions } from '../telegram-options';
import { BotApiClient } from './bot-api.client';
import { callbackDataFor } from './telegram-renderer';
import { TelegramChannelAdapter } from './telegram-channel.adapter';

/** The adapter against the fake Bot API, inside the real platform (its callback data table, the core's consent). */
describe('the Telegram channel adapter (PostgreSQL)', () => {
  let app: TelegramTestApp;
  let adapter: TelegramChannelAdapter;
  let chatId = 5_100_000;

  beforeAll(async () => {
    app = await telegramTestApp();
    adapter = app.t.get(TelegramChannelAdapter);
  });
  afterAll(() => app?.close());
  beforeEach(() => app.api.reset());

  const send = (content: OutboundContent, to = chatId, accountId: string = BOTS[0].botId) =>
    adapter.send({ messageId: randomUUID(), to: { storeId: app.stores[0].id, channelUserId: String(to), accountId }, content });
  const failure = async (promise: Promise<unknown>) => promise.then(() => undefined, (error: unknown) => error as ChannelSendError);
  const nextChat = () => ++chatId;

  it('declares what Telegram can show, its rate limits (per bot and per chat), and no customer-service window', () => {
    expect(adapter.capabilities).toEqual({
      buttons: { max: 100, titleLength: 64 },
      lists: { rows: 100, titleLength: 64 },
      productMessages: false,
      maxTextLength: 4096,
      messagesPerSecond: 30,
      messagesPerSecondPerChat: 1,
    });
    expect(adapter.capabilities.customerServiceWindowHours).toBeUndefined();
  });

  it('sends from the bot of the conversation, to the chat, and answers an id of the sent message', async () => {
    const to = nextChat();
    const { providerMessageId } = await send({ type: 'text', text: 'Ciao!' }, to, BOTS[1].botId);
    expect(app.api.sent).toEqual([expect.objectContaining({ botId: BOTS[1].botId, chatId: to, method: 'sendMessage', params: { chat_id: to, text: 'Ciao!' } })]);
    expect(providerMessageId).toBe(`${BOTS[1].botId}:${to}:${app.api.sent[0].messageId}`);
    expect(await failure(send({ type: 'text', text: 'hi' }, to, '9999'))).toMatchObject({ retryable: false, providerCode: 'unknown_account' });
  });

  it('keeps button ids too long for callback data, so a tap finds them again', async () => {
    const long = `mod:${randomUUID()}:${randomUUID()}`;
    await send({ type: 'buttons', text: 'Extra?', buttons: [{ id: long, title: 'Extra mozzarella' }, { id: 'act:menu', title: 'Menu' }] });
    expect(inlineButtons(app.api.sent[0]).map((button) => button.callback_data)).toEqual([callbackDataFor(long), 'act:menu']);
    const rows = await app.t.get(DataSource).query('SELECT id FROM telegram_callback_data WHERE data = $1', [callbackDataFor(long)]);
    expect(rows).toEqual([{ id: long }]);
    // Shown again: the same stand-in, still one row.
    await send({ type: 'buttons', text: 'Extra?', buttons: [{ id: long, title: 'Extra mozzarella' }] });
    expect(await app.t.get(DataSource).query('SELECT COUNT(*)::int AS n FROM telegram_callback_data WHERE id = $1', [long])).toEqual([{ n: 1 }]);
  });

  it('classifies 429 as retryable after retry_after, and 5xx, timeouts and an unreachable API as retryable', async () => {
    app.api.failNext(botApiErrors.tooManyRequests(7));
    expect(await failure(send({ type: 'text', text: 'one' }))).toMatchObject({ retryable: true, retryAfterMs: 7000, providerCode: '429', message: 'Telegram Bot API error 429: Too Many Requests: retry after 7' });
    app.api.failNext(botApiErrors.serverError());
    expect(await failure(send({ type: 'text', text: 'two' }))).toMatchObject({ retryable: true, retryAfterMs: undefined, providerCode: '500' });
    app.api.failNext(botApiErrors.badGateway());
    expect(await failure(send({ type: 'text', text: 'three' }))).toMatchObject({ retryable: true, providerCode: '502' });

    const bots = [{ storeSlug: 'pizzeria-roma', token: BOTS[0].token, secretToken: BOTS[0].secretToken }];
    const [bot] = telegramOptions.parse({ bots }).bots;
    const impatient = new BotApiClient(telegramOptions.parse({ bots, apiBaseUrl: app.api.url, requestTimeoutMs: 200 }));
    app.api.failNext({ delayMs: 1000, status: 200, body: { ok: true, result: true } });
    const slow = await failure(impatient.answerCallbackQuery(bot, '1'));
    expect(slow).toMatchObject({ retryable: true, providerCode: 'timeout', message: 'Telegram Bot API did not answer calling answerCallbackQuery in time' });
    const nowhere = new BotApiClient(telegramOptions.parse({ bots, apiBaseUrl: 'http://127.0.0.1:9' }));
    const unreachable = await failure(nowhere.answerCallbackQuery(bot, '1'));
    expect(unreachable).toMatchObject({ retryable: true, providerCode: 'network', message: 'Telegram Bot API could not be reached calling answerCallbackQuery' });
  });

  it('classifies "chat not found" as permanent', async () => {
    app.api.failNext(botApiErrors.chatNotFound());
    expect(await failure(send({ type: 'text', text: 'hello?' }))).toMatchObject({ retryable: false, providerCode: 'chat_not_found' });
  });

  it('takes a customer who blocked the bot as opted out, and fails the send for good', async () => {
    const to = nextChat();
    // The customer wrote first, so the platform knows them.
    await app.deliver(textUpdate({ chatId: to, text: 'hello' }));
    app.api.failFor(to, botApiErrors.blocked());
    const error = await failure(send({ type: 'text', text: 'Your order is ready' }, to));
    expect(error).toBeInstanceOf(ChannelSendError);
    expect(error).toMatchObject({ retryable: false, providerCode: 'blocked', message: 'Telegram Bot API error 403: Forbidden: bot was blocked by the user' });
    const dataSource = app.t.get(DataSource);
    const identity = await dataSource.getRepository(ContactIdentity).findOneByOrFail({ channel: 'telegram', channelUserId: String(to) });
    expect(await dataSource.getRepository(Contact).findOneByOrFail({ id: identity.contactId })).toMatchObject({ optedOut: true, consentChangedVia: 'telegram bot blocked' });
  });

  it('does not send again the parts of a long text that went out before a failure', async () => {
    const to = nextChat();
    const text = Array.from({ length: 3 }, (_, part) => `${part + 1}: ${'pizza '.repeat(600)}`).join('\n');
    const message = { messageId: randomUUID(), to: { storeId: app.stores[0].id, channelUserId: String(to), accountId: BOTS[0].botId }, content: { type: 'text' as const, text } };
    app.api.failNext('ok', botApiErrors.tooManyRequests(1));
    await expect(adapter.send(message)).rejects.toMatchObject({ retryable: true });
    expect(app.api.sent.map((sent) => String(sent.params.text).slice(0, 2))).toEqual(['1:']);
    await adapter.send(message);
    expect(app.api.sent.map((sent) => String(sent.params.text).slice(0, 2))).toEqual(['1:', '2:', '3:']);
  });

  it('downloads media through getFile, with the type from the file name', async () => {
    app.api.addFile('AgACphoto-1', Buffer.from('jpeg bytes'), 'photos/file_12.jpg');
    expect(await adapter.downloadMedia({ providerMediaId: 'AgACphoto-1', accountId: BOTS[0].botId })).toEqual({ bytes: Buffer.from('jpeg bytes'), mimeType: 'image/jpeg' });
    expect(app.api.calls.map((call) => [call.method, call.params])).toEqual([['getFile', { file_id: 'AgACphoto-1' }]]);
    expect(await failure(adapter.downloadMedia({ providerMediaId: 'no-such-file' }))).toMatchObject({ retryable: false, providerCode: '400' });
  });

  it('records a permanent refusal on the message through the core, once', async () => {
    const to = nextChat();
    app.api.failFor(to, botApiErrors.chatNotFound());
    await app.deliver(textUpdate({ chatId: to, text: 'menu' }));
    const dataSource = app.t.get(DataSource);
    const conversation = await dataSource.getRepository(Conversation).findOneByOrFail({ channel: 'telegram', channelUserId: String(to) });
    const failed = await dataSource.getRepository(Message).findBy({ conversationId: conversation.id, status: MessageStatus.failed });
    expect(failed.length).toBeGreaterThan(0);
    for (const message of failed) expect(message.error).toContain('chat not found');
    // Each tried once.
    expect(app.api.calls.filter((call) => call.method === 'sendMessage')).toHaveLength(failed.length);
  });
});
