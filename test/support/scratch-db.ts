import { Client } from 'pg';
import { ensureDatabase, seedDistrict } from '../../src/db/seed';
import { applyMigrations } from '../../src/db/migrate';
import { createDb } from '../../src/db/client';
import { loadDistrictData } from '../../src/config/district';

const SERVER = process.env.TEST_PG_SERVER ?? 'postgresql://postgres@127.0.0.1:5432';

/**
 * A database of a test file's own, for tests that scan whole tables (a dispatcher claims every
 * due row) and must not meet rows other test files write at the same time.
 */
export async function scratchDb(tag: string, opts: { migrate?: boolean } = {}): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `lianxin_test_${tag}_${process.pid}_${Date.now().toString(36)}`;
  const url = `${SERVER}/${name}`;
  await ensureDatabase(url);
  if (opts.migrate) {
    await applyMigrations(url);
    const db = createDb(url, { poolSize: 1 });
    await seedDistrict(db, loadDistrictData());
    await db.$disconnect();
  }
  return {
    url,
    drop: async () => {
      const c = new Client({ connectionString: `${SERVER}/postgres` });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await c.end();
    },
  };
}
