/**
 * The embedded PostgreSQL runs every query in one wasm session, several times slower than a
 * server on the simulated weeks of the schedule tests: jest's safety net widens with it. No test
 * asserts on time (speed is `npm run bench`'s); this only keeps a slow machine from a false failure.
 */
if (process.env.LIANXIN_TEST_EMBEDDED_DB) jest.setTimeout(180_000);
