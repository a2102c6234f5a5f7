import { base64HmacSha256, isBase64HmacSha256 } from './hmac-signature';
import { readSignedProductWebhook } from './shop-webhooks';

describe('base64 HMAC-SHA256 webhook signatures (Shopify, WooCommerce)', () => {
  const body = Buffer.from('{"id":788032119674292922,"title":"Example T-Shirt"}');

  it('accepts the signature of the raw body with the secret, and nothing else', () => {
    const signature = base64HmacSha256('secret', body);
    expect(isBase64HmacSha256('secret', body, signature)).toBe(true);
    expect(isBase64HmacSha256('secret', body.toString('utf8'), signature)).toBe(true);
    expect(isBase64HmacSha256('other', body, signature)).toBe(false);
    expect(isBase64HmacSha256('secret', Buffer.concat([body, Buffer.from(' ')]), signature)).toBe(false);
    expect(isBase64HmacSha256('secret', body, signature.slice(0, -4))).toBe(false);
    expect(isBase64HmacSha256('secret', body, undefined)).toBe(false);
    expect(isBase64HmacSha256('secret', body, '')).toBe(false);
  });
});

describe('signed product webhooks', () => {
  const rawBody = Buffer.from('{"id":632910392,"title":"IPod Nano - 8GB"}');
  const check = (signature: string | undefined, secret: string | undefined = 'secret', body = rawBody) =>
    readSignedProductWebhook({ header: 'X-Shopify-Hmac-Sha256', signature, secret, rawBody: body });

  it('reads the product id once the signature verifies', () => {
    expect(check(base64HmacSha256('secret', rawBody))).toEqual({ productId: '632910392' });
    const noId = Buffer.from('{"title":"no id"}');
    expect(check(base64HmacSha256('secret', noId), 'secret', noId)).toEqual({ productId: undefined });
    const notJson = Buffer.from('webhook_id=12');
    expect(check(base64HmacSha256('secret', notJson), 'secret', notJson)).toEqual({ productId: undefined });
  });

  it('refuses a missing signature, a wrong one, and a shop without a secret, reading nothing', () => {
    expect(check(undefined)).toMatchObject({ refusal: { error: { code: 'WEBHOOK_SIGNATURE_MISSING' } } });
    expect(check(base64HmacSha256('other', rawBody))).toMatchObject({ refusal: { error: { code: 'WEBHOOK_SIGNATURE_INVALID' } } });
    expect(readSignedProductWebhook({ header: 'X-Shopify-Hmac-Sha256', signature: base64HmacSha256('secret', rawBody), secret: undefined, rawBody })).toMatchObject({ refusal: { error: { code: 'WEBHOOK_SIGNATURE_INVALID' } } });
  });
});
