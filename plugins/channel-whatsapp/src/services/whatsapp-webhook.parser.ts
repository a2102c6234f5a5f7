import { createHmac, timingSafeEqual } from 'node:crypto';
import type { ConsentChange, DeliveryStatus, DeliveryStatusUpdate, InboundContent, InboundMessage } from '@parley/plugin-sdk';
import type { WhatsAppAccount } from '../whatsapp-options';

export const CHANNEL = 'whatsapp';

export type SignatureCheck = 'valid' | 'missing' | 'invalid';

/**
 * Checks `X-Hub-Signature-256: sha256=<hex>`, Meta's HMAC-SHA256 of the raw body with the app secret, in constant
 * time. Nothing of the body is read before this says `valid`.
 */
export function checkSignature(appSecret: string, rawBody: Buffer, header: string | string[] | undefined): SignatureCheck {
  if (header === undefined || header === '') return 'missing';
  if (typeof header !== 'string') return 'invalid';
  const match = /^sha256=([0-9a-f]{64})$/i.exec(header.trim());
  if (!match) return 'invalid';
  const expected = createHmac('sha256', appSecret).update(rawBody).digest();
  const given = Buffer.from(match[1], 'hex');
  return timingSafeEqual(given, expected) ? 'valid' : 'invalid';
}

export interface ParsedWebhook {
  messages: InboundMessage[];
  statuses: DeliveryStatusUpdate[];
  consents: ConsentChange[];
  /** What could not be read, one reason each; the controller keeps the whole body with them (`receiveMalformed`). */
  problems: string[];
}

type Json = Record<string, unknown>;

const isRecord = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);

/** A string, or a number written as one (WhatsApp sends ids and timestamps as strings, sometimes numbers). */
function text(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return undefined;
}

/** A finite number, also from a numeric string (`"2"`, `" 12.50 "`). */
function numeric(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (typeof value === 'string' && value.trim() !== '') {
    const parsed = Number(value.trim());
    return Number.isFinite(parsed) ? parsed : undefined;
  }
  return undefined;
}

/** WhatsApp's timestamps are Unix seconds as strings. */
function secondsToDate(value: unknown, fallback: Date): Date {
  const seconds = numeric(value);
  return seconds === undefined || seconds <= 0 ? fallback : new Date(seconds * 1000);
}

/** An array as it is, a single object as a one-element array, anything else as nothing. */
function asList(value: unknown): unknown[] {
  if (Array.isArray(value)) return value;
  return isRecord(value) ? [value] : [];
}

const unknownContent = (providerType: string): InboundContent => ({ type: 'unknown', providerType });

function reply(value: unknown, providerType: string, idKey = 'id', titleKey = 'title'): InboundContent {
  if (!isRecord(value)) return unknownContent(providerType);
  const id = text(value[idKey]) ?? text(value[titleKey]);
  const title = text(value[titleKey]) ?? id;
  return id === undefined || title === undefined ? unknownContent(providerType) : { type: 'reply', id, title };
}

function cart(order: unknown): InboundContent {
  if (!isRecord(order)) return unknownContent('order');
  const items: Extract<InboundContent, { type: 'cart' }>['items'] = [];
  for (const entry of asList(order.product_items)) {
    if (!isRecord(entry)) continue;
    const productRetailerId = text(entry.product_retailer_id)?.trim();
    const quantity = numeric(entry.quantity);
    if (!productRetailerId || quantity === undefined || !Number.isInteger(quantity) || quantity < 1) continue;
    const itemPrice = numeric(entry.item_price);
    const currency = text(entry.currency)?.trim();
    items.push({
      productRetailerId,
      quantity,
      ...(itemPrice !== undefined && { itemPrice }),
      ...(currency && { currency: currency.toUpperCase() }),
    });
  }
  const catalogId = text(order.catalog_id);
  const note = text(order.text);
  return { type: 'cart', ...(catalogId && { catalogId }), items, ...(note && { text: note }) };
}

function location(value: unknown): InboundContent {
  if (!isRecord(value)) return unknownContent('location');
  const latitude = numeric(value.latitude);
  const longitude = numeric(value.longitude);
  if (latitude === undefined || longitude === undefined || Math.abs(latitude) > 90 || Math.abs(longitude) > 180) {
    return unknownContent('location');
  }
  const name = text(value.name);
  const address = text(value.address);
  return { type: 'location', latitude, longitude, ...(name && { name }), ...(address && { address }) };
}

const MEDIA_KINDS = ['image', 'audio', 'video', 'document', 'sticker'] as const;
type MediaKind = (typeof MEDIA_KINDS)[number];

function media(kind: MediaKind, value: unknown): InboundContent {
  const fields = isRecord(value) ? value : {};
  const providerMediaId = text(fields.id);
  const mimeType = text(fields.mime_type);
  const caption = text(fields.caption);
  return {
    type: 'media',
    mediaKind: kind,
    ...(providerMediaId && { providerMediaId }),
    ...(mimeType && { mimeType }),
    ...(caption && { caption }),
  };
}

function contacts(value: unknown): InboundContent {
  const cards = asList(value)
    .filter(isRecord)
    .map((card) => {
      const name = isRecord(card.name) ? card.name : {};
      const formatted = text(name.formatted_name) ?? [text(name.first_name), text(name.last_name)].filter(Boolean).join(' ');
      const phones = asList(card.phones)
        .filter(isRecord)
        .map((phone) => text(phone.phone) ?? text(phone.wa_id))
        .filter((phone): phone is string => !!phone);
      return { name: formatted, phones };
    });
  return cards.length === 0 ? unknownContent('contacts') : { type: 'contacts', contacts: cards };
}

/** One WhatsApp message as channel-neutral content. Types it doesn't know become `unknown`: never dropped. */
export function inboundContent(message: Json): InboundContent {
  const type = text(message.type) ?? 'missing';
  switch (type) {
    case 'text': {
      const body = isRecord(message.text) ? text(message.text.body) : undefined;
      return body === undefined ? unknownContent('text') : { type: 'text', text: body };
    }
    case 'interactive': {
      const interactive = isRecord(message.interactive) ? message.interactive : {};
      const kind = text(interactive.type);
      if (kind === 'button_reply') return reply(interactive.button_reply, 'interactive.button_reply');
      if (kind === 'list_reply') return reply(interactive.list_reply, 'interactive.list_reply');
      return unknownContent(`interactive.${kind ?? 'missing'}`);
    }
    case 'button':
      // A template's quick-reply button: the payload set in the template is the id.
      return reply(message.button, 'button', 'payload', 'text');
    case 'order':
      return cart(message.order);
    case 'location':
      return location(message.location);
    case 'contacts':
      return contacts(message.contacts);
    default:
      if ((MEDIA_KINDS as readonly string[]).includes(type)) return media(type as MediaKind, message[type]);
      // `unsupported` (error 131051), reactions, system notices, and whatever WhatsApp adds next.
      return unknownContent(type);
  }
}

function contactName(contactsList: unknown, waId: string): string | undefined {
  const list = asList(contactsList).filter(isRecord);
  const match = list.find((contact) => text(contact.wa_id) === waId) ?? (list.length === 1 && list[0].wa_id === undefined ? list[0] : undefined);
  const name = match && isRecord(match.profile) ? text(match.profile.name) : undefined;
  return name?.trim() ? name : undefined;
}

const STATUSES: readonly DeliveryStatus[] = ['sent', 'delivered', 'read', 'failed'];

function statusUpdate(status: Json, now: Date, problems: string[], where: string): DeliveryStatusUpdate | undefined {
  const providerMessageId = text(status.id);
  const kind = text(status.status);
  if (!providerMessageId || !kind) {
    problems.push(`${where}: a status without id or status`);
    return undefined;
  }
  // Other statuses (`deleted`, `warning`, ...) are acknowledged and ignored: they say nothing about delivery.
  if (!STATUSES.includes(kind as DeliveryStatus)) return undefined;
  const messageId = text(status.biz_opaque_callback_data);
  const firstError = asList(status.errors).find(isRecord);
  let error: DeliveryStatusUpdate['error'];
  if (firstError) {
    const title = text(firstError.title);
    const detail = (isRecord(firstError.error_data) ? text(firstError.error_data.details) : undefined) ?? text(firstError.message);
    const reason = [title, detail].filter((part, index, parts): part is string => !!part && parts.indexOf(part) === index).join(': ');
    error = { code: text(firstError.code) ?? 'unknown', reason: reason || 'no reason given' };
  }
  return {
    channel: CHANNEL,
    providerMessageId,
    ...(messageId && { messageId }),
    status: kind as DeliveryStatus,
    at: secondsToDate(status.timestamp, now),
    ...(error && { error }),
  };
}

function messagesChange(value: Json, account: WhatsAppAccount, result: ParsedWebhook, now: Date, where: string): void {
  if (value.messages !== undefined && !Array.isArray(value.messages)) result.problems.push(`${where}: value.messages is not a list`);
  if (value.statuses !== undefined && !Array.isArray(value.statuses)) result.problems.push(`${where}: value.statuses is not a list`);
  for (const [index, message] of (Array.isArray(value.messages) ? value.messages : []).entries()) {
    const at = `${where}.messages[${index}]`;
    if (!isRecord(message)) {
      result.problems.push(`${at}: not an object`);
      continue;
    }
    const providerMessageId = text(message.id);
    const from = text(message.from);
    if (!providerMessageId || !from) {
      result.problems.push(`${at}: a message without id or from`);
      continue;
    }
    const name = contactName(value.contacts, from);
    const context = isRecord(message.context) ? message.context : {};
    const referredProductId = isRecord(context.referred_product) ? text(context.referred_product.product_retailer_id) : undefined;
    result.messages.push({
      channel: CHANNEL,
      storeSlug: account.storeSlug,
      accountId: account.phoneNumberId,
      providerMessageId,
      from: { channelUserId: from, ...(name && { name }) },
      receivedAt: secondsToDate(message.timestamp, now),
      content: inboundContent(message),
      ...(referredProductId && { referredProductId }),
      raw: message,
    });
  }
  for (const [index, status] of (Array.isArray(value.statuses) ? value.statuses : []).entries()) {
    if (!isRecord(status)) {
      result.problems.push(`${where}.statuses[${index}]: not an object`);
      continue;
    }
    const update = statusUpdate(status, now, result.problems, `${where}.statuses[${index}]`);
    if (update) result.statuses.push(update);
  }
}

function preferencesChange(value: Json, account: WhatsAppAccount, result: ParsedWebhook, now: Date, where: string): void {
  if (!Array.isArray(value.user_preferences)) {
    result.problems.push(`${where}: value.user_preferences is not a list`);
    return;
  }
  for (const [index, preference] of value.user_preferences.entries()) {
    const at = `${where}.user_preferences[${index}]`;
    if (!isRecord(preference)) {
      result.problems.push(`${at}: not an object`);
      continue;
    }
    // Only marketing messages can be stopped this way today; other categories are acknowledged and ignored.
    if (text(preference.category) !== 'marketing_messages') continue;
    const waId = text(preference.wa_id);
    const choice = text(preference.value);
    if (!waId || (choice !== 'stop' && choice !== 'resume')) {
      result.problems.push(`${at}: a preference without wa_id or with a value other than stop/resume`);
      continue;
    }
    result.consents.push({
      channel: CHANNEL,
      storeSlug: account.storeSlug,
      channelUserId: waId,
      scope: 'marketing',
      optedIn: choice === 'resume',
      at: secondsToDate(preference.timestamp, now),
      via: 'whatsapp user_preferences',
    });
  }
}

/**
 * Reads a webhook body whose signature has verified. Never throws: whatever can be read is returned, and what can't
 * is described in `problems` (the body then goes to `receiveMalformed`). Changes of fields the channel doesn't use
 * (template status, account updates, ...) are acknowledged and ignored.
 */
export function parseWebhook(body: string, accounts: readonly WhatsAppAccount[], now = new Date()): ParsedWebhook {
  const result: ParsedWebhook = { messages: [], statuses: [], consents: [], problems: [] };
  let payload: unknown;
  try {
    payload = JSON.parse(body);
  } catch {
    result.problems.push('the body is not JSON');
    return result;
  }
  if (!isRecord(payload) || payload.object !== 'whatsapp_business_account' || !Array.isArray(payload.entry)) {
    result.problems.push('not a WhatsApp Business Account webhook (expected object "whatsapp_business_account" and an entry list)');
    return result;
  }
  for (const [entryIndex, entry] of payload.entry.entries()) {
    if (!isRecord(entry) || !Array.isArray(entry.changes)) {
      result.problems.push(`entry[${entryIndex}]: no changes list`);
      continue;
    }
    for (const [changeIndex, change] of entry.changes.entries()) {
      const where = `entry[${entryIndex}].changes[${changeIndex}]`;
      if (!isRecord(change) || typeof change.field !== 'string' || !isRecord(change.value)) {
        result.problems.push(`${where}: not a { field, value } change`);
        continue;
      }
      if (change.field !== 'messages' && change.field !== 'user_preferences') continue;
      const phoneNumberId = isRecord(change.value.metadata) ? text(change.value.metadata.phone_number_id) : undefined;
      const account = phoneNumberId === undefined ? undefined : accounts.find((candidate) => candidate.phoneNumberId === phoneNumberId);
      if (!account) {
        result.problems.push(
          phoneNumberId === undefined
            ? `${where}: no value.metadata.phone_number_id`
            : `${where}: phone_number_id ${phoneNumberId} is not one of the configured accounts`,
        );
        continue;
      }
      if (change.field === 'messages') messagesChange(change.value, account, result, now, where);
      else preferencesChange(change.value, account, result, now, where);
    }
  }
  return result;
}
