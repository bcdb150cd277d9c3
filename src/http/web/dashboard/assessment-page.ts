import { LEDGER_NAMES, LEDGERS } from '../../../domain/ledger';
import { dashboardTexts as t, deskViewTexts as dv } from '../../../messages/zh-CN';
import type { AreaFigures, CadreFigures } from '../../../assessment/assess-areas';
import type { Figures } from '../../../assessment/counts';
import type { WeekFigures } from '../../../assessment/weekly-trend';
import { type Html, html, query } from '../html';
import { barChart, percent, trendChart } from './charts';

const COLORS = { filed: '#78909c', resolved: '#2e7d32', overdue: '#c62828' };

export type OverdueLine = { caseNumber: string; areaName: string; categoryName: string; assigneeName: string | null; late: string; priority: string; priorityChar: string };

export type AssessmentView = {
  from: string;
  to: string;
  figures: Figures;
  areas: AreaFigures[];
  cadres: CadreFigures[];
  weeks: WeekFigures[];
  overdue: OverdueLine[];
  report: string;
  error: string | null;
};

/** The three rates, each with the counts it divides, and 暂无 when nothing was due. */
function rates(f: Figures): Html {
  const a = t.assessment;
  const parts = [
    { key: 'responseRate', num: f.acceptedInTime, den: f.assigned, note: dv.assessment.responseNote },
    { key: 'resolutionRate', num: f.resolvedOfDue, den: f.due, note: dv.assessment.resolutionNote },
    { key: 'satisfactionRate', num: f.satisfied + f.partly, den: f.answered, note: dv.assessment.satisfactionNote, none: dv.assessment.noAnswers },
  ] as const;
  return html`${parts.map(
    (p) => html`<div class="rate" data-rate="${p.key}">${a.rates[p.key]}<strong>${f[p.key] === null ? a.noData : percent(f[p.key])}</strong>
<span class="count" data-count>${f[p.key] === null ? ('none' in p ? p.none : dv.assessment.nothingDue) : dv.assessment.rateOf(p.num, p.den)}</span><small>${p.note}</small></div>`,
  )}`;
}

type Ranked = { name: string; overdue: number; satisfaction: number | null; answered: number };

function ranking(title: string, rows: Ranked[], by: 'overdue' | 'satisfaction', kind: string): Html {
  const list =
    by === 'overdue'
      ? rows.filter((r) => r.overdue > 0).sort((x, y) => y.overdue - x.overdue || x.name.localeCompare(y.name, 'zh-CN'))
      : rows.filter((r) => r.satisfaction !== null).sort((x, y) => y.satisfaction! - x.satisfaction! || y.answered - x.answered);
  return html`<div class="rank" data-rank="${kind}-${by}"><h3>${title}</h3>
${list.length === 0 ? html`<p class="hint">${dv.assessment.noRows}</p>` : html`<ol>${list.slice(0, 5).map((r) => html`<li><span>${r.name}</span><b>${by === 'overdue' ? r.overdue : `${percent(r.satisfaction)}（${r.answered}）`}</b></li>`)}</ol>`}</div>`;
}

export function assessmentPage(v: AssessmentView): Html {
  const a = t.assessment;
  const d = dv.assessment;
  const f = v.figures;
  const series = [
    { name: a.chartFiled, color: COLORS.filed },
    { name: a.chartResolved, color: COLORS.resolved },
    { name: a.chartOverdue, color: COLORS.overdue },
  ];
  const pick = (x: Figures) => [x.filed, x.resolved, x.overdue];
  const hasChildren = new Set(v.areas.map((x) => x.parentId));
  const minDepth = Math.min(...v.areas.map((x) => x.depth));
  const areaRows = v.areas.map((x) => {
    const rollUp = hasChildren.has(x.areaId);
    return { label: rollUp ? `${x.name}（${d.rollUp}）` : x.name, depth: x.depth - minDepth, rollUp, values: pick(x.figures) };
  });
  // Rankings: villages and communities (the areas with no areas below), and every cadre with cases.
  const leaves: Ranked[] = v.areas.filter((x) => !hasChildren.has(x.areaId)).map((x) => ({ name: x.name, overdue: x.figures.overdue, satisfaction: x.figures.satisfactionRate, answered: x.figures.answered }));
  const people: Ranked[] = v.cadres.map((x) => ({ name: `${x.name}（${x.areaName}）`, overdue: x.figures.overdue, satisfaction: x.figures.satisfactionRate, answered: x.figures.answered }));
  return html`<h1>${a.heading}</h1>
${v.error ? html`<p class="flash error" role="alert">${v.error}</p>` : ''}
<form class="filters" method="get" action="/assessment">
<label>${a.from} <input type="text" name="from" value="${v.from}" required inputmode="numeric" pattern="\\d{4}-\\d{2}-\\d{2}" placeholder="YYYY-MM-DD" size="10" maxlength="10" title="${d.dateHint}"></label>
<label>${a.to} <input type="text" name="to" value="${v.to}" required inputmode="numeric" pattern="\\d{4}-\\d{2}-\\d{2}" placeholder="YYYY-MM-DD" size="10" maxlength="10" title="${d.dateHint}"></label>
<button>${a.show}</button>
</form>
<p class="period" data-period>${a.reportTitle(v.from, v.to)}</p>
<div class="rates">
${rates(f)}
<div class="rate" data-rate="counts">${a.counts.filed} / ${a.counts.resolved} / ${a.counts.overdue}<strong>${f.filed} / ${f.resolved} / ${f.overdue}</strong></div>
<div class="rate" data-rate="households">${a.counts.households}<strong>${f.households}</strong></div>
</div>
<div class="chart-grid">
<section class="card"><h2>${d.trend}</h2>
${trendChart({ title: d.trend, series, weeks: v.weeks.map((w) => ({ label: w.monday, values: [w.filed, w.resolved, w.overdue] })), empty: d.noRows })}</section>
<section class="card"><h2>${d.tree}</h2>
${barChart({ title: d.tree, series, rows: areaRows, empty: d.noRows })}</section>
<section class="card"><h2>${a.rates.responseRate} · ${a.rates.resolutionRate} · ${a.rates.satisfactionRate}</h2>
${barChart({
    title: `${a.byArea}（%）`,
    series: [
      { name: a.rates.responseRate, color: '#1565c0' },
      { name: a.rates.resolutionRate, color: '#2e7d32' },
      { name: a.rates.satisfactionRate, color: '#ef6c00' },
    ],
    rows: v.areas.map((x) => ({ label: x.name, depth: x.depth - minDepth, rollUp: hasChildren.has(x.areaId), values: [x.figures.responseRate, x.figures.resolutionRate, x.figures.satisfactionRate].map((r) => (r === null ? null : r * 100)) })),
    max: 100,
    format: (n) => `${Math.round(n)}%`,
    empty: d.noRows,
  })}</section>
<section class="card"><h2>${a.byCadre}</h2>
${barChart({ title: a.byCadre, series, rows: v.cadres.filter((x) => x.figures.filed + x.figures.resolved + x.figures.overdue > 0).map((x) => ({ label: `${x.name}（${x.areaName}）`, values: pick(x.figures) })), empty: d.noRows })}</section>
<section class="card"><h2>${a.byLedger}</h2>
${barChart({ title: a.byLedger, series: [series[0]!], rows: LEDGERS.map((l) => ({ label: LEDGER_NAMES[l], values: [f.byLedger[l]] })) })}</section>
</div>
<h2>${d.rankings}</h2>
<div class="ranks">
${ranking(d.areasByOverdue, leaves, 'overdue', 'areas')}
${ranking(d.areasBySatisfaction, leaves, 'satisfaction', 'areas')}
${ranking(d.cadresByOverdue, people, 'overdue', 'cadres')}
${ranking(d.cadresBySatisfaction, people, 'satisfaction', 'cadres')}
</div>
<h2>${d.overdueCases}</h2>
${v.overdue.length === 0
    ? html`<p class="hint" data-overdue-list>${d.noOverdue}</p>`
    : html`<ul class="overdue-list" data-overdue-list>${v.overdue.map((o) => html`<li><a href="/cases/${o.caseNumber}">${o.caseNumber}</a> <span class="badge ${o.priority}">${o.priorityChar}</span> ${o.areaName} · ${o.categoryName} · ${o.assigneeName ?? ''} <b>${o.late}</b></li>`)}</ul>`}
<h2>${a.report}</h2>
<div class="report" data-report>${v.report}</div>
<div class="exports">
<a class="button plain" href="/ledger/export.xlsx${query({ from: v.from, to: v.to })}" download>${t.ledger.exportXlsx}</a>
<a class="button plain" href="/ledger/export.csv${query({ from: v.from, to: v.to })}" download>${t.ledger.exportCsv}</a>
</div>`;
}
