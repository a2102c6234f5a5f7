import { createHmac } from 'node:crypto';
import { signWebhook, verifyWebhookSignature } from './webhook-signature';

const SECRET = 'whsec_test';
const BODY = '{"id":"evt_1","type":"order.placed","data":{"total":1250}}';
const NOW = Date.parse('2026-11-23T16:30:00Z');

describe('webhook signatures', () => {
  it('signs "<timestamp>.<body>" with HMAC-SHA256, as receivers are told to check', () => {
    const headers = signWebhook(SECRET, BODY, NOW);
    expect(headers['x-parley-timestamp']).toBe(String(NOW / 1000));
    const expected = createHmac('sha256', SECRET).update(`${NOW / 1000}.${BODY}`).digest('hex');
    expect(headers['x-parley-signature']).toBe(`sha256=${expected}`);
  });

  it('verifies what it signed, from a string or the raw bytes, within the tolerance', () => {
    const headers = signWebhook(SECRET, BODY, NOW);
    const received = { secret: SECRET, timestamp: headers['x-parley-timestamp'], signature: headers['x-parley-signature'] };
    expect(verifyWebhookSignature({ ...received, body: BODY, now: NOW })).toBe(true);
    expect(verifyWebhookSignature({ ...received, body: Buffer.from(BODY), now: NOW + 299_000 })).toBe(true);
    expect(verifyWebhookSignature({ ...received, body: BODY, now: NOW + 301_000 })).toBe(false);
    expect(verifyWebhookSignature({ ...received, body: BODY, now: NOW + 3_600_000, toleranceSeconds: 7200 })).toBe(true);
  });

  it('refuses a changed body, another secret, a moved timestamp and missing headers', () => {
    const headers = signWebhook(SECRET, BODY, NOW);
    const received = { secret: SECRET, body: BODY, timestamp: headers['x-parley-timestamp'], signature: headers['x-parley-signature'], now: NOW };
    expect(verifyWebhookSignature({ ...received, body: BODY.replace('1250', '1') })).toBe(false);
    expect(verifyWebhookSignature({ ...received, secret: 'whsec_other' })).toBe(false);
    expect(verifyWebhookSignature({ ...received, timestamp: String(NOW / 1000 + 1) })).toBe(false);
    expect(verifyWebhookSignature({ ...received, signature: 'sha256=00' })).toBe(false);
    expect(verifyWebhookSignature({ ...received, signature: undefined })).toBe(false);
    expect(verifyWebhookSignature({ ...received, timestamp: undefined })).toBe(false);
    expect(verifyWebhookSignature({ ...received, timestamp: 'yesterday' })).toBe(false);
  });
});
