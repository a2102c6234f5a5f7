import type { PluginLogger } from '@parley/plugin-sdk';
import plugin, { TelegramChannelModule } from './telegram.plugin';
import { botIdOf, type TelegramOptions, telegramOptions } from './telegram-options';

const TOKEN = '7001:AAH-roma-token-for-tests-0123456789';
const SECRET = 'secret-token-roma-0123456789';
const OPTIONS: TelegramOptions = telegramOptions.parse({
  bots: [
    { storeSlug: 'roma', token: TOKEN, secretToken: SECRET },
    { storeSlug: 'milano', token: '7002:AAH-milano-token-for-tests-987654321', secretToken: 'secret-token-milano-987654321' },
  ],
});

// Registering the adapter, the webhook routes and setWebhook at start are tested in api/telegram-webhook.controller.spec.ts.
describe('the Telegram plugin definition', () => {
  it('declares a channel plugin of the SDK 0.1 with its options, module and table', () => {
    expect(plugin).toMatchObject({ name: '@parley/plugin-channel-telegram', sdk: '^0.1.0', kinds: ['channel'], module: TelegramChannelModule });
    expect(plugin.migrations?.postgres).toHaveLength(1);
    expect(plugin.migrations?.sqlite).toHaveLength(1);
  });

  it('fills the defaults, and knows a bot by the public part of its token', () => {
    expect(OPTIONS).toMatchObject({ apiBaseUrl: 'https://api.telegram.org', maxConnections: 1, requestTimeoutMs: 10_000 });
    expect(OPTIONS.webhookBaseUrl).toBeUndefined();
    expect(telegramOptions.parse({ ...OPTIONS, apiBaseUrl: 'http://127.0.0.1:9999/', webhookBaseUrl: 'https://shop.example.com/' })).toMatchObject({
      apiBaseUrl: 'http://127.0.0.1:9999',
      webhookBaseUrl: 'https://shop.example.com',
    });
    expect(botIdOf(TOKEN)).toBe('7001');
  });

  // As the core reports a bad option: `option "<path>": <message>`, the first issue only.
  const firstIssue = (options: unknown) => {
    const result = telegramOptions.safeParse(options);
    if (result.success) return 'valid';
    const [issue] = result.error.issues;
    return `option "${issue.path.join('.')}": ${issue.message}`;
  };
  const bot = OPTIONS.bots[0];

  it.each([
    [{ bots: [] }, 'option "bots": must list at least one bot ({ storeSlug, token, secretToken })'],
    [{ bots: [{ ...bot, storeSlug: '' }] }, 'option "bots.0.storeSlug": must name the store this bot belongs to'],
    [{ bots: [{ ...bot, token: 'AAH-no-bot-id' }] }, 'option "bots.0.token": must be the bot token from @BotFather, such as 123456789:AAH...'],
    [{ bots: [{ ...bot, secretToken: 'short' }] }, 'option "bots.0.secretToken": must be 16 to 256 characters of A-Z, a-z, 0-9, _ and - (the setWebhook secret_token)'],
    [{ bots: [{ ...bot, secretToken: 'has spaces in it, not allowed' }] }, 'option "bots.0.secretToken": must be 16 to 256 characters of A-Z, a-z, 0-9, _ and - (the setWebhook secret_token)'],
    [{ bots: [bot, { ...bot, storeSlug: 'other' }] }, 'option "bots": must not list the same bot twice'],
    [{ bots: [bot], apiBaseUrl: 'api.telegram.org' }, 'option "apiBaseUrl": must be an http(s) base URL such as https://api.telegram.org'],
    [{ bots: [bot], webhookBaseUrl: 'shop.example.com' }, 'option "webhookBaseUrl": must be the public http(s) address of this installation, such as https://shop.example.com'],
    [{ bots: [bot], maxConnections: 0 }, 'option "maxConnections": must be 1 to 100'],
    [{ bots: [bot], requestTimeoutMs: 10 }, 'option "requestTimeoutMs": must be at least 100 ms'],
  ])('refuses bad options with one clear line: %#', (options, line) => {
    expect(firstIssue(options)).toBe(line);
  });

  it('says it is ready without logging tokens or secrets', async () => {
    const lines: unknown[] = [];
    const logger: PluginLogger = { debug: (...args) => lines.push(args), info: (...args) => lines.push(args), warn: (...args) => lines.push(args), error: (...args) => lines.push(args) };
    await plugin.onStart?.({ options: OPTIONS, logger, moduleRef: undefined as never });
    const logged = JSON.stringify(lines);
    expect(logged).toContain('Telegram channel ready');
    for (const secret of [SECRET, 'AAH-']) expect(logged).not.toContain(secret);
  });
});
