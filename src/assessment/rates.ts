import type { Db } from '../db/client';

/**
 * The assessment figures (考核监督), as the glossary defines them, for a period [from, to):
 * - response rate: cases accepted within the response time limit / cases assigned;
 * - resolution rate: cases resolved and never reopened / cases whose resolution deadline fell in the period;
 * - satisfaction rate: (satisfied + partly) / follow-ups answered (no reply is counted apart).
 * A rate with nothing to divide by is null, not 0 or 100 %.
 */
export type Figures = {
  filed: number;
  assigned: number;
  acceptedInTime: number;
  resolved: number;
  due: number;
  resolvedOfDue: number;
  overdue: number;
  reopened: number;
  answered: number;
  satisfied: number;
  partly: number;
  noReply: number;
  households: number;
  responseRate: number | null;
  resolutionRate: number | null;
  satisfactionRate: number | null;
};

const rate = (num: number, den: number) => (den === 0 ? null : num / den);

export async function assess(db: Db, opts: { from: Date; to: Date; now: Date; areaIds?: number[] }): Promise<Figures> {
  const area = opts.areaIds ? { areaId: { in: opts.areaIds } } : {};
  const inPeriod = { gte: opts.from, lt: opts.to };
  const [filed, assigned, acceptedInTime, resolved, dueRows, overdue, reopened, answers, households] = await Promise.all([
    db.case.count({ where: { ...area, createdAt: inPeriod } }),
    db.case.count({ where: { ...area, createdAt: inPeriod, assigneeId: { not: null } } }),
    db.$queryRaw<{ n: bigint }[]>`
      SELECT count(*) AS n FROM "Case"
      WHERE "createdAt" >= ${opts.from} AND "createdAt" < ${opts.to} AND "acceptedAt" IS NOT NULL AND "acceptedAt" <= "acceptDueAt"
        AND (${opts.areaIds ?? null}::int[] IS NULL OR "areaId" = ANY(${opts.areaIds ?? null}::int[]))`,
    db.case.count({ where: { ...area, resolvedAt: inPeriod } }),
    db.case.findMany({ where: { ...area, resolveDueAt: inPeriod }, select: { status: true, reopenedAt: true } }),
    db.case.count({
      where: { ...area, status: { in: ['FILED', 'ASSIGNED', 'ACCEPTED', 'IN_PROGRESS', 'REOPENED'] }, resolveDueAt: { lt: opts.now < opts.to ? opts.now : opts.to } },
    }),
    db.case.count({ where: { ...area, reopenedAt: inPeriod } }),
    db.followUp.groupBy({ by: ['answer'], where: { answeredAt: inPeriod, case: area }, _count: { _all: true } }),
    db.case.aggregate({ where: { ...area, createdAt: inPeriod }, _sum: { households: true } }),
  ]);
  const count = (a: string) => answers.find((x) => x.answer === a)?._count._all ?? 0;
  const satisfied = count('SATISFIED');
  const partly = count('PARTLY');
  const unsatisfied = count('UNSATISFIED');
  const answered = satisfied + partly + unsatisfied;
  const due = dueRows.length;
  const resolvedOfDue = dueRows.filter((r) => (r.status === 'RESOLVED' || r.status === 'CLOSED') && r.reopenedAt === null).length;
  const inTime = Number(acceptedInTime[0]?.n ?? 0);
  return {
    filed,
    assigned,
    acceptedInTime: inTime,
    resolved,
    due,
    resolvedOfDue,
    overdue,
    reopened,
    answered,
    satisfied,
    partly,
    noReply: count('NO_REPLY'),
    households: households._sum.households ?? 0,
    responseRate: rate(inTime, assigned),
    resolutionRate: rate(resolvedOfDue, due),
    satisfactionRate: rate(satisfied + partly, answered),
  };
}
