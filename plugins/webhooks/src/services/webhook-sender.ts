import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { Inject, Injectable } from '@nestjs/common';
import { PLUGIN_OPTIONS, PrivateAddressError, publicOnlyLookup, retryAfterMs, signWebhook } from '@parley/plugin-sdk';
import type { WebhooksOptions } from '../webhooks-options';

/** How much of an endpoint's answer is kept in the delivery log. */
export const RESPONSE_BODY_LIMIT = 1024;

export interface SendResult {
  /** A 2xx answer. */
  succeeded: boolean;
  statusCode: number | null;
  durationMs: number;
  error: string | null;
  responseBody: string | null;
  /** The endpoint's Retry-After on a 429 or 503, in milliseconds. */
  retryAfterMs: number | null;
}

export interface OutgoingWebhook {
  url: string;
  secret: string;
  deliveryId: string;
  eventType: string;
  body: string;
}

function answerError(status: number): string {
  return status >= 300 && status < 400 ? `Answered ${status}: redirects are not followed, register the final URL` : `Answered ${status}`;
}

// Says what went wrong without the URL, which can itself be a secret (Zapier's and n8n's hook URLs are).
function describeFailure(error: Error & { code?: string }): string {
  if (error instanceof PrivateAddressError) return "The endpoint's host resolves to a private address";
  return error.code ? `Could not reach the endpoint (${error.code})` : 'Could not reach the endpoint';
}

/**
 * Sends one signed request to an endpoint and says how it went; it never throws for what the endpoint does. Unless
 * insecure URLs are allowed, the connection is refused when the host resolves to a private address at that moment,
 * whatever it resolved to when the URL was registered.
 */
@Injectable()
export class WebhookSender {
  constructor(@Inject(PLUGIN_OPTIONS) private readonly options: WebhooksOptions) {}

  send(webhook: OutgoingWebhook): Promise<SendResult> {
    const { timeoutMs, allowInsecureUrls } = this.options;
    const url = new URL(webhook.url);
    const started = performance.now();
    return new Promise<SendResult>((resolve) => {
      let settled = false;
      const finish = (result: Omit<SendResult, 'durationMs'>) => {
        if (settled) return;
        settled = true;
        clearTimeout(deadline);
        resolve({ ...result, durationMs: Math.round(performance.now() - started) });
      };
      const fail = (error: string) => finish({ succeeded: false, statusCode: null, error, responseBody: null, retryAfterMs: null });
      const answered = (response: IncomingMessage, chunks: Buffer[]) => {
        const status = response.statusCode ?? 0;
        const succeeded = status >= 200 && status < 300;
        const retryAfter = response.headers['retry-after'];
        finish({
          succeeded,
          statusCode: status,
          error: succeeded ? null : answerError(status),
          // Only the start of the answer is read, whatever its size.
          responseBody: Buffer.concat(chunks).subarray(0, RESPONSE_BODY_LIMIT).toString('utf8') || null,
          retryAfterMs: status === 429 || status === 503 ? (retryAfterMs(typeof retryAfter === 'string' ? retryAfter : null) ?? null) : null,
        });
        response.destroy();
      };
      const request = (url.protocol === 'https:' ? httpsRequest : httpRequest)(
        url,
        {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            'content-length': Buffer.byteLength(webhook.body),
            'user-agent': 'Parley-Webhooks/1',
            'x-parley-event': webhook.eventType,
            'x-parley-delivery': webhook.deliveryId,
            ...signWebhook(webhook.secret, webhook.body),
          },
          ...(allowInsecureUrls ? {} : { lookup: publicOnlyLookup }),
        },
        (response) => {
          const chunks: Buffer[] = [];
          let size = 0;
          response.on('data', (chunk: Buffer) => {
            chunks.push(chunk);
            size += chunk.length;
            if (size >= RESPONSE_BODY_LIMIT) answered(response, chunks);
          });
          response.on('end', () => answered(response, chunks));
          response.on('error', () => answered(response, chunks));
        },
      );
      // One deadline for connecting, sending and the answer's start; node's own timeout would only watch idle sockets.
      const deadline = setTimeout(() => {
        fail(`No answer within ${timeoutMs} ms`);
        request.destroy();
      }, timeoutMs);
      request.on('error', (error) => fail(describeFailure(error)));
      request.end(webhook.body);
    });
  }
}
