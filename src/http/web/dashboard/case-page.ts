import { formatDayTime, formatShortDateTime } from '../../../domain/time';
import { dashboardTexts as t, deskViewTexts as d, messages } from '../../../messages/zh-CN';
import { type Html, html } from '../html';
import { deadline } from './deadline';

export type DeskAction = 'accept' | 'progress' | 'resolve' | 'transfer';

export type CaseDetailView = {
  caseNumber: string;
  ledgerName: string;
  categoryName: string;
  priority: string;
  priorityChar: string;
  priorityLabel: string;
  status: string;
  open: boolean;
  overdue: boolean;
  areaName: string;
  locationText: string;
  /** In full, as the resident wrote it. */
  description: string;
  households: number | null;
  /** 我也遇到: the filer and those who joined. */
  reporterCount: number;
  /** The resident's phone: in full (and callable) for the assignee only, masked for everyone else. */
  phone: { text: string; callable: boolean } | null;
  assignee: { name: string; phone: string | null } | null;
  createdAt: Date;
  clockStart: Date;
  acceptDueAt: Date;
  acceptedAt: Date | null;
  resolveDueAt: Date;
  resolvedAt: Date | null;
  photos: { id: number }[];
  /** `by`: who acted (a cadre by area and name, 群众, 系统). */
  timeline: { at: Date; what: string; by: string; note: string | null }[];
  can: Record<DeskAction, boolean>;
  /** Cadres grouped by their area (never the viewer), then the villages and communities. */
  transferGroups: { label: string; options: { value: string; label: string }[] }[];
};

/** The one action the case is waiting for in its status: accepting it, else resolving it. */
export function primaryAction(status: string): DeskAction | null {
  if (status === 'ASSIGNED') return 'accept';
  if (status === 'ACCEPTED' || status === 'IN_PROGRESS') return 'resolve';
  return null;
}

const telHref = (phone: string) => `tel:${phone.replace(/[^\d+]/g, '')}`;

export function casePage(v: CaseDetailView, tz: string, formToken: string, now: Date): Html {
  const f = t.caseDetail.fields;
  const primary = primaryAction(v.status);
  const cls = (name: DeskAction) => (name === primary ? 'primary' : 'secondary');
  const action = (name: 'accept' | 'progress' | 'resolve', label: string, note: boolean) =>
    html`<form method="post" action="/cases/${v.caseNumber}/${name}" class="${cls(name)}" data-action="${name}">
<input type="hidden" name="_form" value="${formToken}">
${note ? html`<textarea name="note" rows="2" maxlength="500" required placeholder="${t.caseDetail.notePlaceholder}" aria-label="${label}"></textarea>` : ''}
<button name="action" value="${name}" class="${cls(name)}">${label}</button>
</form>`;
  const any = v.can.accept || v.can.progress || v.can.resolve || v.can.transfer;
  const waiting = v.open && v.acceptedAt === null;
  const order: DeskAction[] = primary ? [primary, ...(['accept', 'progress', 'resolve', 'transfer'] as const).filter((a) => a !== primary)] : ['accept', 'progress', 'resolve', 'transfer'];
  const forms = order.filter((a) => v.can[a]).map((a) =>
    a === 'transfer'
      ? html`<form method="post" action="/cases/${v.caseNumber}/transfer" class="secondary" data-action="transfer">
<input type="hidden" name="_form" value="${formToken}">
<label>${t.caseDetail.targetLabel} <select name="target" required>
<option value="" selected disabled>${d.chooseTarget}</option>
${v.transferGroups.map((g) => html`<optgroup label="${g.label}">${g.options.map((o) => html`<option value="${o.value}">${o.label}</option>`)}</optgroup>`)}
</select></label>
<input name="reason" maxlength="200" required placeholder="${t.caseDetail.reasonPlaceholder}" aria-label="${t.caseDetail.reasonPlaceholder}">
<button name="action" value="transfer" class="secondary">${t.caseDetail.transfer}</button>
</form>`
      : action(a, t.caseDetail[a], a !== 'accept'),
  );
  return html`<p><a href="/ledger">← ${t.caseDetail.back}</a></p>
<h1 class="case-title"><span class="no">${v.caseNumber}</span> <span class="badge ${v.priority}" title="${v.priorityLabel}">${v.priorityChar}</span> <span class="status">${messages.statusText(v.status)}</span>${v.overdue ? html` <span class="badge overdue">${t.ledger.overdue}</span>` : ''}</h1>
<div class="case-grid">
<section class="facts" aria-label="${d.facts}">
<div class="clocks">
${deadline({ label: f.acceptDueAt, kind: 'accept', due: v.acceptDueAt, start: v.clockStart, now, tz, metAt: waiting ? null : (v.acceptedAt ?? v.resolvedAt ?? v.createdAt) })}
${deadline({ label: f.resolveDueAt, kind: 'resolve', due: v.resolveDueAt, start: v.clockStart, now, tz, metAt: v.open ? null : (v.resolvedAt ?? v.createdAt) })}
</div>
<div class="description">${v.description}</div>
${v.photos.length
    ? html`<div class="photos" aria-label="${d.photos}">${v.photos.map((p, i) => html`<a href="/cases/${v.caseNumber}/photos/${p.id}"><img src="/cases/${v.caseNumber}/photos/${p.id}" alt="${d.photoAlt(i + 1)}" loading="lazy" width="96" height="96"></a>`)}</div>`
    : ''}
<dl class="fields">
<dt>${f.category}</dt><dd>${v.categoryName}</dd>
<dt>${f.ledger}</dt><dd>${v.ledgerName}</dd>
<dt>${f.priority}</dt><dd>${v.priorityLabel}</dd>
<dt>${f.area}</dt><dd>${v.areaName}</dd>
<dt>${f.location}</dt><dd>${v.locationText}</dd>
<dt>${f.households}</dt><dd>${v.households ?? t.caseDetail.none}</dd>
<dt>${f.reporters}</dt><dd data-reporters>${t.caseDetail.reporters(v.reporterCount)}</dd>
<dt>${f.phone}</dt><dd data-phone>${v.phone ? (v.phone.callable ? html`<a class="tel" href="${telHref(v.phone.text)}">${v.phone.text}</a>` : v.phone.text) : t.caseDetail.none}</dd>
<dt>${f.assignee}</dt><dd data-assignee>${v.assignee ? html`${v.assignee.name}${v.assignee.phone ? html` <a class="tel" href="${telHref(v.assignee.phone)}" aria-label="${d.call(v.assignee.name)}">${v.assignee.phone}</a>` : ''}` : t.caseDetail.none}</dd>
<dt>${f.createdAt}</dt><dd>${formatDayTime(v.createdAt, tz)}</dd>
<dt>${f.resolvedAt}</dt><dd>${v.resolvedAt ? formatDayTime(v.resolvedAt, tz) : t.caseDetail.none}</dd>
</dl>
<h2>${t.caseDetail.actions}</h2>
${any ? html`<div class="actions">${forms}</div>` : html`<p>${t.caseDetail.noActions}</p>`}
</section>
<section class="history">
<h2>${t.caseDetail.timeline}</h2>
<ol class="timeline">
${v.timeline.map((e) => html`<li><time>${formatShortDateTime(e.at, tz)}</time><strong>${e.what}</strong><span class="by" data-by>（${e.by}）</span>${e.note ? html`：${e.note}` : ''}</li>`)}
</ol>
</section>
</div>`;
}
