import { createHash, createHmac, randomBytes } from 'node:crypto';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { FakeReply } from '@parley/testing';

// For tests only (excluded from the build, not exported from the plugin): a loopback stand-in for WhatsApp's Graph
// API and media CDN, answering with the documented shapes, plus builders for signed webhook payloads. Only types
// come from @parley/testing, so using it loads nothing of the core.

type Json = Record<string, unknown>;

/** One request the fake received. */
export interface GraphCall {
  method: string;
  /** The path without the query string, e.g. `/v21.0/1001/messages`. */
  path: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  /** The body parsed as JSON; undefined when empty or not JSON. */
  body: unknown;
}

/** A message the fake accepted. */
export interface SentMessage {
  version: string;
  phoneNumberId: string;
  to: string;
  type: string;
  /** The `wamid...` the fake answered. */
  id: string;
  /** The request body as sent (`messaging_product`, `to`, `type`, `biz_opaque_callback_data`, ...). */
  body: Json;
  headers: IncomingHttpHeaders;
  /** When the fake accepted it (ms since the epoch). */
  receivedAt: number;
}

/** An answer a test scripts: status, body, headers, and optionally a delay before it (to provoke timeouts). */
export type ScriptedReply = FakeReply & { delayMs?: number };

export interface FakeGraphApiOptions {
  /** The token each phone number id must be called with; without it, any bearer token is accepted. */
  tokens?: Record<string, string>;
}

export interface FakeGraphApi {
  /** Base URL for the plugin's `graphApiBaseUrl`. */
  url: string;
  port: number;
  /** Every request to the Graph API, in order. */
  calls: GraphCall[];
  /** The messages accepted, in order (scripted failures and invalid messages are only in `calls`). */
  sent: SentMessage[];
  /** Every request to the media CDN (the short-lived download URLs). */
  downloads: GraphCall[];
  /** Resolves with how many messages were accepted once at least `count` were; fails after `timeoutMs`. */
  waitForSent(count: number, timeoutMs?: number): Promise<number>;
  /**
   * Answers the next Graph API requests (any route) with these replies, one each, before the normal behaviour;
   * `'ok'` lets one request through as usual: `failNext('ok', graphErrors.temporary())` fails the second.
   */
  failNext(...replies: (ScriptedReply | 'ok')[]): void;
  /** Answers every message to this recipient (`to`) with the reply, `times` times (default: until `reset`). */
  failFor(to: string, reply: ScriptedReply, times?: number): void;
  /** Serves media: `GET /{version}/{id}` gives its metadata and a download URL on the fake CDN. */
  addMedia(id: string, bytes: Buffer, mimeType: string): void;
  /**
   * From now on, answers each message it accepts with a signed `sent` status webhook POSTed to `url`, as WhatsApp does
   * (tied to our id through `biz_opaque_callback_data`).
   */
  sendStatusesTo(url: string, appSecret: string): void;
  /** Answers about `ratio` of the message sends with a 429 (throughput) or a 500 at random, until `stop()`. */
  failRandomly(ratio: number): { stop(): void };
  /** Forgets calls, sent messages, downloads and scripted failures (media stay). */
  reset(): void;
  close(): Promise<void>;
}

/** A Graph API error answer as Meta sends it. */
export function graphError(
  code: number,
  message: string,
  options: { status?: number; subcode?: number; details?: string; type?: string; headers?: Record<string, string> } = {},
): ScriptedReply {
  return {
    status: options.status ?? 400,
    headers: options.headers,
    body: {
      error: {
        message,
        type: options.type ?? 'OAuthException',
        code,
        ...(options.subcode !== undefined && { error_subcode: options.subcode }),
        error_data: { messaging_product: 'whatsapp', details: options.details ?? message },
        fbtrace_id: `A${randomBytes(8).toString('base64url')}`,
      },
    },
  };
}

/** The errors the channel meets most, as Meta documents them. */
export const graphErrors = {
  /** Outside the 24 h customer-service window: only a template may be sent. */
  reEngagement: () =>
    graphError(131047, 'Re-engagement message', {
      details: 'Message failed to send because more than 24 hours have passed since the customer last replied to this number.',
    }),
  /** Throughput of the number reached; `retryAfterSeconds` adds a Retry-After header. */
  throughput: (retryAfterSeconds?: number) =>
    graphError(130429, 'Rate limit hit', {
      status: 429,
      details: 'Cloud API message throughput has been reached.',
      headers: retryAfterSeconds === undefined ? undefined : { 'retry-after': String(retryAfterSeconds) },
    }),
  pairRateLimit: () => graphError(131056, '(Business Account, Consumer Account) pair rate limit hit'),
  appRateLimit: () => graphError(4, '(#4) Application request limit reached'),
  temporary: () => graphError(131000, 'Something went wrong', { status: 500 }),
  serverError: (): ScriptedReply => ({ status: 503, headers: { 'content-type': 'text/html' }, body: '<html>Service Unavailable</html>' }),
  undeliverable: () => graphError(131026, 'Message undeliverable'),
  marketingStopped: () => graphError(131050, 'Unable to deliver message: the user has stopped marketing messages'),
  invalidParameter: (details = 'Invalid parameter') => graphError(100, '(#100) Invalid parameter', { details }),
  invalidToken: () => graphError(190, 'Invalid OAuth access token - Cannot parse access token', { status: 401 }),
  templateMissing: () => graphError(132001, 'Template name does not exist in the translation'),
};

const length = (value: unknown) => (typeof value === 'string' ? value.length : -1);
const isRecord = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);

/** WhatsApp's own checks of a message body, enough to catch what goes out beyond its limits. */
function invalidMessage(body: Json): string | undefined {
  if (body.messaging_product !== 'whatsapp') return 'messaging_product must be whatsapp';
  if (typeof body.to !== 'string' || body.to === '') return 'to is required';
  if (body.biz_opaque_callback_data !== undefined && length(body.biz_opaque_callback_data) > 512) return 'biz_opaque_callback_data is longer than 512';
  const type = body.type;
  if (type === 'text') {
    const text = isRecord(body.text) ? body.text.body : undefined;
    return length(text) < 1 || length(text) > 4096 ? 'text.body must have 1 to 4096 characters' : undefined;
  }
  if (type === 'image') {
    const image = isRecord(body.image) ? body.image : {};
    if (typeof image.link !== 'string' && typeof image.id !== 'string') return 'image.link or image.id is required';
    return length(image.caption) > 1024 ? 'image.caption is longer than 1024' : undefined;
  }
  if (type === 'template') {
    const template = isRecord(body.template) ? body.template : {};
    return typeof template.name !== 'string' || !isRecord(template.language) ? 'template.name and template.language are required' : undefined;
  }
  if (type !== 'interactive' || !isRecord(body.interactive)) return `unsupported message type ${String(type)}`;
  const interactive = body.interactive;
  const action = isRecord(interactive.action) ? interactive.action : {};
  const bodyText = isRecord(interactive.body) ? interactive.body.text : undefined;
  const sections = Array.isArray(action.sections) ? action.sections.filter(isRecord) : [];
  switch (interactive.type) {
    case 'button': {
      const buttons = Array.isArray(action.buttons) ? action.buttons.filter(isRecord) : [];
      if (length(bodyText) < 1 || length(bodyText) > 1024) return 'interactive.body.text must have 1 to 1024 characters';
      if (buttons.length < 1 || buttons.length > 3) return 'a button message has 1 to 3 buttons';
      const replies = buttons.map((button) => (isRecord(button.reply) ? button.reply : {}));
      if (replies.some((reply) => length(reply.title) < 1 || length(reply.title) > 20)) return 'button titles have 1 to 20 characters';
      return replies.some((reply) => length(reply.id) < 1 || length(reply.id) > 256) ? 'button ids have 1 to 256 characters' : undefined;
    }
    case 'list': {
      const rows = sections.flatMap((section) => (Array.isArray(section.rows) ? section.rows.filter(isRecord) : []));
      if (length(bodyText) < 1 || length(bodyText) > 4096) return 'interactive.body.text must have 1 to 4096 characters';
      if (length(action.button) < 1 || length(action.button) > 20) return 'action.button has 1 to 20 characters';
      if (sections.length < 1 || sections.length > 10) return 'a list has 1 to 10 sections';
      if (sections.length > 1 && sections.some((section) => length(section.title) < 1)) return 'sections need a title when there are several';
      if (sections.some((section) => length(section.title) > 24)) return 'section titles have at most 24 characters';
      if (rows.length < 1 || rows.length > 10) return 'a list has 1 to 10 rows in total';
      if (rows.some((row) => length(row.title) < 1 || length(row.title) > 24)) return 'row titles have 1 to 24 characters';
      if (rows.some((row) => length(row.id) < 1 || length(row.id) > 200)) return 'row ids have 1 to 200 characters';
      return rows.some((row) => length(row.description) > 72) ? 'row descriptions have at most 72 characters' : undefined;
    }
    case 'product':
      if (bodyText !== undefined && length(bodyText) > 1024) return 'interactive.body.text is longer than 1024';
      return typeof action.catalog_id === 'string' && typeof action.product_retailer_id === 'string' ? undefined : 'catalog_id and product_retailer_id are required';
    case 'product_list': {
      const header = isRecord(interactive.header) ? interactive.header.text : undefined;
      const items = sections.flatMap((section) => (Array.isArray(section.product_items) ? section.product_items : []));
      if (length(header) < 1 || length(header) > 60) return 'a product list needs a text header of 1 to 60 characters';
      if (length(bodyText) < 1 || length(bodyText) > 1024) return 'interactive.body.text must have 1 to 1024 characters';
      if (typeof action.catalog_id !== 'string') return 'catalog_id is required';
      if (sections.length < 1 || sections.length > 10) return 'a product list has 1 to 10 sections';
      if (sections.some((section) => length(section.title) < 1 || length(section.title) > 24)) return 'section titles have 1 to 24 characters';
      return items.length < 1 || items.length > 30 ? 'a product list has 1 to 30 products' : undefined;
    }
    case 'location_request_message':
      if (length(bodyText) < 1 || length(bodyText) > 1024) return 'interactive.body.text must have 1 to 1024 characters';
      return action.name === 'send_location' ? undefined : 'action.name must be send_location';
    case 'cta_url': {
      const parameters = isRecord(action.parameters) ? action.parameters : {};
      if (length(bodyText) < 1 || length(bodyText) > 1024) return 'interactive.body.text must have 1 to 1024 characters';
      if (length(parameters.display_text) < 1 || length(parameters.display_text) > 20) return 'display_text has 1 to 20 characters';
      return typeof parameters.url === 'string' && /^https?:\/\//.test(parameters.url) ? undefined : 'url must be an http(s) URL';
    }
    default:
      return `unsupported interactive type ${String(interactive.type)}`;
  }
}

function parseBody(body: Buffer): unknown {
  if (body.length === 0) return undefined;
  try {
    return JSON.parse(body.toString('utf8'));
  } catch {
    return undefined;
  }
}

const bearer = (headers: IncomingHttpHeaders) => /^Bearer (\S+)$/.exec(headers.authorization ?? '')?.[1];
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Starts the fake Graph API on 127.0.0.1, media CDN included (`/whatsapp_business/attachments/`, the download URLs
 * the media lookup answers). Like `startFakeServer` from @parley/testing, but on its own: it must send media bytes
 * (startFakeServer writes every body as JSON), and a unit test using it shouldn't have to load the whole core.
 */
export async function startFakeGraphApi(options: FakeGraphApiOptions = {}): Promise<FakeGraphApi> {
  const calls: GraphCall[] = [];
  const sent: SentMessage[] = [];
  const downloads: GraphCall[] = [];
  const queue: (ScriptedReply | 'ok')[] = [];
  const rules = new Map<string, { reply: ScriptedReply; left: number }>();
  const media = new Map<string, { bytes: Buffer; mimeType: string }>();
  const tokenFor = (phoneNumberId: string) => options.tokens?.[phoneNumberId];
  const knownToken = (token: string | undefined) => token !== undefined && (options.tokens === undefined || Object.values(options.tokens).includes(token));
  let baseUrl = '';
  let statuses: { url: string; appSecret: string } | null = null;
  let randomFailures = 0;

  const postStatus = (message: SentMessage) => {
    if (!statuses) return;
    const payload = messagesWebhook({
      phoneNumberId: message.phoneNumberId,
      statuses: [statusUpdate({ id: message.id, status: 'sent', recipient: message.to, messageId: (message.body.biz_opaque_callback_data as string | undefined) ?? undefined })],
    });
    const signed = signedWebhook(statuses.appSecret, payload);
    // Like Meta: a moment after the answer, and a failed delivery of the webhook is simply not retried here.
    setTimeout(() => void fetch(statuses!.url, { method: 'POST', headers: signed.headers, body: signed.body }).catch(() => undefined), 5);
  };

  const answer = async (reply: ScriptedReply): Promise<FakeReply> => {
    if (reply.delayMs) await sleep(reply.delayMs);
    return { status: reply.status, headers: reply.headers, body: reply.body };
  };

  const download = (call: GraphCall): FakeReply => {
    downloads.push(call);
    const file = media.get(call.query.get('mid') ?? '');
    if (!knownToken(bearer(call.headers))) return { status: 401, headers: { 'content-type': 'text/plain' }, body: 'Unauthorized' };
    if (!file) return { status: 404, headers: { 'content-type': 'text/plain' }, body: 'Not Found' };
    return { status: 200, headers: { 'content-type': file.mimeType }, body: file.bytes };
  };

  const graphApi = async (call: GraphCall): Promise<FakeReply> => {
    calls.push(call);
    const scripted = queue.shift();
    if (scripted && scripted !== 'ok') return answer(scripted);

    const token = bearer(call.headers);
    const send = /^\/(v\d+\.\d+)\/(\d+)\/messages$/.exec(call.path);
    if (call.method === 'POST' && send) {
      const [, version, phoneNumberId] = send;
      if (token === undefined || (tokenFor(phoneNumberId) !== undefined && tokenFor(phoneNumberId) !== token)) return graphErrors.invalidToken();
      if (!isRecord(call.body)) return graphErrors.invalidParameter('The request body is not JSON');
      const to = typeof call.body.to === 'string' ? call.body.to : '';
      const rule = rules.get(to);
      if (rule && rule.left > 0) {
        rule.left -= 1;
        return answer(rule.reply);
      }
      const invalid = invalidMessage(call.body);
      if (invalid) return graphError(131009, '(#131009) Parameter value is not valid', { details: invalid });
      if (randomFailures > 0 && Math.random() < randomFailures) {
        return Math.random() < 0.5 ? graphErrors.throughput(1) : graphErrors.temporary();
      }
      const id = wamid();
      const accepted: SentMessage = { version, phoneNumberId, to, type: String(call.body.type), id, body: call.body, headers: call.headers, receivedAt: Date.now() };
      sent.push(accepted);
      postStatus(accepted);
      return { status: 200, body: { messaging_product: 'whatsapp', contacts: [{ input: to, wa_id: to.replace(/\D/g, '') }], messages: [{ id }] } };
    }
    const lookup = /^\/v\d+\.\d+\/(\d+)$/.exec(call.path);
    if (call.method === 'GET' && lookup) {
      if (!knownToken(token)) return graphErrors.invalidToken();
      const file = media.get(lookup[1]);
      if (!file) {
        return graphError(100, `Unsupported get request. Object with ID '${lookup[1]}' does not exist, cannot be loaded due to missing permissions, or does not support this operation.`, {
          subcode: 33,
          type: 'GraphMethodException',
        });
      }
      return {
        status: 200,
        body: {
          messaging_product: 'whatsapp',
          url: `${baseUrl}/whatsapp_business/attachments/?mid=${lookup[1]}&ext=${Math.floor(Date.now() / 1000) + 300}&hash=ATu${randomBytes(6).toString('hex')}`,
          mime_type: file.mimeType,
          sha256: createHash('sha256').update(file.bytes).digest('hex'),
          file_size: file.bytes.length,
          id: lookup[1],
        },
      };
    }
    return graphError(100, `Unsupported ${call.method} request.`, { type: 'GraphMethodException' });
  };

  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', async () => {
      const url = new URL(request.url ?? '/', 'http://fake');
      const call: GraphCall = { method: request.method ?? 'GET', path: url.pathname, query: url.searchParams, headers: request.headers, body: parseBody(Buffer.concat(chunks)) };
      let reply: FakeReply;
      try {
        reply = url.pathname === '/whatsapp_business/attachments/' ? download(call) : await graphApi(call);
      } catch (error) {
        reply = { status: 500, body: { error: { message: (error as Error).message, code: 1 } } };
      }
      if (response.destroyed) return;
      const body = reply.body === undefined ? '' : Buffer.isBuffer(reply.body) || typeof reply.body === 'string' ? reply.body : JSON.stringify(reply.body);
      response.writeHead(reply.status ?? 200, { 'content-type': 'application/json', ...reply.headers });
      response.end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  baseUrl = `http://127.0.0.1:${port}`;

  return {
    url: baseUrl,
    port,
    calls,
    sent,
    downloads,
    waitForSent: async (count, timeoutMs = 60_000) => {
      const deadline = Date.now() + timeoutMs;
      while (sent.length < count) {
        if (Date.now() > deadline) throw new Error(`Only ${sent.length} of ${count} messages arrived within ${timeoutMs} ms`);
        await sleep(20);
      }
      return sent.length;
    },
    failNext: (...replies) => void queue.push(...replies),
    failFor: (to, reply, times = Number.POSITIVE_INFINITY) => void rules.set(to, { reply, left: times }),
    addMedia: (id, bytes, mimeType) => void media.set(id, { bytes, mimeType }),
    sendStatusesTo: (url, appSecret) => {
      statuses = { url, appSecret };
    },
    failRandomly: (ratio) => {
      randomFailures = ratio;
      return { stop: () => void (randomFailures = 0) };
    },
    reset: () => {
      calls.length = 0;
      sent.length = 0;
      downloads.length = 0;
      queue.length = 0;
      rules.clear();
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Webhook payloads, as WhatsApp documents them.

/** `sha256=<hex>`: the X-Hub-Signature-256 value Meta sends for this body. */
export function signature(appSecret: string, body: string | Buffer): string {
  return `sha256=${createHmac('sha256', appSecret).update(body).digest('hex')}`;
}

/** A webhook body (the payload, or a string as it is) and the headers Meta sends with it, signed with `appSecret`. */
export function signedWebhook(appSecret: string, payload: unknown): { body: string; headers: Record<string, string> } {
  const body = typeof payload === 'string' ? payload : JSON.stringify(payload);
  return { body, headers: { 'content-type': 'application/json', 'x-hub-signature-256': signature(appSecret, body) } };
}

/** A fresh `wamid...`. */
export const wamid = () => `wamid.${randomBytes(24).toString('base64url')}`;

const seconds = (at?: Date | number | string) =>
  at === undefined ? String(Math.floor(Date.now() / 1000)) : at instanceof Date ? String(Math.floor(at.getTime() / 1000)) : String(at);

/** What every inbound message has: the sender's wa_id, and optionally its id, time and reply context. */
export interface MessageBase {
  from: string;
  id?: string;
  timestamp?: Date | number | string;
  /** e.g. `{ from, id }` of the message replied to, or `{ referred_product: { catalog_id, product_retailer_id } }`. */
  context?: Json;
}

function message(base: MessageBase, type: string, fields: Json): Json {
  return { from: base.from, id: base.id ?? wamid(), timestamp: seconds(base.timestamp), ...(base.context && { context: base.context }), type, ...fields };
}

export const textMessage = (base: MessageBase & { text: string }) => message(base, 'text', { text: { body: base.text } });

export const buttonReplyMessage = (base: MessageBase & { replyId: string; title: string }) =>
  message(base, 'interactive', { interactive: { type: 'button_reply', button_reply: { id: base.replyId, title: base.title } } });

export const listReplyMessage = (base: MessageBase & { replyId: string; title: string; description?: string }) =>
  message(base, 'interactive', {
    interactive: { type: 'list_reply', list_reply: { id: base.replyId, title: base.title, ...(base.description && { description: base.description }) } },
  });

/** A template's quick-reply button (type `button`). */
export const quickReplyMessage = (base: MessageBase & { payload: string; text: string }) =>
  message(base, 'button', { button: { payload: base.payload, text: base.text } });

/** A cart sent from the catalog. Prices are per unit in the currency's major unit, as WhatsApp sends them. */
export const orderMessage = (base: MessageBase & { catalogId: string; text?: string; items: { retailerId: string; quantity: number; price: number; currency: string }[] }) =>
  message(base, 'order', {
    order: {
      catalog_id: base.catalogId,
      ...(base.text && { text: base.text }),
      product_items: base.items.map((item) => ({ product_retailer_id: item.retailerId, quantity: item.quantity, item_price: item.price, currency: item.currency })),
    },
  });

export const locationMessage = (base: MessageBase & { latitude: number; longitude: number; name?: string; address?: string }) =>
  message(base, 'location', {
    location: { latitude: base.latitude, longitude: base.longitude, ...(base.name && { name: base.name }), ...(base.address && { address: base.address }) },
  });

export const mediaMessage = (
  kind: 'image' | 'audio' | 'video' | 'document' | 'sticker',
  base: MessageBase & { mediaId: string; mimeType?: string; caption?: string; filename?: string },
) =>
  message(base, kind, {
    [kind]: {
      id: base.mediaId,
      mime_type: base.mimeType ?? { image: 'image/jpeg', audio: 'audio/ogg; codecs=opus', video: 'video/mp4', document: 'application/pdf', sticker: 'image/webp' }[kind],
      sha256: randomBytes(32).toString('base64'),
      ...(base.caption && { caption: base.caption }),
      ...(base.filename && { filename: base.filename }),
    },
  });

export const imageMessage = (base: MessageBase & { mediaId: string; mimeType?: string; caption?: string }) => mediaMessage('image', base);

export const contactsMessage = (base: MessageBase & { contacts: { name: string; phones: string[] }[] }) =>
  message(base, 'contacts', {
    contacts: base.contacts.map((contact) => ({
      name: { formatted_name: contact.name, first_name: contact.name.split(' ')[0] },
      phones: contact.phones.map((phone) => ({ phone, type: 'CELL' })),
    })),
  });

/** What WhatsApp sends for a message type the Cloud API doesn't support (error 131051). */
export const unsupportedMessage = (base: MessageBase) =>
  message(base, 'unsupported', {
    errors: [{ code: 131051, title: 'Message type unknown', message: 'Message type unknown', error_data: { details: 'Message type is currently not supported.' } }],
  });

/** A delivery status of a message the business sent. */
export function statusUpdate(fields: {
  id: string;
  status: 'sent' | 'delivered' | 'read' | 'failed';
  recipient: string;
  /** Our own message id, echoed from `biz_opaque_callback_data`. */
  messageId?: string;
  timestamp?: Date | number | string;
  error?: { code: number; title: string; message?: string; details?: string };
}): Json {
  return {
    id: fields.id,
    status: fields.status,
    timestamp: seconds(fields.timestamp),
    recipient_id: fields.recipient,
    ...(fields.messageId && { biz_opaque_callback_data: fields.messageId }),
    ...(fields.status !== 'failed' && {
      conversation: { id: randomBytes(16).toString('hex'), origin: { type: 'service' } },
      pricing: { billable: true, pricing_model: 'PMP', category: 'service', type: 'regular' },
    }),
    ...(fields.error && {
      errors: [
        {
          code: fields.error.code,
          title: fields.error.title,
          message: fields.error.message ?? fields.error.title,
          ...(fields.error.details && { error_data: { details: fields.error.details } }),
        },
      ],
    }),
  };
}

const metadata = (phoneNumberId: string, displayPhoneNumber = '15550001234') => ({ display_phone_number: displayPhoneNumber, phone_number_id: phoneNumberId });

const envelope = (field: string, value: Json, wabaId = '102290129340398') => ({
  object: 'whatsapp_business_account',
  entry: [{ id: wabaId, changes: [{ value, field }] }],
});

/**
 * A `messages` webhook for the number `phoneNumberId`: inbound messages (with a contact per sender, named from
 * `names` or "WhatsApp User"), and/or statuses.
 */
export function messagesWebhook(fields: { phoneNumberId: string; messages?: Json[]; statuses?: Json[]; names?: Record<string, string>; displayPhoneNumber?: string; wabaId?: string }) {
  const senders = [...new Set((fields.messages ?? []).map((entry) => String(entry.from)))];
  return envelope(
    'messages',
    {
      messaging_product: 'whatsapp',
      metadata: metadata(fields.phoneNumberId, fields.displayPhoneNumber),
      ...(senders.length > 0 && { contacts: senders.map((waId) => ({ profile: { name: fields.names?.[waId] ?? 'WhatsApp User' }, wa_id: waId })) }),
      ...(fields.messages && { messages: fields.messages }),
      ...(fields.statuses && { statuses: fields.statuses }),
    },
    fields.wabaId,
  );
}

/** A `user_preferences` webhook: customers stopping or resuming marketing messages. */
export function userPreferencesWebhook(fields: {
  phoneNumberId: string;
  preferences: { waId: string; value: 'stop' | 'resume'; timestamp?: Date | number | string; name?: string }[];
  wabaId?: string;
}) {
  return envelope(
    'user_preferences',
    {
      messaging_product: 'whatsapp',
      metadata: metadata(fields.phoneNumberId),
      contacts: fields.preferences.map((preference) => ({ profile: { name: preference.name ?? 'WhatsApp User' }, wa_id: preference.waId })),
      user_preferences: fields.preferences.map((preference) => ({
        wa_id: preference.waId,
        detail: preference.value === 'stop' ? 'User requested to stop marketing messages' : 'User requested to resume marketing messages',
        category: 'marketing_messages',
        value: preference.value,
        timestamp: seconds(preference.timestamp),
      })),
    },
    fields.wabaId,
  );
}
