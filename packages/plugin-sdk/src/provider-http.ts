import { ProviderCallError } from './provider-call-error';
import { retryAfterMs } from './retry-after';

export interface ProviderRequest {
  /** Named in error messages: "Shopify API answered 429 ...". */
  provider: string;
  url: string;
  method?: string;
  headers?: Record<string, string>;
  /** Sent as JSON. */
  body?: unknown;
  timeoutMs: number;
  /** What a 429 without a Retry-After waits. */
  defaultRetryAfterMs?: number;
  /** The provider's own words for a failure, from its error body; keep personal data out (it is logged and kept). */
  describeError?: (body: unknown) => string | undefined;
}

export interface ProviderAnswer<T> {
  status: number;
  headers: Headers;
  body: T;
}

/**
 * One call to a provider's JSON API through Node's fetch, with a timeout. A 2xx answer comes back parsed; anything
 * else is a `ProviderCallError`: a 429 waits its `Retry-After` (seconds or a date), and so does a 503 that sends one;
 * timeouts, network failures, 408 and 5xx are retryable, other refusals (401, 403, 404, 422) are permanent, with `http_<status>` as the code.
 */
export async function callProviderApi<T>(request: ProviderRequest): Promise<ProviderAnswer<T>> {
  let response: Response;
  let text: string;
  try {
    response = await fetch(request.url, {
      method: request.method ?? 'GET',
      headers: { accept: 'application/json', ...(request.body === undefined ? {} : { 'content-type': 'application/json' }), ...request.headers },
      body: request.body === undefined ? undefined : JSON.stringify(request.body),
      signal: AbortSignal.timeout(request.timeoutMs),
    });
    text = await response.text();
  } catch (error) {
    // Duck-typed: AbortSignal.timeout's DOMException is not always an `instanceof Error` of this realm.
    const name = (error as { name?: unknown } | null)?.name;
    if (name === 'TimeoutError' || name === 'AbortError') throw new ProviderCallError(`${request.provider} did not answer in time`, true, undefined, 'timeout');
    throw new ProviderCallError(`${request.provider} could not be reached: ${(error as Error).message}`, true, undefined, 'network');
  }
  let body: unknown;
  try {
    body = text === '' ? undefined : JSON.parse(text);
  } catch {
    body = undefined;
  }
  if (response.ok) return { status: response.status, headers: response.headers, body: body as T };
  const detail = request.describeError?.(body)?.slice(0, 300);
  const message = `${request.provider} answered ${response.status}${detail ? `: ${detail}` : ''}`;
  const code = `http_${response.status}`;
  if (response.status === 429) throw new ProviderCallError(message, true, retryAfterMs(response.headers.get('retry-after')) ?? request.defaultRetryAfterMs ?? 2_000, code);
  // A 503 may say when the provider expects to be back (RFC 9110); without it, the usual backoff.
  const retryAfter = response.status === 503 ? retryAfterMs(response.headers.get('retry-after')) : undefined;
  throw new ProviderCallError(message, response.status >= 500 || response.status === 408, retryAfter, code);
}
