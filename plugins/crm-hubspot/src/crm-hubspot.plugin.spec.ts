import { loadPlugins } from '@parley/core';
import type { PluginLogger } from '@parley/plugin-sdk';
import { createTestApp } from '@parley/testing';
import plugin, { HubSpotCrmModule } from './crm-hubspot.plugin';
import { type HubSpotOptions, hubSpotOptions } from './hubspot-options';

const TOKEN = 'pat-eu1-0f5e2f3a-1111-2222-3333-444455556666';
const OPTIONS: HubSpotOptions = hubSpotOptions.parse({
  accounts: [
    { storeSlug: 'roma', accessToken: TOKEN },
    { storeSlug: 'milano', accessToken: 'pat-na1-aaaabbbb-cccc-dddd-eeee-ffff00001111', pipeline: 'ecommerce', dealStages: { open: 'new', won: 'paid', lost: 'lost' } },
  ],
});

describe('the HubSpot plugin definition', () => {
  it('declares a CRM plugin of the SDK 0.1 with its options and module', () => {
    expect(plugin).toMatchObject({ name: '@parley/plugin-crm-hubspot', sdk: '^0.1.0', kinds: ['crm'], module: HubSpotCrmModule });
  });

  it('fills the defaults: HubSpot itself, the default pipeline and its stages', () => {
    expect(OPTIONS).toMatchObject({ apiBaseUrl: 'https://api.hubapi.com', requestTimeoutMs: 10_000 });
    expect(OPTIONS.accounts[0]).toMatchObject({ pipeline: 'default', dealStages: { open: 'appointmentscheduled', won: 'closedwon', lost: 'closedlost' } });
    expect(OPTIONS.accounts[1]).toMatchObject({ pipeline: 'ecommerce', dealStages: { open: 'new', won: 'paid', lost: 'lost' } });
    expect(hubSpotOptions.parse({ ...OPTIONS, apiBaseUrl: 'http://127.0.0.1:9999/' }).apiBaseUrl).toBe('http://127.0.0.1:9999');
  });

  // Loaded as the platform loads it at start-up, which reports the first bad option.
  const refusal = (options: unknown) => {
    try {
      loadPlugins([{ package: '@parley/plugin-crm-hubspot', options }]);
      return 'accepted';
    } catch (error) {
      return (error as Error).message.replace('Plugin "@parley/plugin-crm-hubspot": ', '');
    }
  };

  it.each([
    [{ accounts: [] }, 'option "accounts": must list at least one HubSpot account ({ storeSlug, accessToken })'],
    [{ accounts: [{ storeSlug: '', accessToken: TOKEN }] }, 'option "accounts.0.storeSlug": must name the store whose contacts and orders go to this HubSpot account'],
    [{ accounts: [{ storeSlug: 'roma', accessToken: 'demo' }] }, 'option "accounts.0.accessToken": must be a HubSpot private app\'s access token (pat-...)'],
    [{ accounts: [{ storeSlug: 'roma', accessToken: TOKEN, pipeline: '' }] }, 'option "accounts.0.pipeline": must be the internal id of a deal pipeline, such as default'],
    [{ accounts: [{ storeSlug: 'roma', accessToken: TOKEN, dealStages: { won: '' } }] }, 'option "accounts.0.dealStages.won": must be the internal id of a deal stage of the pipeline'],
    [{ accounts: [OPTIONS.accounts[0], OPTIONS.accounts[0]] }, 'option "accounts": must not list the same storeSlug twice'],
    [{ ...OPTIONS, apiBaseUrl: 'api.hubapi.com' }, 'option "apiBaseUrl": must be an http(s) base URL such as https://api.hubapi.com'],
    [{ ...OPTIONS, requestTimeoutMs: 10 }, 'option "requestTimeoutMs": must be at least 100 ms'],
  ])('refuses bad options with one clear line: %#', (options, line) => {
    expect(refusal(options)).toBe(line);
  });

  it('stops the platform from starting with a bad option, naming the plugin and the option but not the value', async () => {
    const start = createTestApp({
      database: 'sqlite',
      plugins: [{ package: '@parley/plugin-crm-hubspot', options: { accounts: [{ storeSlug: 'roma', accessToken: 'my-secret-api-key' }] } }],
    });
    const error = await start.then(
      (app) => app.close().then(() => new Error('The platform started')),
      (caught: Error) => caught,
    );
    expect(error.message).toBe('Plugin "@parley/plugin-crm-hubspot": option "accounts.0.accessToken": must be a HubSpot private app\'s access token (pat-...)');
    expect(error.name).toBe('PluginLoadError');
  });

  it('says it is ready without logging tokens', async () => {
    const lines: unknown[][] = [];
    const record = (...line: unknown[]) => void lines.push(line);
    const logger: PluginLogger = { debug: record, info: record, warn: record, error: record };
    await plugin.onStart?.({ options: OPTIONS, logger, moduleRef: undefined as never });
    const logged = JSON.stringify(lines);
    expect(logged).toContain('HubSpot CRM ready');
    expect(logged).toContain('roma');
    expect(logged).not.toContain('pat-');
  });
});
