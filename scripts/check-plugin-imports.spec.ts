import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';

const SCRIPT = resolve(__dirname, 'check-plugin-imports.js');

function runCheck(root?: string) {
  const result = spawnSync(process.execPath, [SCRIPT, ...(root ? ['--root', root] : [])], { encoding: 'utf8' });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('scripts/check-plugin-imports.js', () => {
  it('passes on this repository: its plugins reach the core only through the SDK', () => {
    const { status, stdout, stderr } = runCheck();
    expect(stderr).toBe('');
    expect(status).toBe(0);
    expect(stdout).toMatch(/^Plugin imports: \d+ source files in \d+ plugins reach the core only through the SDK\.\n$/);
  });

  const roots: string[] = [];
  afterAll(() => roots.forEach((root) => rmSync(root, { recursive: true, force: true })));

  /** A repository of these files only, in a temporary folder. */
  function fixture(files: Record<string, string>): string {
    const root = mkdtempSync(join(tmpdir(), 'plugin-imports-'));
    roots.push(root);
    for (const [path, text] of Object.entries(files)) {
      mkdirSync(dirname(join(root, path)), { recursive: true });
      writeFileSync(join(root, path), text);
    }
    return root;
  }

  // A plugin that keeps to the rules: the SDK in its code, the core only in tests, their helpers and devDependencies.
  const GOOD_PLUGIN = {
    'plugins/good/package.json': JSON.stringify({ name: 'good', peerDependencies: { '@parley/plugin-sdk': '^0.1.0' }, devDependencies: { '@parley/core': '0.1.0' } }),
    'plugins/good/src/good.plugin.ts': "import { definePlugin } from '@parley/plugin-sdk';\n// Not '@parley/core': a comment is no import.\nexport const note = 'see @parley/core';\nexport default definePlugin;\n",
    'plugins/good/src/good.plugin.spec.ts': "import { createApi } from '@parley/core';\n",
    'plugins/good/src/fake-api.testing.ts': "import type { PluginEntry } from '@parley/core';\n",
  };

  it('passes a plugin that uses the core only in specs, *.testing.ts helpers and devDependencies', () => {
    const { status, stdout, stderr } = runCheck(fixture(GOOD_PLUGIN));
    expect(stderr).toBe('');
    expect(status).toBe(0);
    expect(stdout).toBe('Plugin imports: 1 source files in 1 plugins reach the core only through the SDK.\n');
  });

  it('fails on a plugin that reaches into the core, naming each file, line and way, and the package.json dependency', () => {
    const root = fixture({
      ...GOOD_PLUGIN,
      'plugins/bad/package.json': JSON.stringify({ name: 'bad', dependencies: { '@parley/core': '0.1.0' } }),
      'plugins/bad/src/bad.plugin.ts': "import { definePlugin } from '@parley/plugin-sdk';\nimport { StoreService } from '@parley/core';\nexport default definePlugin;\n",
      'plugins/bad/src/services/sneaky.service.ts': [
        "export { Message } from '@parley/core/dist/conversations/message.entity';",
        "import type { AppConfig } from '@parley/core';",
        "const core = require('../../../../packages/core/src/index');",
        'export const later = () => import(`@parley/core`);',
        "export type Late = typeof import('@parley/core').StoreService;",
        "import legacy = require('@parley/core');",
        "export const where = require.resolve('@parley/core');",
        "import { other } from '../../../../packages/plugin-sdk/src/index';",
      ].join('\n'),
    });
    const { status, stdout, stderr } = runCheck(root);
    expect(status).toBe(1);
    expect(stdout).toBe('');
    const offenders = stderr.split('\n\n')[0].split('\n').sort();
    expect(offenders).toEqual(
      [
        'plugins/bad/package.json: lists @parley/core in dependencies (only devDependencies may, for tests)',
        'plugins/bad/src/bad.plugin.ts:2: import of "@parley/core"',
        'plugins/bad/src/services/sneaky.service.ts:1: export ... from of "@parley/core/dist/conversations/message.entity"',
        'plugins/bad/src/services/sneaky.service.ts:2: import of "@parley/core"',
        'plugins/bad/src/services/sneaky.service.ts:3: require() of "../../../../packages/core/src/index", a path into packages/core',
        'plugins/bad/src/services/sneaky.service.ts:4: dynamic import() of "@parley/core"',
        "plugins/bad/src/services/sneaky.service.ts:5: import('...') type of \"@parley/core\"",
        'plugins/bad/src/services/sneaky.service.ts:6: import = require() of "@parley/core"',
        'plugins/bad/src/services/sneaky.service.ts:7: require.resolve() of "@parley/core"',
      ].sort(),
    );
    expect(stderr).toContain('9 place(s) where a plugin reaches into the core');
  });
});
