import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * How every webhook the platform sends is signed (staff alerts, outgoing webhooks): the sender puts the Unix time in
 * `X-Parley-Timestamp` and `sha256=<hex HMAC-SHA256 of "<timestamp>.<body>" keyed with the secret>` in
 * `X-Parley-Signature`. Signing the timestamp with the body lets a receiver refuse an old request replayed later.
 */
export interface WebhookSignatureHeaders {
  'x-parley-timestamp': string;
  'x-parley-signature': string;
}

/** How far a signed timestamp may be from the receiver's clock before the request is refused as a replay. */
export const WEBHOOK_SIGNATURE_TOLERANCE_SECONDS = 300;

function signatureOf(secret: string, timestamp: string, body: string | Buffer): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.`).update(body).digest('hex')}`;
}

/** The signature headers for a body about to be sent. `now` (ms) is for tests; the body must be sent byte for byte. */
export function signWebhook(secret: string, body: string, now = Date.now()): WebhookSignatureHeaders {
  const timestamp = String(Math.floor(now / 1000));
  return { 'x-parley-timestamp': timestamp, 'x-parley-signature': signatureOf(secret, timestamp, body) };
}

export interface WebhookToVerify {
  secret: string;
  /** The raw body as received, before any JSON parsing. */
  body: string | Buffer;
  timestamp: string | undefined;
  signature: string | undefined;
  toleranceSeconds?: number;
  now?: number;
}

/**
 * Whether a received webhook was signed with `secret` within the tolerance. Compares in constant time, so the answer
 * leaks nothing about how much of a forged signature was right.
 */
export function verifyWebhookSignature(webhook: WebhookToVerify): boolean {
  const { secret, timestamp, signature, toleranceSeconds = WEBHOOK_SIGNATURE_TOLERANCE_SECONDS, now = Date.now() } = webhook;
  if (!timestamp || !signature || !/^\d{1,12}$/.test(timestamp)) return false;
  if (Math.abs(now / 1000 - Number(timestamp)) > toleranceSeconds) return false;
  const expected = Buffer.from(signatureOf(secret, timestamp, webhook.body));
  const given = Buffer.from(signature);
  return given.length === expected.length && timingSafeEqual(given, expected);
}
