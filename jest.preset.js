// Shared jest settings: TypeScript through SWC (with decorator metadata, which NestJS and TypeORM need), and the
// workspace packages mapped to their sources so tests never need a build first.
const { resolve } = require('node:path');

const swcTypeScript = {
  jsc: {
    parser: { syntax: 'typescript', decorators: true },
    transform: { legacyDecorator: true, decoratorMetadata: true, useDefineForClassFields: false },
    target: 'es2022',
  },
  module: { type: 'commonjs' },
};

const swcJavaScript = { jsc: { parser: { syntax: 'ecmascript' }, target: 'es2022' }, module: { type: 'commonjs' } };

module.exports = function preset(displayName, rootDir) {
  return {
    displayName,
    rootDir,
    testEnvironment: 'node',
    testMatch: ['<rootDir>/**/*.spec.ts'],
    testPathIgnorePatterns: ['/node_modules/', '/dist/'],
    // mercurius loads quick-lru (ESM only) with a dynamic import(), which jest's CommonJS runtime can't run:
    // both are compiled to CommonJS for tests. Node itself runs them as they are.
    transformIgnorePatterns: ['/node_modules/(?!(mercurius|quick-lru)/)'],
    transform: {
      '^.+\\.ts$': ['@swc/jest', swcTypeScript],
      '^.+\\.m?js$': ['@swc/jest', swcJavaScript],
    },
    moduleNameMapper: {
      '^@parley/(plugin-sdk|core|testing)$': resolve(__dirname, 'packages/$1/src/index.ts'),
      '^@parley/migrations$': resolve(__dirname, 'migrations/index.ts'),
      '^@parley/plugin-(.+)$': resolve(__dirname, 'plugins/$1/src/index.ts'),
    },
    testTimeout: 60_000,
  };
};
