import { Inject, Injectable } from '@nestjs/common';
import { ChannelSendError, PLUGIN_OPTIONS } from '@parley/plugin-sdk';
import type { TelegramBot, TelegramOptions } from '../telegram-options';

/** The largest file the Bot API lets a bot download (getFile). */
export const MAX_DOWNLOAD_BYTES = 20 * 1024 * 1024;

/** Why Telegram refused a send for good, as `providerCode`: what the core records on the failed message. */
export const PERMANENT_REASONS = {
  blocked: /bot was blocked by the user/i,
  deactivated: /user is deactivated/i,
  chat_not_found: /chat not found/i,
  query_too_old: /query is too old|query id is invalid/i,
} as const;

/** Telegram's error answer: `{ ok: false, error_code, description, parameters: { retry_after, migrate_to_chat_id } }`. */
interface BotApiError {
  ok?: unknown;
  error_code?: unknown;
  description?: unknown;
  parameters?: { retry_after?: unknown };
}

/** Error texts go to logs: long digit runs (chat ids, phone numbers) are masked. */
const scrub = (value: string) => value.replace(/\+?\d[\d\s().-]{5,}\d/g, '[number]').slice(0, 300);

/**
 * Turns a Bot API error answer into a ChannelSendError: retryable for 429 (after `parameters.retry_after` seconds)
 * and 5xx, permanent for every other error (403 blocked by the user or deactivated, 400 chat not found, ...).
 */
export function classifyBotApiError(status: number, body: unknown): ChannelSendError {
  const error: BotApiError = typeof body === 'object' && body !== null ? (body as BotApiError) : {};
  const code = typeof error.error_code === 'number' ? error.error_code : status;
  const description = typeof error.description === 'string' && error.description !== '' ? error.description : `HTTP ${status}`;
  const message = scrub(`Telegram Bot API error ${code}: ${description}`);
  if (code === 429 || code >= 500) {
    const retryAfter = typeof error.parameters?.retry_after === 'number' && error.parameters.retry_after >= 0 ? error.parameters.retry_after : undefined;
    return new ChannelSendError(message, true, retryAfter === undefined ? undefined : retryAfter * 1000, String(code));
  }
  const reason = (Object.keys(PERMANENT_REASONS) as (keyof typeof PERMANENT_REASONS)[]).find((key) => PERMANENT_REASONS[key].test(description));
  return new ChannelSendError(message, false, undefined, reason ?? String(code));
}

function networkError(error: unknown, what: string): ChannelSendError {
  // Duck-typed: AbortSignal.timeout's DOMException is not always an `instanceof Error` of this realm.
  const { name } = typeof error === 'object' && error !== null ? (error as { name?: unknown }) : { name: undefined };
  // Never the error's own message: fetch's may hold the URL, and the URL holds the bot's token.
  return name === 'TimeoutError' || name === 'AbortError'
    ? new ChannelSendError(`Telegram Bot API did not answer ${what} in time`, true, undefined, 'timeout')
    : new ChannelSendError(`Telegram Bot API could not be reached ${what}`, true, undefined, 'network');
}

async function readJson(response: Response): Promise<unknown> {
  const text = await response.text();
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** A sent message as the Bot API answers it; only what the channel uses. */
export interface SentTelegramMessage {
  message_id: number;
  chat: { id: number };
}

/**
 * The Bot API methods the channel calls, through Node's fetch with a timeout on every request:
 * `POST <apiBaseUrl>/bot<token>/<method>` with a JSON body. The token is in the URL, so no URL and no fetch error
 * message is ever logged or put in an error.
 */
@Injectable()
export class BotApiClient {
  constructor(@Inject(PLUGIN_OPTIONS) private readonly options: TelegramOptions) {}

  async call<T>(bot: TelegramBot, method: string, params: Record<string, unknown>): Promise<T> {
    const what = `calling ${method}`;
    let response: Response;
    let body: unknown;
    try {
      response = await fetch(`${this.options.apiBaseUrl}/bot${bot.token}/${method}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(params),
        signal: AbortSignal.timeout(this.options.requestTimeoutMs),
      });
      body = await readJson(response);
    } catch (error) {
      throw networkError(error, what);
    }
    const answer = body as { ok?: unknown; result?: unknown } | undefined;
    if (!response.ok || answer?.ok !== true) throw classifyBotApiError(response.status, body);
    return answer.result as T;
  }

  sendMessage(bot: TelegramBot, params: Record<string, unknown>): Promise<SentTelegramMessage> {
    return this.call(bot, 'sendMessage', params);
  }

  sendPhoto(bot: TelegramBot, params: Record<string, unknown>): Promise<SentTelegramMessage> {
    return this.call(bot, 'sendPhoto', params);
  }

  async answerCallbackQuery(bot: TelegramBot, callbackQueryId: string): Promise<void> {
    await this.call(bot, 'answerCallbackQuery', { callback_query_id: callbackQueryId });
  }

  async setWebhook(bot: TelegramBot, params: { url: string; secret_token: string; max_connections: number; allowed_updates: string[] }): Promise<void> {
    await this.call(bot, 'setWebhook', params);
  }

  /** `getFile`, then the file from `<apiBaseUrl>/file/bot<token>/<file_path>` (20 MB at most, as the Bot API allows). */
  async downloadFile(bot: TelegramBot, fileId: string): Promise<{ bytes: Buffer; filePath: string; contentType: string | null }> {
    const file = await this.call<{ file_path?: unknown; file_size?: unknown }>(bot, 'getFile', { file_id: fileId });
    if (typeof file.file_size === 'number' && file.file_size > MAX_DOWNLOAD_BYTES) {
      throw new ChannelSendError(`The file has ${file.file_size} bytes, more than the ${MAX_DOWNLOAD_BYTES} a bot may download`, false, undefined, 'file_too_large');
    }
    if (typeof file.file_path !== 'string' || file.file_path === '') {
      throw new ChannelSendError('Telegram answered getFile without a file_path', false, undefined, 'no_file_path');
    }
    const what = 'downloading a file';
    try {
      const response = await fetch(`${this.options.apiBaseUrl}/file/bot${bot.token}/${file.file_path}`, { signal: AbortSignal.timeout(this.options.requestTimeoutMs) });
      if (!response.ok) {
        await response.body?.cancel();
        throw classifyBotApiError(response.status, undefined);
      }
      return { bytes: Buffer.from(await response.arrayBuffer()), filePath: file.file_path, contentType: response.headers.get('content-type') };
    } catch (error) {
      if (error instanceof ChannelSendError) throw error;
      throw networkError(error, what);
    }
  }
}
