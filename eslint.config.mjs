import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['**/dist/**', '**/node_modules/**', 'coverage/**', 'data/**', 'tmp/**', '.nx/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { require: 'readonly', module: 'writable', __dirname: 'readonly', process: 'readonly', console: 'readonly' } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-console': 'error',
    },
  },
  {
    // A plugin reaches the core only through the SDK: no imports of @parley/core or of another package's files.
    // Tests and their helpers (*.testing.ts, left out of the build like specs) may seed data through the core.
    files: ['plugins/**/*.ts'],
    ignores: ['plugins/**/*.spec.ts', 'plugins/**/*.testing.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['@parley/core', '@parley/core/*'], message: 'Plugins use @parley/plugin-sdk, never the core.' },
            { group: ['**/packages/**', '@parley/*/src/**'], message: 'No deep imports into another package.' },
          ],
        },
      ],
    },
  },
  {
    files: ['**/*.js', '**/*.mjs'],
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    // Benchmarks are scripts that print their figures.
    files: ['bench/**/*.js'],
    languageOptions: { globals: { fetch: 'readonly', URL: 'readonly', URLSearchParams: 'readonly', Buffer: 'readonly', setTimeout: 'readonly' } },
    rules: { 'no-console': 'off' },
  },
);
