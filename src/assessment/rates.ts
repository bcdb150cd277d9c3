import { z } from 'zod';
import type { Db } from '../db/client';
import { sqlCount, sqlRows, sqlSum, sqlTime } from '../db/typed-sql';
import { Prisma } from '../generated/prisma/client';
import { LEDGERS } from '../domain/ledger';
import { OPEN_STATUSES, RESOLVED_STATUSES } from '../domain/case-status';
import { type Counts, emptyCounts, type Figures, type Period, sumAreas } from './counts';

/** A status list as SQL literals ('A', 'B'): constants from domain/case-status.ts, never input, so the planner still sees literals and uses the (status, resolveDueAt) index. */
const statusList = (statuses: readonly string[]) => Prisma.raw(statuses.map((s) => `'${s}'`).join(','));

/** Each row is keyed by the case's area and its assignee (a visit's: its area and its cadre). */
const keys = { area: z.number().nullable(), cadre: z.number().nullable() };
type Keys = { area: number | null; cadre: number | null };

const caseRow = z.object({
  ...keys,
  ledger: z.enum(LEDGERS),
  filed: sqlCount,
  assigned: sqlCount,
  accepted_in_time: sqlCount,
  resolved: sqlCount,
  disputes_resolved: sqlCount,
  due: sqlCount,
  resolved_of_due: sqlCount,
  overdue: sqlCount,
  reopened: sqlCount,
  households: sqlSum,
  reporters: sqlSum,
});

const visitRow = z.object({ ...keys, visits: sqlCount, opinions: sqlSum });

const answerRow = z.object({ ...keys, answer: z.string(), n: sqlCount });

type Rows = { cases: z.output<typeof caseRow>[]; answers: z.output<typeof answerRow>[]; visits: z.output<typeof visitRow>[] };

/**
 * The period's rows, grouped by area and assignee together (a few hundred groups at most), so one
 * fetch gives both the per-area and the per-cadre counts. Three queries, each over indexed time
 * columns only, whatever the size of the tables:
 * - cases: one index range scan per condition (createdAt, resolvedAt, resolveDueAt, reopenedAt,
 *   and (status, resolveDueAt) for the open ones), each branch counting only the figures its own
 *   condition defines, so no case is needed twice and the branches are simply added up;
 * - follow-ups answered in the period (answeredAt), with their case's area and assignee: the cases
 *   are read by primary key within the ids those follow-ups name (not a scan of every case);
 * - visits made in the period (visitedAt).
 */
async function periodRows(db: Db, opts: Period & { areaIds?: number[] }): Promise<Rows> {
  const [from, to, cutoff] = [opts.from, opts.to, opts.now < opts.to ? opts.now : opts.to].map((at) => Prisma.sql`${sqlTime(at)}::timestamp`);
  const ids = opts.areaIds ?? null;
  const created = Prisma.sql`("createdAt" >= ${from} AND "createdAt" < ${to})`;
  const resolvedIn = Prisma.sql`("resolvedAt" >= ${from} AND "resolvedAt" < ${to})`;
  // Due in the period and already due (or resolved ahead of it): a deadline still to come is not yet a miss.
  const dueIn = Prisma.sql`("resolveDueAt" >= ${from} AND "resolveDueAt" < ${to} AND ("resolveDueAt" < ${cutoff} OR "status" IN (${statusList(RESOLVED_STATUSES)})))`;
  const reopenedIn = Prisma.sql`("reopenedAt" >= ${from} AND "reopenedAt" < ${to})`;
  const overdue = Prisma.sql`("status" IN (${statusList(OPEN_STATUSES)}) AND "resolveDueAt" < ${cutoff})`;
  const inAreas = Prisma.sql`(${ids}::int[] IS NULL OR "areaId" = ANY(${ids}::int[]))`;
  const [cases, answers, visits] = await Promise.all([
    sqlRows(db, caseRow, Prisma.sql`
      SELECT "areaId" AS area, "assigneeId" AS cadre, "ledger"::text AS ledger,
        count(*) AS filed,
        count(*) FILTER (WHERE "assigneeId" IS NOT NULL AND ("acceptedAt" IS NOT NULL OR "acceptDueAt" < ${cutoff})) AS assigned,
        count(*) FILTER (WHERE "assigneeId" IS NOT NULL AND "acceptedAt" <= "acceptDueAt") AS accepted_in_time,
        0::bigint AS resolved, 0::bigint AS disputes_resolved, 0::bigint AS due, 0::bigint AS resolved_of_due,
        0::bigint AS overdue, 0::bigint AS reopened,
        sum("households") AS households,
        sum("reporterCount") AS reporters
      FROM "Case" WHERE ${created} AND ${inAreas} GROUP BY 1, 2, 3
      UNION ALL
      SELECT "areaId", "assigneeId", "ledger"::text, 0, 0, 0,
        count(*), count(*) FILTER (WHERE "category" = ANY(${opts.roles.dispute}::text[])), 0, 0, 0, 0, NULL, NULL
      FROM "Case" WHERE ${resolvedIn} AND ${inAreas} GROUP BY 1, 2, 3
      UNION ALL
      SELECT "areaId", "assigneeId", "ledger"::text, 0, 0, 0, 0, 0,
        count(*), count(*) FILTER (WHERE "status" IN (${statusList(RESOLVED_STATUSES)}) AND "reopenedAt" IS NULL), 0, 0, NULL, NULL
      FROM "Case" WHERE ${dueIn} AND ${inAreas} GROUP BY 1, 2, 3
      UNION ALL
      SELECT "areaId", "assigneeId", "ledger"::text, 0, 0, 0, 0, 0, 0, 0, count(*), 0, NULL, NULL
      FROM "Case" WHERE ${overdue} AND ${inAreas} GROUP BY 1, 2, 3
      UNION ALL
      SELECT "areaId", "assigneeId", "ledger"::text, 0, 0, 0, 0, 0, 0, 0, 0, count(*), NULL, NULL
      FROM "Case" WHERE ${reopenedIn} AND ${inAreas} GROUP BY 1, 2, 3`),
    sqlRows(db, answerRow, Prisma.sql`
      WITH f AS MATERIALIZED (
        SELECT "caseId", "answer" FROM "FollowUp"
        WHERE "answeredAt" >= ${from} AND "answeredAt" < ${to} AND "answer" IS NOT NULL)
      SELECT c."areaId" AS area, c."assigneeId" AS cadre, f."answer"::text AS answer, count(*) AS n
      FROM f JOIN "Case" c ON c."id" = f."caseId"
      WHERE c."id" BETWEEN (SELECT min("caseId") FROM f) AND (SELECT max("caseId") FROM f)
        AND (${ids}::int[] IS NULL OR c."areaId" = ANY(${ids}::int[]))
      GROUP BY 1, 2, 3`),
    sqlRows(db, visitRow, Prisma.sql`
      SELECT "areaId" AS area, "cadreId" AS cadre, count(*) AS visits, sum("opinionCount") AS opinions
      FROM "Visit"
      WHERE "visitedAt" >= ${from} AND "visitedAt" < ${to} AND ${inAreas}
      GROUP BY 1, 2`),
  ]);
  return { cases, answers, visits };
}

/** Folds the period's rows into counts per area, or per assignee (a visit: per cadre who made it). Null keys are skipped. */
function fold(rows: Rows, by: keyof Keys): Map<number, Counts> {
  const out = new Map<number, Counts>();
  const slot = (k: number) => {
    let c = out.get(k);
    if (!c) out.set(k, (c = emptyCounts()));
    return c;
  };
  for (const r of rows.cases) {
    if (r[by] === null) continue;
    const c = slot(r[by]);
    c.filed += Number(r.filed);
    c.byLedger[r.ledger] += Number(r.filed);
    c.assigned += Number(r.assigned);
    c.acceptedInTime += Number(r.accepted_in_time);
    c.resolved += Number(r.resolved);
    c.disputesResolved += Number(r.disputes_resolved);
    c.due += Number(r.due);
    c.resolvedOfDue += Number(r.resolved_of_due);
    c.overdue += Number(r.overdue);
    c.reopened += Number(r.reopened);
    c.households += Number(r.households ?? 0);
    c.reporters += Number(r.reporters ?? 0);
  }
  for (const r of rows.visits) {
    if (r[by] === null) continue;
    const c = slot(r[by]);
    c.visits += Number(r.visits);
    c.opinions += Number(r.opinions ?? 0);
  }
  for (const r of rows.answers) {
    if (r[by] === null) continue;
    const c = slot(r[by]);
    const n = Number(r.n);
    if (r.answer === 'SATISFIED') c.satisfied += n;
    else if (r.answer === 'PARTLY') c.partly += n;
    else if (r.answer === 'UNSATISFIED') c.unsatisfied += n;
    else c.noReply += n;
    if (r.answer !== 'NO_REPLY') c.answered += n;
  }
  return out;
}

/**
 * The counts grouped by a column of Case (its area, or its assignee): three queries whatever the
 * number of groups (see periodRows). `areaIds` restricts to cases in those areas. Rows with a null
 * key are skipped.
 */
export async function countsBy(
  db: Db,
  key: 'areaId' | 'assigneeId',
  opts: Period & { areaIds?: number[] },
): Promise<Map<number, Counts>> {
  return fold(await periodRows(db, opts), key === 'areaId' ? 'area' : 'cadre');
}

/** countsBy 'areaId' and countsBy 'assigneeId' (both unrestricted) from one fetch. */
export async function countsByAreaAndCadre(db: Db, opts: Period): Promise<{ byArea: Map<number, Counts>; byCadre: Map<number, Counts> }> {
  const rows = await periodRows(db, opts);
  return { byArea: fold(rows, 'area'), byCadre: fold(rows, 'cadre') };
}

/** The figures for the whole district, or for the cases in `areaIds` (no roll-up: pass the subtree). */
export async function assess(db: Db, opts: Period & { areaIds?: number[] }): Promise<Figures> {
  return sumAreas(await countsBy(db, 'areaId', opts));
}
