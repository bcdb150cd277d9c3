import { randomBytes } from 'node:crypto';
import { applyMigrations } from '../../src/db/migrate';
import { ensureDatabase, seedDistrict } from '../../src/db/seed';
import { createDb } from '../../src/db/client';
import { loadDistrictData } from '../../src/config/district';
import { chooseTestServices, type TestServices } from './test-services';

/** Kept for global-teardown (jest runs both in its main process). */
declare global {
  var lianxinTestServices: TestServices | undefined;
}

/**
 * A fresh database and Redis key prefix for this run, on whatever services this machine has
 * (test-services.ts): migrations applied, demo district seeded. Workers inherit the variables;
 * global-teardown drops both. Says in one line what the run uses.
 */
export async function setUpTestRun(opts: { requireServers?: boolean } = {}): Promise<void> {
  const run = `${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
  const env = opts.requireServers ? { ...process.env, LIANXIN_TEST_SERVICES: 'servers' } : process.env;
  const services = await chooseTestServices(env);
  globalThis.lianxinTestServices = services;
  // The embedded PostgreSQL has one database per instance: the run uses it as it is.
  const url = services.embeddedDatabase ? `${services.pgServer}/postgres` : `${services.pgServer}/lianxin_test_${run}`;
  await ensureDatabase(url);
  await applyMigrations(url);
  const db = createDb(url, { poolSize: 2 });
  try {
    await seedDistrict(db, loadDistrictData());
  } finally {
    await db.$disconnect();
  }
  process.stdout.write(`\nlianxin tests: using ${services.describe()}${process.env.LIANXIN_BROWSER_TESTS_NOT_RUN ? `; browser tests not run: ${process.env.LIANXIN_BROWSER_TESTS_NOT_RUN}` : ''}\n`);
  process.env.TEST_PG_SERVER = services.pgServer;
  process.env.LIANXIN_TEST_EMBEDDED_DB = services.embeddedDatabase ? '1' : '';
  process.env.DATABASE_URL = url;
  process.env.REDIS_URL = services.redisUrl;
  process.env.REDIS_KEY_PREFIX = `lxtest:${run}:`;
  process.env.NODE_ENV = 'test';
  // 我也遇到 off by default: the scripted conversations of many tests share this database and would
  // be offered each other's open cases. Its own tests turn it on (startTestService({ ME_TOO_DAYS })).
  process.env.ME_TOO_DAYS ??= '0';
  // Wechaty's own logger: the tests read our logs, not its warnings about the mock puppet.
  process.env.WECHATY_LOG = 'silent';
}

export default function globalSetup(): Promise<void> {
  return setUpTestRun();
}
