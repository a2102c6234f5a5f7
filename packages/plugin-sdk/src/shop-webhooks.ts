import type { IncomingHttpHeaders } from 'node:http';
import { isBase64HmacSha256 } from './hmac-signature';

/** A request header as one string (the first, when it came more than once). */
export function headerValue(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name.toLowerCase()];
  return Array.isArray(value) ? value[0] : value;
}

/** What a webhook route answers, with HTTP 401, to a request whose signature is missing or wrong. */
export interface WebhookRefusal {
  error: { code: 'WEBHOOK_SIGNATURE_MISSING' | 'WEBHOOK_SIGNATURE_INVALID'; message: string };
}

export interface SignedProductWebhook {
  /** The signature header's name, for the refusal's message: `X-Shopify-Hmac-Sha256`. */
  header: string;
  signature: string | undefined;
  /** The secret of the shop the request claims to come from; undefined when it names none configured. */
  secret: string | undefined;
  rawBody: Buffer;
}

/**
 * Checks a shop's product webhook signed with the base64 HMAC-SHA256 of its raw body (Shopify, WooCommerce) before
 * anything of it is read, then reads the `id` of the product its JSON body is about. A refusal is for the route to
 * answer with 401; `productId` is undefined when the signed body names none.
 */
export function readSignedProductWebhook(webhook: SignedProductWebhook): { refusal: WebhookRefusal } | { productId: string | undefined } {
  if (!webhook.signature) {
    return { refusal: { error: { code: 'WEBHOOK_SIGNATURE_MISSING', message: `The ${webhook.header} header is missing` } } };
  }
  if (webhook.secret === undefined || !isBase64HmacSha256(webhook.secret, webhook.rawBody, webhook.signature)) {
    return { refusal: { error: { code: 'WEBHOOK_SIGNATURE_INVALID', message: `The ${webhook.header} header does not verify with the webhook secret` } } };
  }
  try {
    const id = (JSON.parse(webhook.rawBody.toString('utf8')) as { id?: unknown } | null)?.id;
    return { productId: typeof id === 'number' || (typeof id === 'string' && id !== '') ? String(id) : undefined };
  } catch {
    return { productId: undefined };
  }
}
