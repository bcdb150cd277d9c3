const { existsSync } = require('node:fs');

/**
 * One jest run: unit tests (pure), integration (PostgreSQL + Redis, or their embedded stand-ins:
 * see test/support/test-services.ts), e2e (Wechaty + mock puppet), HTTP, and the browser tests.
 * `npm test` runs jest under `node --experimental-vm-modules`: PGlite (the embedded database)
 * loads its wasm with a dynamic import(), which jest's module runtime only allows with that flag.
 */

// The browser tests need a Chromium: CHROMIUM_PATH, or Debian's. Without one they are the only
// tests not run, and global-setup says so (the line below reaches it through the environment).
const chromium = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p) => p && existsSync(p));
if (chromium) process.env.CHROMIUM_PATH = chromium;
else process.env.LIANXIN_BROWSER_TESTS_NOT_RUN = `no Chromium at ${process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'} (install Debian's chromium, or set CHROMIUM_PATH)`;

module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  testPathIgnorePatterns: ['/node_modules/', ...(chromium ? [] : ['<rootDir>/test/browser/'])],
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.test.json' }] },
  globalSetup: '<rootDir>/test/support/global-setup.ts',
  globalTeardown: '<rootDir>/test/support/global-teardown.ts',
  setupFilesAfterEnv: ['<rootDir>/test/support/timeouts.ts'],
  // A safety net, not a measure (no test asserts on time): starting a service loads the trained
  // reader (a 30 MB model, ~4 s alone), several times that while Chromium and the other worker share
  // the two cores.
  testTimeout: 60000,
  maxWorkers: 2,
  // Each test file loads its own copy of the trained reader (hundreds of MB once compiled): a worker
  // that has grown past this after a file is replaced, instead of running out of memory later.
  workerIdleMemoryLimit: '1GB',
};
