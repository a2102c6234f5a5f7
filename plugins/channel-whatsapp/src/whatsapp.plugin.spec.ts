import type { PluginLogger } from '@parley/plugin-sdk';
import plugin, { WhatsAppChannelModule } from './whatsapp.plugin';
import { type WhatsAppOptions, whatsAppOptions } from './whatsapp-options';

const APP_SECRET = 'meta-app-secret-for-tests';
const VERIFY_TOKEN = 'parley-verify-token';
const OPTIONS: WhatsAppOptions = whatsAppOptions.parse({
  appSecret: APP_SECRET,
  verifyToken: VERIFY_TOKEN,
  accounts: [
    { phoneNumberId: '1001', storeSlug: 'roma', accessToken: 'EAAG-token-roma', catalogId: '5001' },
    { phoneNumberId: '1002', storeSlug: 'milano', accessToken: 'EAAG-token-milano' },
  ],
});

// Registering the adapter on start and the webhook routes are tested in api/whatsapp-webhook.controller.spec.ts,
// in a NestJS app that imports the module as the core's plugin host does.
describe('the plugin definition', () => {
  it('declares a channel plugin of the SDK 0.1 with its options and module', () => {
    expect(plugin).toMatchObject({ name: '@parley/plugin-channel-whatsapp', sdk: '^0.1.0', kinds: ['channel'], module: WhatsAppChannelModule });
  });

  it('fills the defaults', () => {
    expect(OPTIONS).toMatchObject({ graphApiBaseUrl: 'https://graph.facebook.com', apiVersion: 'v21.0', requestTimeoutMs: 10_000 });
    expect(whatsAppOptions.parse({ ...OPTIONS, graphApiBaseUrl: 'http://127.0.0.1:9999/' }).graphApiBaseUrl).toBe('http://127.0.0.1:9999');
  });

  // As the core reports a bad option: `option "<path>": <message>`, the first issue only.
  const firstIssue = (options: unknown) => {
    const result = whatsAppOptions.safeParse(options);
    if (result.success) return 'valid';
    const [issue] = result.error.issues;
    return `option "${issue.path.join('.')}": ${issue.message}`;
  };

  it.each([
    [{ ...OPTIONS, appSecret: '' }, 'option "appSecret": must be the Meta app\'s secret (App settings → Basic)'],
    [{ ...OPTIONS, verifyToken: '' }, 'option "verifyToken": must be the verify token typed into the webhook configuration'],
    [{ ...OPTIONS, apiVersion: '21' }, 'option "apiVersion": must be a Graph API version such as v21.0'],
    [{ ...OPTIONS, graphApiBaseUrl: 'graph.facebook.com' }, 'option "graphApiBaseUrl": must be an http(s) base URL such as https://graph.facebook.com'],
    [{ ...OPTIONS, accounts: [] }, 'option "accounts": must list at least one WhatsApp number ({ phoneNumberId, storeSlug, accessToken })'],
    [{ ...OPTIONS, accounts: [{ ...OPTIONS.accounts[0], phoneNumberId: '+39 06 1234' }] }, 'option "accounts.0.phoneNumberId": must be the numeric phone number id from the WhatsApp Manager, not the phone number'],
    [{ ...OPTIONS, accounts: [{ ...OPTIONS.accounts[0], storeSlug: '' }] }, 'option "accounts.0.storeSlug": must name the store this number belongs to'],
    [{ ...OPTIONS, accounts: [{ ...OPTIONS.accounts[0], catalogId: 'menu' }] }, 'option "accounts.0.catalogId": must be the numeric Commerce Manager catalog id'],
    [{ ...OPTIONS, accounts: [OPTIONS.accounts[0], OPTIONS.accounts[0]] }, 'option "accounts": must not list the same phoneNumberId twice'],
    [{ ...OPTIONS, requestTimeoutMs: 10 }, 'option "requestTimeoutMs": must be at least 100 ms'],
  ])('refuses bad options with one clear line: %#', (options, line) => {
    expect(firstIssue(options)).toBe(line);
  });

  it('says it is ready without logging tokens, secrets or numbers', async () => {
    const lines: unknown[] = [];
    const logger: PluginLogger = { debug: (...args) => lines.push(args), info: (...args) => lines.push(args), warn: (...args) => lines.push(args), error: (...args) => lines.push(args) };
    await plugin.onStart?.({ options: OPTIONS, logger, moduleRef: undefined as never });
    const logged = JSON.stringify(lines);
    expect(logged).toContain('WhatsApp channel ready');
    for (const secret of [APP_SECRET, VERIFY_TOKEN, 'EAAG', '1001', '1002']) expect(logged).not.toContain(secret);
  });
});
