import { asQueryable, type DbTx, type Queryable } from '../db/client';
import { dayOf } from '../domain/time';

/** `GJ-20260226-0042`: district prefix, the day in the district's time zone, per-day sequence. */
export const CASE_NUMBER_PATTERN = /^([A-Z]{1,6})-(\d{8})-(\d{4,})$/;

/** The calendar day of `at` in `timeZone`, as YYYYMMDD. */
export function caseDay(at: Date, timeZone: string): string {
  return dayOf(at, timeZone).replace(/-/g, '');
}

export function formatCaseNumber(prefix: string, day: string, sequence: number): string {
  return `${prefix}-${day}-${String(sequence).padStart(4, '0')}`;
}

/**
 * Accepts what people type: lower case, full-width characters, spaces or other dashes inside
 * (gj 20260226 42, ＧＪ－２０２６０２２６－００４２). Returns the canonical form or null.
 */
export function normaliseCaseNumber(text: string): string | null {
  const halfWidth = text.normalize('NFKC').toUpperCase();
  const m = /^([A-Z]{1,6})[\s\-_—–.]*(\d{8})[\s\-_—–.]*(\d{1,6})$/.exec(halfWidth.trim());
  if (!m) return null;
  return formatCaseNumber(m[1]!, m[2]!, Number(m[3]));
}

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
