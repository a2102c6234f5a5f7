import { resolve } from 'node:path';
import type { PluginEntry } from '@parley/core';
import { answered, answersAfter, createTestApp, type TestApp, type TestDatabase } from '@parley/testing';
import { type FakeBotApi, type SentTelegramMessage, startFakeBotApi, type Update, webhookRequest } from './fake-bot-api.testing';

// For tests only: the real platform with the Telegram plugin, its Bot API answered by the loopback fake.

export const BOTS = [
  { botId: '7001', token: '7001:AAH-roma-token-for-tests-0123456789', secretToken: 'secret-token-roma-0123456789' },
  { botId: '7002', token: '7002:AAH-milano-token-for-tests-987654321', secretToken: 'secret-token-milano-987654321' },
] as const;

export const STORE_SLUGS = ['pizzeria-roma', 'pizzeria-milano'] as const;

export interface TelegramTestApp {
  t: TestApp;
  api: FakeBotApi;
  /** The stores of bot 7001 and bot 7002, with their owner keys. */
  stores: { id: string; slug: string; ownerKey: string }[];
  /** POSTs an update to a bot's webhook as Telegram does, with the bot's secret token unless `secret` says otherwise. */
  post(update: unknown, options?: { botId?: string; secret?: string | null }): ReturnType<ReturnType<TestApp['http']>['post']>;
  /** Posts the update and waits until the platform has handled it and every answer has left (sent or failed). */
  deliver(update: Update, botId?: string): Promise<void>;
  /** Posts the update and waits for the whole burst of answers to `chatId`. */
  answersTo(chatId: number, update: unknown, expected?: number): Promise<SentTelegramMessage[]>;
  close(): Promise<void>;
}

/** Starts the fake Bot API and a test app with the plugin: bot 7001 sells for `pizzeria-roma`, 7002 for `pizzeria-milano`. */
export async function telegramTestApp(
  options: {
    database?: TestDatabase;
    pluginOptions?: Record<string, unknown>;
    plugins?: PluginEntry[];
    env?: Record<string, string>;
    /** Scripts the fake before the platform starts (and calls setWebhook, when asked to). */
    prepare?: (api: FakeBotApi) => void;
  } = {},
): Promise<TelegramTestApp> {
  const api = await startFakeBotApi({ tokens: BOTS.map((bot) => bot.token) });
  options.prepare?.(api);
  let t: TestApp;
  try {
    t = await createTestApp({
      database: options.database ?? 'postgres',
      env: options.env,
      plugins: [
        {
          package: resolve(__dirname, 'telegram.plugin.ts'),
          options: {
            apiBaseUrl: api.url,
            bots: BOTS.map((bot, index) => ({ storeSlug: STORE_SLUGS[index], token: bot.token, secretToken: bot.secretToken })),
            ...options.pluginOptions,
          },
        },
        ...(options.plugins ?? []),
      ],
    });
  } catch (error) {
    await api.close();
    throw error;
  }
  const stores: TelegramTestApp['stores'] = [];
  for (const slug of STORE_SLUGS) stores.push(await t.createStore(slug));
  const post: TelegramTestApp['post'] = (update, { botId = BOTS[0].botId, secret } = {}) => {
    const bot = BOTS.find((candidate) => candidate.botId === botId);
    const request = webhookRequest(secret ?? bot?.secretToken ?? 'no-such-bot', update);
    const headers = secret === null ? { 'content-type': 'application/json' } : request.headers;
    return t.http().post(`/webhooks/telegram/${botId}`).set(headers).send(request.body);
  };
  return {
    t,
    api,
    stores,
    post,
    deliver: async (update, botId = BOTS[0].botId) => {
      const response = await post(update, { botId });
      if (response.status !== 200) throw new Error(`The webhook answered ${response.status}`);
      await answered(t, 'telegram', `${botId}:${update.update_id}`);
    },
    answersTo: (chatId, update, expected = 1) => answersAfter(() => api.sent.filter((message) => message.chatId === chatId), () => post(update), expected),
    close: async () => {
      await t.close();
      await api.close();
    },
  };
}
