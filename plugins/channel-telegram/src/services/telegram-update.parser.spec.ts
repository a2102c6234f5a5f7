import {
  callbackQueryUpdate,
  contactUpdate,
  documentUpdate,
  editedMessageUpdate,
  groupTextUpdate,
  locationUpdate,
  myChatMemberUpdate,
  photoUpdate,
  pollUpdate,
  stickerUpdate,
  textUpdate,
  updateOfKind,
  venueUpdate,
  voiceUpdate,
} from '../fake-bot-api.testing';
import { type TelegramBot, telegramOptions } from '../telegram-options';
import { parseUpdate } from './telegram-update.parser';

const [BOT]: TelegramBot[] = telegramOptions.parse({
  bots: [{ storeSlug: 'roma', token: '7001:AAH-roma-token-for-tests-0123456789', secretToken: 'secret-roma-0123456789' }],
}).bots;
const CHAT = 424242;
const parse = (update: unknown) => parseUpdate(JSON.stringify(update), BOT, new Date('2026-11-23T12:00:00Z'));
const contentOf = (update: unknown) => parse(update).message?.content;

describe('parseUpdate', () => {
  it('makes a text message channel-neutral: store, bot, sender, de-duplication key and order', () => {
    const update = textUpdate({ chatId: CHAT, updateId: 900_001, text: 'two margheritas', firstName: 'Giulia', lastName: 'Rossi', languageCode: 'it', date: new Date('2026-11-23T11:59:00Z') });
    expect(parse(update)).toEqual({
      updateId: 900_001,
      message: {
        channel: 'telegram',
        storeSlug: 'roma',
        accountId: '7001',
        providerMessageId: '7001:900001',
        sequence: 900_001,
        from: { channelUserId: String(CHAT), name: 'Giulia Rossi', language: 'it' },
        receivedAt: new Date('2026-11-23T11:59:00Z'),
        content: { type: 'text', text: 'two margheritas' },
        raw: update,
      },
    });
  });

  it('reads /start as the greeting it is, without the bot name or a deep link payload; other commands keep their words', () => {
    expect(contentOf(textUpdate({ chatId: CHAT, text: '/start' }))).toEqual({ type: 'text', text: '/start' });
    expect(contentOf(textUpdate({ chatId: CHAT, text: '/start@PizzaRomaBot' }))).toEqual({ type: 'text', text: '/start' });
    expect(contentOf(textUpdate({ chatId: CHAT, text: '/start promo_2026' }))).toEqual({ type: 'text', text: '/start' });
    expect(contentOf(textUpdate({ chatId: CHAT, text: '/menu@PizzaRomaBot pizzas' }))).toEqual({ type: 'text', text: '/menu pizzas' });
    expect(contentOf(textUpdate({ chatId: CHAT, text: '/startle me' }))).toEqual({ type: 'text', text: '/startle me' });
  });

  it('reads a tapped inline button as a reply with its id and the title shown on it, to be answered', () => {
    const update = callbackQueryUpdate({ chatId: CHAT, data: 'act:checkout', callbackQueryId: '77001' });
    (update.callback_query as { message: Record<string, unknown> }).message.reply_markup = {
      inline_keyboard: [[{ text: 'Menu', callback_data: 'act:menu' }], [{ text: 'Checkout', callback_data: 'act:checkout' }]],
    };
    const parsed = parse(update);
    expect(parsed.callbackQueryId).toBe('77001');
    expect(parsed.message).toMatchObject({ from: { channelUserId: String(CHAT) }, content: { type: 'reply', id: 'act:checkout', title: 'Checkout' } });
    // Without the keyboard in the update, the data is the title too.
    expect(contentOf(callbackQueryUpdate({ chatId: CHAT, data: 'act:menu' }))).toEqual({ type: 'reply', id: 'act:menu', title: 'act:menu' });
  });

  it('reads a shared location, a venue and a contact', () => {
    expect(contentOf(locationUpdate({ chatId: CHAT, latitude: 41.9, longitude: 12.48 }))).toEqual({ type: 'location', latitude: 41.9, longitude: 12.48 });
    expect(contentOf(venueUpdate({ chatId: CHAT, latitude: 41.9, longitude: 12.48, title: 'Pantheon', address: 'Piazza della Rotonda, Roma' }))).toEqual({
      type: 'location',
      latitude: 41.9,
      longitude: 12.48,
      name: 'Pantheon',
      address: 'Piazza della Rotonda, Roma',
    });
    expect(contentOf(locationUpdate({ chatId: CHAT, latitude: 123, longitude: 12 }))).toEqual({ type: 'unknown', providerType: 'location' });
    expect(contentOf(contactUpdate({ chatId: CHAT, phoneNumber: '+393331112222', contactFirstName: 'Marco', contactLastName: 'Bianchi' }))).toEqual({
      type: 'contacts',
      contacts: [{ name: 'Marco Bianchi', phones: ['+393331112222'] }],
    });
  });

  it('reads photos (the largest size), documents, voice notes and stickers as media to download by file id', () => {
    expect(contentOf(photoUpdate({ chatId: CHAT, fileId: 'AgACphoto', caption: 'my receipt' }))).toEqual({
      type: 'media',
      mediaKind: 'image',
      providerMediaId: 'AgACphoto',
      mimeType: 'image/jpeg',
      caption: 'my receipt',
    });
    expect(contentOf(documentUpdate({ chatId: CHAT, fileId: 'BQACdoc', fileName: 'allergies.pdf', mimeType: 'application/pdf' }))).toEqual({
      type: 'media',
      mediaKind: 'document',
      providerMediaId: 'BQACdoc',
      mimeType: 'application/pdf',
    });
    expect(contentOf(voiceUpdate({ chatId: CHAT, fileId: 'AwACvoice' }))).toEqual({ type: 'media', mediaKind: 'audio', providerMediaId: 'AwACvoice', mimeType: 'audio/ogg' });
    expect(contentOf(stickerUpdate({ chatId: CHAT, fileId: 'CAACsticker' }))).toEqual({ type: 'media', mediaKind: 'sticker', providerMediaId: 'CAACsticker', mimeType: 'image/webp' });
  });

  it('keeps message kinds and update types it has no content for as unknown, never dropped', () => {
    expect(contentOf(pollUpdate({ chatId: CHAT, question: 'Pineapple?' }))).toEqual({ type: 'unknown', providerType: 'poll' });
    const reaction = updateOfKind({ chatId: CHAT }, 'message_reaction', { message_id: 5, new_reaction: [{ type: 'emoji', emoji: '👍' }], old_reaction: [] });
    expect(parse(reaction).message).toMatchObject({ from: { channelUserId: String(CHAT) }, content: { type: 'unknown', providerType: 'message_reaction' } });
  });

  it('turns blocking and unblocking the bot into the customer opting out of and back into messages', () => {
    expect(parse(myChatMemberUpdate({ chatId: CHAT, status: 'kicked', date: new Date('2026-11-23T10:00:00Z') })).consent).toEqual({
      channel: 'telegram',
      storeSlug: 'roma',
      channelUserId: String(CHAT),
      scope: 'all',
      optedIn: false,
      at: new Date('2026-11-23T10:00:00Z'),
      via: 'telegram bot blocked',
    });
    expect(parse(myChatMemberUpdate({ chatId: CHAT, status: 'member' })).consent).toMatchObject({ optedIn: true, via: 'telegram bot unblocked' });
    expect(parse(myChatMemberUpdate({ chatId: CHAT, status: 'member', oldStatus: 'left' }))).toMatchObject({ ignored: 'a membership change from left to member' });
  });

  it('ignores edited messages, group chats and updates without a private chat, saying why', () => {
    expect(parse(editedMessageUpdate({ chatId: CHAT, text: '3 margheritas' }))).toMatchObject({ ignored: 'an edited message' });
    expect(parse(groupTextUpdate({ chatId: CHAT, groupId: -100200, text: 'hi' }))).toMatchObject({ ignored: 'a message outside a private chat' });
    expect(parse({ update_id: 5, inline_query: { id: '1', from: { id: CHAT }, query: 'pizza', offset: '' } })).toEqual({ updateId: 5, ignored: 'an update of type inline_query' });
  });

  it('describes what it cannot read instead of throwing', () => {
    expect(parseUpdate('{"update_id": 1, "message": ', BOT)).toEqual({ problem: 'the body is not JSON' });
    expect(parseUpdate('[1,2]', BOT)).toEqual({ problem: 'the body is not a Telegram update object' });
    expect(parseUpdate('{"message": {}}', BOT)).toEqual({ problem: 'the update has no update_id' });
    expect(parseUpdate('{"update_id": 9, "message": {"chat": {"type": "private"}}}', BOT)).toEqual({ updateId: 9, problem: 'a message without chat.id' });
    expect(parseUpdate('{"update_id": 9, "callback_query": {"from": {"id": 1}}}', BOT)).toEqual({ updateId: 9, problem: 'a callback_query without id' });
  });
});
