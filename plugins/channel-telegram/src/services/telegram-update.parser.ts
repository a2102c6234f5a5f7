import type { ConsentChange, InboundContent, InboundMessage } from '@parley/plugin-sdk';
import { botIdOf, type TelegramBot } from '../telegram-options';

export const CHANNEL = 'telegram';

/** What one Telegram update means for the core. Never more than one message per update. */
export interface ParsedUpdate {
  updateId?: number;
  message?: InboundMessage;
  /** A callback query (an inline button tapped): Telegram waits for answerCallbackQuery, whatever it carried. */
  callbackQueryId?: string;
  consent?: ConsentChange;
  /** Why an update that was read is not handed over (an edited message, a group chat, ...). */
  ignored?: string;
  /** Why the update could not be read; the controller keeps the body with it (`receiveMalformed`). */
  problem?: string;
}

type Json = Record<string, unknown>;

const isRecord = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);
const text = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);
const integer = (value: unknown): number | undefined => (typeof value === 'number' && Number.isSafeInteger(value) ? value : undefined);
const unknownContent = (providerType: string): InboundContent => ({ type: 'unknown', providerType });

/** Telegram's dates are Unix seconds. */
const secondsToDate = (value: unknown, fallback: Date) => {
  const seconds = integer(value);
  return seconds === undefined || seconds <= 0 ? fallback : new Date(seconds * 1000);
};

/**
 * A command's text without the bot's name (`/menu@PizzaBot` is `/menu`). `/start` stays `/start` alone: what follows
 * it is a deep link's payload, not words the customer typed. The core reads `/start` as the word START: a greeting
 * for a new customer, and a return for one who had stopped messages.
 */
function commandText(value: string): string {
  const match = /^\/([A-Za-z0-9_]{1,32})(@[A-Za-z0-9_]+)?(?=\s|$)/.exec(value);
  if (!match) return value;
  if (match[1].toLowerCase() === 'start') return '/start';
  return `/${match[1]}${value.slice(match[0].length)}`;
}

function location(value: unknown, venue?: Json): InboundContent {
  if (!isRecord(value)) return unknownContent('location');
  const { latitude, longitude } = value;
  if (typeof latitude !== 'number' || typeof longitude !== 'number' || Math.abs(latitude) > 90 || Math.abs(longitude) > 180) return unknownContent('location');
  const name = text(venue?.title);
  const address = text(venue?.address);
  return { type: 'location', latitude, longitude, ...(name && { name }), ...(address && { address }) };
}

function media(mediaKind: Extract<InboundContent, { type: 'media' }>['mediaKind'], file: unknown, caption: unknown, mimeType?: string): InboundContent {
  const fields = isRecord(file) ? file : {};
  const providerMediaId = text(fields.file_id);
  const mime = text(fields.mime_type) ?? mimeType;
  const captionText = text(caption);
  return { type: 'media', mediaKind, ...(providerMediaId && { providerMediaId }), ...(mime && { mimeType: mime }), ...(captionText && { caption: captionText }) };
}

const stickerMimeType = (sticker: Json) => (sticker.is_animated === true ? 'application/x-tgsticker' : sticker.is_video === true ? 'video/webm' : 'image/webp');

/** Fields every message has; whatever else it holds is its content. */
const MESSAGE_FIELDS = new Set(['caption', 'message_id', 'message_thread_id', 'from', 'sender_chat', 'date', 'chat', 'entities', 'caption_entities', 'reply_to_message', 'via_bot', 'edit_date', 'has_protected_content', 'author_signature', 'link_preview_options', 'reply_markup', 'is_topic_message', 'is_automatic_forward', 'forward_origin', 'quote', 'effect_id', 'show_caption_above_media', 'business_connection_id', 'sender_business_bot', 'media_group_id', 'has_media_spoiler']);

/** One Telegram message as channel-neutral content. Kinds it doesn't know become `unknown`: never dropped. */
export function messageContent(message: Json): InboundContent {
  const caption = message.caption;
  if (typeof message.text === 'string') return { type: 'text', text: commandText(message.text) };
  if (isRecord(message.venue)) return location(message.venue.location, message.venue);
  if (message.location !== undefined) return location(message.location);
  if (isRecord(message.contact)) {
    const name = [text(message.contact.first_name), text(message.contact.last_name)].filter(Boolean).join(' ');
    const phone = text(message.contact.phone_number);
    return { type: 'contacts', contacts: [{ name, phones: phone ? [phone] : [] }] };
  }
  if (Array.isArray(message.photo) && message.photo.length > 0) {
    // Telegram sends every size it made; the last is the largest.
    return media('image', message.photo[message.photo.length - 1], caption, 'image/jpeg');
  }
  // An animation also carries its file as `document`: it is a video.
  if (isRecord(message.animation)) return media('video', message.animation, caption, 'video/mp4');
  if (isRecord(message.document)) return media('document', message.document, caption);
  if (isRecord(message.voice)) return media('audio', message.voice, caption, 'audio/ogg');
  if (isRecord(message.audio)) return media('audio', message.audio, caption);
  if (isRecord(message.video)) return media('video', message.video, caption, 'video/mp4');
  if (isRecord(message.video_note)) return media('video', message.video_note, caption, 'video/mp4');
  if (isRecord(message.sticker)) return media('sticker', message.sticker, undefined, stickerMimeType(message.sticker));
  // A poll, a dice, a game, a story, a service message, and whatever Telegram adds next.
  const kind = Object.keys(message).find((key) => !MESSAGE_FIELDS.has(key));
  return unknownContent(kind ?? 'message');
}

/** The text of the inline button whose callback data was `data`, from the message the keyboard was on. */
function buttonText(message: unknown, data: string): string | undefined {
  const markup = isRecord(message) && isRecord(message.reply_markup) ? message.reply_markup : {};
  const rows = Array.isArray(markup.inline_keyboard) ? markup.inline_keyboard : [];
  for (const row of rows) {
    for (const button of Array.isArray(row) ? row : []) if (isRecord(button) && button.callback_data === data) return text(button.text);
  }
  return undefined;
}

function sender(user: unknown): { name?: string; language?: string } {
  if (!isRecord(user)) return {};
  const name = [text(user.first_name), text(user.last_name)].filter(Boolean).join(' ').trim();
  const language = text(user.language_code);
  return { ...(name && { name }), ...(language && { language }) };
}

/**
 * Reads one update whose secret token has verified. Never throws: what can't be read is described in `problem`.
 * Only private chats are conversations with a customer; a bot added to a group is not a shop counter.
 */
export function parseUpdate(body: string, bot: TelegramBot, now = new Date()): ParsedUpdate {
  let update: unknown;
  try {
    update = JSON.parse(body);
  } catch {
    return { problem: 'the body is not JSON' };
  }
  if (!isRecord(update)) return { problem: 'the body is not a Telegram update object' };
  const updateId = integer(update.update_id);
  if (updateId === undefined || updateId < 0) return { problem: 'the update has no update_id' };
  const botId = botIdOf(bot.token);

  const inbound = (chatId: unknown, user: unknown, content: InboundContent, date: unknown, raw: unknown): InboundMessage | undefined => {
    const id = integer(chatId);
    if (id === undefined) return undefined;
    return {
      channel: CHANNEL,
      storeSlug: bot.storeSlug,
      accountId: botId,
      // Update ids are the bot's own: two bots may number the same.
      providerMessageId: `${botId}:${updateId}`,
      sequence: updateId,
      from: { channelUserId: String(id), ...sender(user) },
      receivedAt: secondsToDate(date, now),
      content,
      raw,
    };
  };
  const isPrivate = (chat: unknown) => isRecord(chat) && chat.type === 'private';

  if (isRecord(update.message)) {
    const { chat } = update.message;
    if (!isPrivate(chat)) return { updateId, ignored: 'a message outside a private chat' };
    const message = inbound((chat as Json).id, update.message.from, messageContent(update.message), update.message.date, update);
    return message ? { updateId, message } : { updateId, problem: 'a message without chat.id' };
  }

  if (isRecord(update.callback_query)) {
    const query = update.callback_query;
    const callbackQueryId = text(query.id);
    if (!callbackQueryId) return { updateId, problem: 'a callback_query without id' };
    // A button of an inline message (sent via inline mode) has no chat: its user's private chat has the user's id.
    const chat = isRecord(query.message) ? query.message.chat : { id: isRecord(query.from) ? query.from.id : undefined, type: 'private' };
    if (!isPrivate(chat)) return { updateId, callbackQueryId, ignored: 'a button tapped outside a private chat' };
    const data = text(query.data);
    const content: InboundContent = data ? { type: 'reply', id: data, title: buttonText(query.message, data) ?? data } : unknownContent('callback_query.game');
    const message = inbound((chat as Json).id, query.from, content, undefined, update);
    return message ? { updateId, callbackQueryId, message } : { updateId, callbackQueryId, problem: 'a callback_query without a chat or user id' };
  }

  if (isRecord(update.my_chat_member)) {
    const change = update.my_chat_member;
    const chatId = isRecord(change.chat) ? integer(change.chat.id) : undefined;
    const before = isRecord(change.old_chat_member) ? change.old_chat_member.status : undefined;
    const after = isRecord(change.new_chat_member) ? change.new_chat_member.status : undefined;
    if (!isPrivate(change.chat) || chatId === undefined) return { updateId, ignored: 'a membership change outside a private chat' };
    // In a private chat, "kicked" is the customer blocking the bot, and "member" after it unblocking.
    const optedIn = after === 'kicked' ? false : after === 'member' && before === 'kicked' ? true : undefined;
    if (optedIn === undefined) return { updateId, ignored: `a membership change from ${String(before)} to ${String(after)}` };
    return {
      updateId,
      consent: {
        channel: CHANNEL,
        storeSlug: bot.storeSlug,
        channelUserId: String(chatId),
        scope: 'all',
        optedIn,
        at: secondsToDate(change.date, now),
        via: optedIn ? 'telegram bot unblocked' : 'telegram bot blocked',
      },
    };
  }

  // The original was answered when it came: acting on an edit would, say, add the same pizzas to the cart again.
  if (update.edited_message !== undefined) return { updateId, ignored: 'an edited message' };

  // Any other kind of update from a customer's private chat (a reaction, a boost, whatever Telegram adds next) is
  // kept as `unknown`, as WhatsApp's are; kinds without such a chat (inline queries, channel posts) are not.
  const kind = Object.keys(update).find((key) => key !== 'update_id' && isRecord(update[key])) ?? 'missing';
  const payload = isRecord(update[kind]) ? (update[kind] as Json) : {};
  if (!isPrivate(payload.chat)) return { updateId, ignored: `an update of type ${kind}` };
  const message = inbound((payload.chat as Json).id, payload.user ?? payload.from, unknownContent(kind), payload.date, update);
  return message ? { updateId, message } : { updateId, problem: `a ${kind} without chat.id` };
}
