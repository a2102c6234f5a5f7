/**
 * Channels carry conversations: WhatsApp, Telegram, web chat. A channel plugin verifies and parses its provider's
 * webhooks into channel-neutral inbound messages, hands them to the core's `InboundMessages`, and renders
 * channel-neutral outbound messages within its provider's limits.
 */

import { ProviderCallError } from '../provider-call-error';

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
      /** `itemPrice` is what the channel's catalog showed, in major units (8.5 is €8.50): informative, never charged. */
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
  /** The store's slug, as the channel's configuration maps the receiving account (a WhatsApp number) to a store. */
  storeSlug: string;
  /** The account that received it (a WhatsApp phone number id); replies go out from the same account. */
  accountId?: string;
  /** The provider's id of this message: the de-duplication key. */
  providerMessageId: string;
  /**
   * The provider's own order of its messages, where it numbers them (Telegram's `update_id`). A conversation's
   * messages waiting to be handled are taken in this order rather than in the order they arrived in, so two
   * deliveries that overtook each other are still answered in the order the customer sent them.
   */
  sequence?: number;
  from: { channelUserId: string; name?: string; language?: string };
  receivedAt: Date;
  content: InboundContent;
  /** The product a customer asked about from a channel's product view, as the store's retailer id (SKU). */
  referredProductId?: string;
  /** The provider's own JSON of this message, kept for inspection; never logged. */
  raw?: unknown;
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
  /** `buttonLabel` opens the choices where a channel must show them as a list. */
  | { type: 'buttons'; text: string; buttons: ReplyButton[]; buttonLabel?: string }
  | { type: 'list'; text: string; buttonLabel: string; sections: ListSection[] }
  | { type: 'product'; text?: string; productRetailerId: string }
  | { type: 'product_list'; header: string; text: string; sections: { title: string; productRetailerIds: string[] }[] }
  | { type: 'image'; url: string; caption?: string }
  | { type: 'location_request'; text: string }
  /** `buttonLabel`: the words on the button that opens the link, where the channel has one. */
  | { type: 'payment_link'; text: string; url: string; buttonLabel?: string }
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
  /**
   * Hours after the customer's own last message during which free-form messages may be sent (WhatsApp: 24); after
   * that only the store's approved templates. Absent: no such window.
   */
  customerServiceWindowHours?: number;
  /** Messages per second one sending account may send (WhatsApp: 80 per number); absent: 20. */
  messagesPerSecond?: number;
  /** Messages per second one chat may receive (Telegram: 1); absent: no limit of its own. */
  messagesPerSecondPerChat?: number;
  /** The customer's id on this channel is their phone number (WhatsApp), which the store may then call. */
  channelUserIdIsPhone?: boolean;
}

export type DeliveryStatus = 'sent' | 'delivered' | 'read' | 'failed';

export interface ChannelAdapter {
  /** Stable channel code, e.g. `whatsapp`. */
  readonly channel: string;
  readonly capabilities: ChannelCapabilities;
  /**
   * Sends one message, rendered within the provider's limits. Throws `ChannelSendError` with `retryable` set so the
   * job queue retries timeouts, 5xx and rate limits but stops at once for permanent failures (invalid recipient,
   * blocked, outside the customer-service window).
   */
  send(message: OutboundMessage): Promise<{ providerMessageId: string }>;
  /** Fetches an inbound picture or document the provider only gave an id for, so the core can keep a copy. */
  downloadMedia?(media: { providerMediaId: string; accountId?: string }): Promise<{ bytes: Buffer; mimeType: string }>;
}

export class ChannelSendError extends ProviderCallError {
  override readonly name = 'ChannelSendError';
}

/**
 * Implemented by the core: where a channel plugin delivers what its webhook received. Storing is idempotent by
 * `providerMessageId`; processing happens on the job queue, in order per conversation.
 */
export abstract class InboundMessages {
  /** Stores the message once (by channel and `providerMessageId`) and queues it; returns fast. */
  abstract receive(message: InboundMessage): Promise<{ duplicate: boolean }>;
  /**
   * Keeps a webhook whose signature verified but whose content could not be read, with the reason, for inspection.
   * Answer the provider 200 anyway: it would only send the same payload again.
   */
  abstract receiveMalformed(event: { channel: string; body: string; reason: string }): Promise<void>;
  /** A delivery status from the provider. Statuses arrive out of order: one never moves a message backwards. */
  abstract updateStatus(update: DeliveryStatusUpdate): Promise<void>;
  /** The customer opted out of (or back into) messages through the provider itself, e.g. WhatsApp's preferences. */
  abstract changeConsent(change: ConsentChange): Promise<void>;
}

export interface DeliveryStatusUpdate {
  channel: string;
  providerMessageId: string;
  /** Our own message id, when the provider echoes it back (WhatsApp's `biz_opaque_callback_data`). */
  messageId?: string;
  status: DeliveryStatus;
  at: Date;
  error?: { code: string; reason: string };
}

export interface ConsentChange {
  channel: string;
  storeSlug: string;
  channelUserId: string;
  /** `marketing`: promotions only (WhatsApp's preferences); `all`: every message the customer did not ask for. */
  scope: 'marketing' | 'all';
  optedIn: boolean;
  at: Date;
  /** How it changed, for the record: `whatsapp user_preferences`, `keyword STOP`, ... */
  via: string;
}
