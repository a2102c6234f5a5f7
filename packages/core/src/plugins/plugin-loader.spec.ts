import { resolve } from 'node:path';
import { Module } from '@nestjs/common';
import { definePlugin, SDK_VERSION, z } from '@parley/plugin-sdk';
import { createTestApp } from '@parley/testing';
import { calls } from './fixtures/lifecycle.plugin';
import { loadPlugins } from './plugin-loader';

@Module({})
class EmptyModule {}

const plugin = (overrides: Partial<Parameters<typeof definePlugin>[0]> = {}) =>
  definePlugin({ name: 'acme', version: '1.0.0', sdk: '^0.1.0', kinds: ['generic'], options: z.object({}), module: EmptyModule, ...overrides });

describe('plugin loading', () => {
  it('refuses a plugin built for another SDK, naming both versions', () => {
    expect(() => loadPlugins([{ package: 'acme', options: {} }], () => plugin({ sdk: '^2.0.0' }))).toThrow(
      `Plugin "acme" supports SDK ^2.0.0, but this platform provides SDK ${SDK_VERSION}`,
    );
  });

  it('refuses a package that is missing or is not a plugin', () => {
    expect(() => loadPlugins([{ package: '@parley/plugin-does-not-exist', options: {} }])).toThrow(
      'Plugin "@parley/plugin-does-not-exist" could not be loaded',
    );
    expect(() => loadPlugins([{ package: 'semver', options: {} }])).toThrow(
      'Plugin "semver" does not export definePlugin(...) as its default or "plugin" export',
    );
  });

  it('refuses the same plugin configured twice', () => {
    expect(() => loadPlugins([{ package: 'a', options: {} }, { package: 'b', options: {} }], () => plugin())).toThrow(
      'Plugin "acme" is configured twice',
    );
  });

  it('rejects definitions with an invalid name or kind', () => {
    expect(() => plugin({ name: 'Not A Name' })).toThrow('is not a valid npm package name');
    expect(() => plugin({ kinds: ['spaceship' as never] })).toThrow('kinds must be some of');
  });

  it('runs onStart when the app is up and onShutdown when it stops', async () => {
    const t = await createTestApp({
      database: 'sqlite',
      plugins: [{ package: resolve(__dirname, 'fixtures/lifecycle.plugin.ts'), options: { label: 'one' } }],
    });
    expect(calls).toEqual(['start:one']);
    await t.close();
    expect(calls).toEqual(['start:one', 'shutdown:one']);
  });
});
