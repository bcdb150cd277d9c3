import type { Db } from '../db/client';
import { Prisma } from '../generated/prisma/client';
import { LEDGERS, type Ledger } from '../domain/ledger';

/**
 * The assessment figures (考核监督), as the glossary defines them, for a period [from, to):
 * - response rate (响应率) = cases accepted within their response time limit (acceptedAt <= acceptDueAt)
 *   / cases assigned, both among cases filed (createdAt) in the period;
 * - resolution rate (解决率) = cases resolved (status RESOLVED or CLOSED) and never reopened (reopenedAt null)
 *   / cases whose resolution deadline (resolveDueAt) falls in the period;
 * - satisfaction rate (满意率) = (SATISFIED + PARTLY) / follow-ups answered SATISFIED, PARTLY or UNSATISFIED
 *   in the period (answeredAt); NO_REPLY is counted apart and is in neither side.
 * A rate with nothing to divide by is null, not 0 or 100 %.
 *
 * The counts: filed (created in the period, also per ledger), resolved (resolvedAt in the period; a
 * reopening clears resolvedAt), disputes resolved (category DISPUTE, resolvedAt in the period), overdue
 * (open now and past resolveDueAt before min(now, to)), reopened (reopenedAt in the period), households
 * (sum over the cases filed in the period; a case joined by several residents (我也遇到) is one case
 * whose households are the sum of all its reporters'), reporters (residents who reported the cases
 * filed in the period, filer and joiners).
 * Visits (五访五问): visits made (visitedAt in the period) and the opinions collected on them, by the
 * visit's area, and for a cadre the visits they made.
 */
export type Counts = {
  filed: number;
  /** Cases filed in the period, per ledger. */
  byLedger: Record<Ledger, number>;
  assigned: number;
  acceptedInTime: number;
  resolved: number;
  disputesResolved: number;
  due: number;
  resolvedOfDue: number;
  overdue: number;
  reopened: number;
  answered: number;
  satisfied: number;
  partly: number;
  unsatisfied: number;
  noReply: number;
  households: number;
  reporters: number;
  visits: number;
  opinions: number;
};

export type Figures = Counts & {
  responseRate: number | null;
  resolutionRate: number | null;
  satisfactionRate: number | null;
};

export type Period = { from: Date; to: Date; now: Date };

const rate = (num: number, den: number) => (den === 0 ? null : num / den);

export function emptyCounts(): Counts {
  return {
    filed: 0,
    byLedger: Object.fromEntries(LEDGERS.map((l) => [l, 0])) as Record<Ledger, number>,
    assigned: 0,
    acceptedInTime: 0,
    resolved: 0,
    disputesResolved: 0,
    due: 0,
    resolvedOfDue: 0,
    overdue: 0,
    reopened: 0,
    answered: 0,
    satisfied: 0,
    partly: 0,
    unsatisfied: 0,
    noReply: 0,
    households: 0,
    reporters: 0,
    visits: 0,
    opinions: 0,
  };
}

/** Adds `b` into `a` (every count is additive, which is what makes the roll-up a plain sum). */
export function addCounts(a: Counts, b: Counts): Counts {
  for (const l of LEDGERS) a.byLedger[l] += b.byLedger[l];
  const keys = ['filed', 'assigned', 'acceptedInTime', 'resolved', 'disputesResolved', 'due', 'resolvedOfDue', 'overdue', 'reopened',
    'answered', 'satisfied', 'partly', 'unsatisfied', 'noReply', 'households', 'reporters', 'visits', 'opinions'] as const;
  for (const k of keys) a[k] += b[k];
  return a;
}

export function toFigures(c: Counts): Figures {
  return {
    ...c,
    byLedger: { ...c.byLedger },
    responseRate: rate(c.acceptedInTime, c.assigned),
    resolutionRate: rate(c.resolvedOfDue, c.due),
    satisfactionRate: rate(c.satisfied + c.partly, c.answered),
  };
}

type CaseRow = {
  key: number | null;
  ledger: Ledger;
  filed: bigint;
  assigned: bigint;
  accepted_in_time: bigint;
  resolved: bigint;
  disputes_resolved: bigint;
  due: bigint;
  resolved_of_due: bigint;
  overdue: bigint;
  reopened: bigint;
  households: bigint | null;
  reporters: bigint | null;
};

type VisitRow = { key: number | null; visits: bigint; opinions: bigint | null };

type AnswerRow = { key: number | null; answer: string; n: bigint };

/**
 * The counts grouped by a column of Case (its area, or its assignee): two queries whatever the
 * number of groups. `areaIds` restricts to cases in those areas. Rows with a null key are skipped.
 */
export async function countsBy(
  db: Db,
  key: 'areaId' | 'assigneeId',
  opts: Period & { areaIds?: number[] },
): Promise<Map<number, Counts>> {
  const col = Prisma.raw(`"${key}"`);
  const { from, to } = opts;
  const cutoff = opts.now < to ? opts.now : to;
  const ids = opts.areaIds ?? null;
  const created = Prisma.sql`("createdAt" >= ${from} AND "createdAt" < ${to})`;
  const resolvedIn = Prisma.sql`("resolvedAt" >= ${from} AND "resolvedAt" < ${to})`;
  const dueIn = Prisma.sql`("resolveDueAt" >= ${from} AND "resolveDueAt" < ${to})`;
  const reopenedIn = Prisma.sql`("reopenedAt" >= ${from} AND "reopenedAt" < ${to})`;
  const overdue = Prisma.sql`("status" IN ('FILED','ASSIGNED','ACCEPTED','IN_PROGRESS','REOPENED') AND "resolveDueAt" < ${cutoff})`;
  const inAreas = Prisma.sql`(${ids}::int[] IS NULL OR "areaId" = ANY(${ids}::int[]))`;
  // A visit belongs to its area, and to the cadre who made it.
  const visitCol = Prisma.raw(key === 'areaId' ? '"areaId"' : '"cadreId"');
  const [cases, answers, visits] = await Promise.all([
    // One index range scan per condition (createdAt, resolvedAt, resolveDueAt, reopenedAt, and
    // (status, resolveDueAt) for the open ones), each counting only what its own condition defines:
    // no row is needed twice, so the branches are simply added up (below), never de-duplicated.
    db.$queryRaw<CaseRow[]>`
      SELECT ${col} AS key, "ledger"::text AS ledger,
        count(*) AS filed,
        count(*) FILTER (WHERE "assigneeId" IS NOT NULL) AS assigned,
        count(*) FILTER (WHERE "assigneeId" IS NOT NULL AND "acceptedAt" <= "acceptDueAt") AS accepted_in_time,
        0::bigint AS resolved, 0::bigint AS disputes_resolved, 0::bigint AS due, 0::bigint AS resolved_of_due,
        0::bigint AS overdue, 0::bigint AS reopened,
        sum("households") AS households,
        sum("reporterCount") AS reporters
      FROM "Case" WHERE ${created} AND ${inAreas} GROUP BY 1, 2
      UNION ALL
      SELECT ${col}, "ledger"::text, 0, 0, 0,
        count(*), count(*) FILTER (WHERE "category" = 'DISPUTE'), 0, 0, 0, 0, NULL, NULL
      FROM "Case" WHERE ${resolvedIn} AND ${inAreas} GROUP BY 1, 2
      UNION ALL
      SELECT ${col}, "ledger"::text, 0, 0, 0, 0, 0,
        count(*), count(*) FILTER (WHERE "status" IN ('RESOLVED','CLOSED') AND "reopenedAt" IS NULL), 0, 0, NULL, NULL
      FROM "Case" WHERE ${dueIn} AND ${inAreas} GROUP BY 1, 2
      UNION ALL
      SELECT ${col}, "ledger"::text, 0, 0, 0, 0, 0, 0, 0, count(*), 0, NULL, NULL
      FROM "Case" WHERE ${overdue} AND ${inAreas} GROUP BY 1, 2
      UNION ALL
      SELECT ${col}, "ledger"::text, 0, 0, 0, 0, 0, 0, 0, 0, count(*), NULL, NULL
      FROM "Case" WHERE ${reopenedIn} AND ${inAreas} GROUP BY 1, 2`,
    db.$queryRaw<AnswerRow[]>`
      SELECT c.${col} AS key, f."answer"::text AS answer, count(*) AS n
      FROM "FollowUp" f JOIN "Case" c ON c."id" = f."caseId"
      WHERE f."answeredAt" >= ${from} AND f."answeredAt" < ${to} AND f."answer" IS NOT NULL
        AND (${ids}::int[] IS NULL OR c."areaId" = ANY(${ids}::int[]))
      GROUP BY 1, 2`,
    db.$queryRaw<VisitRow[]>`
      SELECT ${visitCol} AS key, count(*) AS visits, sum("opinionCount") AS opinions
      FROM "Visit"
      WHERE "visitedAt" >= ${from} AND "visitedAt" < ${to}
        AND (${ids}::int[] IS NULL OR "areaId" = ANY(${ids}::int[]))
      GROUP BY 1`,
  ]);
  const out = new Map<number, Counts>();
  const slot = (k: number) => {
    let c = out.get(k);
    if (!c) out.set(k, (c = emptyCounts()));
    return c;
  };
  for (const r of cases) {
    if (r.key === null) continue;
    const c = slot(r.key);
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
  for (const r of visits) {
    if (r.key === null) continue;
    const c = slot(r.key);
    c.visits += Number(r.visits);
    c.opinions += Number(r.opinions ?? 0);
  }
  for (const r of answers) {
    if (r.key === null) continue;
    const c = slot(r.key);
    const n = Number(r.n);
    if (r.answer === 'SATISFIED') c.satisfied += n;
    else if (r.answer === 'PARTLY') c.partly += n;
    else if (r.answer === 'UNSATISFIED') c.unsatisfied += n;
    else c.noReply += n;
    if (r.answer !== 'NO_REPLY') c.answered += n;
  }
  return out;
}

/** The figures for the whole district, or for the cases in `areaIds` (no roll-up: pass the subtree). */
export async function assess(db: Db, opts: { from: Date; to: Date; now: Date; areaIds?: number[] }): Promise<Figures> {
  return sumAreas(await countsBy(db, 'areaId', opts));
}

/**
 * The figures of per-area counts (countsBy 'areaId') added up: all of them, or those of `areaIds`.
 * The same as assess() with those areaIds, from counts already at hand.
 */
export function sumAreas(byArea: Map<number, Counts>, areaIds?: number[]): Figures {
  const total = emptyCounts();
  if (areaIds) for (const id of new Set(areaIds)) addCounts(total, byArea.get(id) ?? emptyCounts());
  else for (const c of byArea.values()) addCounts(total, c);
  return toFigures(total);
}
