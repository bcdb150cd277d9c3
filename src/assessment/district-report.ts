import { z } from 'zod';
import type { Db } from '../db/client';
import { sqlCount, sqlRows, sqlSum, sqlTime } from '../db/typed-sql';
import { Prisma } from '../generated/prisma/client';
import { reportTexts, VISIT_KINDS, type VisitKindCode } from '../messages/zh-CN';
import type { CategoryRoles } from '../config/district-schema';

/**
 * The figures in the form the district writes them up (the article: "访问企业 360 户次，收集意见
 * 建议 780 条 …"), for a period [from, to), optionally for some areas (pass a subtree's ids):
 * - visits by kind (五访五问, 户次): visits made in the period (visitedAt);
 * - opinions collected (收集意见建议): opinions recorded on those visits, plus cases of the
 *   categories in the district's suggestion role (意见建议, `categoryRoles`) residents filed in the period;
 * - problems found (发现问题): problems recorded on those visits;
 * - problems solved (解决问题): cases resolved in the period (resolvedAt; a reopening clears it);
 * - disputes resolved (化解矛盾纠纷): of those, the categories in the dispute role;
 * - households reached (涉及群众户数): one per visit, plus the households of the cases filed in the
 *   period (a "me too" case counts the households of all its reporters, once);
 * - services provided (办实事好事): cases resolved in the period in the livelihood, hardship and
 *   village-affairs ledgers — the practical things done for residents, as distinct from disputes
 *   settled, opinions answered and party affairs.
 * Two queries whatever the size of the tables (both over indexed time columns).
 */
export type DistrictReport = {
  from: string;
  to: string;
  visitsByKind: Record<VisitKindCode, number>;
  visits: number;
  opinions: number;
  opinionsOnVisits: number;
  suggestionsFiled: number;
  problemsFound: number;
  problemsSolved: number;
  disputesResolved: number;
  householdsReached: number;
  householdsOfCases: number;
  servicesProvided: number;
  casesFiled: number;
};

const visitRow = z.object({ kind: z.enum(VISIT_KINDS.map((k) => k.code) as [VisitKindCode, ...VisitKindCode[]]), visits: sqlCount, opinions: sqlSum, problems: sqlSum });
const caseRow = z.object({ filed: sqlCount, suggestions: sqlCount, households: sqlSum, resolved: sqlCount, disputes: sqlCount, services: sqlCount });

export async function districtReport(db: Db, opts: { from: Date; to: Date; roles: CategoryRoles; areaIds?: number[] }): Promise<DistrictReport> {
  const [from, to] = [opts.from, opts.to].map((at) => Prisma.sql`${sqlTime(at)}::timestamp`);
  const ids = opts.areaIds ?? null;
  const inAreas = Prisma.sql`(${ids}::int[] IS NULL OR "areaId" = ANY(${ids}::int[]))`;
  const created = Prisma.sql`("createdAt" >= ${from} AND "createdAt" < ${to})`;
  const resolved = Prisma.sql`("resolvedAt" >= ${from} AND "resolvedAt" < ${to})`;
  const [visitRows, caseRows] = await Promise.all([
    sqlRows(db, visitRow, Prisma.sql`
      SELECT "kind"::text AS kind, count(*) AS visits, sum("opinionCount") AS opinions, sum("problemCount") AS problems
      FROM "Visit"
      WHERE "visitedAt" >= ${from} AND "visitedAt" < ${to} AND ${inAreas}
      GROUP BY 1`),
    sqlRows(db, caseRow, Prisma.sql`
      SELECT
        count(*) FILTER (WHERE ${created}) AS filed,
        count(*) FILTER (WHERE ${created} AND "category" = ANY(${opts.roles.suggestion}::text[])) AS suggestions,
        sum("households") FILTER (WHERE ${created}) AS households,
        count(*) FILTER (WHERE ${resolved}) AS resolved,
        count(*) FILTER (WHERE ${resolved} AND "category" = ANY(${opts.roles.dispute}::text[])) AS disputes,
        count(*) FILTER (WHERE ${resolved} AND "ledger" IN ('LIVELIHOOD', 'HARDSHIP', 'VILLAGE_AFFAIRS')) AS services
      FROM "Case"
      WHERE (${created} OR ${resolved}) AND ${inAreas}`),
  ]);
  const visitsByKind = Object.fromEntries(VISIT_KINDS.map((k) => [k.code, 0])) as Record<VisitKindCode, number>;
  let visits = 0;
  let opinionsOnVisits = 0;
  let problemsFound = 0;
  for (const r of visitRows) {
    visitsByKind[r.kind] = Number(r.visits);
    visits += Number(r.visits);
    opinionsOnVisits += Number(r.opinions ?? 0);
    problemsFound += Number(r.problems ?? 0);
  }
  const c = caseRows[0];
  const suggestionsFiled = Number(c?.suggestions ?? 0);
  const householdsOfCases = Number(c?.households ?? 0);
  return {
    from: opts.from.toISOString(),
    to: opts.to.toISOString(),
    visitsByKind,
    visits,
    opinions: opinionsOnVisits + suggestionsFiled,
    opinionsOnVisits,
    suggestionsFiled,
    problemsFound,
    problemsSolved: Number(c?.resolved ?? 0),
    disputesResolved: Number(c?.disputes ?? 0),
    householdsReached: visits + householdsOfCases,
    householdsOfCases,
    servicesProvided: Number(c?.services ?? 0),
    casesFiled: Number(c?.filed ?? 0),
  };
}

/** The report as the district writes it (zh-CN), e.g. "访企业 360 户次 … 收集意见建议 780 条". */
export function formatDistrictReport(report: DistrictReport, title: string): string {
  return reportTexts.districtReport({
    title,
    visitsByKind: VISIT_KINDS.map((k) => ({ name: k.name, count: report.visitsByKind[k.code] })),
    visits: report.visits,
    opinions: report.opinions,
    problemsFound: report.problemsFound,
    problemsSolved: report.problemsSolved,
    disputesResolved: report.disputesResolved,
    householdsReached: report.householdsReached,
    servicesProvided: report.servicesProvided,
  });
}
