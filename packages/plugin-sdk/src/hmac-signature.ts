import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Whether `signature` is the base64 HMAC-SHA256 of the raw body keyed with `secret`, as Shopify
 * (`X-Shopify-Hmac-Sha256`) and WooCommerce (`X-WC-Webhook-Signature`) sign their webhooks. Compares in constant
 * time; a missing or malformed signature is simply not valid.
 */
export function isBase64HmacSha256(secret: string, body: string | Buffer, signature: unknown): boolean {
  if (typeof signature !== 'string' || signature === '') return false;
  const expected = createHmac('sha256', secret).update(body).digest();
  const given = Buffer.from(signature, 'base64');
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/** The signature `isBase64HmacSha256` accepts: for fakes and tests that sign webhooks as the shop would. */
export function base64HmacSha256(secret: string, body: string | Buffer): string {
  return createHmac('sha256', secret).update(body).digest('base64');
}
