import { asQueryable, type DbTx, type Queryable } from '../db/client';
import { caseDay, formatCaseNumber } from '../domain/case-number';

/**
 * Takes the next number of the day. An atomic upsert on its own (outside the filing
 * transaction) so concurrent filings do not queue behind one row lock until commit; the
 * price is a gap in the sequence if a filing fails after taking its number.
 */
export async function nextCaseNumber(db: DbTx | Queryable, prefix: string, at: Date, timeZone: string): Promise<string> {
  const day = caseDay(at, timeZone);
  const { rows } = await asQueryable(db).query<{ last: number }>(
    `INSERT INTO "CaseNumberCounter" (prefix, day, last) VALUES ($1, $2, 1)
     ON CONFLICT (prefix, day) DO UPDATE SET last = "CaseNumberCounter".last + 1
     RETURNING last`,
    [prefix, day],
  );
  return formatCaseNumber(prefix, day, Number(rows[0]!.last));
}
