import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient } from '../generated/prisma/client';

export type Db = PrismaClient;
/** What a use case needs: the client, or the transaction it runs in. */
export type DbTx = Omit<PrismaClient, '$connect' | '$disconnect' | '$on' | '$transaction' | '$extends'>;

/** Prisma over the pg driver adapter: no native query engine needed. */
export function createDb(connectionString: string, opts: { poolSize?: number } = {}): Db {
  const adapter = new PrismaPg({ connectionString, max: opts.poolSize ?? 10 });
  return new PrismaClient({ adapter });
}
