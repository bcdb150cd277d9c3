import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient } from '../generated/prisma/client';

export type Db = PrismaClient;
/** What a use case needs: the client, or the transaction it runs in. */
export type DbTx = Omit<PrismaClient, '$connect' | '$disconnect' | '$on' | '$transaction' | '$extends'>;

/** Prisma over the pg driver adapter: no native query engine needed. */
export function createDb(connectionString: string, opts: { poolSize?: number } = {}): Db {
  const adapter = new PrismaPg({ connectionString, max: opts.poolSize ?? 10 });
  // Under a burst (a storm, a hundred households at once) a transaction may wait for a pooled
  // connection longer than Prisma's 2 s default; waiting is better than failing a filing.
  return new PrismaClient({ adapter, transactionOptions: { maxWait: 15_000, timeout: 20_000 } });
}
