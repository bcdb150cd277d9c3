import { dashboardTexts as t } from '../../../messages/zh-CN';
import { type Html, html } from '../html';
import { deskViewCss } from './desk-view-css';

export type Nav = 'ledger' | 'assessment' | 'cards' | null;

/**
 * Every dashboard page: no script at all (the CSP allows none inline, and none is needed: links,
 * GET forms for filters, POST forms for actions), one stylesheet, a viewport that fits a phone.
 */
export function page(opts: { title: string; nav: Nav; signedInAs?: string; formToken?: string; flash?: { kind: 'ok' | 'error'; text: string } | null }, body: Html): string {
  return html`<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${opts.title} · ${t.title}</title>
<link rel="stylesheet" href="/assets/desk.css">
<link rel="icon" href="data:,">
</head>
<body>
<header>
<a class="brand" href="/ledger">${t.title}</a>
${opts.nav !== null && opts.signedInAs
    ? html`<nav>
<a href="/ledger"${opts.nav === 'ledger' ? html` aria-current="page"` : ''}>${t.nav.ledger}</a>
<a href="/assessment"${opts.nav === 'assessment' ? html` aria-current="page"` : ''}>${t.nav.assessment}</a>
<a href="/cards"${opts.nav === 'cards' ? html` aria-current="page"` : ''}>${t.nav.cards}</a>
<span class="who">${opts.signedInAs}</span>
<form method="post" action="/signout"><input type="hidden" name="_form" value="${opts.formToken ?? ''}"><button>${t.nav.signOut}</button></form>
</nav>`
    : ''}
</header>
<main>
${opts.flash ? html`<p class="flash ${opts.flash.kind}" role="status">${opts.flash.text}</p>` : ''}
${body}
</main>
</body>
</html>`.value;
}

export const deskCss = `*{box-sizing:border-box}
body{margin:0;font:15px/1.5 system-ui,-apple-system,"PingFang SC","Microsoft YaHei",sans-serif;color:#222;background:#f5f5f5}
header{display:flex;flex-wrap:wrap;align-items:center;gap:.5em 1em;background:#b71c1c;color:#fff;padding:.5em 1em}
header a{color:#fff;text-decoration:none}.brand{font-weight:bold;margin-right:auto}
nav{display:flex;flex-wrap:wrap;align-items:center;gap:.5em 1em}nav a[aria-current]{text-decoration:underline}
nav form{display:inline}nav button{background:none;border:1px solid #fff;color:#fff;border-radius:4px;padding:.1em .6em;cursor:pointer}
.who{opacity:.85}
main{padding:1em;max-width:1200px;margin:0 auto}
h1{font-size:1.3em;margin:.3em 0 .6em}h2{font-size:1.1em;margin:1.2em 0 .5em}
.tabs{display:flex;flex-wrap:wrap;gap:.3em;margin-bottom:.8em}
.tabs a{padding:.3em .8em;border-radius:1em;background:#fff;color:#b71c1c;text-decoration:none;border:1px solid #e0b4b4}
.tabs a[aria-current]{background:#b71c1c;color:#fff}
form.filters{display:flex;flex-wrap:wrap;gap:.5em;align-items:center;margin-bottom:.8em}
input,select,textarea,button{font:inherit}
input[type=search]{min-width:14em;flex:1}
input,select,textarea{padding:.35em .5em;border:1px solid #bbb;border-radius:4px;background:#fff}
button,.button{padding:.35em .9em;border:0;border-radius:4px;background:#b71c1c;color:#fff;cursor:pointer;text-decoration:none;display:inline-block}
.button.plain,button.plain{background:#fff;color:#b71c1c;border:1px solid #b71c1c}
.scroll{overflow-x:auto;background:#fff;border-radius:6px;box-shadow:0 1px 2px rgba(0,0,0,.08)}
table{border-collapse:collapse;width:100%}
th,td{padding:.45em .6em;border-bottom:1px solid #eee;text-align:left;vertical-align:top}
th{background:#fafafa;white-space:nowrap;font-weight:600}th a{color:inherit}
td.desc{min-width:12em;max-width:22em;overflow-wrap:anywhere}td:first-child{white-space:nowrap}
tr.overdue td{background:#fdecea}tr.overdue td.due{color:#b71c1c;font-weight:bold}
.badge{display:inline-block;padding:0 .45em;border-radius:3px;font-size:.85em;background:#eee;white-space:nowrap}
.badge.URGENT{background:#b71c1c;color:#fff}.badge.SERIOUS{background:#ef6c00;color:#fff}.badge.overdue{background:#b71c1c;color:#fff}
.pager{display:flex;gap:1em;align-items:center;margin:.8em 0}
.exports{display:flex;gap:.5em;margin:.8em 0}
.flash{padding:.6em .8em;border-radius:4px}.flash.ok{background:#e8f5e9}.flash.error{background:#fdecea;color:#b71c1c}
dl.fields{display:grid;grid-template-columns:max-content 1fr;gap:.3em 1em;background:#fff;padding:1em;border-radius:6px}
dl.fields dt{color:#666}dl.fields dd{margin:0;overflow-wrap:anywhere}
.description{background:#fff;padding:1em;border-radius:6px;white-space:pre-wrap;overflow-wrap:anywhere}
ol.timeline{list-style:none;padding:0;margin:0;background:#fff;border-radius:6px}
ol.timeline li{padding:.5em 1em;border-bottom:1px solid #eee}ol.timeline time{color:#666;margin-right:.6em}
.actions{display:grid;gap:.8em;grid-template-columns:repeat(auto-fit,minmax(16em,1fr))}
.actions form{background:#fff;padding:.8em;border-radius:6px;display:flex;flex-direction:column;gap:.5em}
.rates{display:grid;gap:.8em;grid-template-columns:repeat(auto-fit,minmax(12em,1fr))}
.rate{background:#fff;padding:.8em;border-radius:6px}.rate strong{font-size:1.6em;display:block}
.chart{background:#fff;border-radius:6px;padding:.5em;margin:0}.chart svg{display:block;width:100%;height:auto}.chart.empty p{color:#666;margin:1em}
.signin{max-width:26em;margin:3em auto;background:#fff;padding:1.5em;border-radius:8px;display:flex;flex-direction:column;gap:.8em}
.hint{color:#666;font-size:.9em}
@media (max-width:600px){main{padding:.6em}th,td{padding:.35em .4em}.hide-narrow{display:none}}
${deskViewCss}`;
