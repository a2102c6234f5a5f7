import { createHash } from 'node:crypto';
import { ChannelSendError, type ListSection, type OutboundContent, type ReplyButton, splitForBody, splitText, truncate } from '@parley/plugin-sdk';

/** Telegram Bot API limits: texts in UTF-16 code units (as Telegram counts them), callback data in bytes. */
export const LIMITS = {
  text: 4096,
  caption: 1024,
  callbackDataBytes: 64,
  /** Telegram sets no hard limit on a button's text, but shows little more than this on a phone. */
  buttonText: 64,
  /** Buttons in one inline keyboard. */
  keyboardButtons: 100,
  url: 2048,
} as const;

/**
 * Labels Telegram needs that the channel-neutral content doesn't carry, in English. The core gives its own label for
 * payment links (in the customer's language); a location request has none in the SDK.
 */
export const DEFAULT_LABELS = { paymentButton: 'Pay now', shareLocation: '📍 Send my location' } as const;

/** One Bot API call, without `chat_id`: the method and its JSON parameters. */
export interface TelegramCall {
  method: 'sendMessage' | 'sendPhoto';
  params: Record<string, unknown>;
}

/** Marks callback data that stands for a longer id, kept by the plugin (see CallbackDataService). */
export const MAPPED_PREFIX = '~';

/**
 * The `callback_data` of a button: the id itself when it fits Telegram's 64 bytes, else `~` and the SHA-256 of the id
 * (44 bytes), which the plugin maps back to the id when the button is tapped. The same id always gives the same data.
 */
export function callbackDataFor(id: string): string {
  if (id === '') throw renderError('A button id must not be empty');
  if (Buffer.byteLength(id, 'utf8') <= LIMITS.callbackDataBytes && !id.startsWith(MAPPED_PREFIX)) return id;
  return `${MAPPED_PREFIX}${createHash('sha256').update(id, 'utf8').digest('base64url')}`;
}

/** The ids of every button of a content, to map those too long for callback data before sending. */
export function buttonIds(content: OutboundContent): string[] {
  if (content.type === 'buttons') return content.buttons.map((button) => button.id);
  if (content.type === 'list') return content.sections.flatMap((section) => section.rows.map((row) => row.id));
  return [];
}

function renderError(message: string): ChannelSendError {
  return new ChannelSendError(message, false, undefined, 'render');
}

const message = (text: string, replyMarkup?: Record<string, unknown>): TelegramCall => ({
  method: 'sendMessage',
  params: { text, ...(replyMarkup && { reply_markup: replyMarkup }) },
});

const texts = (text: string) => splitText(text, LIMITS.text).map((part) => message(part));

/** The text's leading parts as plain messages, then its last part with the keyboard: nothing of the text is lost. */
function withKeyboard(text: string, replyMarkup: Record<string, unknown>): TelegramCall[] {
  const { before, body } = splitForBody(text.trim() === '' ? '…' : text, LIMITS.text, LIMITS.text);
  return [...before.map((part) => message(part)), message(body, replyMarkup)];
}

/** One button per row: titles stay readable on a phone, and the order is the order of the choices. */
const inlineKeyboard = (choices: { id: string; text: string }[]) => ({
  inline_keyboard: choices.slice(0, LIMITS.keyboardButtons).map((choice) => [{ text: truncate(choice.text, LIMITS.buttonText), callback_data: callbackDataFor(choice.id) }]),
});

function buttons(text: string, choices: ReplyButton[]): TelegramCall[] {
  if (choices.length === 0) return texts(text);
  return withKeyboard(text, inlineKeyboard(choices.map((choice) => ({ id: choice.id, text: choice.title }))));
}

/** Telegram has no list messages: every row becomes a button, its description after its title. */
function list(text: string, sections: ListSection[]): TelegramCall[] {
  const rows = sections.flatMap((section) => section.rows);
  if (rows.length === 0) return texts(text);
  return withKeyboard(
    text,
    inlineKeyboard(rows.map((row) => ({ id: row.id, text: row.description?.trim() ? `${row.title.trim()} · ${row.description.trim()}` : row.title }))),
  );
}

const isLinkable = (url: string) => url.length <= LIMITS.url && /^https?:\/\/[^\s/?#]+[^\s]*$/i.test(url);

/**
 * Renders channel-neutral content as the Bot API calls that show it, in sending order, within Telegram's limits:
 * long text split at line or word boundaries, buttons and lists as inline keyboards (long ids mapped to short
 * callback data), payment links as a URL button, images with sendPhoto, a location request as a reply keyboard
 * button that shares the location, and what Telegram has no form for (products, templates) as plain text.
 */
export function renderContent(content: OutboundContent): TelegramCall[] {
  switch (content.type) {
    case 'text':
      return texts(content.text);
    case 'buttons':
      return buttons(content.text, content.buttons);
    case 'list':
      return list(content.text, content.sections);
    case 'product':
      return texts(content.text?.trim() ? content.text : content.productRetailerId);
    case 'product_list':
      return texts([content.header, content.text].filter(Boolean).join('\n\n'));
    case 'image': {
      const [caption, ...rest] = content.caption?.trim() ? splitText(content.caption, LIMITS.caption) : [];
      return [{ method: 'sendPhoto', params: { photo: content.url, ...(caption && { caption }) } }, ...rest.flatMap(texts)];
    }
    case 'location_request':
      return withKeyboard(content.text, {
        keyboard: [[{ text: DEFAULT_LABELS.shareLocation, request_location: true }]],
        resize_keyboard: true,
        one_time_keyboard: true,
      });
    case 'payment_link':
      if (!isLinkable(content.url)) return texts(`${content.text}\n${content.url}`);
      return withKeyboard(content.text, {
        inline_keyboard: [[{ text: truncate(content.buttonLabel || DEFAULT_LABELS.paymentButton, LIMITS.buttonText), url: content.url }]],
      });
    case 'template':
      // Telegram has no templates and no window that needs them: the parameters are the message.
      return texts(content.parameters.length > 0 ? content.parameters.join('\n') : content.name);
    default: {
      const unknown: { type: string } = content;
      throw renderError(`Telegram cannot render content of type ${unknown.type}`);
    }
  }
}
