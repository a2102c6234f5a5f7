import { ChannelSendError, type ListSection, type OutboundContent, type ReplyButton } from '@parley/plugin-sdk';

/** WhatsApp Cloud API limits, in characters (counted here as UTF-16 code units, which is never more lenient). */
export const LIMITS = {
  text: 4096,
  buttons: 3,
  buttonTitle: 20,
  buttonId: 256,
  interactiveBody: 1024,
  listBody: 4096,
  listButton: 20,
  listRows: 10,
  listSections: 10,
  rowTitle: 24,
  rowDescription: 72,
  rowId: 200,
  sectionTitle: 24,
  header: 60,
  products: 30,
  productSections: 10,
  caption: 1024,
  ctaDisplayText: 20,
  ctaUrl: 2000,
} as const;

/**
 * Labels WhatsApp needs that the channel-neutral content doesn't carry. English, short enough for every limit.
 * (The SDK's OutboundContent could carry them: see the README.)
 */
// Used only when the core gives no label of its own (it gives them in the customer's language).
export const DEFAULT_LABELS = { listButton: 'Options', paymentButton: 'Pay now' } as const;

/** One message body for `POST /{phone-number-id}/messages`, without `messaging_product`, `to` and the callback data. */
export interface WhatsAppMessageBody {
  type: string;
  [field: string]: unknown;
}

export interface RenderContext {
  /** The catalog of the sending number; product messages need it. */
  catalogId?: string;
}

const isHighSurrogate = (code: number) => code >= 0xd800 && code <= 0xdbff;
const isLowSurrogate = (code: number) => code >= 0xdc00 && code <= 0xdfff;

/** Shortens to `max` characters with an ellipsis, never cutting a surrogate pair in half. */
export function truncate(value: string, max: number): string {
  const clean = value.trim();
  if (clean.length <= max) return clean;
  let end = max - 1;
  if (isHighSurrogate(clean.charCodeAt(end - 1))) end -= 1;
  return `${clean.slice(0, end).trimEnd()}…`;
}

const lastIndexOfSpace = (value: string, from: number) => {
  for (let index = Math.min(from, value.length - 1); index > 0; index--) if (/\s/.test(value[index])) return index;
  return -1;
};

/**
 * Where to cut `text` so the part before holds at most `max` characters: at the last line break, else the last
 * space, preferring one in the second half of the window so no part ends up tiny; else hard at `max`. The break
 * itself is dropped.
 */
function cutPoint(text: string, max: number): { end: number; next: number } {
  const newline = text.lastIndexOf('\n', max);
  const space = lastIndexOfSpace(text, max);
  const half = max / 2;
  const chosen = newline >= half ? newline : space >= half ? space : Math.max(newline, space);
  if (chosen > 0) return { end: chosen, next: chosen + 1 };
  const hard = isHighSurrogate(text.charCodeAt(max - 1)) ? max - 1 : max;
  return { end: hard, next: hard };
}

/** Splits text into parts of at most `max` characters at line, else word, boundaries. */
export function splitText(text: string, max: number = LIMITS.text): string[] {
  const parts: string[] = [];
  let rest = text;
  while (rest.length > max) {
    const { end, next } = cutPoint(rest, max);
    parts.push(rest.slice(0, end));
    rest = rest.slice(next);
  }
  parts.push(rest);
  const visible = parts.filter((part) => part.trim() !== '');
  return visible.length > 0 ? visible : [text.slice(0, max)];
}

/**
 * For a message whose body is limited to `max`: the text's end (at most `max`, cut at a line or word boundary) for
 * the body, and what comes before as plain text messages sent first, so nothing of the text is lost.
 */
export function splitForBody(text: string, max: number): { before: string[]; body: string } {
  if (text.length <= max) return { before: [], body: text };
  const start = text.length - max;
  const window = text.slice(start - 1);
  const search = (pattern: RegExp) => {
    const found = window.search(pattern);
    return found < 0 ? -1 : start - 1 + found;
  };
  const newline = search(/\n/);
  const space = search(/\s/);
  const half = start - 1 + max / 2;
  const candidates = [newline, space].filter((index) => index >= 0);
  const early = candidates.filter((index) => index <= half);
  let cut: { end: number; next: number };
  if (newline >= 0 && newline <= half) cut = { end: newline, next: newline + 1 };
  else if (early.length > 0) cut = { end: Math.min(...early), next: Math.min(...early) + 1 };
  else if (candidates.length > 0) cut = { end: Math.min(...candidates), next: Math.min(...candidates) + 1 };
  else {
    const hard = isLowSurrogate(text.charCodeAt(start)) ? start + 1 : start;
    cut = { end: hard, next: hard };
  }
  const head = text.slice(0, cut.end);
  return { before: head.trim() === '' ? [] : splitText(head), body: text.slice(cut.next) };
}

const textMessage = (body: string): WhatsAppMessageBody => ({
  type: 'text',
  text: { preview_url: /https?:\/\/\S/i.test(body), body },
});

const texts = (body: string) => splitText(body).map(textMessage);

/** The leading text messages, then the message built around the (shortened) body. */
function withBody(text: string, max: number, build: (body: string) => WhatsAppMessageBody): WhatsAppMessageBody[] {
  const { before, body } = splitForBody(text, max);
  return [...before.map(textMessage), build(body)];
}

const interactive = (fields: Record<string, unknown>): WhatsAppMessageBody => ({ type: 'interactive', interactive: fields });

function renderError(message: string): ChannelSendError {
  return new ChannelSendError(message, false, undefined, 'render');
}

function checkId(id: string, max: number, what: string): string {
  if (id.length === 0 || id.length > max) throw renderError(`A ${what} id must have 1 to ${max} characters (it has ${id.length})`);
  return id;
}

function list(text: string, buttonLabel: string, sections: ListSection[]): WhatsAppMessageBody[] {
  let rowsLeft: number = LIMITS.listRows;
  const kept = sections
    .slice(0, LIMITS.listSections)
    .map((section) => {
      const rows = section.rows.slice(0, Math.max(rowsLeft, 0));
      rowsLeft -= rows.length;
      return { title: section.title, rows };
    })
    .filter((section) => section.rows.length > 0);
  if (kept.length === 0) return texts(text);
  const label = truncate(buttonLabel, LIMITS.listButton) || DEFAULT_LABELS.listButton;
  return withBody(text, LIMITS.listBody, (body) =>
    interactive({
      type: 'list',
      body: { text: body },
      action: {
        button: label,
        sections: kept.map((section, index) => {
          // A title is required once there are several sections.
          const title = truncate(section.title, LIMITS.sectionTitle) || (kept.length > 1 ? String(index + 1) : '');
          return {
            ...(title && { title }),
            rows: section.rows.map((row) => ({
              id: checkId(row.id, LIMITS.rowId, 'list row'),
              title: truncate(row.title, LIMITS.rowTitle),
              ...(row.description?.trim() && { description: truncate(row.description, LIMITS.rowDescription) }),
            })),
          };
        }),
      },
    }),
  );
}

function buttons(text: string, choices: ReplyButton[], label?: string): WhatsAppMessageBody[] {
  if (choices.length === 0) return texts(text);
  // More choices than WhatsApp's three buttons: a list holds up to ten.
  if (choices.length > LIMITS.buttons) return list(text, label ?? DEFAULT_LABELS.listButton, [{ title: '', rows: choices }]);
  return withBody(text, LIMITS.interactiveBody, (body) =>
    interactive({
      type: 'button',
      body: { text: body },
      action: {
        buttons: choices.map((choice) => ({
          type: 'reply',
          reply: { id: checkId(choice.id, LIMITS.buttonId, 'button'), title: truncate(choice.title, LIMITS.buttonTitle) },
        })),
      },
    }),
  );
}

function productList(content: Extract<OutboundContent, { type: 'product_list' }>, catalogId: string): WhatsAppMessageBody[] {
  let productsLeft: number = LIMITS.products;
  const sections = content.sections
    .slice(0, LIMITS.productSections)
    .map((section, index) => {
      const ids = section.productRetailerIds.slice(0, Math.max(productsLeft, 0));
      productsLeft -= ids.length;
      return { title: truncate(section.title, LIMITS.sectionTitle) || String(index + 1), ids };
    })
    .filter((section) => section.ids.length > 0);
  if (sections.length === 0) return texts([content.header, content.text].filter(Boolean).join('\n\n'));
  return withBody(content.text, LIMITS.interactiveBody, (body) =>
    interactive({
      type: 'product_list',
      header: { type: 'text', text: truncate(content.header, LIMITS.header) },
      body: { text: body },
      action: {
        catalog_id: catalogId,
        sections: sections.map((section) => ({
          title: section.title,
          product_items: section.ids.map((id) => ({ product_retailer_id: id })),
        })),
      },
    }),
  );
}

/** Template parameters may not hold new lines, tabs or more than four spaces in a row (error 132018). */
const templateParameter = (value: string) => value.replace(/[\r\n\t]+/g, ' ').replace(/ {4,}/g, '   ').trim() || '-';

const isLinkable = (url: string) => url.length <= LIMITS.ctaUrl && /^https?:\/\/[^\s/?#]+[^\s]*$/i.test(url);

/**
 * Renders channel-neutral content as one or more WhatsApp message bodies, in sending order, within WhatsApp's
 * limits: long text is split, titles are shortened with an ellipsis, extra rows and products are dropped, and
 * product messages without a catalog fall back to text.
 */
export function renderContent(content: OutboundContent, context: RenderContext = {}): WhatsAppMessageBody[] {
  switch (content.type) {
    case 'text':
      return texts(content.text);
    case 'buttons':
      return buttons(content.text, content.buttons, content.buttonLabel);
    case 'list':
      return list(content.text, content.buttonLabel, content.sections);
    case 'product': {
      if (!context.catalogId) return texts(content.text?.trim() ? content.text : content.productRetailerId);
      const product = (body?: string) =>
        interactive({
          type: 'product',
          ...(body?.trim() && { body: { text: body } }),
          action: { catalog_id: context.catalogId, product_retailer_id: content.productRetailerId },
        });
      return content.text?.trim() ? withBody(content.text, LIMITS.interactiveBody, product) : [product()];
    }
    case 'product_list':
      return context.catalogId
        ? productList(content, context.catalogId)
        : texts([content.header, content.text].filter(Boolean).join('\n\n'));
    case 'image': {
      const [caption, ...rest] = content.caption?.trim() ? splitText(content.caption, LIMITS.caption) : [];
      return [{ type: 'image', image: { link: content.url, ...(caption && { caption }) } }, ...rest.map(textMessage)];
    }
    case 'location_request':
      return withBody(content.text, LIMITS.interactiveBody, (body) =>
        interactive({ type: 'location_request_message', body: { text: body }, action: { name: 'send_location' } }),
      );
    case 'payment_link':
      if (!isLinkable(content.url)) return texts(`${content.text}\n${content.url}`);
      return withBody(content.text, LIMITS.interactiveBody, (body) =>
        interactive({
          type: 'cta_url',
          body: { text: body },
          action: { name: 'cta_url', parameters: { display_text: truncate(content.buttonLabel || DEFAULT_LABELS.paymentButton, LIMITS.ctaDisplayText), url: content.url } },
        }),
      );
    case 'template':
      return [
        {
          type: 'template',
          template: {
            name: content.name,
            language: { code: content.language },
            ...(content.parameters.length > 0 && {
              components: [{ type: 'body', parameters: content.parameters.map((value) => ({ type: 'text', text: templateParameter(value) })) }],
            }),
          },
        },
      ];
    default: {
      const unknown: { type: string } = content;
      throw renderError(`WhatsApp cannot render content of type ${unknown.type}`);
    }
  }
}
