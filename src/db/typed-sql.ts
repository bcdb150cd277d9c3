import { z } from 'zod';
import { Prisma } from '../generated/prisma/client';
import type { DbTx, Queryable } from './client';

/**
 * Typed rows for raw SQL (the rule is in README.md, "Data access"). A raw statement names its
 * row as a zod schema and gets rows of that schema's type, checked as they arrive: a column
 * renamed, retyped or misspelt in the SQL fails at this line, not as `undefined` further on.
 * Prisma TypedSQL would type them from the database at build time, but it needs the native
 * schema engine, which cannot be downloaded here (see README).
 */
export async function sqlRows<S extends z.ZodType>(db: DbTx, row: S, statement: Prisma.Sql): Promise<z.output<S>[]> {
  return z.array(row).parse(await db.$queryRaw<unknown[]>(statement));
}

/** The same for statements on the plain pg pool or a pg transaction (`$1`-style parameters). */
export async function pgRows<S extends z.ZodType>(q: Queryable, row: S, text: string, params: unknown[]): Promise<z.output<S>[]> {
  return z.array(row).parse((await q.query<unknown>(text, params)).rows);
}

/**
 * count(*) and sums: a bigint (or, for a sum of bigints, a Decimal) through Prisma, a string
 * through pg; the number either way, refused if it is not one.
 */
export const sqlCount = z.union([z.bigint(), z.number(), z.string(), z.instanceof(Prisma.Decimal)]).transform((v, ctx) => {
  const n = Number(String(v));
  if (!Number.isFinite(n)) ctx.addIssue({ code: 'custom', message: `not a number: ${String(v)}` });
  return n;
});
/** A sum over no rows is NULL: 0. */
export const sqlSum = sqlCount.nullable().transform((n) => n ?? 0);

/**
 * The one way a time is bound in raw SQL: the UTC instant as ISO text, cast in the statement
 * (`${sqlTime(at)}::timestamp`, or `$1::timestamp`). The columns are `timestamp(3)` holding UTC,
 * and PostgreSQL drops the `Z` when casting to timestamp without time zone, so the value never
 * depends on the session's or the driver's time zone.
 */
export const sqlTime = (at: Date): string => at.toISOString();
