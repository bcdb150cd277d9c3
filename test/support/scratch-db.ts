import { Client } from 'pg';
import { ensureDatabase, seedDistrict } from '../../src/db/seed';
import { applyMigrations } from '../../src/db/migrate';
import { createDb } from '../../src/db/client';
import { loadDistrictData } from '../../src/config/district';
import { startEmbeddedPostgres } from '../../src/db/embedded';
import { TEST_EMBEDDED_CONNECTIONS } from './test-services';

/**
 * A database of a test file's own, for tests that scan whole tables (a dispatcher claims every
 * due row) and must not meet rows other test files write at the same time. On a real server a
 * new database; with the embedded PostgreSQL (one database per instance) a PGlite of its own,
 * in memory, served from this test process.
 */
export async function scratchDb(tag: string, opts: { migrate?: boolean } = {}): Promise<{ url: string; drop: () => Promise<void> }> {
  if (process.env.LIANXIN_TEST_EMBEDDED_DB) {
    const embedded = await startEmbeddedPostgres('memory://', { maxConnections: TEST_EMBEDDED_CONNECTIONS });
    if (opts.migrate) await migrateAndSeed(embedded.url);
    return { url: embedded.url, drop: () => embedded.stop() };
  }
  const server = process.env.TEST_PG_SERVER ?? 'postgresql://postgres@127.0.0.1:5432';
  const name = `lianxin_test_${tag}_${process.pid}_${Date.now().toString(36)}`;
  const url = `${server}/${name}`;
  await ensureDatabase(url);
  if (opts.migrate) await migrateAndSeed(url);
  return {
    url,
    drop: async () => {
      const c = new Client({ connectionString: `${server}/postgres` });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await c.end();
    },
  };
}

async function migrateAndSeed(url: string) {
  await applyMigrations(url);
  const db = createDb(url, { poolSize: 1 });
  await seedDistrict(db, loadDistrictData());
  await db.$disconnect();
}
