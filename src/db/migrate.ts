import { createHash, randomUUID } from 'node:crypto';
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import { Client } from 'pg';
import { z } from 'zod';
import { pgRows } from './typed-sql';

/**
 * Applies prisma/migrations/* in order, as `prisma migrate deploy` would, without Prisma's
 * native schema engine (which cannot be downloaded here). Each migration runs in its own
 * transaction and is recorded in `_prisma_migrations` with Prisma's checksum (sha256 of the
 * file), so `prisma migrate status` on a machine with the engine agrees with us. An advisory
 * lock makes two instances starting together safe.
 */
export const DEFAULT_MIGRATIONS_DIR = path.resolve(__dirname, '../../prisma/migrations');

/** Arbitrary constant shared by every instance: "lianxin" in ASCII, folded into an int8. */
const ADVISORY_LOCK_KEY = 7021786420413n;

const CREATE_MIGRATIONS_TABLE = `
CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
  "id"                  VARCHAR(36) PRIMARY KEY NOT NULL,
  "checksum"            VARCHAR(64) NOT NULL,
  "finished_at"         TIMESTAMPTZ,
  "migration_name"      VARCHAR(255) NOT NULL,
  "logs"                TEXT,
  "rolled_back_at"      TIMESTAMPTZ,
  "started_at"          TIMESTAMPTZ NOT NULL DEFAULT now(),
  "applied_steps_count" INTEGER NOT NULL DEFAULT 0
)`;

export class MigrationError extends Error {
  override name = 'MigrationError';
}

export type MigrationFile = { name: string; sql: string; checksum: string };

export function readMigrations(dir: string = DEFAULT_MIGRATIONS_DIR): MigrationFile[] {
  return readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && existsSync(path.join(dir, d.name, 'migration.sql')))
    .map((d) => d.name)
    .sort()
    .map((name) => {
      const sql = readFileSync(path.join(dir, name, 'migration.sql'), 'utf8');
      return { name, sql, checksum: createHash('sha256').update(sql).digest('hex') };
    });
}

export type MigrateResult = { applied: string[]; alreadyApplied: string[] };

export async function applyMigrations(
  connectionString: string,
  opts: { dir?: string; onApplied?: (name: string) => void } = {},
): Promise<MigrateResult> {
  const migrations = readMigrations(opts.dir);
  const client = new Client({ connectionString });
  await client.connect();
  try {
    await client.query('SELECT pg_advisory_lock($1)', [ADVISORY_LOCK_KEY.toString()]);
    try {
      return await applyLocked(client, migrations, opts.onApplied);
    } finally {
      await client.query('SELECT pg_advisory_unlock($1)', [ADVISORY_LOCK_KEY.toString()]);
    }
  } finally {
    await client.end();
  }
}

const recordedRow = z.object({ migration_name: z.string(), checksum: z.string(), finished_at: z.date().nullable() });

async function applyLocked(
  client: Client,
  migrations: MigrationFile[],
  onApplied?: (name: string) => void,
): Promise<MigrateResult> {
  await client.query(CREATE_MIGRATIONS_TABLE);
  const rows = await pgRows(
    client,
    recordedRow,
    'SELECT migration_name, checksum, finished_at FROM "_prisma_migrations" WHERE rolled_back_at IS NULL',
    [],
  );
  const recorded = new Map(rows.map((r) => [r.migration_name, r]));
  const known = new Set(migrations.map((m) => m.name));
  for (const name of recorded.keys()) {
    if (!known.has(name)) throw new MigrationError(`migration ${name} is applied in the database but missing from prisma/migrations`);
  }
  const result: MigrateResult = { applied: [], alreadyApplied: [] };
  for (const migration of migrations) {
    const row = recorded.get(migration.name);
    if (row) {
      if (!row.finished_at) throw new MigrationError(`migration ${migration.name} started but did not finish; repair the database before starting`);
      if (row.checksum !== migration.checksum) {
        throw new MigrationError(`migration ${migration.name} was changed after it was applied (checksum differs); add a new migration instead`);
      }
      result.alreadyApplied.push(migration.name);
      continue;
    }
    await client.query('BEGIN');
    try {
      // Recorded meanwhile by another instance: the advisory lock prevents that on a PostgreSQL
      // server, but the embedded database is one session for every connection, where session
      // locks do not exclude; its transactions do run one at a time, so this check holds there.
      const meanwhile = await client.query('SELECT 1 FROM "_prisma_migrations" WHERE migration_name = $1 AND rolled_back_at IS NULL', [migration.name]);
      if (meanwhile.rowCount) {
        await client.query('COMMIT');
        result.alreadyApplied.push(migration.name);
        continue;
      }
      await client.query(migration.sql);
      await client.query(
        `INSERT INTO "_prisma_migrations" (id, checksum, migration_name, started_at, finished_at, applied_steps_count)
         VALUES ($1, $2, $3, now(), now(), 1)`,
        [randomUUID(), migration.checksum, migration.name],
      );
      await client.query('COMMIT');
    } catch (err) {
      await client.query('ROLLBACK');
      throw new MigrationError(`migration ${migration.name} failed: ${(err as Error).message}`);
    }
    result.applied.push(migration.name);
    onApplied?.(migration.name);
  }
  return result;
}
