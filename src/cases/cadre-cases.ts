import { formatShortDateTime } from '../domain/time';
import { priorityRank } from '../domain/ledger';
import { cadreTexts, meTooTexts, messages } from '../messages/zh-CN';
import { type Actor, type CaseDeps, CaseRefusal } from './case-change';
import { OPEN_STATUSES } from '../domain/case-status';
import { canSeeCase, phoneFor } from './case-visibility';
import { cadreViewer } from './cadre-viewer';
import { actorForStaff, cadresOnEvents, timelineSelect } from './event-actors';

const OPEN_CASE_LINES = 10;

/** 待办: a cadre's open cases, most urgent first, then the soonest due. */
export async function listOpenCases(deps: CaseDeps, opts: { cadreId: number; at: Date }): Promise<string> {
  const rows = await deps.db.case.findMany({
    where: { assigneeId: opts.cadreId, status: { in: [...OPEN_STATUSES] } },
    select: { caseNumber: true, priority: true, status: true, acceptDueAt: true, resolveDueAt: true, description: true },
    orderBy: [{ priority: 'asc' }, { resolveDueAt: 'asc' }],
    take: 200,
  });
  if (rows.length === 0) return cadreTexts.openCasesEmpty;
  // The deadline that matters now: acceptance until accepted, then resolution.
  const dueOf = (r: (typeof rows)[number]) => (r.status === 'ASSIGNED' || r.status === 'REOPENED' ? r.acceptDueAt : r.resolveDueAt);
  const sorted = [...rows].sort((a, b) => priorityRank(a.priority) - priorityRank(b.priority) || dueOf(a).getTime() - dueOf(b).getTime());
  const lines = sorted.slice(0, OPEN_CASE_LINES).map((r) => ({
    caseNumber: r.caseNumber,
    priorityChar: deps.district.priority(r.priority).char,
    statusText: messages.statusText(r.status),
    due: formatShortDateTime(dueOf(r), deps.district.timeZone),
    overdue: dueOf(r).getTime() < opts.at.getTime(),
    summary: r.description,
  }));
  return cadreTexts.openCases(lines, Math.max(0, rows.length - OPEN_CASE_LINES));
}

/** 案件 <编号>: details and timeline, for its assignee or a supervisor. */
export async function showCase(deps: CaseDeps, opts: { caseNumber: string; actor: Actor }): Promise<string> {
  const row = await deps.db.case.findUnique({
    where: { caseNumber: opts.caseNumber },
    include: {
      area: { select: { name: true } },
      assignee: { select: { id: true, name: true } },
      events: { orderBy: { id: 'asc' }, select: timelineSelect },
    },
  });
  if (!row) throw new CaseRefusal('notFound', { caseNumber: opts.caseNumber });
  const actor = opts.actor;
  // The same scope as the web: a cadre sees their area's cases (so a lead can read what is
  // escalated to them), but hardship and dispute cases only if they are the assignee.
  const viewer = actor.kind === 'CADRE' ? await cadreViewer(deps.db, actor.cadreId) : null;
  // Outside that scope the case is "not found", as in the admin API: not even its assignee is named.
  if (viewer && !canSeeCase(viewer, row)) throw new CaseRefusal('notFound', { caseNumber: opts.caseNumber });
  const tz = deps.district.timeZone;
  const cadres = await cadresOnEvents(deps.db, row.events);
  const detail = messages.caseDetail({
    caseNumber: row.caseNumber,
    status: messages.statusText(row.status),
    categoryName: deps.district.category(row.category).name,
    date: formatShortDateTime(row.createdAt, tz),
    description: row.description,
    areaName: row.area.name,
    locationText: row.locationText,
    events: row.events.map((e) => ({ time: formatShortDateTime(e.createdAt, tz), what: messages.eventText(e.type), by: actorForStaff(e, cadres), note: e.note })),
  });
  const extra = cadreTexts.caseExtra(detail, {
    priorityChar: deps.district.priority(row.priority).char,
    households: row.households,
    residentPhone: viewer ? phoneFor(viewer, row) : null,
    assigneeName: row.assignee?.name ?? null,
  });
  // 我也遇到: one case, several reporters; the cadre sees how many and the households they sum to.
  return row.reporterCount > 1 ? `${extra}\n${meTooTexts.reportersLine(row.reporterCount, row.households)}` : extra;
}
