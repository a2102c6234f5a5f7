import { verifyWebhookSignature } from '@parley/plugin-sdk';
import { type FakeServer, startFakeServer } from '@parley/testing';
import { webhooksOptions } from '../webhooks-options';
import { WebhookSender } from './webhook-sender';

const webhook = (url: string) => ({ url, secret: 'whsec_sender', deliveryId: 'b7c1a3e0-5d0f-4c55-9a43-0e4b8b6f2d11', eventType: 'order.placed', body: '{"id":"e1"}' });

describe('sending one webhook', () => {
  let server: FakeServer;
  let release: () => void = () => undefined;

  beforeAll(async () => {
    server = await startFakeServer(() => ({ status: 200 }));
  });
  afterAll(async () => {
    release();
    await server.close();
  });

  it('posts the body as it is, signed, and reports the answer', async () => {
    server.handle(() => ({ status: 202, body: { ok: true } }));
    const result = await new WebhookSender(webhooksOptions.parse({ allowInsecureUrls: true })).send(webhook(`${server.url}/in`));
    expect(result).toMatchObject({ succeeded: true, statusCode: 202, error: null, responseBody: '{"ok":true}', retryAfterMs: null });
    const request = server.requests.at(-1)!;
    expect(request.body.toString()).toBe('{"id":"e1"}');
    expect(verifyWebhookSignature({ secret: 'whsec_sender', body: request.body, timestamp: request.headers['x-parley-timestamp'] as string, signature: request.headers['x-parley-signature'] as string })).toBe(true);
  });

  it('refuses to connect when the host resolves to a private address, unless insecure URLs are allowed', async () => {
    const before = server.requests.length;
    const url = `http://localhost:${server.port}/in`;
    const refused = await new WebhookSender(webhooksOptions.parse({})).send(webhook(url));
    expect(refused).toMatchObject({ succeeded: false, statusCode: null, error: "The endpoint's host resolves to a private address" });
    expect(server.requests).toHaveLength(before);

    server.handle(() => ({ status: 200 }));
    expect(await new WebhookSender(webhooksOptions.parse({ allowInsecureUrls: true })).send(webhook(url))).toMatchObject({ succeeded: true, statusCode: 200 });
  });

  it('gives up on an endpoint that does not answer within the timeout', async () => {
    server.handle(() => new Promise((resolve) => (release = () => resolve({ status: 200 }))));
    const result = await new WebhookSender(webhooksOptions.parse({ allowInsecureUrls: true, timeoutMs: 200 })).send(webhook(`${server.url}/slow`));
    expect(result).toMatchObject({ succeeded: false, statusCode: null, error: 'No answer within 200 ms' });
    expect(result.durationMs).toBeGreaterThanOrEqual(190);
    expect(result.durationMs).toBeLessThan(2000);
  });

  it("reads Retry-After only on 429 and 503, and keeps 1 KB of a long answer", async () => {
    server.handle(() => ({ status: 503, headers: { 'retry-after': '7' }, body: 'é'.repeat(2000) }));
    const busy = await new WebhookSender(webhooksOptions.parse({ allowInsecureUrls: true })).send(webhook(`${server.url}/busy`));
    expect(busy).toMatchObject({ succeeded: false, statusCode: 503, retryAfterMs: 7000, error: 'Answered 503' });
    expect(Buffer.byteLength(busy.responseBody!)).toBeLessThanOrEqual(1024 + 2);

    server.handle(() => ({ status: 500, headers: { 'retry-after': '7' } }));
    expect(await new WebhookSender(webhooksOptions.parse({ allowInsecureUrls: true })).send(webhook(`${server.url}/broken`))).toMatchObject({ statusCode: 500, retryAfterMs: null });

    server.handle(() => ({ status: 301, headers: { location: 'http://169.254.169.254/' } }));
    expect(await new WebhookSender(webhooksOptions.parse({ allowInsecureUrls: true })).send(webhook(`${server.url}/moved`))).toMatchObject({
      succeeded: false,
      statusCode: 301,
      error: 'Answered 301: redirects are not followed, register the final URL',
    });
  });
});
