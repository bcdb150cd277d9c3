/**
 * The data-access rule (README.md, "Data access"): Prisma's model API for rows one at a time
 * (use cases in `$transaction`); tagged `$queryRaw`/`$executeRaw` for set-based statements;
 * plain pg (`sqlPool`, `inSqlTransaction`) for the statements a burst multiplies (filing, first
 * contact, the jobs' paged writes). Raw SQL only in the module that owns the tables, never in
 * http/, cli/ or channels/; rows typed by a zod schema (`sqlRows`/`pgRows` in typed-sql.ts);
 * times bound as `sqlTime(at)` (UTC ISO text) cast `::timestamp` in the statement.
 */
import { PrismaPg } from '@prisma/adapter-pg';
import { Pool, type PoolClient } from 'pg';
import { PrismaClient } from '../generated/prisma/client';

export type Db = PrismaClient;
/** What a use case needs: the client, or the transaction it runs in. */
export type DbTx = Omit<PrismaClient, '$connect' | '$disconnect' | '$on' | '$transaction' | '$extends'>;

const pools = new WeakMap<Db, Pool>();

/**
 * Prisma over the pg driver adapter (no native query engine needed), on a pool the hot paths
 * can also use directly (`sqlPool`): one set of connections for both.
 */
export function createDb(connectionString: string, opts: { poolSize?: number } = {}): Db {
  const pool = new Pool({ connectionString, max: opts.poolSize ?? 10 });
  // An idle connection dropped by the server (a restart) must not crash the process.
  pool.on('error', () => undefined);
  const adapter = new PrismaPg(pool);
  // Under a burst (a storm, a hundred households at once) a transaction may wait for a pooled
  // connection longer than Prisma's 2 s default; waiting is better than failing a filing.
  const db = new PrismaClient({ adapter, transactionOptions: { maxWait: 15_000, timeout: 20_000 } });
  // The pool is ours, not the adapter's: closing the client closes it too.
  const disconnect = db.$disconnect.bind(db);
  Object.assign(db, {
    $disconnect: async () => {
      await disconnect();
      await pool.end().catch(() => undefined);
    },
  });
  pools.set(db, pool);
  return db;
}

/**
 * The pool under a client made by createDb. For the few statements a burst multiplies (first
 * contact, consent, the me-too lookup, filing): plain SQL through pg costs a fraction of a
 * Prisma call, whose query planning is most of a turn's CPU.
 */
export function sqlPool(db: Db): Pool {
  const pool = pools.get(db);
  if (!pool) throw new Error('this client was not made by createDb');
  return pool;
}

/** Runs `work` in one transaction on one pooled connection: COMMIT if it returns, ROLLBACK if it throws. */
export async function inSqlTransaction<T>(db: Db, work: (client: PoolClient) => Promise<T>): Promise<T> {
  const client = await sqlPool(db).connect();
  try {
    await client.query('BEGIN');
    const result = await work(client);
    await client.query('COMMIT');
    return result;
  } catch (err) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw err;
  } finally {
    client.release();
  }
}

/** Readiness: the database answers (the health check's question, kept here so HTTP has no SQL). */
export async function pingDatabase(db: DbTx): Promise<void> {
  await db.$queryRaw`SELECT 1`;
}

/** A pg client (filing's own transaction) or a Prisma client or transaction, as one small interface. */
export type Queryable = { query<T>(text: string, params: unknown[]): Promise<{ rows: T[] }> };

export function asQueryable(tx: DbTx | Queryable): Queryable {
  if ('$queryRawUnsafe' in tx) {
    return { query: async <T>(text: string, params: unknown[]) => ({ rows: await tx.$queryRawUnsafe<T[]>(text, ...params) }) };
  }
  return tx;
}
