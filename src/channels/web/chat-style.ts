/**
 * The web chat's look: one readable column on a desktop, bubbles as wide as their text (a reply
 * of "是" is a small bubble, not a bar), case numbers never broken across lines, and nothing
 * wider than a phone's screen.
 */
export const chatCss = `*{box-sizing:border-box}
html,body{margin:0;height:100%;overflow-x:hidden}
body{font:16px/1.55 system-ui,-apple-system,"PingFang SC","Noto Sans CJK SC","Microsoft YaHei",sans-serif;display:flex;flex-direction:column;height:100vh;height:100dvh;background:#eef0f2;color:#1d1d1f}
header{background:#b71c1c;color:#fff}
header h1{margin:0 auto;max-width:760px;padding:.6em 1em;font-size:1.05em}
main,.choices,form{width:100%;max-width:760px;margin:0 auto}
main{flex:1;overflow-y:auto;padding:1em;display:flex;flex-direction:column;gap:.5em}
main p{margin:0;width:fit-content;max-width:min(80%,34em);padding:.5em .8em;border-radius:.8em;white-space:pre-wrap;overflow-wrap:anywhere}
.bot{background:#fff;border-top-left-radius:.2em;align-self:flex-start}
.me{background:#c8e6c9;border-top-right-radius:.2em;align-self:flex-end}
.case-no{white-space:nowrap;font-weight:600}
.choices{display:flex;flex-wrap:wrap;gap:.4em;padding:.5em 1em;background:#eef0f2;max-height:40vh;overflow-y:auto}
.choices[hidden]{display:none}
.choices button{font:inherit;font-size:15px;padding:.35em .9em;border:1px solid #b71c1c;border-radius:1.2em;background:#fff;color:#b71c1c;cursor:pointer;max-width:100%;overflow-wrap:anywhere;text-align:left}
.choices button:hover,.choices button:focus{background:#fdecea}
form{display:flex;gap:.5em;padding:.5em;background:#fff;border-top:1px solid #ddd}
#text{flex:1;min-width:0;font-size:16px;padding:.5em;border:1px solid #ccc;border-radius:.4em}
form button{font:inherit;padding:.5em 1em;border:0;border-radius:.4em;background:#b71c1c;color:#fff}
.photo{position:relative;display:flex;align-items:center;padding:.5em .7em;border:1px solid #ccc;border-radius:.4em;cursor:pointer;white-space:nowrap;font-size:15px}
.photo input{position:absolute;width:1px;height:1px;opacity:0;overflow:hidden}
.photo:focus-within{outline:2px solid #b71c1c}`;
