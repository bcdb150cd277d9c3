import { LEDGERS, PRIORITIES, type Ledger } from '../../../domain/ledger';
import type { District } from '../../../domain/district';
import { formatShortDateTime } from '../../../domain/time-format';
import { LEDGER_NAMES } from '../../../export/ledger-export';
import { dashboardTexts as t, messages } from '../../../messages/zh-CN';
import type { AreaFigures, CadreFigures } from '../../../assessment/assess-areas';
import type { Figures } from '../../../assessment/rates';
import { CASE_SORTS, type CaseSort } from '../../../cases/case-queries';
import { type Html, html, query } from '../html';
import { barChart, percent } from './charts';

const STATUSES = ['FILED', 'ASSIGNED', 'ACCEPTED', 'IN_PROGRESS', 'RESOLVED', 'CLOSED', 'REOPENED', 'DUPLICATE'] as const;

export function signInPage(error: string | null, formToken: string): Html {
  return html`<form class="signin" method="post" action="/signin">
<input type="hidden" name="_form" value="${formToken}">
<h1>${t.signIn.heading}</h1>
${error ? html`<p class="flash error" role="alert">${error}</p>` : ''}
<label for="token">${t.signIn.tokenLabel}</label>
<input id="token" name="token" type="password" autocomplete="current-password" required maxlength="200">
<p class="hint">${t.signIn.tokenHint}</p>
<button>${t.signIn.submit}</button>
</form>`;
}

/** A case as one line of the ledger table. */
export type LedgerLine = {
  caseNumber: string;
  ledger: Ledger;
  categoryName: string;
  priority: string;
  priorityChar: string;
  status: string;
  areaName: string;
  locationText: string;
  description: string;
  households: number | null;
  assigneeName: string | null;
  createdAt: Date;
  resolveDueAt: Date;
  overdue: boolean;
};

export type LedgerQuery = {
  ledger?: Ledger;
  status?: string;
  priority?: string;
  area?: string;
  overdue?: boolean;
  q?: string;
  sort: CaseSort;
  dir: 'asc' | 'desc';
  page: number;
};

const clip = (s: string, n: number) => (s.length > n ? `${s.slice(0, n)}…` : s);

export function ledgerPage(v: { district: District; query: LedgerQuery; total: number; pageSize: number; lines: LedgerLine[]; areas: { code: string; name: string; depth: number }[] }): Html {
  const q = v.query;
  const tz = v.district.timeZone;
  const keep = { ledger: q.ledger, status: q.status, priority: q.priority, area: q.area, overdue: q.overdue, q: q.q };
  const pages = Math.max(1, Math.ceil(v.total / v.pageSize));
  const sortLink = (col: CaseSort, label: string) => {
    const dir = q.sort === col && q.dir === 'desc' ? 'asc' : 'desc';
    const mark = q.sort === col ? (q.dir === 'desc' ? ' ↓' : ' ↑') : '';
    return html`<a href="/ledger${query({ ...keep, sort: col, dir })}">${label}${mark}</a>`;
  };
  const c = t.ledger.columns;
  return html`<h1>${q.ledger ? LEDGER_NAMES[q.ledger] : t.ledger.all}</h1>
<div class="tabs">
<a href="/ledger${query({ ...keep, ledger: undefined })}"${q.ledger ? '' : html` aria-current="page"`}>${t.ledger.all}</a>
${LEDGERS.map((l) => html`<a href="/ledger${query({ ...keep, ledger: l })}"${q.ledger === l ? html` aria-current="page"` : ''}>${LEDGER_NAMES[l]}</a>`)}
</div>
<form class="filters" method="get" action="/ledger">
${q.ledger ? html`<input type="hidden" name="ledger" value="${q.ledger}">` : ''}
<input type="search" name="q" value="${q.q ?? ''}" placeholder="${t.ledger.search}" maxlength="100" aria-label="${t.ledger.search}">
<select name="status" aria-label="${t.ledger.anyStatus}"><option value="">${t.ledger.anyStatus}</option>${STATUSES.map((s) => html`<option value="${s}"${q.status === s ? html` selected` : ''}>${messages.statusText(s)}</option>`)}</select>
<select name="priority" aria-label="${t.ledger.anyPriority}"><option value="">${t.ledger.anyPriority}</option>${PRIORITIES.map((p) => html`<option value="${p}"${q.priority === p ? html` selected` : ''}>${v.district.priority(p).char} ${v.district.priority(p).label}</option>`)}</select>
<select name="area" aria-label="${t.ledger.anyArea}"><option value="">${t.ledger.anyArea}</option>${v.areas.map((a) => html`<option value="${a.code}"${q.area === a.code ? html` selected` : ''}>${'　'.repeat(a.depth)}${a.name}</option>`)}</select>
<label><input type="checkbox" name="overdue" value="true"${q.overdue ? html` checked` : ''}> ${t.ledger.overdueOnly}</label>
<button>${t.ledger.filter}</button>
<a class="button plain" href="/ledger">${t.ledger.reset}</a>
</form>
<p>${t.ledger.total(v.total)}</p>
<div class="scroll"><table>
<thead><tr>
<th>${sortLink('caseNumber', c.caseNumber)}</th>
<th>${sortLink('priority', c.priority)}</th>
<th>${c.category}</th>
<th>${c.area}</th>
<th>${c.description}</th>
<th class="hide-narrow">${sortLink('households', c.households)}</th>
<th>${c.assignee}</th>
<th>${c.status}</th>
<th class="hide-narrow">${sortLink('createdAt', c.createdAt)}</th>
<th>${sortLink('resolveDueAt', c.resolveDueAt)}</th>
</tr></thead>
<tbody>
${v.lines.length === 0 ? html`<tr><td colspan="10">${t.ledger.empty}</td></tr>` : ''}
${v.lines.map(
    (l) => html`<tr class="${l.overdue ? 'overdue' : ''}" data-case="${l.caseNumber}">
<td><a href="/cases/${l.caseNumber}">${l.caseNumber}</a></td>
<td><span class="badge ${l.priority}">${l.priorityChar}</span></td>
<td>${l.categoryName}</td>
<td>${l.areaName}</td>
<td class="desc">${clip(l.description, 60)}<br><small>${clip(l.locationText, 30)}</small></td>
<td class="hide-narrow">${l.households ?? ''}</td>
<td>${l.assigneeName ?? ''}</td>
<td>${messages.statusText(l.status)}${l.overdue ? html` <span class="badge overdue">${t.ledger.overdue}</span>` : ''}</td>
<td class="hide-narrow">${formatShortDateTime(l.createdAt, tz)}</td>
<td class="due">${formatShortDateTime(l.resolveDueAt, tz)}</td>
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

export const isCaseSort = (s: unknown): s is CaseSort => (CASE_SORTS as readonly unknown[]).includes(s);

export type CaseDetailView = LedgerLine & {
  ledgerName: string;
  priorityLabel: string;
  phone: string | null;
  /** 我也遇到: the filer and those who joined. */
  reporterCount: number;
  acceptDueAt: Date;
  resolvedAt: Date | null;
  /** `by`: who acted (a cadre by area and name, 群众, 系统). */
  timeline: { at: Date; what: string; by: string; note: string | null }[];
  can: { accept: boolean; progress: boolean; resolve: boolean; transfer: boolean };
  transferTargets: { value: string; label: string }[];
};

export function casePage(v: CaseDetailView, tz: string, formToken: string): Html {
  const f = t.caseDetail.fields;
  const when = (d: Date | null) => (d ? formatShortDateTime(d, tz) : t.caseDetail.none);
  const action = (name: 'accept' | 'progress' | 'resolve', label: string, note: boolean) =>
    html`<form method="post" action="/cases/${v.caseNumber}/${name}">
<input type="hidden" name="_form" value="${formToken}">
${note ? html`<textarea name="note" rows="2" maxlength="500" required placeholder="${t.caseDetail.notePlaceholder}" aria-label="${label}"></textarea>` : ''}
<button name="action" value="${name}">${label}</button>
</form>`;
  const any = v.can.accept || v.can.progress || v.can.resolve || v.can.transfer;
  return html`<p><a href="/ledger">← ${t.caseDetail.back}</a></p>
<h1>${v.caseNumber} <span class="badge ${v.priority}">${v.priorityChar}</span>${v.overdue ? html` <span class="badge overdue">${t.ledger.overdue}</span>` : ''}</h1>
<div class="description">${v.description}</div>
<h2>${v.categoryName}</h2>
<dl class="fields">
<dt>${f.ledger}</dt><dd>${v.ledgerName}</dd>
<dt>${f.priority}</dt><dd>${v.priorityChar} ${v.priorityLabel}</dd>
<dt>${f.status}</dt><dd>${messages.statusText(v.status)}</dd>
<dt>${f.area}</dt><dd>${v.areaName}</dd>
<dt>${f.location}</dt><dd>${v.locationText}</dd>
<dt>${f.households}</dt><dd>${v.households ?? t.caseDetail.none}</dd>
<dt>${f.reporters}</dt><dd data-reporters>${t.caseDetail.reporters(v.reporterCount)}</dd>
<dt>${f.phone}</dt><dd>${v.phone ?? t.caseDetail.none}</dd>
<dt>${f.assignee}</dt><dd>${v.assigneeName ?? t.caseDetail.none}</dd>
<dt>${f.createdAt}</dt><dd>${when(v.createdAt)}</dd>
<dt>${f.acceptDueAt}</dt><dd>${when(v.acceptDueAt)}</dd>
<dt>${f.resolveDueAt}</dt><dd>${when(v.resolveDueAt)}</dd>
<dt>${f.resolvedAt}</dt><dd>${when(v.resolvedAt)}</dd>
</dl>
<h2>${t.caseDetail.actions}</h2>
${any
    ? html`<div class="actions">
${v.can.accept ? action('accept', t.caseDetail.accept, false) : ''}
${v.can.progress ? action('progress', t.caseDetail.progress, true) : ''}
${v.can.resolve ? action('resolve', t.caseDetail.resolve, true) : ''}
${v.can.transfer
        ? html`<form method="post" action="/cases/${v.caseNumber}/transfer">
<input type="hidden" name="_form" value="${formToken}">
<label>${t.caseDetail.targetLabel} <select name="target" required>${v.transferTargets.map((o) => html`<option value="${o.value}">${o.label}</option>`)}</select></label>
<input name="reason" maxlength="200" required placeholder="${t.caseDetail.reasonPlaceholder}" aria-label="${t.caseDetail.reasonPlaceholder}">
<button name="action" value="transfer">${t.caseDetail.transfer}</button>
</form>`
        : ''}
</div>`
    : html`<p>${t.caseDetail.noActions}</p>`}
<h2>${t.caseDetail.timeline}</h2>
<ol class="timeline">
${v.timeline.map((e) => html`<li><time>${formatShortDateTime(e.at, tz)}</time><strong>${e.what}</strong><span class="by" data-by>（${e.by}）</span>${e.note ? html`：${e.note}` : ''}</li>`)}
</ol>`;
}

const COLORS = { filed: '#90a4ae', resolved: '#2e7d32', overdue: '#c62828', rate: '#b71c1c' };

export function assessmentPage(v: { from: string; to: string; figures: Figures; areas: AreaFigures[]; cadres: CadreFigures[]; report: string; error: string | null }): Html {
  const a = t.assessment;
  const f = v.figures;
  const counts = [
    { series: { name: a.chartFiled, color: COLORS.filed }, pick: (x: Figures) => x.filed },
    { series: { name: a.chartResolved, color: COLORS.resolved }, pick: (x: Figures) => x.resolved },
    { series: { name: a.chartOverdue, color: COLORS.overdue }, pick: (x: Figures) => x.overdue },
  ];
  return html`<h1>${a.heading}</h1>
${v.error ? html`<p class="flash error" role="alert">${v.error}</p>` : ''}
<form class="filters" method="get" action="/assessment">
<label>${a.from} <input type="date" name="from" value="${v.from}" required></label>
<label>${a.to} <input type="date" name="to" value="${v.to}" required></label>
<button>${a.show}</button>
</form>
<div class="rates">
${(['responseRate', 'resolutionRate', 'satisfactionRate'] as const).map((k) => html`<div class="rate" data-rate="${k}">${a.rates[k]}<strong>${f[k] === null ? a.noData : percent(f[k])}</strong></div>`)}
<div class="rate">${a.counts.filed} / ${a.counts.resolved} / ${a.counts.overdue}<strong>${f.filed} / ${f.resolved} / ${f.overdue}</strong></div>
<div class="rate">${a.counts.households}<strong>${f.households}</strong></div>
</div>
<h2>${a.report}</h2>
<div class="description" data-report>${v.report}</div>
<h2>${a.rates.responseRate} · ${a.rates.resolutionRate} · ${a.rates.satisfactionRate}</h2>
${barChart({
    title: `${a.byArea}（%）`,
    series: [
      { name: a.rates.responseRate, color: '#1565c0' },
      { name: a.rates.resolutionRate, color: '#2e7d32' },
      { name: a.rates.satisfactionRate, color: '#ef6c00' },
    ],
    rows: v.areas.map((x) => ({ label: `${'　'.repeat(x.depth)}${x.name}`, values: [x.figures.responseRate, x.figures.resolutionRate, x.figures.satisfactionRate].map((r) => (r === null ? null : r * 100)) })),
    max: 100,
    format: (n) => `${Math.round(n)}%`,
  })}
<h2>${a.byArea}</h2>
${barChart({ title: a.byArea, series: counts.map((c) => c.series), rows: v.areas.map((x) => ({ label: `${'　'.repeat(x.depth)}${x.name}`, values: counts.map((c) => c.pick(x.figures)) })) })}
<h2>${a.byCadre}</h2>
${barChart({ title: a.byCadre, series: counts.map((c) => c.series), rows: v.cadres.map((x) => ({ label: `${x.name}（${x.areaName}）`, values: counts.map((c) => c.pick(x.figures)) })) })}
<h2>${a.byLedger}</h2>
${barChart({ title: a.byLedger, series: [counts[0]!.series], rows: LEDGERS.map((l) => ({ label: LEDGER_NAMES[l], values: [f.byLedger[l]] })) })}
<div class="exports">
<a class="button plain" href="/ledger/export.xlsx${query({ from: v.from, to: v.to })}" download>${t.ledger.exportXlsx}</a>
<a class="button plain" href="/ledger/export.csv${query({ from: v.from, to: v.to })}" download>${t.ledger.exportCsv}</a>
</div>`;
}
