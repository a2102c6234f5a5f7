import type { Money } from '../money';

/**
 * Payment providers turn an order into a link the customer pays through in the chat, and tell the core what
 * happened through their webhooks. The core ships cash on delivery and pay at pickup; Stripe is a plugin.
 */

export interface PaymentLinkRequest {
  storeId: string;
  orderId: string;
  orderNumber: string;
  total: Money;
  lineItems: { name: string; quantity: number; unitAmount: number }[];
  expiresAt: Date;
  successUrl: string;
  cancelUrl: string;
  /** Same key, same link: a retried request must never create a second session at the provider. */
  idempotencyKey: string;
}

export interface PaymentLink {
  providerReference: string;
  url: string;
  expiresAt: Date;
}

export type PaymentEventKind = 'succeeded' | 'pending' | 'failed' | 'expired' | 'refunded';

export interface PaymentEvent {
  /** The provider's event id: the de-duplication key. */
  eventId: string;
  kind: PaymentEventKind;
  providerReference: string;
  orderId?: string;
  storeId?: string;
  amount?: Money;
  occurredAt: Date;
}

export interface PaymentWebhookRequest {
  rawBody: Buffer;
  headers: Record<string, string | string[] | undefined>;
}

export interface PaymentProvider {
  /** Stable code, e.g. `stripe`. */
  readonly code: string;
  /** True when the customer pays through a link; false for cash and pay-at-pickup. */
  readonly usesLinks: boolean;
  createLink(request: PaymentLinkRequest): Promise<PaymentLink>;
  /** Verifies the signature on the raw body first (throw `WebhookVerificationError`), then parses. */
  parseWebhook(request: PaymentWebhookRequest): Promise<PaymentEvent[]>;
  refund(request: { providerReference: string; amount: Money; idempotencyKey: string }): Promise<{ refundId: string }>;
}

/**
 * Implemented by the core: where a payment plugin's webhook route delivers the events its provider verified and
 * parsed. Providers deliver at least once and in any order, so receiving is idempotent by `eventId`. A rejection
 * makes the route fail, and the provider delivers the events again later.
 */
export abstract class PaymentEvents {
  abstract receive(provider: string, events: PaymentEvent[]): Promise<void>;
}
