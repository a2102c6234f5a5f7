import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ProviderCallError } from './provider-call-error';
import { callProviderApi } from './provider-http';

describe('a call to a provider that does not go through', () => {
  let server: Server;
  let url: string;
  let answer: { status: number; headers?: Record<string, string> } = { status: 200 };

  beforeAll(async () => {
    server = createServer((_request, response) => {
      response.writeHead(answer.status, { 'content-type': 'application/json', ...answer.headers });
      response.end(JSON.stringify({ error: 'no' }));
    });
    await new Promise<void>((listening) => server.listen(0, '127.0.0.1', listening));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api`;
  });
  afterAll(() => new Promise((closed) => server.close(closed)));

  const failureOf = async (status: number, headers?: Record<string, string>) => {
    answer = { status, headers };
    const error = await callProviderApi({ provider: 'Acme API', url, timeoutMs: 2000, defaultRetryAfterMs: 2500 }).catch((thrown: unknown) => thrown);
    expect(error).toBeInstanceOf(ProviderCallError);
    const { retryable, retryAfterMs, providerCode, message } = error as ProviderCallError;
    return { retryable, retryAfterMs, providerCode, message };
  };

  it("waits a 429's Retry-After, or the provider's default without one", async () => {
    expect(await failureOf(429, { 'retry-after': '3' })).toEqual({ retryable: true, retryAfterMs: 3000, providerCode: 'http_429', message: 'Acme API answered 429' });
    expect(await failureOf(429)).toMatchObject({ retryable: true, retryAfterMs: 2500 });
  });

  it("waits a 503's Retry-After when it sends one; without one, and on other 5xx, the queue's backoff decides", async () => {
    expect(await failureOf(503, { 'retry-after': '1' })).toMatchObject({ retryable: true, retryAfterMs: 1000, providerCode: 'http_503' });
    expect(await failureOf(503)).toMatchObject({ retryable: true, retryAfterMs: undefined });
    expect(await failureOf(500, { 'retry-after': '1' })).toMatchObject({ retryable: true, retryAfterMs: undefined });
  });

  it('does not retry a refusal that would only repeat', async () => {
    expect(await failureOf(401)).toMatchObject({ retryable: false, retryAfterMs: undefined, providerCode: 'http_401' });
  });
});
