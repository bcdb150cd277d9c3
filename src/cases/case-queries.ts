import type { Db } from '../db/client';
import type { Prisma } from '../generated/prisma/client';
import type { Ledger, Priority } from '../domain/ledger';
import { AWAITING_ACCEPT_STATUSES, OPEN_STATUSES } from '../domain/case-status';
import { caseScope, type Viewer } from './case-visibility';
import { escapeLike } from '../domain/strict-parse';

/** The ledger's filters, as the admin API and the dashboard take them. */
export type CaseFilter = {
  ledger?: Ledger;
  category?: string;
  priority?: Priority;
  status?: string;
  area?: string;
  overdue?: boolean;
  from?: Date;
  to?: Date;
  q?: string;
};

export const CASE_SORTS = ['due', 'createdAt', 'resolveDueAt', 'priority', 'households', 'caseNumber'] as const;
export type CaseSort = (typeof CASE_SORTS)[number];
export type CasePage = { page: number; pageSize: number; sort?: CaseSort; dir?: 'asc' | 'desc' };

/** What a viewer may see, narrowed by the filters; "overdue" is judged at `now`. */
export function caseWhere(viewer: Viewer, f: CaseFilter, now: Date): Prisma.CaseWhereInput {
  const and: Prisma.CaseWhereInput[] = [caseScope(viewer)];
  if (f.ledger) and.push({ ledger: f.ledger });
  if (f.category) and.push({ category: f.category });
  if (f.priority) and.push({ priority: f.priority });
  // 未办结: every status still someone's work.
  if (f.status === 'OPEN') and.push({ status: { in: [...OPEN_STATUSES] } });
  else if (f.status) and.push({ status: f.status as Prisma.CaseWhereInput['status'] });
  if (f.area) and.push({ area: { code: f.area } });
  if (f.from || f.to) and.push({ createdAt: { ...(f.from ? { gte: f.from } : {}), ...(f.to ? { lt: f.to } : {}) } });
  if (f.overdue === true) and.push({ status: { in: [...OPEN_STATUSES] } }, { resolveDueAt: { lt: now } });
  if (f.overdue === false) and.push({ OR: [{ status: { notIn: [...OPEN_STATUSES] } }, { resolveDueAt: { gte: now } }] });
  if (f.q) {
    // Prisma's `contains` is LIKE '%…%' without escaping: a search for "%" would otherwise match everything.
    const term = escapeLike(f.q);
    and.push({ OR: [{ description: { contains: term } }, { locationText: { contains: term } }, { caseNumber: { contains: term.toUpperCase() } }] });
  }
  return { AND: and };
}

export const caseListInclude = {
  area: { select: { code: true, name: true } },
  assignee: { select: { code: true, name: true } },
} satisfies Prisma.CaseInclude;

/**
 * One page of the ledger, newest first unless a sort is asked for; ties broken by id so pages never
 * overlap. `whereGiven`: the conditions already built (caseWhere and more), instead of `viewer` and `f`.
 */
export async function listCases(db: Db, viewer: Viewer, f: CaseFilter, p: CasePage, now: Date, whereGiven?: Prisma.CaseWhereInput) {
  const where = whereGiven ?? caseWhere(viewer, f, now);
  if (p.sort === 'due') return listByDue(db, where, p);
  const dir = p.dir ?? 'desc';
  const orderBy: Prisma.CaseOrderByWithRelationInput[] = [{ [p.sort ?? 'createdAt']: dir }, { id: dir }];
  const [total, rows] = await Promise.all([
    db.case.count({ where }),
    db.case.findMany({ where, orderBy, skip: (p.page - 1) * p.pageSize, take: p.pageSize, include: caseListInclude }),
  ]);
  return { total, rows };
}

/** Waiting to be accepted: the accept deadline is the one that counts. */
export const AWAITING_ACCEPT: readonly string[] = AWAITING_ACCEPT_STATUSES;

/** The deadline a case is working towards now: accepting it, else resolving it; none once it is done. */
export function nextDueAt(row: { status: string; acceptDueAt: Date; resolveDueAt: Date }): Date | null {
  if (AWAITING_ACCEPT.includes(row.status)) return row.acceptDueAt;
  return (OPEN_STATUSES as readonly string[]).includes(row.status) ? row.resolveDueAt : null;
}

const PRIORITY_RANK: Record<string, number> = { URGENT: 0, SERIOUS: 1, DEFERRABLE: 2, MINOR: 3 };

/**
 * "What is due first": open cases by their next deadline (accept, else resolve), then urgency, then
 * id; the finished ones after them, newest first. The open cases are a desk's working set (hundreds,
 * not the whole history), so their sort keys are read and ordered here; the finished ones are paged
 * by the database after them.
 */
async function listByDue(db: Db, where: Prisma.CaseWhereInput, p: CasePage) {
  const openWhere: Prisma.CaseWhereInput = { AND: [where, { status: { in: [...OPEN_STATUSES] } }] };
  const doneWhere: Prisma.CaseWhereInput = { AND: [where, { status: { notIn: [...OPEN_STATUSES] } }] };
  const [total, keys] = await Promise.all([
    db.case.count({ where }),
    db.case.findMany({ where: openWhere, select: { id: true, status: true, priority: true, acceptDueAt: true, resolveDueAt: true } }),
  ]);
  keys.sort((a, b) => nextDueAt(a)!.getTime() - nextDueAt(b)!.getTime() || PRIORITY_RANK[a.priority]! - PRIORITY_RANK[b.priority]! || a.id - b.id);
  const start = (p.page - 1) * p.pageSize;
  const openIds = keys.slice(start, start + p.pageSize).map((k) => k.id);
  const rest = p.pageSize - openIds.length;
  const [open, done] = await Promise.all([
    openIds.length ? db.case.findMany({ where: { id: { in: openIds } }, include: caseListInclude }) : [],
    rest > 0
      ? db.case.findMany({ where: doneWhere, orderBy: [{ createdAt: 'desc' }, { id: 'desc' }], skip: Math.max(0, start - keys.length), take: rest, include: caseListInclude })
      : [],
  ]);
  const byId = new Map(open.map((r) => [r.id, r]));
  return { total, rows: [...openIds.map((id) => byId.get(id)!).filter(Boolean), ...done] };
}

export const isOverdue = (row: { status: string; resolveDueAt: Date }, now: Date) =>
  (OPEN_STATUSES as readonly string[]).includes(row.status) && row.resolveDueAt < now;
