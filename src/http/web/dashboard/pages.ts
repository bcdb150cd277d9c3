import { dashboardTexts as t } from '../../../messages/zh-CN';
import { type Html, html } from '../html';

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
