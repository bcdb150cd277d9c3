/**
 * Quiet hours (default 21:00–08:00 in the district's time zone): messages that are not urgent
 * wait for the morning. Pure; the dispatcher asks it at each claim.
 */
import { minuteOfDay } from './time';

export type QuietHours = { start: number; end: number; timeZone: string } | null;

/** "21:00-08:00" → minutes of the day; "off" or "" → none. */
export function parseQuietHours(text: string, timeZone: string): QuietHours {
  if (!text || text === 'off') return null;
  const m = /^(\d{1,2}):(\d{2})-(\d{1,2}):(\d{2})$/.exec(text.trim());
  if (!m) throw new Error(`quiet hours must look like 21:00-08:00, got "${text}"`);
  const [h1, m1, h2, m2] = m.slice(1).map(Number) as [number, number, number, number];
  if (h1 > 23 || h2 > 23 || m1 > 59 || m2 > 59) throw new Error(`quiet hours out of range: "${text}"`);
  return { start: h1 * 60 + m1, end: h2 * 60 + m2, timeZone };
}


export function isQuiet(at: Date, quiet: QuietHours): boolean {
  if (!quiet) return false;
  const m = minuteOfDay(at, quiet.timeZone);
  return quiet.start <= quiet.end ? m >= quiet.start && m < quiet.end : m >= quiet.start || m < quiet.end;
}

/** The first moment at or after `at` that is not quiet. */
export function quietEnd(at: Date, quiet: QuietHours): Date {
  if (!quiet || !isQuiet(at, quiet)) return at;
  const m = minuteOfDay(at, quiet.timeZone);
  const wait = (quiet.end - m + 24 * 60) % (24 * 60);
  const out = new Date(at.getTime() + wait * 60_000);
  out.setUTCSeconds(0, 0);
  return out;
}
