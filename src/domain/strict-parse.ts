/**
 * Strict parsing of dates and numbers that arrive as text from outside. A value that is not
 * exactly what it claims to be is refused (null), never guessed: "0x10" is not 16, "" is not 0,
 * and a year outside 2000–2100 is not a date anyone meant.
 */

export const MIN_YEAR = 2000;
export const MAX_YEAR = 2100;

// YYYY-MM-DD, optionally followed by a time and a zone, as ISO 8601 writes them.
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})?)?$/;

/** An ISO date or date-time with a year in [MIN_YEAR, MAX_YEAR]; null for anything else. */
export function parseStrictDate(text: string): Date | null {
  const m = ISO_DATE.exec(text.trim());
  if (!m) return null;
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  if (year < MIN_YEAR || year > MAX_YEAR || month < 1 || month > 12 || day < 1 || day > 31) return null;
  if (m[4] !== undefined && (Number(m[4]) > 23 || Number(m[5]) > 59 || Number(m[6] ?? 0) > 59)) return null;
  // Reject dates that roll over (2026-02-31 would become March 3rd).
  if (new Date(Date.UTC(year, month - 1, day)).getUTCMonth() !== month - 1) return null;
  const at = new Date(m[4] === undefined ? `${m[1]}-${m[2]}-${m[3]}T00:00:00+08:00` : text.trim().replace(' ', 'T'));
  if (Number.isNaN(at.getTime())) return null;
  return at;
}

/** A whole decimal number in [min, max], written with digits only (an optional leading minus); null otherwise. */
export function parseStrictInt(text: string, min: number, max: number): number | null {
  const t = text.trim();
  if (!/^-?\d{1,15}$/.test(t)) return null;
  const n = Number(t);
  return Number.isSafeInteger(n) && n >= min && n <= max ? n : null;
}

/** A decimal number (no hex, no exponent, no empty string) in [min, max]; null otherwise. */
export function parseStrictDecimal(text: string, min: number, max: number): number | null {
  const t = text.trim();
  if (!/^-?\d{1,3}(?:\.\d{1,12})?$/.test(t)) return null;
  const n = Number(t);
  return Number.isFinite(n) && n >= min && n <= max ? n : null;
}

/** Escapes LIKE/ILIKE wildcards so a search term is matched as text (use with the default `\` escape). */
export function escapeLike(term: string): string {
  return term.replace(/[\\%_]/g, (c) => `\\${c}`);
}
