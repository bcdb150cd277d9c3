/**
 * The reliability suite (`npm run test:reliability`): fuzzing, crashes, PostgreSQL and Redis
 * outages, floods, the authorisation matrix, log scanning. Not part of `npm test` (its files are
 * *.rel.ts); same global set-up: a fresh database and Redis prefix for the run.
 */
const base = require('./jest.config.js');

module.exports = {
  ...base,
  roots: ['<rootDir>/test/reliability'],
  testMatch: ['**/*.rel.ts'],
  testTimeout: 120000,
};
