// `npm test`: every project's tests in one jest run. Each project also has `nx run <project>:test`.
module.exports = {
  projects: ['<rootDir>/packages/*/jest.config.js', '<rootDir>/apps/*/jest.config.js', '<rootDir>/plugins/*/jest.config.js', '<rootDir>/scripts/jest.config.js'],
  testTimeout: 60_000,
};
