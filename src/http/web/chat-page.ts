import { webChatTexts as t } from '../../messages/zh-CN';

/**
 * The web chat page: static HTML (no resident text is ever put into it) and a small script that
 * renders every message with textContent, so what residents write shows as text, never markup.
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
<header>${t.title}</header>
<main id="log" aria-live="polite"><p class="bot">${t.intro}</p></main>
<form id="say"><input id="text" autocomplete="off" maxlength="2000" placeholder="${t.placeholder}" required><button>${t.send}</button></form>
<script src="/chat/chat.js"></script>
</body>
</html>`;

export const chatCss = `body{margin:0;font:16px/1.5 system-ui,sans-serif;display:flex;flex-direction:column;height:100vh;background:#f4f4f4}
header{background:#b71c1c;color:#fff;padding:.6em 1em;font-weight:bold}
main{flex:1;overflow-y:auto;padding:1em}
p{max-width:80%;padding:.5em .8em;border-radius:.6em;white-space:pre-wrap;word-break:break-word;margin:.4em 0}
.bot{background:#fff}.me{background:#c8e6c9;margin-left:auto}
form{display:flex;padding:.5em;background:#fff;border-top:1px solid #ddd}
input{flex:1;font-size:16px;padding:.5em}button{margin-left:.5em;padding:.5em 1em}`;

export const chatJs = `(function(){
var log=document.getElementById('log'),form=document.getElementById('say'),input=document.getElementById('text'),last=0;
function show(text,who){var p=document.createElement('p');p.className=who;p.textContent=text;log.appendChild(p);log.scrollTop=log.scrollHeight;}
function updates(){fetch('/chat/updates?after='+last,{credentials:'same-origin'}).then(function(r){return r.json();}).then(function(d){(d.updates||[]).forEach(function(u){show(u.text,'bot');last=Math.max(last,u.id);});}).catch(function(){});}
form.addEventListener('submit',function(e){e.preventDefault();var text=input.value.trim();if(!text)return;input.value='';show(text,'me');
fetch('/chat/messages',{method:'POST',credentials:'same-origin',headers:{'content-type':'application/json'},body:JSON.stringify({text:text})})
.then(function(r){return r.json();}).then(function(d){(d.replies||[]).forEach(function(t){show(t,'bot');});})
.catch(function(){show(${JSON.stringify(t.offline)},'bot');});});
updates();setInterval(updates,15000);
})();`;
