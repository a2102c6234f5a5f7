import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { DATABASES, eventually, freePort, scratchDatabase, startFakeServer, startNode } from '@parley/testing';
import { FsTree, flushChanges } from 'nx/src/generators/tree';
import pluginGenerator, { KINDS } from './generator';

const ROOT = resolve(__dirname, '../../../..');
const run = (command: string, args: string[]) => spawnSync(process.execPath, [join(ROOT, command), ...args], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, FORCE_COLOR: '0' } });

describe('the plugin generator', () => {
  it('refuses a name that is not kebab-case, an unknown kind, and a folder that exists', () => {
    const tree = new FsTree(ROOT, false);
    expect(() => pluginGenerator(tree, { name: 'AcmeCrm', kind: 'crm' })).toThrow('Plugin name "AcmeCrm" must be kebab-case');
    expect(() => pluginGenerator(tree, { name: 'acme', kind: 'spaceship' as never })).toThrow('Plugin kind "spaceship" is not one of channel, payment, crm, shop, delivery, generic');
    expect(() => pluginGenerator(tree, { name: 'example-greeting', kind: 'generic' })).toThrow('plugins/example-greeting already exists');
    expect(tree.listChanges()).toEqual([]);
  });

  describe('for every kind', () => {
    const suffix = randomBytes(3).toString('hex');
    const roots = KINDS.map((kind) => `plugins/gen-${kind}-${suffix}`);
    const buildConfigs: (string | null)[] = [];
    beforeAll(() => {
      for (const [index, kind] of KINDS.entries()) {
        const tree = new FsTree(ROOT, false);
        pluginGenerator(tree, { name: `gen-${kind}-${suffix}`, kind });
        // The build registration is checked but not written: other work shares tsconfig.build.json.
        buildConfigs.push(tree.read('tsconfig.build.json', 'utf8'));
        flushChanges(ROOT, tree.listChanges().filter((change) => change.path.startsWith(`${roots[index]}/`)));
      }
    });
    afterAll(() => {
      for (const root of roots) rmSync(join(ROOT, root), { recursive: true, force: true });
    });

    it('scaffolds a plugin that builds, passes lint and passes its own tests on both databases', () => {
      for (const [index, kind] of KINDS.entries()) {
        expect(buildConfigs[index]).toContain(`{ "path": "${roots[index]}/tsconfig.lib.json" }`);
        expect(existsSync(join(ROOT, roots[index], 'src/api'))).toBe(true);
        expect(JSON.parse(readFileSync(join(ROOT, roots[index], 'package.json'), 'utf8')).name).toBe(`@parley/plugin-gen-${kind}-${suffix}`);
      }

      const build = run('node_modules/typescript/bin/tsc', ['-b', ...roots.map((root) => `${root}/tsconfig.lib.json`)]);
      expect(build.stdout + build.stderr).toBe('');
      // The build leaves specs out: they are type-checked against the SDK and the harness too.
      const specs = join(roots[0], 'tsconfig.specs.json');
      writeFileSync(join(ROOT, specs), JSON.stringify({ extends: '../../tsconfig.base.json', compilerOptions: { noEmit: true, composite: false, incremental: false }, include: roots.map((root) => `../../${root}/src/**/*.spec.ts`) }));
      const typecheck = run('node_modules/typescript/bin/tsc', ['-p', specs]);
      expect(typecheck.stdout + typecheck.stderr).toBe('');
      const lint = run('node_modules/eslint/bin/eslint.js', roots);
      expect(lint.stdout + lint.stderr).toBe('');
      const tests = run('node_modules/jest/bin/jest.js', ['--ci', ...roots.map((root) => `${root}/`)]);
      // Every kind's spec ran, on both databases, and passed.
      expect(tests.stderr).toMatch(new RegExp(`Test Suites: ${KINDS.length} passed, ${KINDS.length} total`));
      expect(tests.status).toBe(0);
    }, 600_000);

    // docs/plugins.md, step 3: the built API (`npm test` builds it first) loads the plugin named in the file PARLEY_CONFIG
    // names, its API key given as "${...}" from the environment, and the plugin does its generated work.
    describe('configured by package name, in the built API', () => {
      const root = roots[KINDS.indexOf('generic')];
      const name = `gen-generic-${suffix}`;
      // What `npm install` does for a new workspace; npm itself would also rewrite the shared package-lock.json.
      const link = join(ROOT, 'node_modules/@parley', `plugin-${name}`);
      beforeAll(() => {
        const build = run('node_modules/typescript/bin/tsc', ['-b', `${root}/tsconfig.lib.json`]);
        expect(build.stdout + build.stderr).toBe('');
        symlinkSync(join('../..', root), link, 'dir');
      });
      afterAll(() => rmSync(link, { force: true }));

      it.each(DATABASES)('on %s: starts it and announces the demo store to its service', async (kind) => {
        const service = await startFakeServer(() => ({ status: 200, body: { ok: true } }));
        const scratch = await scratchDatabase(kind);
        const apiKeyVariable = `${name.replace(/-/g, '_').toUpperCase()}_API_KEY`;
        const config = join(mkdtempSync(join(tmpdir(), 'parley-config-')), 'parley.config.json');
        writeFileSync(config, JSON.stringify({ plugins: [{ package: `@parley/plugin-${name}`, options: { baseUrl: service.url, apiKey: `\${${apiKeyVariable}}` } }] }));
        const port = await freePort();
        const database: Record<string, string> = scratch.database.type === 'postgres' ? { DATABASE_URL: scratch.database.url, MIGRATE_ON_START: 'true' } : {};
        const api = startNode('apps/api/dist/main.js', [], {
          ...database,
          DATA_DIR: scratch.dataDir,
          PORT: String(port),
          HOST: '127.0.0.1',
          LOG_LEVEL: 'info',
          PARLEY_CONFIG: config,
          [apiKeyVariable]: 'key-from-the-environment',
        });
        try {
          await api.waitFor(/Parley is running/);
          expect(api.output()).toContain(`"msg":"Plugin @parley/plugin-${name}@0.1.0 started"`);
          const [announcement] = await eventually(async () => service.requests.length > 0 && service.requests, 'the demo store announced');
          expect(announcement).toMatchObject({ method: 'POST', url: '/stores', headers: expect.objectContaining({ authorization: 'Bearer key-from-the-environment' }) });
          expect(announcement.json()).toMatchObject({ slug: 'demo', name: 'Demo Pizzeria' });
          expect(api.output() + api.errors()).not.toContain('key-from-the-environment');
          expect(await api.stop('SIGTERM')).toBe(0);
        } finally {
          await api.stop('SIGKILL');
          await service.close();
          await scratch.drop();
          rmSync(resolve(config, '..'), { recursive: true, force: true });
        }
      }, 60_000);
    });
  });
});
