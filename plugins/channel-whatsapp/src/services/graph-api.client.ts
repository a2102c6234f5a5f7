import { Inject, Injectable } from '@nestjs/common';
import { ChannelSendError, PLUGIN_OPTIONS, retryAfterMs } from '@parley/plugin-sdk';
import type { WhatsAppAccount, WhatsAppOptions } from '../whatsapp-options';

/** Graph error codes worth another try: rate limits and Meta's temporary failures. */
const RETRYABLE_CODES = new Set([
  1, // API unknown (temporary)
  2, // API service (temporary)
  4, // app request limit
  80007, // WhatsApp Business Account rate limit
  130429, // Cloud API throughput reached
  131000, // something went wrong
  131056, // pair rate limit: too many messages to the same customer
]);

/**
 * Codes that will fail again however often they are sent. Listed for the record: every other 4xx is permanent too.
 * 131047 re-engagement (outside the 24 h window), 131026 undeliverable, 131050 customer stopped marketing messages,
 * 100 invalid parameter, 190 access token, 131008/131009 missing/invalid parameter, 132000/132001 template.
 */
export const PERMANENT_CODES = new Set([131047, 131026, 131050, 100, 190, 131008, 131009, 132000, 132001]);

/** WhatsApp asks for at most one message every 6 seconds to the same customer (pair rate limit). */
const PAIR_RATE_LIMIT_MS = 6_000;

/** Largest media WhatsApp carries (documents): anything bigger is refused before it is read. */
export const MAX_MEDIA_BYTES = 100 * 1024 * 1024;

interface GraphError {
  message?: unknown;
  type?: unknown;
  code?: unknown;
  error_subcode?: unknown;
  error_data?: { details?: unknown };
  fbtrace_id?: unknown;
}

/** Error texts go to logs: long digit runs (phone numbers) are masked. */
const scrub = (value: string) => value.replace(/\+?\d[\d\s().-]{5,}\d/g, '[number]').slice(0, 300);

/**
 * Turns a Graph API error answer into a ChannelSendError: retryable for 5xx, 429 and the codes Meta documents as
 * rate limits or temporary, permanent for everything else.
 */
export function classifyGraphError(status: number, body: unknown, headers: Headers): ChannelSendError {
  const error: GraphError =
    typeof body === 'object' && body !== null && typeof (body as { error?: unknown }).error === 'object' && (body as { error: object }).error !== null
      ? (body as { error: GraphError }).error
      : {};
  const code = typeof error.code === 'number' || typeof error.code === 'string' ? Number(error.code) : undefined;
  const title = typeof error.message === 'string' ? error.message : `HTTP ${status}`;
  const details = typeof error.error_data?.details === 'string' && error.error_data.details !== title ? ` (${error.error_data.details})` : '';
  const message = scrub(`WhatsApp API error ${code ?? status}: ${title}${details}`);
  const providerCode = code !== undefined && !Number.isNaN(code) ? String(code) : `http_${status}`;

  let retryable: boolean;
  if (code !== undefined && RETRYABLE_CODES.has(code)) retryable = true;
  else if (code !== undefined && PERMANENT_CODES.has(code)) retryable = false;
  else retryable = status === 429 || status >= 500;

  let wait = retryable ? retryAfterMs(headers.get('retry-after')) : undefined;
  if (retryable && wait === undefined && code === 131056) wait = PAIR_RATE_LIMIT_MS;
  return new ChannelSendError(message, retryable, wait, providerCode);
}

function networkError(error: unknown, what: string): ChannelSendError {
  // Duck-typed: AbortSignal.timeout's DOMException is not always an `instanceof Error` of this realm.
  const { name, message } = typeof error === 'object' && error !== null ? (error as { name?: unknown; message?: unknown }) : { name: undefined, message: error };
  return name === 'TimeoutError' || name === 'AbortError'
    ? new ChannelSendError(`WhatsApp API did not answer ${what} in time`, true, undefined, 'timeout')
    : new ChannelSendError(`WhatsApp API could not be reached ${what}: ${scrub(String(message))}`, true, undefined, 'network');
}

async function readJson(response: Response): Promise<unknown> {
  const text = await response.text();
  if (text === '') return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/**
 * The Graph API calls the channel makes, through Node's fetch with a timeout on every request. Access tokens go
 * only into the Authorization header; nothing here logs.
 */
@Injectable()
export class GraphApiClient {
  constructor(@Inject(PLUGIN_OPTIONS) private readonly options: WhatsAppOptions) {}

  private url(path: string): string {
    return `${this.options.graphApiBaseUrl}/${this.options.apiVersion}/${path}`;
  }

  private async call(url: string, account: WhatsAppAccount, what: string, init: RequestInit = {}): Promise<Response> {
    let response: Response;
    try {
      response = await fetch(url, {
        ...init,
        headers: { authorization: `Bearer ${account.accessToken}`, ...(init.headers as Record<string, string> | undefined) },
        signal: AbortSignal.timeout(this.options.requestTimeoutMs),
      });
    } catch (error) {
      throw networkError(error, what);
    }
    if (!response.ok) {
      let body: unknown;
      try {
        body = await readJson(response);
      } catch (error) {
        throw networkError(error, what);
      }
      throw classifyGraphError(response.status, body, response.headers);
    }
    return response;
  }

  private async json<T>(response: Response, what: string): Promise<T> {
    try {
      return (await readJson(response)) as T;
    } catch (error) {
      throw networkError(error, what);
    }
  }

  /** `POST /{version}/{phone-number-id}/messages`; answers WhatsApp's message id (`wamid...`). */
  async sendMessage(account: WhatsAppAccount, body: Record<string, unknown>): Promise<string> {
    const what = 'sending a message';
    const response = await this.call(this.url(`${encodeURIComponent(account.phoneNumberId)}/messages`), account, what, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    const answer = await this.json<{ messages?: { id?: unknown }[] } | undefined>(response, what);
    const id = answer?.messages?.[0]?.id;
    // Accepted but without an id: it may have gone out, so it is not retried (no duplicate to the customer).
    if (typeof id !== 'string' || id === '') throw new ChannelSendError('WhatsApp API accepted the message without a message id', false, undefined, 'no_message_id');
    return id;
  }

  /** `GET /{version}/{media-id}`, then the short-lived URL it gives, both with the account's token. */
  async downloadMedia(account: WhatsAppAccount, mediaId: string): Promise<{ bytes: Buffer; mimeType: string }> {
    const what = 'fetching media';
    const query = `?phone_number_id=${encodeURIComponent(account.phoneNumberId)}`;
    const info = await this.json<{ url?: unknown; mime_type?: unknown; file_size?: unknown } | undefined>(
      await this.call(this.url(`${encodeURIComponent(mediaId)}${query}`), account, what),
      what,
    );
    if (typeof info?.url !== 'string' || !/^https?:\/\//i.test(info.url)) {
      throw new ChannelSendError('WhatsApp API answered the media lookup without a download URL', false, undefined, 'no_media_url');
    }
    const download = 'downloading media';
    const response = await this.call(info.url, account, download);
    const size = Number(response.headers.get('content-length') ?? info.file_size ?? 0);
    if (size > MAX_MEDIA_BYTES) {
      await response.body?.cancel();
      throw new ChannelSendError(`Media of ${size} bytes is larger than the ${MAX_MEDIA_BYTES} bytes accepted`, false, undefined, 'media_too_large');
    }
    let bytes: Buffer;
    try {
      bytes = Buffer.from(await response.arrayBuffer());
    } catch (error) {
      throw networkError(error, download);
    }
    const mimeType = typeof info.mime_type === 'string' && info.mime_type !== '' ? info.mime_type : (response.headers.get('content-type') ?? 'application/octet-stream');
    return { bytes, mimeType };
  }
}
