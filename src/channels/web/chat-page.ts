import { webChatTexts as t } from '../../messages/zh-CN';
import { PHOTO_CONTENT_TYPES } from './photo';

const ACCEPT = PHOTO_CONTENT_TYPES.filter((type) => type.startsWith('image/')).join(',');

/**
 * The web chat page: static HTML (no resident text is ever put into it, bar the escaped replies
 * to a bond card's link) and a script (chat-script.ts) that renders every message with
 * textContent, so what residents write shows as text, never markup. No inline script or style:
 * the CSP stays `default-src 'self'`.
 */
export const chatPageHtml = `<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${t.title}</title>
<link rel="stylesheet" href="/chat/chat.css">
<link rel="icon" href="data:,">
</head>
<body>
<header><h1>${t.title}</h1></header>
<main id="log" aria-live="polite"><p class="bot intro">${t.intro}</p></main>
<div id="choices" class="choices" role="group" aria-label="${t.choicesLabel}" hidden></div>
<form id="say">
<label class="photo" title="${t.photo}"><input id="photo" type="file" accept="${ACCEPT}"><span>${t.photo}</span></label>
<input id="text" autocomplete="off" maxlength="2000" placeholder="${t.placeholder}" required>
<button type="submit">${t.send}</button>
</form>
<script src="/chat/chat.js"></script>
</body>
</html>`;
