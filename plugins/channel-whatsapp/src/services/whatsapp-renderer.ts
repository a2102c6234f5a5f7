import {
  ChannelSendError,
  type ListSection,
  type OutboundContent,
  type ReplyButton,
  splitForBody as splitTextForBody,
  splitText as splitChannelText,
  truncate,
} from '@parley/plugin-sdk';

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

// The SDK's text helpers, with WhatsApp's text limit as the size of the text messages.
export { truncate };
export const splitText = (text: string, max: number = LIMITS.text) => splitChannelText(text, max);
export const splitForBody = (text: string, max: number) => splitTextForBody(text, max, LIMITS.text);

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
