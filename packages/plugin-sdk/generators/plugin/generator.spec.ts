import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
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
    afterAll(() => {
      for (const root of roots) rmSync(join(ROOT, root), { recursive: true, force: true });
    });

    it('scaffolds a plugin that builds, passes lint and passes its own tests on both databases', () => {
      for (const [index, kind] of KINDS.entries()) {
        const tree = new FsTree(ROOT, false);
        pluginGenerator(tree, { name: `gen-${kind}-${suffix}`, kind });
        // The build registration, checked here but not written: other work shares tsconfig.build.json.
        expect(tree.read('tsconfig.build.json', 'utf8')).toContain(`{ "path": "${roots[index]}/tsconfig.lib.json" }`);
        flushChanges(ROOT, tree.listChanges().filter((change) => change.path.startsWith(`${roots[index]}/`)));
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
  });
});
