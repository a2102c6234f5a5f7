import { z } from '@parley/plugin-sdk';

/** `<bot id>:<secret part>`, as @BotFather gives it. */
const TOKEN = /^(\d{1,20}):[A-Za-z0-9_-]{20,}$/;

const bot = z.object({
  /** The store this bot sells for. */
  storeSlug: z.string().min(1, 'must name the store this bot belongs to'),
  /** The bot's token from @BotFather (`123456789:AA...`); its number before the colon is the bot's public id. */
  token: z.string().regex(TOKEN, 'must be the bot token from @BotFather, such as 123456789:AAH...'),
  /**
   * Sent by Telegram in `X-Telegram-Bot-Api-Secret-Token` with every update: the same value given to setWebhook.
   * Telegram allows 1 to 256 characters A-Z, a-z, 0-9, _ and -.
   */
  secretToken: z.string().regex(/^[A-Za-z0-9_-]{16,256}$/, 'must be 16 to 256 characters of A-Z, a-z, 0-9, _ and - (the setWebhook secret_token)'),
});

export const telegramOptions = z.object({
  bots: z
    .array(bot)
    .min(1, 'must list at least one bot ({ storeSlug, token, secretToken })')
    .refine((list) => new Set(list.map((entry) => botIdOf(entry.token))).size === list.length, 'must not list the same bot twice'),
  apiBaseUrl: z
    .string()
    .regex(/^https?:\/\/[^\s/?#]+(\/[^\s?#]*)?$/, 'must be an http(s) base URL such as https://api.telegram.org')
    .transform((url) => url.replace(/\/+$/, ''))
    .default('https://api.telegram.org'),
  /**
   * The public https address of this installation (e.g. https://shop.example.com). Given, each bot's webhook is set
   * at start to `<webhookBaseUrl>/webhooks/telegram/<bot id>` with its secret token; absent, set it yourself.
   */
  webhookBaseUrl: z
    .string()
    .regex(/^https?:\/\/[^\s/?#]+(\/[^\s?#]*)?$/, 'must be the public http(s) address of this installation, such as https://shop.example.com')
    .transform((url) => url.replace(/\/+$/, ''))
    .optional(),
  /**
   * Connections Telegram opens at once to deliver updates (setWebhook's max_connections). 1, the default, has Telegram
   * deliver a bot's updates one after the other, in order.
   */
  maxConnections: z.number().int('must be a whole number').min(1, 'must be 1 to 100').max(100, 'must be 1 to 100').default(1),
  requestTimeoutMs: z.number().int('must be a whole number of milliseconds').min(100, 'must be at least 100 ms').max(120_000, 'must be at most 120000 ms').default(10_000),
});

export type TelegramOptions = z.infer<typeof telegramOptions>;
export type TelegramBot = TelegramOptions['bots'][number];

/** The bot's numeric id: the part of its token before the colon. Public (it is in every update), unlike the token. */
export function botIdOf(token: string): string {
  return token.slice(0, token.indexOf(':'));
}
