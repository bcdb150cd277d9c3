/** Case numbers: their shape, how they are written and read back. Pure; taking the next one is cases/case-number.ts. */
import { dayOf } from './time';

/** `GJ-20260226-0042`: district prefix, the day in the district's time zone, per-day sequence. */
export const CASE_NUMBER_PATTERN = /^([A-Z]{1,6})-(\d{8})-(\d{4,})$/;

/** The same, found inside a longer text (a reply, a notice): `CASE_NUMBER_IN_TEXT.exec(text)?.[0]`. */
export const CASE_NUMBER_IN_TEXT = /(?<![A-Z])([A-Z]{1,6})-(\d{8})-(\d{4,})(?!\d)/;

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
