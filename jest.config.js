/**
 * One jest run: unit tests (pure), integration (real PostgreSQL + Redis), e2e (Wechaty + mock puppet).
 * `npm test` runs jest under `node --experimental-vm-modules`: PGlite (the embedded database)
 * loads its wasm with a dynamic import(), which jest's module runtime only allows with that flag.
 */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.test.json' }] },
  globalSetup: '<rootDir>/test/support/global-setup.ts',
  globalTeardown: '<rootDir>/test/support/global-teardown.ts',
  testTimeout: 30000,
  maxWorkers: 2,
};
