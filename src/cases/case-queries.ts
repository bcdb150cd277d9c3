import type { Db } from '../db/client';
import type { Prisma } from '../generated/prisma/client';
import type { Ledger, Priority } from '../domain/ledger';
import { OPEN_STATUSES } from './case-status';
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

export const CASE_SORTS = ['createdAt', 'resolveDueAt', 'priority', 'households', 'caseNumber'] as const;
export type CaseSort = (typeof CASE_SORTS)[number];
export type CasePage = { page: number; pageSize: number; sort?: CaseSort; dir?: 'asc' | 'desc' };

/** What a viewer may see, narrowed by the filters; "overdue" is judged at `now`. */
export function caseWhere(viewer: Viewer, f: CaseFilter, now: Date): Prisma.CaseWhereInput {
  const and: Prisma.CaseWhereInput[] = [caseScope(viewer)];
  if (f.ledger) and.push({ ledger: f.ledger });
  if (f.category) and.push({ category: f.category });
  if (f.priority) and.push({ priority: f.priority });
  if (f.status) and.push({ status: f.status as Prisma.CaseWhereInput['status'] });
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

/** One page of the ledger, newest first unless a sort is asked for; ties broken by id so pages never overlap. */
export async function listCases(db: Db, viewer: Viewer, f: CaseFilter, p: CasePage, now: Date) {
  const where = caseWhere(viewer, f, now);
  const dir = p.dir ?? 'desc';
  const orderBy: Prisma.CaseOrderByWithRelationInput[] = [{ [p.sort ?? 'createdAt']: dir }, { id: dir }];
  const [total, rows] = await Promise.all([
    db.case.count({ where }),
    db.case.findMany({ where, orderBy, skip: (p.page - 1) * p.pageSize, take: p.pageSize, include: caseListInclude }),
  ]);
  return { total, rows };
}

export const isOverdue = (row: { status: string; resolveDueAt: Date }, now: Date) =>
  (OPEN_STATUSES as readonly string[]).includes(row.status) && row.resolveDueAt < now;
