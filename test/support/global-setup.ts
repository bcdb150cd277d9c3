import { randomBytes } from 'node:crypto';
import { applyMigrations } from '../../src/db/migrate';
import { ensureDatabase, seedDistrict } from '../../src/db/seed';
import { createDb } from '../../src/db/client';
import { loadDistrictData } from '../../src/config/district';

/**
 * A fresh database and Redis key prefix for this run: migrations applied, demo district seeded.
 * Workers inherit the variables; global-teardown drops both.
 */
export default async function globalSetup(): Promise<void> {
  const run = `${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
  const server = process.env.TEST_PG_SERVER ?? 'postgresql://postgres@127.0.0.1:5432';
  const url = `${server}/lianxin_test_${run}`;
  await ensureDatabase(url);
  await applyMigrations(url);
  const db = createDb(url, { poolSize: 2 });
  try {
    await seedDistrict(db, loadDistrictData());
  } finally {
    await db.$disconnect();
  }
  process.env.DATABASE_URL = url;
  process.env.REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
  process.env.REDIS_KEY_PREFIX = `lxtest:${run}:`;
  process.env.NODE_ENV = 'test';
  // 我也遇到 off by default: the scripted conversations of many tests share this database and would
  // be offered each other's open cases. Its own tests turn it on (startTestService({ ME_TOO_DAYS })).
  process.env.ME_TOO_DAYS ??= '0';
  // Wechaty's own logger: the tests read our logs, not its warnings about the mock puppet.
  process.env.WECHATY_LOG = 'silent';
}
