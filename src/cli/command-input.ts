/**
 * Input shared by the CLI commands (stats, export): a period of district days and an area by
 * code or name. Bad input is an InputError, reported with exit code 2.
 */
import type { Db } from '../db/client';
import { dayEnd, dayStart } from '../domain/time';

/** Bad input from the command line: reported with exit code 2. */
export class InputError extends Error {}

/** "2026-03-01" checked as a real day, or an InputError naming the option. */
function parseDay(text: string, option: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  const [y, mo, d] = m ? [Number(m[1]), Number(m[2]), Number(m[3])] : [0, 0, 0];
  const check = new Date(Date.UTC(y, mo - 1, d));
  if (!m || check.getUTCFullYear() !== y || check.getUTCMonth() !== mo - 1 || check.getUTCDate() !== d) {
    throw new InputError(`--${option} must be a date like 2026-01-31, not "${text}"`);
  }
  return text;
}

/** The period [from, to + 1 day) in the district's zone; either end may be open. */
export function parsePeriod(args: { from?: string; to?: string }, timeZone: string): { from?: Date; to?: Date } {
  const from = args.from === undefined ? undefined : dayStart(parseDay(args.from, 'from'), timeZone);
  const to = args.to === undefined ? undefined : dayEnd(parseDay(args.to, 'to'), timeZone);
  if (from && to && from >= to) throw new InputError('--from must not be after --to');
  return { from, to };
}

/** An area by its code, name or alias, or an InputError. */
export async function findArea(db: Db, text: string): Promise<{ id: number; name: string; code: string }> {
  const area = await db.area.findFirst({
    where: { OR: [{ code: text }, { name: text }, { aliases: { has: text } }] },
    select: { id: true, name: true, code: true },
    orderBy: { id: 'asc' },
  });
  if (!area) throw new InputError(`no area with code or name "${text}"`);
  return area;
}
