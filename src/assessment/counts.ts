import { LEDGERS, type Ledger } from '../domain/ledger';
import type { CategoryRoles } from '../config/district-schema';

/**
 * The assessment figures (考核监督), as the glossary defines them, for a period [from, to):
 * - response rate (响应率) = cases accepted within their response time limit (acceptedAt <= acceptDueAt)
 *   / cases assigned and due for a response (accepted, or their accept deadline passed before
 *   min(now, to)), both among cases filed (createdAt) in the period;
 * - resolution rate (解决率) = cases resolved (status RESOLVED or CLOSED) and never reopened (reopenedAt null)
 *   / cases whose resolution deadline (resolveDueAt) falls in the period and has passed before
 *   min(now, to), or that were resolved already;
 * - satisfaction rate (满意率) = (SATISFIED + PARTLY) / follow-ups answered SATISFIED, PARTLY or UNSATISFIED
 *   in the period (answeredAt); NO_REPLY is counted apart and is in neither side.
 * A rate with nothing to divide by is null, not 0 or 100 %.
 *
 * The counts: filed (created in the period, also per ledger), resolved (resolvedAt in the period; a
 * reopening clears resolvedAt), disputes resolved (a category in the district's dispute role, resolvedAt in the period), overdue
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

/** The period assessed, and which categories count as disputes (the district file's `categoryRoles`). */
export type Period = { from: Date; to: Date; now: Date; roles: CategoryRoles };

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
