import type { Db } from '../db/client';
import type { Prisma } from '../generated/prisma/client';
import { addDays, dayEnd, dayOf, dayStart, weekdayOf } from '../domain/time';
import { AWAITING_ACCEPT_STATUSES, IN_HAND_STATUSES, OPEN_STATUSES, RESOLVED_STATUSES } from '../domain/case-status';

/**
 * The ledger's counters, each also a filter (`view=` on the ledger):
 * - pending (待受理): open and not yet accepted (filed, assigned, reopened);
 * - working (办理中): accepted or in progress;
 * - overdue (超期): open and past the deadline it is working towards (accept while waiting, else resolve),
 *   or past the resolve deadline in any open status;
 * - dueToday (今日到期): open, that deadline still ahead but before the end of today in the district;
 * - doneThisWeek (本周办结): resolved since Monday 00:00 in the district (still resolved or closed).
 */
export const LEDGER_VIEWS = ['pending', 'working', 'overdue', 'dueToday', 'doneThisWeek'] as const;
export type LedgerView = (typeof LEDGER_VIEWS)[number];


export function viewWhere(view: LedgerView, now: Date, timeZone: string): Prisma.CaseWhereInput {
  const waiting: Prisma.CaseWhereInput = { status: { in: [...AWAITING_ACCEPT_STATUSES] } };
  const working: Prisma.CaseWhereInput = { status: { in: [...IN_HAND_STATUSES] } };
  const today = dayOf(now, timeZone);
  const endOfToday = dayEnd(today, timeZone);
  switch (view) {
    case 'pending':
      return waiting;
    case 'working':
      return working;
    case 'overdue':
      return {
        OR: [
          { AND: [waiting, { acceptDueAt: { lt: now } }] },
          { status: { in: [...OPEN_STATUSES] }, resolveDueAt: { lt: now } },
        ],
      };
    case 'dueToday':
      return {
        OR: [
          { AND: [waiting, { acceptDueAt: { gte: now, lt: endOfToday } }] },
          { AND: [working, { resolveDueAt: { gte: now, lt: endOfToday } }] },
        ],
      };
    case 'doneThisWeek': {
      // Monday of this week in the district (ISO weeks, as the assessment's trend).
      const monday = dayStart(addDays(today, -weekdayOf(today)), timeZone);
      return { status: { in: [...RESOLVED_STATUSES] }, resolvedAt: { gte: monday } };
    }
  }
}

/** Each counter for the cases `where` selects (the viewer's scope and the ledger tab), at `now`. */
export async function ledgerCounters(db: Db, where: Prisma.CaseWhereInput, now: Date, timeZone: string): Promise<Record<LedgerView, number>> {
  const counts = await Promise.all(LEDGER_VIEWS.map((v) => db.case.count({ where: { AND: [where, viewWhere(v, now, timeZone)] } })));
  return Object.fromEntries(LEDGER_VIEWS.map((v, i) => [v, counts[i]!])) as Record<LedgerView, number>;
}
