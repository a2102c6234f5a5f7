/**
 * Channels carry conversations: WhatsApp, Telegram, web chat. A channel plugin verifies and parses its provider's
 * webhooks into channel-neutral inbound messages, hands them to the core's `InboundMessages`, and renders
 * channel-neutral outbound messages within its provider's limits.
 */

export interface ChannelRecipient {
  storeId: string;
  /** The customer's id on this channel: a WhatsApp number, a Telegram chat id, a web chat visitor id. */
  channelUserId: string;
  /** The account the store sends from on this channel (a WhatsApp phone number id, a bot), if it has several. */
  accountId?: string;
}

export type InboundContent =
  | { type: 'text'; text: string }
  | { type: 'reply'; id: string; title: string }
  | {
      type: 'cart';
      catalogId?: string;
      items: { productRetailerId: string; quantity: number; itemPrice?: number; currency?: string }[];
      text?: string;
    }
  | { type: 'location'; latitude: number; longitude: number; name?: string; address?: string }
  | {
      type: 'media';
      mediaKind: 'image' | 'audio' | 'video' | 'document' | 'sticker';
      providerMediaId?: string;
      mimeType?: string;
      caption?: string;
    }
  | { type: 'contacts'; contacts: { name: string; phones: string[] }[] }
  | { type: 'unknown'; providerType: string };

export interface InboundMessage {
  channel: string;
  storeId: string;
  accountId?: string;
  /** The provider's id of this message: the de-duplication key. */
  providerMessageId: string;
  from: { channelUserId: string; name?: string; language?: string };
  receivedAt: Date;
  content: InboundContent;
  /** The product a customer asked about from a channel's product view, as the store's retailer id (SKU). */
  referredProductId?: string;
}

export interface ReplyButton {
  id: string;
  title: string;
}

export interface ListSection {
  title: string;
  rows: { id: string; title: string; description?: string }[];
}

export type OutboundContent =
  | { type: 'text'; text: string }
  | { type: 'buttons'; text: string; buttons: ReplyButton[] }
  | { type: 'list'; text: string; buttonLabel: string; sections: ListSection[] }
  | { type: 'product'; text?: string; productRetailerId: string }
  | { type: 'product_list'; header: string; text: string; sections: { title: string; productRetailerIds: string[] }[] }
  | { type: 'image'; url: string; caption?: string }
  | { type: 'location_request'; text: string }
  | { type: 'payment_link'; text: string; url: string }
  | { type: 'template'; name: string; language: string; parameters: string[] };

export interface OutboundMessage {
  /** Our own id of the message, echoed by providers that support it so delivery statuses map back. */
  messageId: string;
  to: ChannelRecipient;
  content: OutboundContent;
}

export interface ChannelCapabilities {
  buttons: { max: number; titleLength: number } | null;
  lists: { rows: number; titleLength: number } | null;
  productMessages: boolean;
  maxTextLength: number;
}

export type DeliveryStatus = 'sent' | 'delivered' | 'read' | 'failed';

export interface ChannelAdapter {
  /** Stable channel code, e.g. `whatsapp`. */
  readonly channel: string;
  readonly capabilities: ChannelCapabilities;
  /**
   * Sends one message. Throws `ChannelSendError` with `retryable` set so the job queue retries timeouts, 5xx and
   * rate limits but stops at once for permanent failures (invalid recipient, blocked).
   */
  send(message: OutboundMessage): Promise<{ providerMessageId: string }>;
}

export class ChannelSendError extends Error {
  override readonly name = 'ChannelSendError';
  constructor(
    message: string,
    readonly retryable: boolean,
    readonly retryAfterMs?: number,
    readonly providerCode?: string,
  ) {
    super(message);
  }
}

/**
 * Implemented by the core: where a channel plugin delivers what its webhook received. Storing is idempotent by
 * `providerMessageId`; processing happens on the job queue, in order per conversation.
 */
export abstract class InboundMessages {
  abstract receive(message: InboundMessage): Promise<{ duplicate: boolean }>;
  abstract updateStatus(update: {
    channel: string;
    providerMessageId: string;
    messageId?: string;
    status: DeliveryStatus;
    at: Date;
    error?: { code: string; reason: string };
  }): Promise<void>;
}
