import { LEDGER_NAMES, LEDGERS, PRIORITIES, type Ledger } from '../../../domain/ledger';
import type { District } from '../../../domain/district';
import { dashboardTexts as t, deskViewTexts as d, messages } from '../../../messages/zh-CN';
import type { CaseSort } from '../../../cases/case-queries';
import { LEDGER_VIEWS, type LedgerView } from '../../../cases/ledger-counters';
import { type Html, html, query } from '../html';
import { deadline } from './deadline';
import { formatDayTime } from '../../../domain/time';
import { CASE_STATUSES } from '../../../domain/case-status';

export const LEDGER_STATUSES = ['OPEN', ...CASE_STATUSES] as const;

/** A case as one line of the ledger. */
export type LedgerLine = {
  caseNumber: string;
  ledger: Ledger;
  categoryName: string;
  priority: string;
  priorityChar: string;
  status: string;
  areaName: string;
  locationText: string;
  /** Without greetings (withoutGreeting); the case page shows it in full. */
  summary: string;
  households: number | null;
  reporterCount: number;
  assigneeName: string | null;
  createdAt: Date;
  /** When the clocks started: filing, or the last reopening. */
  clockStart: Date;
  acceptDueAt: Date;
  acceptedAt: Date | null;
  resolveDueAt: Date;
  resolvedAt: Date | null;
  open: boolean;
  overdue: boolean;
};

export type LedgerQuery = {
  ledger?: Ledger;
  status?: string;
  priority?: string;
  area?: string;
  overdue?: boolean;
  view?: LedgerView;
  q?: string;
  sort: CaseSort;
  dir: 'asc' | 'desc';
  page: number;
};

const clip = (s: string, n: number) => (s.length > n ? `${s.slice(0, n)}…` : s);

/** Both deadlines of a line with their countdowns; a finished case's are shown as met. */
export function deadlines(l: LedgerLine, now: Date, tz: string): Html {
  const waiting = l.open && l.acceptedAt === null;
  return html`${deadline({ label: d.acceptDue, kind: 'accept', due: l.acceptDueAt, start: l.clockStart, now, tz, metAt: waiting ? null : (l.acceptedAt ?? l.resolvedAt ?? l.createdAt) })}
${deadline({ label: d.resolveDue, kind: 'resolve', due: l.resolveDueAt, start: l.clockStart, now, tz, metAt: l.open ? null : (l.resolvedAt ?? l.createdAt) })}`;
}

export function ledgerPage(v: {
  district: District;
  query: LedgerQuery;
  total: number;
  pageSize: number;
  lines: LedgerLine[];
  areas: { code: string; name: string; depth: number }[];
  counters: Record<LedgerView, number>;
  now: Date;
}): Html {
  const q = v.query;
  const tz = v.district.timeZone;
  const keep = { ledger: q.ledger, status: q.status, priority: q.priority, area: q.area, overdue: q.overdue, view: q.view, q: q.q };
  const pages = Math.max(1, Math.ceil(v.total / v.pageSize));
  const sortLink = (col: CaseSort, label: string) => {
    const dir = q.sort === col ? (q.dir === 'desc' ? 'asc' : 'desc') : col === 'due' ? 'asc' : 'desc';
    const mark = q.sort === col ? (q.dir === 'desc' ? ' ↓' : ' ↑') : '';
    return html`<a href="/ledger${query({ ...keep, sort: col, dir })}">${label}${mark}</a>`;
  };
  const c = t.ledger.columns;
  return html`<h1>${q.ledger ? LEDGER_NAMES[q.ledger] : t.ledger.all}</h1>
<nav class="counters" aria-label="${d.counterHint}">
${LEDGER_VIEWS.map(
    (k) => html`<a class="counter ${k}${v.counters[k] > 0 ? ' some' : ''}" data-counter="${k}" href="/ledger${query({ ledger: q.ledger, area: q.area, view: q.view === k ? undefined : k })}"${q.view === k ? html` aria-current="true"` : ''}><strong>${v.counters[k]}</strong><span>${d.counters[k]}</span></a>`,
  )}
</nav>
<div class="tabs">
<a href="/ledger${query({ ...keep, ledger: undefined })}"${q.ledger ? '' : html` aria-current="page"`}>${t.ledger.all}</a>
${LEDGERS.map((l) => html`<a href="/ledger${query({ ...keep, ledger: l })}"${q.ledger === l ? html` aria-current="page"` : ''}>${LEDGER_NAMES[l]}</a>`)}
</div>
<form class="filters" method="get" action="/ledger">
${q.ledger ? html`<input type="hidden" name="ledger" value="${q.ledger}">` : ''}
${q.view ? html`<input type="hidden" name="view" value="${q.view}">` : ''}
<input type="search" name="q" value="${q.q ?? ''}" placeholder="${t.ledger.search}" maxlength="100" aria-label="${t.ledger.search}">
<select name="status" aria-label="${t.ledger.anyStatus}"><option value="">${t.ledger.anyStatus}</option>${LEDGER_STATUSES.map((s) => html`<option value="${s}"${q.status === s ? html` selected` : ''}>${s === 'OPEN' ? d.open : messages.statusText(s)}</option>`)}</select>
<select name="priority" aria-label="${t.ledger.anyPriority}"><option value="">${t.ledger.anyPriority}</option>${PRIORITIES.map((p) => html`<option value="${p}"${q.priority === p ? html` selected` : ''}>${v.district.priority(p).label}</option>`)}</select>
<select name="area" aria-label="${t.ledger.anyArea}"><option value="">${t.ledger.anyArea}</option>${v.areas.map((a) => html`<option value="${a.code}"${q.area === a.code ? html` selected` : ''}>${'　'.repeat(a.depth)}${a.name}</option>`)}</select>
<label><input type="checkbox" name="overdue" value="true"${q.overdue ? html` checked` : ''}> ${t.ledger.overdueOnly}</label>
<button>${t.ledger.filter}</button>
<a class="button plain" href="/ledger">${t.ledger.reset}</a>
</form>
<p>${t.ledger.total(v.total)}${q.view ? html` · ${d.viewing(d.counters[q.view])} · <a href="/ledger${query({ ...keep, view: undefined })}">${d.clearView}</a>` : ''}</p>
<div class="ledger-box"><table class="ledger">
<thead><tr>
<th>${sortLink('caseNumber', c.caseNumber)}</th>
<th>${sortLink('priority', c.priority)}</th>
<th>${c.category}</th>
<th>${c.area}</th>
<th>${c.description}</th>
<th>${sortLink('households', d.columns.people)}</th>
<th>${c.assignee}</th>
<th>${c.status}</th>
<th>${sortLink('createdAt', c.createdAt)}</th>
<th>${sortLink('due', d.columns.deadlines)}</th>
</tr></thead>
<tbody>
${v.lines.length === 0 ? html`<tr><td colspan="10">${t.ledger.empty}</td></tr>` : ''}
${v.lines.map(
    (l) => html`<tr class="${l.overdue ? 'overdue' : ''}" data-case="${l.caseNumber}">
<td class="no"><a href="/cases/${l.caseNumber}">${l.caseNumber}</a></td>
<td class="pri"><span class="badge ${l.priority}">${l.priorityChar}</span></td>
<td class="cat">${l.categoryName}</td>
<td class="area">${l.areaName}</td>
<td class="desc">${clip(l.summary, 60)}<br><small>${clip(l.locationText, 30)}</small></td>
<td class="people" data-people>${d.people(l.reporterCount, l.households)}</td>
<td class="who">${l.assigneeName ?? ''}</td>
<td class="st">${messages.statusText(l.status)}${l.overdue ? html` <span class="badge overdue">${t.ledger.overdue}</span>` : ''}</td>
<td class="filed">${formatDayTime(l.createdAt, tz)}</td>
<td class="due">${deadlines(l, v.now, tz)}</td>
</tr>`,
  )}
</tbody></table></div>
<div class="pager">
${q.page > 1 ? html`<a href="/ledger${query({ ...keep, sort: q.sort, dir: q.dir, page: q.page - 1 })}">${t.ledger.prev}</a>` : ''}
<span>${t.ledger.page(q.page, pages)}</span>
${q.page < pages ? html`<a href="/ledger${query({ ...keep, sort: q.sort, dir: q.dir, page: q.page + 1 })}">${t.ledger.next}</a>` : ''}
</div>
<div class="exports">
<a class="button plain" href="/ledger/export.xlsx${query({ area: q.area })}" download>${t.ledger.exportXlsx}</a>
<a class="button plain" href="/ledger/export.csv${query({ area: q.area })}" download>${t.ledger.exportCsv}</a>
</div>`;
}


