import { randomBytes } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { type FakeReply, type RecordedRequest, startFakeServer } from '@parley/testing';

// For tests only (excluded from the build): a loopback stand-in for Telegram's Bot API (`POST /bot<token>/<method>`
// and file downloads at `/file/bot<token>/<path>`) answering with the documented shapes, and builders for the
// updates Telegram POSTs to a bot's webhook. Exported piece by piece, so a conformance kit can drive it from outside.

type Json = Record<string, unknown>;

/** An update as Telegram POSTs it to a bot's webhook: its id and one field of the update's kind. */
export type Update = Json & { update_id: number };

/** One Bot API request the fake received. */
export interface BotApiCall {
  botId: string;
  token: string;
  method: string;
  /** The JSON body (Telegram's methods also take forms; the plugin sends JSON). */
  params: Json;
  headers: IncomingHttpHeaders;
  at: number;
}

/** A message the fake accepted (sendMessage, sendPhoto). */
export interface SentTelegramMessage {
  botId: string;
  chatId: number;
  method: string;
  messageId: number;
  params: Json;
  at: number;
}

/** An answer a test scripts, optionally after a delay (to hold a send, or provoke a timeout). */
export type ScriptedReply = FakeReply & { delayMs?: number };

export interface FakeBotApi {
  /** Base URL for the plugin's `apiBaseUrl`. */
  url: string;
  port: number;
  /** Every Bot API request, in order. */
  calls: BotApiCall[];
  /** The messages accepted, in order (scripted failures and refused messages are only in `calls`). */
  sent: SentTelegramMessage[];
  /** Every answerCallbackQuery accepted. */
  callbackAnswers: { botId: string; callbackQueryId: string }[];
  /** The last setWebhook parameters per bot id. */
  webhooks: Map<string, Json>;
  /** File paths downloaded. */
  downloads: string[];
  /**
   * Answers the next Bot API requests (any method) with these replies, one each, before the normal behaviour; `'ok'`
   * lets one request through as usual: `failNext('ok', botApiErrors.tooManyRequests(1))` fails the second.
   */
  failNext(...replies: (ScriptedReply | 'ok')[]): void;
  /** Answers every message to this chat with the reply, `times` times (default: until `reset`). */
  failFor(chatId: number | string, reply: ScriptedReply, times?: number): void;
  /** Answers the next `times` calls of this method (default 1) with the reply. */
  failMethod(method: string, reply: ScriptedReply, times?: number): void;
  /** Holds every accepted send this long before answering (0: answer at once). */
  delaySends(ms: number): void;
  /** Serves a file: getFile answers its path, `/file/bot<token>/<path>` its bytes. */
  addFile(fileId: string, bytes: Buffer, filePath: string): void;
  /** Forgets calls, messages, answers, webhooks, downloads and scripted failures (files stay). */
  reset(): void;
  close(): Promise<void>;
}

/** A Bot API error answer, as Telegram sends it (the HTTP status is the error code). */
export function botApiError(errorCode: number, description: string, parameters?: { retry_after?: number; migrate_to_chat_id?: number }): ScriptedReply {
  return { status: errorCode, body: { ok: false, error_code: errorCode, description, ...(parameters && { parameters }) } };
}

/** The errors a channel meets most, with Telegram's own descriptions. */
export const botApiErrors = {
  tooManyRequests: (retryAfterSeconds: number) => botApiError(429, `Too Many Requests: retry after ${retryAfterSeconds}`, { retry_after: retryAfterSeconds }),
  serverError: () => botApiError(500, 'Internal Server Error'),
  badGateway: (): ScriptedReply => ({ status: 502, headers: { 'content-type': 'text/html' }, body: '<html><body><h1>502 Bad Gateway</h1></body></html>' }),
  blocked: () => botApiError(403, 'Forbidden: bot was blocked by the user'),
  deactivated: () => botApiError(403, 'Forbidden: user is deactivated'),
  chatNotFound: () => botApiError(400, 'Bad Request: chat not found'),
  queryTooOld: () => botApiError(400, 'Bad Request: query is too old and response timeout expired or query ID is invalid'),
  unauthorized: () => botApiError(401, 'Unauthorized'),
};

const ok = (result: unknown): FakeReply => ({ status: 200, body: { ok: true, result } });
const bytes = (value: unknown) => (typeof value === 'string' ? Buffer.byteLength(value, 'utf8') : -1);
const length = (value: unknown) => (typeof value === 'string' ? value.length : -1);
const isRecord = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Telegram's own checks of a reply_markup, enough to catch what goes out beyond its limits. */
function invalidMarkup(markup: unknown): string | undefined {
  if (markup === undefined) return undefined;
  if (!isRecord(markup)) return "Bad Request: can't parse reply keyboard markup JSON object";
  const rows = markup.inline_keyboard ?? markup.keyboard;
  if (!Array.isArray(rows) || rows.some((row) => !Array.isArray(row))) return 'Bad Request: field "inline_keyboard" must be an Array of Arrays';
  const buttons = rows.flat() as unknown[];
  if (buttons.some((button) => !isRecord(button) || length(button.text) < 1)) return 'Bad Request: text buttons are unallowed in the inline keyboard';
  if (markup.inline_keyboard === undefined) return undefined;
  if (buttons.length > 100) return 'Bad Request: too many inline keyboard buttons';
  for (const button of buttons as Json[]) {
    if (button.url !== undefined && !/^https?:\/\/\S+$/.test(String(button.url))) return 'Bad Request: inline keyboard button URL is invalid';
    if (button.url === undefined && (bytes(button.callback_data) < 1 || bytes(button.callback_data) > 64)) return 'Bad Request: BUTTON_DATA_INVALID';
  }
  return undefined;
}

function invalidSend(method: string, params: Json): string | undefined {
  if (typeof params.chat_id !== 'number' && typeof params.chat_id !== 'string') return 'Bad Request: chat_id is empty';
  if (method === 'sendMessage') {
    if (length(params.text) < 1 || String(params.text).trim() === '') return 'Bad Request: message text is empty';
    if (length(params.text) > 4096) return 'Bad Request: message is too long';
  }
  if (method === 'sendPhoto') {
    if (typeof params.photo !== 'string' || params.photo === '') return 'Bad Request: there is no photo in the request';
    if (length(params.caption) > 1024) return 'Bad Request: message caption is too long';
  }
  return invalidMarkup(params.reply_markup);
}

export interface FakeBotApiOptions {
  /** The tokens the fake knows; without them, any well-formed token is accepted. */
  tokens?: string[];
}

/** Starts the fake Bot API on 127.0.0.1. */
export async function startFakeBotApi(options: FakeBotApiOptions = {}): Promise<FakeBotApi> {
  const calls: BotApiCall[] = [];
  const sent: SentTelegramMessage[] = [];
  const callbackAnswers: FakeBotApi['callbackAnswers'] = [];
  const webhooks = new Map<string, Json>();
  const downloads: string[] = [];
  const queue: (ScriptedReply | 'ok')[] = [];
  const rules = new Map<string, { reply: ScriptedReply; left: number }>();
  const files = new Map<string, { bytes: Buffer; filePath: string }>();
  const messageIds = new Map<string, number>();
  let sendDelayMs = 0;

  const known = (token: string) => /^\d+:[A-Za-z0-9_-]+$/.test(token) && (options.tokens === undefined || options.tokens.includes(token));
  const answer = async (reply: ScriptedReply): Promise<FakeReply> => {
    if (reply.delayMs) await sleep(reply.delayMs);
    return { status: reply.status, headers: reply.headers, body: reply.body };
  };

  const send = async (call: BotApiCall): Promise<FakeReply> => {
    const rule = rules.get(String(call.params.chat_id));
    if (rule && rule.left > 0) {
      rule.left -= 1;
      return answer(rule.reply);
    }
    const invalid = invalidSend(call.method, call.params);
    if (invalid) return botApiError(400, invalid);
    const chatId = Number(call.params.chat_id);
    const key = `${call.botId}:${chatId}`;
    const messageId = (messageIds.get(key) ?? 0) + 1;
    messageIds.set(key, messageId);
    if (sendDelayMs > 0) await sleep(sendDelayMs);
    sent.push({ botId: call.botId, chatId, method: call.method, messageId, params: call.params, at: Date.now() });
    const { chat_id: _chat, reply_markup: markup, photo: _photo, ...shown } = call.params;
    return ok({
      message_id: messageId,
      from: { id: Number(call.botId), is_bot: true, first_name: 'Fake Bot', username: `bot${call.botId}_bot` },
      chat: { id: chatId, type: 'private', first_name: 'Customer' },
      date: Math.floor(Date.now() / 1000),
      ...shown,
      ...(call.method === 'sendPhoto' && { photo: [{ file_id: `AgAC${randomBytes(8).toString('hex')}`, file_unique_id: randomBytes(4).toString('hex'), width: 800, height: 600 }] }),
      ...(isRecord(markup) && markup.inline_keyboard !== undefined && { reply_markup: markup }),
    });
  };

  const method = async (call: BotApiCall): Promise<FakeReply> => {
    calls.push(call);
    const scripted = queue.shift();
    if (scripted && scripted !== 'ok') return answer(scripted);
    const rule = rules.get(`method:${call.method}`);
    if (rule && rule.left > 0) {
      rule.left -= 1;
      return answer(rule.reply);
    }
    if (!known(call.token)) return botApiErrors.unauthorized();
    switch (call.method) {
      case 'sendMessage':
      case 'sendPhoto':
        return send(call);
      case 'answerCallbackQuery':
        if (typeof call.params.callback_query_id !== 'string' || call.params.callback_query_id === '') return botApiErrors.queryTooOld();
        callbackAnswers.push({ botId: call.botId, callbackQueryId: call.params.callback_query_id });
        return ok(true);
      case 'setWebhook':
        if (typeof call.params.url !== 'string' || !call.params.url.startsWith('http')) return botApiError(400, 'Bad Request: bad webhook: An HTTPS URL must be provided for webhook');
        webhooks.set(call.botId, call.params);
        return ok(true);
      case 'getFile': {
        const file = files.get(String(call.params.file_id));
        if (!file) return botApiError(400, 'Bad Request: invalid file_id');
        return ok({ file_id: call.params.file_id, file_unique_id: randomBytes(4).toString('hex'), file_size: file.bytes.length, file_path: file.filePath });
      }
      default:
        return botApiError(404, 'Not Found');
    }
  };

  const handle = async (request: RecordedRequest): Promise<FakeReply> => {
    const path = new URL(request.url, 'http://fake').pathname;
    const download = /^\/file\/bot([^/]+)\/(.+)$/.exec(path);
    if (request.method === 'GET' && download) {
      if (!known(download[1])) return { status: 401, headers: { 'content-type': 'text/plain' }, body: 'Unauthorized' };
      const file = [...files.values()].find((candidate) => candidate.filePath === download[2]);
      downloads.push(download[2]);
      return file ? { status: 200, headers: { 'content-type': 'application/octet-stream' }, body: file.bytes } : { status: 404, body: { ok: false, error_code: 404, description: 'Not Found' } };
    }
    const route = /^\/bot([^/]+)\/([A-Za-z]+)$/.exec(path);
    if (!route) return botApiError(404, 'Not Found');
    let params: unknown = {};
    try {
      params = request.body.length === 0 ? {} : request.json();
    } catch {
      return botApiError(400, "Bad Request: can't parse JSON");
    }
    const [, token, name] = route;
    const call = { botId: token.split(':')[0], token, method: name, params: isRecord(params) ? params : {}, headers: request.headers, at: Date.now() };
    return method(call);
  };

  const server = await startFakeServer(handle);
  return {
    url: server.url,
    port: server.port,
    calls,
    sent,
    callbackAnswers,
    webhooks,
    downloads,
    failNext: (...replies) => void queue.push(...replies),
    failFor: (chatId, reply, times = Number.POSITIVE_INFINITY) => void rules.set(String(chatId), { reply, left: times }),
    failMethod: (name, reply, times = 1) => void rules.set(`method:${name}`, { reply, left: times }),
    delaySends: (ms) => {
      sendDelayMs = ms;
    },
    addFile: (fileId, content, filePath) => void files.set(fileId, { bytes: content, filePath }),
    reset: () => {
      calls.length = 0;
      sent.length = 0;
      callbackAnswers.length = 0;
      downloads.length = 0;
      queue.length = 0;
      webhooks.clear();
      rules.clear();
      sendDelayMs = 0;
    },
    close: () => server.close(),
  };
}

// ---------------------------------------------------------------------------------------------------------------
// What a test reads from sent messages.

/** The text of a sent message (its caption for a photo). */
export const sentText = (message: SentTelegramMessage) => String(message.params.text ?? message.params.caption ?? '');

/** The buttons of a sent message's inline keyboard, row after row. */
export function inlineButtons(message: SentTelegramMessage): { text: string; callback_data?: string; url?: string }[] {
  const markup = isRecord(message.params.reply_markup) ? message.params.reply_markup : {};
  return Array.isArray(markup.inline_keyboard) ? (markup.inline_keyboard.flat() as { text: string; callback_data?: string; url?: string }[]) : [];
}

// ---------------------------------------------------------------------------------------------------------------
// Updates, as Telegram documents them, and the webhook request that carries one.

let lastUpdateId = 700_000_000 + Math.floor(Math.random() * 1_000_000);
/** A fresh update id: each larger than the one before, as Telegram numbers a bot's updates. */
export const nextUpdateId = () => ++lastUpdateId;
let lastMessageId = 1_000;

/** The webhook request Telegram sends for an update (the update, or a string as it is) to a bot with `secretToken`. */
export function webhookRequest(secretToken: string, update: unknown): { body: string; headers: Record<string, string> } {
  return {
    body: typeof update === 'string' ? update : JSON.stringify(update),
    headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': secretToken },
  };
}

/** Who writes: a customer in their private chat with the bot (whose id is the user's id). */
export interface UpdateBase {
  chatId: number;
  updateId?: number;
  firstName?: string;
  lastName?: string;
  languageCode?: string;
  date?: Date;
}

const user = (base: UpdateBase) => ({
  id: base.chatId,
  is_bot: false,
  first_name: base.firstName ?? 'Giulia',
  ...(base.lastName && { last_name: base.lastName }),
  language_code: base.languageCode ?? 'en',
});
const privateChat = (base: UpdateBase) => ({ id: base.chatId, type: 'private', first_name: base.firstName ?? 'Giulia', ...(base.lastName && { last_name: base.lastName }) });
const unix = (date?: Date) => Math.floor((date ?? new Date()).getTime() / 1000);

/** A `message` update in the customer's private chat with these fields (text, photo, location, ...). */
export function messageUpdate(base: UpdateBase, fields: Json, chat: Json = privateChat(base)): Update {
  return { update_id: base.updateId ?? nextUpdateId(), message: { message_id: ++lastMessageId, from: user(base), chat, date: unix(base.date), ...fields } };
}

export const textUpdate = (base: UpdateBase & { text: string }) => {
  const command = /^\/\S+/.exec(base.text);
  return messageUpdate(base, { text: base.text, ...(command && { entities: [{ offset: 0, length: command[0].length, type: 'bot_command' }] }) });
};

export const locationUpdate = (base: UpdateBase & { latitude: number; longitude: number }) =>
  messageUpdate(base, { location: { latitude: base.latitude, longitude: base.longitude } });

export const venueUpdate = (base: UpdateBase & { latitude: number; longitude: number; title: string; address: string }) => {
  const location = { latitude: base.latitude, longitude: base.longitude };
  return messageUpdate(base, { location, venue: { location, title: base.title, address: base.address } });
};

export const contactUpdate = (base: UpdateBase & { phoneNumber: string; contactFirstName: string; contactLastName?: string }) =>
  messageUpdate(base, {
    contact: { phone_number: base.phoneNumber, first_name: base.contactFirstName, ...(base.contactLastName && { last_name: base.contactLastName }) },
  });

const fileFields = (fileId: string) => ({ file_id: fileId, file_unique_id: randomBytes(4).toString('hex') });

/** A photo: Telegram sends every size it made, smallest first. */
export const photoUpdate = (base: UpdateBase & { fileId: string; caption?: string }) =>
  messageUpdate(base, {
    photo: [
      { ...fileFields(`${base.fileId}-s`), width: 90, height: 68, file_size: 1_200 },
      { ...fileFields(`${base.fileId}-m`), width: 320, height: 240, file_size: 14_000 },
      { ...fileFields(base.fileId), width: 1280, height: 960, file_size: 120_000 },
    ],
    ...(base.caption && { caption: base.caption }),
  });

export const documentUpdate = (base: UpdateBase & { fileId: string; fileName: string; mimeType: string; caption?: string }) =>
  messageUpdate(base, { document: { ...fileFields(base.fileId), file_name: base.fileName, mime_type: base.mimeType, file_size: 5_000 }, ...(base.caption && { caption: base.caption }) });

export const voiceUpdate = (base: UpdateBase & { fileId: string; duration?: number }) =>
  messageUpdate(base, { voice: { ...fileFields(base.fileId), duration: base.duration ?? 3, mime_type: 'audio/ogg', file_size: 9_000 } });

export const stickerUpdate = (base: UpdateBase & { fileId: string }) =>
  messageUpdate(base, { sticker: { ...fileFields(base.fileId), type: 'regular', width: 512, height: 512, is_animated: false, is_video: false, emoji: '🍕' } });

/** A message kind the channel has no content for. */
export const pollUpdate = (base: UpdateBase & { question: string }) =>
  messageUpdate(base, {
    poll: { id: String(Date.now()), question: base.question, options: [{ text: 'Yes', voter_count: 0 }, { text: 'No', voter_count: 0 }], total_voter_count: 0, is_closed: false, is_anonymous: true, type: 'regular', allows_multiple_answers: false },
  });

/** A message in a group the bot was added to. */
export const groupTextUpdate = (base: UpdateBase & { groupId: number; text: string }) =>
  messageUpdate(base, { text: base.text }, { id: base.groupId, type: 'group', title: 'Pizza lovers' });

export const editedMessageUpdate = (base: UpdateBase & { text: string }): Update => ({
  update_id: base.updateId ?? nextUpdateId(),
  edited_message: { message_id: ++lastMessageId, from: user(base), chat: privateChat(base), date: unix(base.date) - 60, edit_date: unix(base.date), text: base.text },
});

/**
 * An inline keyboard button tapped: `data` is its callback data; `message`, the bot's message the keyboard was on
 * (as the fake answered it), gives the button's text as Telegram's update carries it.
 */
export function callbackQueryUpdate(base: UpdateBase & { data: string; callbackQueryId?: string; message?: SentTelegramMessage }): Update {
  const keyboard = base.message ? (base.message.params.reply_markup as Json | undefined) : undefined;
  return {
    update_id: base.updateId ?? nextUpdateId(),
    callback_query: {
      id: base.callbackQueryId ?? `${BigInt(base.chatId) * 1000n + BigInt(Math.floor(Math.random() * 1000))}`,
      from: user(base),
      message: {
        message_id: base.message?.messageId ?? ++lastMessageId,
        from: { id: 1, is_bot: true, first_name: 'Fake Bot' },
        chat: privateChat(base),
        date: unix(base.date),
        text: base.message ? sentText(base.message) : 'Choose',
        ...(keyboard && { reply_markup: keyboard }),
      },
      chat_instance: String(-base.chatId),
      data: base.data,
    },
  };
}

/** The customer blocking the bot (`kicked`) or unblocking it (`member` after `kicked`). */
export const myChatMemberUpdate = (base: UpdateBase & { status: 'kicked' | 'member'; oldStatus?: string }): Update => ({
  update_id: base.updateId ?? nextUpdateId(),
  my_chat_member: {
    chat: privateChat(base),
    from: user(base),
    date: unix(base.date),
    old_chat_member: { user: { id: 1, is_bot: true, first_name: 'Fake Bot' }, status: base.oldStatus ?? (base.status === 'kicked' ? 'member' : 'kicked') },
    new_chat_member: { user: { id: 1, is_bot: true, first_name: 'Fake Bot' }, status: base.status, ...(base.status === 'kicked' && { until_date: 0 }) },
  },
});

/** Any other kind of update, e.g. `message_reaction` in the customer's chat. */
export const updateOfKind = (base: UpdateBase, kind: string, fields: Json = {}): Update => ({
  update_id: base.updateId ?? nextUpdateId(),
  [kind]: { chat: privateChat(base), user: user(base), date: unix(base.date), ...fields },
});
