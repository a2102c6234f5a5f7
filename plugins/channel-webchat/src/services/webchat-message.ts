import { ChannelSendError, type InboundContent, type OutboundContent } from '@parley/plugin-sdk';

export const CHANNEL = 'webchat';

export type WebchatAuthor = 'visitor' | 'store';

/** A message as the widget shows it: a text, or a text with choices, a payment link or a picture. */
export interface WebchatContent {
  type: 'text' | 'buttons' | 'list' | 'payment_link' | 'image';
  text: string | null;
  buttons: { id: string; title: string }[];
  rows: { id: string; title: string; description: string | null }[];
  url: string | null;
  /** The words on a payment link's button. */
  label: string | null;
}

export interface WebchatMessageView extends WebchatContent {
  /** The core's message id for the store's messages; the widget's clientMessageId for the visitor's own. */
  id: string;
  author: WebchatAuthor;
  /** ISO time: the payload also crosses processes as JSON. */
  at: string;
}

declare module '@parley/plugin-sdk' {
  interface DomainEvents {
    /** A web chat message for whichever API process holds the visitor's open connection. */
    'webchat.message': { storeSlug: string; visitorId: string; message: WebchatMessageView };
  }
}

/** The GraphQL subscription topic of one visitor of one store. */
export const visitorTopic = (storeSlug: string, visitorId: string) => `webchat:${storeSlug}:${visitorId}`;

const empty = { text: null, buttons: [], rows: [], url: null, label: null };

/** What the store sends, as the widget shows it. The core has already fitted it to the adapter's capabilities. */
export function storeContent(content: OutboundContent): WebchatContent {
  switch (content.type) {
    case 'text':
    case 'location_request':
      return { ...empty, type: 'text', text: content.text };
    case 'buttons':
      return { ...empty, type: 'buttons', text: content.text, buttons: content.buttons.map(({ id, title }) => ({ id, title })) };
    case 'list':
      return {
        ...empty,
        type: 'list',
        text: content.text,
        rows: content.sections.flatMap((section) => section.rows.map((row) => ({ id: row.id, title: row.title, description: row.description ?? null }))),
      };
    case 'payment_link':
      return { ...empty, type: 'payment_link', text: content.text, url: content.url, label: content.buttonLabel ?? null };
    case 'image':
      return { ...empty, type: 'image', text: content.caption ?? null, url: content.url };
    default:
      // Product messages are off in the capabilities, and templates are WhatsApp's: a web chat has neither.
      throw new ChannelSendError(`A web chat cannot show a ${content.type} message`, false, undefined, 'unsupported_content');
  }
}

/** The visitor's own message, as their other tabs and a reloaded page show it. */
export function visitorContent(content: Extract<InboundContent, { type: 'text' | 'reply' }>): WebchatContent {
  return { ...empty, type: 'text', text: content.type === 'text' ? content.text : content.title };
}
