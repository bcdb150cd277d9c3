import { dashboardTexts as t } from '../../../messages/zh-CN';
import { type Html, html, query } from '../html';

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

export function cardsPage(v: { areas: { code: string; name: string; depth: number; active: number; residents: number }[] }): Html {
  const c = t.cards;
  return html`<h1>${c.heading}</h1>
<p class="hint">${c.hint}</p>
<div class="scroll"><table>
<thead><tr><th>${c.area}</th><th>${c.active}</th><th>${c.residents}</th><th>${c.sheet}</th></tr></thead>
<tbody>
${v.areas.map(
    (a) => html`<tr data-area="${a.code}"><td>${'　'.repeat(a.depth)}${a.name}</td><td>${a.active}</td><td>${a.residents}</td>
<td>${a.active > 0 ? html`<a class="button plain" href="/cards/sheet.png${query({ area: a.code })}" download>${c.download}</a>` : c.none}</td></tr>`,
  )}
</tbody></table></div>`;
}
