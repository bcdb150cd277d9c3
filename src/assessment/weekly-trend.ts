import { addDays, dayOf, weekdayOf } from '../domain/time';
import { z } from 'zod';
import type { Db } from '../db/client';
import { sqlCount, sqlRows, sqlTime } from '../db/typed-sql';
import { Prisma } from '../generated/prisma/client';

/**
 * The period week by week (ISO weeks, Monday first, in the district's time zone):
 * - filed: cases created that week;
 * - resolved: cases resolved that week (resolvedAt; a reopening clears it);
 * - overdue: cases whose resolve deadline fell that week, before `now`, and were not resolved by it
 *   (still unresolved, or resolved after the deadline).
 * Weeks with nothing are included, so the trend has no gaps.
 */
const weekRow = z.object({ monday: z.string(), filed: sqlCount, resolved: sqlCount, overdue: sqlCount });

export type WeekFigures = { monday: string; filed: number; resolved: number; overdue: number };

export async function weeklyTrend(db: Db, opts: { from: Date; to: Date; now: Date; timeZone: string; areaIds?: number[] }): Promise<WeekFigures[]> {
  const { from, to, timeZone: tz } = opts;
  const [fromAt, toAt, cutoffAt] = [from, to, opts.now < to ? opts.now : to].map((at) => Prisma.sql`${sqlTime(at)}::timestamp`);
  const ids = opts.areaIds ?? null;
  const inAreas = Prisma.sql`(${ids}::int[] IS NULL OR "areaId" = ANY(${ids}::int[]))`;
  const week = (col: string) => Prisma.sql`to_char(date_trunc('week', (${Prisma.raw(`"${col}"`)} AT TIME ZONE 'UTC') AT TIME ZONE ${tz}), 'YYYY-MM-DD')`;
  const rows = await sqlRows(db, weekRow, Prisma.sql`
    SELECT monday, sum(filed) AS filed, sum(resolved) AS resolved, sum(overdue) AS overdue FROM (
      SELECT ${week('createdAt')} AS monday, count(*) AS filed, 0::bigint AS resolved, 0::bigint AS overdue
      FROM "Case" WHERE "createdAt" >= ${fromAt} AND "createdAt" < ${toAt} AND ${inAreas} GROUP BY 1
      UNION ALL
      SELECT ${week('resolvedAt')}, 0, count(*), 0
      FROM "Case" WHERE "resolvedAt" >= ${fromAt} AND "resolvedAt" < ${toAt} AND ${inAreas} GROUP BY 1
      UNION ALL
      SELECT ${week('resolveDueAt')}, 0, 0, count(*)
      FROM "Case" WHERE "resolveDueAt" >= ${fromAt} AND "resolveDueAt" < ${cutoffAt} AND ${inAreas}
        AND "status" <> 'DUPLICATE' AND ("resolvedAt" IS NULL OR "resolvedAt" > "resolveDueAt") GROUP BY 1
    ) w GROUP BY monday ORDER BY monday`);
  const found = new Map(rows.map((r) => [r.monday, r]));
  const out: WeekFigures[] = [];
  for (const monday of mondays(from, to, tz)) {
    const r = found.get(monday);
    out.push({ monday, filed: Number(r?.filed ?? 0), resolved: Number(r?.resolved ?? 0), overdue: Number(r?.overdue ?? 0) });
  }
  return out;
}

/** The Mondays ("YYYY-MM-DD") of every week that overlaps [from, to) in the time zone. */
function mondays(from: Date, to: Date, tz: string): string[] {
  const firstDay = dayOf(from, tz);
  const last = dayOf(new Date(to.getTime() - 1), tz);
  const out: string[] = [];
  // Calendar days compare as text ("YYYY-MM-DD").
  for (let d = addDays(firstDay, -weekdayOf(firstDay)); d <= last && out.length < 120; d = addDays(d, 7)) out.push(d);
  return out;
}
