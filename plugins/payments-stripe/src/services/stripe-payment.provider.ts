import { Inject, Injectable } from '@nestjs/common';
import {
  type Money,
  type PaymentEvent,
  type PaymentEventKind,
  type PaymentLink,
  type PaymentLinkRequest,
  type PaymentProvider,
  type PaymentWebhookRequest,
  PLUGIN_OPTIONS,
  WebhookVerificationError,
} from '@parley/plugin-sdk';
import Stripe from 'stripe';
import type { StripeOptions } from '../stripe-options';

// Stripe accepts expires_at from 30 minutes to 24 hours after the session is created, by its own clock: a minute
// to spare at each end covers the request's trip and some clock skew.
const MIN_EXPIRY_MS = 31 * 60_000;
const MAX_EXPIRY_MS = 24 * 3_600_000 - 60_000;

type OrderIds = { orderId: string; orderNumber: string; storeId: string };
type LineItem = { name: string; quantity: number; unitAmount: number };

/** The requested expiry, moved into the window Stripe accepts. Unchanged when it fits, so a retry sends the same. */
export function clampExpiry(requested: Date, now: number): Date {
  const earliest = now + MIN_EXPIRY_MS;
  const latest = now + MAX_EXPIRY_MS;
  return new Date(Math.min(Math.max(requested.getTime(), earliest), latest));
}

const isCount = (value: number, min: number) => Number.isSafeInteger(value) && value >= min;

/**
 * The order's own lines when they add up to its total; otherwise (delivery fee, tax, tip or a discount on top) one
 * line for the whole order, because the customer must be charged exactly the total and Stripe charges the lines.
 */
function checkoutLines(request: PaymentLinkRequest): LineItem[] {
  const valid = request.lineItems.every((line) => line.name.trim() !== '' && isCount(line.quantity, 1) && isCount(line.unitAmount, 0));
  const sum = request.lineItems.reduce((total, line) => total + line.quantity * line.unitAmount, 0);
  if (valid && request.lineItems.length > 0 && sum === request.total.amount) return request.lineItems;
  return [{ name: `Order ${request.orderNumber}`, quantity: 1, unitAmount: request.total.amount }];
}

function fillTemplate(template: string, ids: OrderIds): string {
  return template.replace(/\{(orderId|orderNumber|storeId)\}/g, (_match, name: keyof OrderIds) => encodeURIComponent(ids[name]));
}

function headerValue(headers: PaymentWebhookRequest['headers'], name: string): string | undefined {
  const key = Object.keys(headers).find((candidate) => candidate.toLowerCase() === name);
  const value = key === undefined ? undefined : headers[key];
  return typeof value === 'string' && value !== '' ? value : undefined;
}

function money(amount: number | null, currency: string | null): Money | undefined {
  return amount === null || currency === null ? undefined : { amount, currency: currency.toUpperCase() };
}

@Injectable()
export class StripePaymentProvider implements PaymentProvider {
  readonly code = 'stripe';
  readonly usesLinks = true;
  // Private fields (#) stay out of util.inspect and JSON, so logging the provider can't leak a key: the client
  // keeps the API key in plain sight on itself.
  readonly #stripe: Stripe;
  readonly #webhookSecret: string;
  private readonly successUrl?: string;
  private readonly cancelUrl?: string;

  constructor(@Inject(PLUGIN_OPTIONS) options: StripeOptions) {
    this.#stripe = new Stripe(options.secretKey, {
      host: options.apiHost,
      port: options.apiPort,
      protocol: options.apiProtocol,
      maxNetworkRetries: 2,
      appInfo: { name: 'Parley payments-stripe', version: '0.1.0' },
    });
    this.#webhookSecret = options.webhookSecret;
    this.successUrl = options.successUrl;
    this.cancelUrl = options.cancelUrl;
  }

  async createLink(request: PaymentLinkRequest): Promise<PaymentLink> {
    if (!isCount(request.total.amount, 1)) {
      throw new Error(`Order ${request.orderId}: a payment link needs a positive integer total in minor units`);
    }
    const ids: OrderIds = { orderId: request.orderId, orderNumber: request.orderNumber, storeId: request.storeId };
    const currency = request.total.currency.toLowerCase();
    const session = await this.#stripe.checkout.sessions.create(
      {
        mode: 'payment',
        line_items: checkoutLines(request).map((line) => ({
          quantity: line.quantity,
          price_data: { currency, unit_amount: line.unitAmount, product_data: { name: line.name } },
        })),
        client_reference_id: request.orderId,
        metadata: ids,
        // Refund events carry the Charge, which inherits these from the payment intent, not the session's.
        payment_intent_data: { metadata: ids },
        expires_at: Math.floor(clampExpiry(request.expiresAt, Date.now()).getTime() / 1000),
        success_url: this.successUrl ? fillTemplate(this.successUrl, ids) : request.successUrl,
        cancel_url: this.cancelUrl ? fillTemplate(this.cancelUrl, ids) : request.cancelUrl,
      },
      // Stripe answers a repeated key with the first session, so a retried request never makes a second one.
      { idempotencyKey: request.idempotencyKey },
    );
    if (!session.url) throw new Error(`Stripe returned Checkout Session ${session.id} without a URL`);
    return { providerReference: session.id, url: session.url, expiresAt: new Date(session.expires_at * 1000) };
  }

  async parseWebhook({ rawBody, headers }: PaymentWebhookRequest): Promise<PaymentEvent[]> {
    return this.toPaymentEvents(this.verify(rawBody, headerValue(headers, 'stripe-signature')));
  }

  async refund(request: { providerReference: string; amount: Money; idempotencyKey: string }): Promise<{ refundId: string }> {
    if (!isCount(request.amount.amount, 1)) throw new Error('A refund needs a positive integer amount in minor units');
    const paymentIntent = await this.paymentIntentOf(request.providerReference);
    const refund = await this.#stripe.refunds.create(
      { payment_intent: paymentIntent, amount: request.amount.amount },
      { idempotencyKey: request.idempotencyKey },
    );
    return { refundId: refund.id };
  }

  /** Nothing in the body is read, or even parsed, before the signature over the raw bytes has verified. */
  private verify(rawBody: Buffer, signature: string | undefined): Stripe.Event {
    if (!signature) throw new WebhookVerificationError('The Stripe-Signature header is missing');
    try {
      return this.#stripe.webhooks.constructEvent(rawBody, signature, this.#webhookSecret);
    } catch (error) {
      if (error instanceof Stripe.errors.StripeSignatureVerificationError) {
        throw new WebhookVerificationError(`Stripe-Signature did not verify: ${error.message.split('.')[0]}`);
      }
      throw error;
    }
  }

  private toPaymentEvents(event: Stripe.Event): PaymentEvent[] {
    const occurredAt = new Date(event.created * 1000);
    const fromSession = (kind: PaymentEventKind, session: Stripe.Checkout.Session): PaymentEvent[] => {
      // Sessions made by other integrations on the same Stripe account are not ours to report.
      const orderId = session.metadata?.orderId;
      if (!orderId) return [];
      const amount = money(session.amount_total, session.currency);
      const storeId = session.metadata?.storeId;
      return [{ eventId: event.id, kind, providerReference: session.id, orderId, storeId, amount, occurredAt }];
    };
    switch (event.type) {
      case 'checkout.session.completed': {
        const session = event.data.object;
        // 'unpaid' means an asynchronous method (a bank debit, a voucher) is still on its way.
        const paid = session.payment_status === 'paid' || session.payment_status === 'no_payment_required';
        return fromSession(paid ? 'succeeded' : 'pending', session);
      }
      case 'checkout.session.async_payment_succeeded':
        return fromSession('succeeded', event.data.object);
      case 'checkout.session.async_payment_failed':
        return fromSession('failed', event.data.object);
      case 'checkout.session.expired':
        return fromSession('expired', event.data.object);
      case 'charge.refunded': {
        const charge = event.data.object;
        const orderId = charge.metadata?.orderId;
        if (!orderId) return [];
        const paymentIntent = typeof charge.payment_intent === 'string' ? charge.payment_intent : charge.payment_intent?.id;
        return [
          {
            eventId: event.id,
            kind: 'refunded',
            providerReference: paymentIntent ?? charge.id,
            orderId,
            storeId: charge.metadata.storeId,
            // The charge's refunded total so far, not this one refund's: applying it twice, or late, does no harm.
            amount: money(charge.amount_refunded, charge.currency),
            occurredAt,
          },
        ];
      }
      default:
        return [];
    }
  }

  /**
   * The core knows a payment by the Checkout Session it created, while a refund goes to the session's payment intent:
   * a session id is looked up, a payment intent id (as in `refunded` events) is used as it is.
   */
  private async paymentIntentOf(reference: string): Promise<string> {
    if (!reference.startsWith('cs_')) return reference;
    const session = await this.#stripe.checkout.sessions.retrieve(reference);
    const paymentIntent = typeof session.payment_intent === 'string' ? session.payment_intent : session.payment_intent?.id;
    if (!paymentIntent) throw new Error(`Checkout Session ${reference} has no payment to refund`);
    return paymentIntent;
  }
}
