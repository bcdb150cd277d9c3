import { formatShortDateTime } from '../../../domain/time';
import { cardDeskTexts as c } from '../../../messages/zh-CN';
import { type Html, html, query } from '../html';

export type CardAreaRow = { code: string; name: string; depth: number; active: number; residents: number };

/** The villages and communities the viewer may manage, with their cards and the PDF to print. */
export function cardsOverviewPage(v: { areas: CardAreaRow[] }): Html {
  return html`<h1>${c.heading}</h1>
<p class="hint">${c.hint}</p>
<div class="scroll"><table>
<thead><tr><th>${c.area}</th><th>${c.active}</th><th>${c.residents}</th><th></th></tr></thead>
<tbody>
${v.areas.map(
    (a) => html`<tr data-area="${a.code}"><td>${'　'.repeat(a.depth)}<a href="/cards${query({ area: a.code })}">${a.name}</a></td><td>${a.active}</td><td>${a.residents}</td>
<td><a class="button plain" href="/cards${query({ area: a.code })}">${c.manage}</a>
${a.active > 0 ? html` <a class="button plain" href="/cards/sheet.pdf${query({ area: a.code })}" download>${c.downloadPdf}</a>` : c.none}</td></tr>`,
  )}
</tbody></table></div>`;
}

export type CardLine = { code: string; cadreName: string; createdAt: Date; revokedAt: Date | null; residents: number };

/** One area: make cards for one of its cadres, the cards with a revoke button each, the PDF. */
export function cardsAreaPage(v: {
  area: { code: string; name: string };
  cadres: { code: string; name: string }[];
  cards: CardLine[];
  formToken: string;
  timeZone: string;
}): Html {
  const active = v.cards.filter((x) => !x.revokedAt).length;
  return html`<p><a href="/cards">← ${c.back}</a></p>
<h1>${c.areaHeading(v.area.name)}</h1>
${active > 0 ? html`<p><a class="button" data-pdf href="/cards/sheet.pdf${query({ area: v.area.code })}" download>${c.downloadPdf}</a></p>` : html`<p class="hint">${c.noCards}</p>`}
<h2>${c.createHeading}</h2>
${v.cadres.length === 0
    ? html`<p class="hint">${c.noCadres}</p>`
    : html`<form class="filters" method="post" action="/cards/create">
<input type="hidden" name="_form" value="${v.formToken}">
<input type="hidden" name="area" value="${v.area.code}">
<label>${c.cadre} <select name="cadre" required>${v.cadres.map((x) => html`<option value="${x.code}">${x.name}</option>`)}</select></label>
<label>${c.count} <input name="count" type="number" min="1" max="100" value="10" required inputmode="numeric"></label>
<button>${c.create}</button>
</form>`}
<h2>${c.heading}</h2>
<p class="hint">${c.revokeHint}</p>
<div class="scroll"><table>
<thead><tr><th>${c.code}</th><th>${c.cadre}</th><th>${c.createdAt}</th><th>${c.status}</th><th>${c.residents}</th><th></th></tr></thead>
<tbody>
${v.cards.map(
    (x) => html`<tr data-card="${x.code}"><td><code>${x.code}</code></td><td>${x.cadreName}</td><td>${formatShortDateTime(x.createdAt, v.timeZone)}</td>
<td>${x.revokedAt ? c.statusRevoked : c.statusActive}</td><td>${x.residents}</td>
<td>${x.revokedAt
      ? ''
      : html`<form method="post" action="/cards/revoke"><input type="hidden" name="_form" value="${v.formToken}"><input type="hidden" name="code" value="${x.code}"><button class="plain">${c.revoke}</button></form>`}</td></tr>`,
  )}
</tbody></table></div>`;
}
