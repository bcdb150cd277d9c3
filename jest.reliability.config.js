/**
 * The reliability suite (`npm run test:reliability`): fuzzing, crashes, PostgreSQL and Redis
 * outages, floods, the authorisation matrix, log scanning. Not part of `npm test` (its files are
 * *.rel.ts). It cuts real servers' connections, so it needs PostgreSQL and Redis themselves: its
 * set-up fails at once, saying so, when they do not answer (no embedded stand-ins here).
 */
const base = require('./jest.config.js');

module.exports = {
  ...base,
  roots: ['<rootDir>/test/reliability'],
  testMatch: ['**/*.rel.ts'],
  testPathIgnorePatterns: ['/node_modules/'],
  globalSetup: '<rootDir>/test/reliability/support/global-setup.ts',
  testTimeout: 120000,
};
