#!/usr/bin/env node
// Plugins reach the core only through @parley/plugin-sdk. This check finds every way a plugin's code could load
// the core anyway: static imports and re-exports, `import x = require()`, dynamic `import()`, `require()` and
// `require.resolve()`, type-only imports and `import('...')` types, of `@parley/core` (or a file of it) or of a path
// into packages/core; and a dependency on @parley/core in a plugin's package.json other than a devDependency.
// Specs and `*.testing.ts` helpers are left out of the build and may seed data through the core, as the lint rule
// allows. Usage: node scripts/check-plugin-imports.js [--root <repository>]; exits 1 when it finds any.
const { existsSync, readdirSync, readFileSync, statSync } = require('node:fs');
const { dirname, join, relative, resolve, sep } = require('node:path');
const ts = require('typescript');

const SOURCE = /\.(ts|tsx|mts|cts|js|mjs|cjs)$/;
const EXEMPT = /\.(spec|testing)\.(ts|tsx|mts|cts|js|mjs|cjs)$/;
const CORE_PACKAGE = /^@parley\/core(\/|$)/;
const RUNTIME_DEPENDENCIES = ['dependencies', 'peerDependencies', 'optionalDependencies', 'bundleDependencies', 'bundledDependencies'];

function rootFromArguments(args) {
  const at = args.indexOf('--root');
  if (at === -1) return resolve(__dirname, '..');
  if (!args[at + 1]) throw new Error('--root needs a directory');
  return resolve(args[at + 1]);
}

function sourceFiles(directory) {
  if (!existsSync(directory)) return [];
  return readdirSync(directory).flatMap((name) => {
    const path = join(directory, name);
    if (statSync(path).isDirectory()) return name === 'node_modules' || name === 'dist' ? [] : sourceFiles(path);
    return SOURCE.test(name) && !EXEMPT.test(name) && !name.endsWith('.d.ts') ? [path] : [];
  });
}

/** Every module specifier the file names, with its line and the way it is loaded. */
function specifiers(path) {
  const file = ts.createSourceFile(path, readFileSync(path, 'utf8'), ts.ScriptTarget.Latest, true);
  const found = [];
  const add = (node, how) => {
    if (node && (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node))) {
      found.push({ specifier: node.text, line: file.getLineAndCharacterOfPosition(node.getStart()).line + 1, how });
    }
  };
  const visit = (node) => {
    if (ts.isImportDeclaration(node)) add(node.moduleSpecifier, 'import');
    else if (ts.isExportDeclaration(node)) add(node.moduleSpecifier, 'export ... from');
    else if (ts.isImportEqualsDeclaration(node) && ts.isExternalModuleReference(node.moduleReference)) add(node.moduleReference.expression, 'import = require()');
    else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument)) add(node.argument.literal, "import('...') type");
    else if (ts.isCallExpression(node)) {
      const callee = node.expression;
      if (callee.kind === ts.SyntaxKind.ImportKeyword) add(node.arguments[0], 'dynamic import()');
      else if (ts.isIdentifier(callee) && callee.text === 'require') add(node.arguments[0], 'require()');
      else if (ts.isPropertyAccessExpression(callee) && ts.isIdentifier(callee.expression) && callee.expression.text === 'require') {
        add(node.arguments[0], `require.${callee.name.text}()`);
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(file);
  return found;
}

/** Why this specifier, in this file, reaches the core; null when it doesn't. */
function reachesCore(root, path, specifier) {
  if (CORE_PACKAGE.test(specifier)) return `"${specifier}"`;
  const core = join(root, 'packages', 'core');
  const target = specifier.startsWith('.') ? resolve(dirname(path), specifier) : specifier.startsWith('/') ? resolve(specifier) : null;
  if (target && (target === core || target.startsWith(core + sep))) return `"${specifier}", a path into packages/core`;
  if (/(^|\/)packages\/core(\/|$)/.test(specifier)) return `"${specifier}", a path into packages/core`;
  return null;
}

function check(root) {
  const pluginsDirectory = join(root, 'plugins');
  const plugins = existsSync(pluginsDirectory) ? readdirSync(pluginsDirectory).filter((name) => statSync(join(pluginsDirectory, name)).isDirectory()) : [];
  const offenders = [];
  let files = 0;
  for (const plugin of plugins) {
    const manifest = join(pluginsDirectory, plugin, 'package.json');
    if (existsSync(manifest)) {
      const pkg = JSON.parse(readFileSync(manifest, 'utf8'));
      for (const field of RUNTIME_DEPENDENCIES) {
        const dependencies = pkg[field];
        const named = Array.isArray(dependencies) ? dependencies : Object.keys(dependencies ?? {});
        if (named.includes('@parley/core')) offenders.push(`${relative(root, manifest)}: lists @parley/core in ${field} (only devDependencies may, for tests)`);
      }
    }
    for (const path of sourceFiles(join(pluginsDirectory, plugin, 'src'))) {
      files += 1;
      for (const { specifier, line, how } of specifiers(path)) {
        const why = reachesCore(root, path, specifier);
        if (why) offenders.push(`${relative(root, path)}:${line}: ${how} of ${why}`);
      }
    }
  }
  return { offenders, files, plugins: plugins.length };
}

const root = rootFromArguments(process.argv.slice(2));
const { offenders, files, plugins } = check(root);
if (offenders.length > 0) {
  process.stderr.write(`${offenders.join('\n')}\n`);
  process.stderr.write(
    `\n${offenders.length} place(s) where a plugin reaches into the core. Plugins use @parley/plugin-sdk only ` +
      '(specs and *.testing.ts may use @parley/core); if the SDK lacks something, add it to the SDK.\n',
  );
  process.exit(1);
}
process.stdout.write(`Plugin imports: ${files} source files in ${plugins} plugins reach the core only through the SDK.\n`);
