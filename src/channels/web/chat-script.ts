import { webChatTexts as t } from '../../messages/zh-CN';
import { MAX_PHOTO_BYTES, MAX_PHOTO_MB, PHOTO_CONTENT_TYPES } from './photo';

const texts = {
  offline: t.offline,
  photoSent: t.photoSent,
  photoSending: t.photoSending,
  photoWrongType: t.photoWrongType,
  photoTooBig: t.photoTooBig(MAX_PHOTO_MB),
};

/**
 * The page's script. On load it redraws the recent exchange (GET /chat/history) with the notices
 * that came meanwhile, in time order; each reply's choices become buttons that send what typing
 * would; photos go to /chat/photos as they are. Every text is put in with textContent (case
 * numbers in a span that never wraps), never as markup.
 */
export const chatJs = `(function(){
var T=${JSON.stringify(texts)},MAX=${MAX_PHOTO_BYTES},TYPES=${JSON.stringify(PHOTO_CONTENT_TYPES.filter((type) => type.startsWith('image/')))};
var log=document.getElementById('log'),form=document.getElementById('say'),input=document.getElementById('text'),box=document.getElementById('choices'),photo=document.getElementById('photo'),last=0,started=false;
var CASE=/[A-Z]{1,6}-\\d{8}-\\d{4,}/g;
function bubble(text,who){var p=document.createElement('p');p.className=who;var i=0,m;CASE.lastIndex=0;
while((m=CASE.exec(text))){if(m.index>i)p.appendChild(document.createTextNode(text.slice(i,m.index)));var s=document.createElement('span');s.className='case-no';s.textContent=m[0];p.appendChild(s);i=m.index+m[0].length;}
if(i<text.length)p.appendChild(document.createTextNode(text.slice(i)));return p;}
function show(text,who){log.appendChild(bubble(text,who));log.scrollTop=log.scrollHeight;}
function offer(choices){while(box.firstChild)box.removeChild(box.firstChild);
(choices||[]).forEach(function(c){var b=document.createElement('button');b.type='button';b.className='choice';b.textContent=c.label;b.setAttribute('data-reply',c.reply);
b.addEventListener('click',function(){send(c.reply,c.label);});box.appendChild(b);});box.hidden=!box.firstChild;}
function answered(d){(d.replies||[]).forEach(function(r){show(r,'bot');});offer(d.choices);}
function json(r){return r.json().then(function(d){if(!r.ok)throw d;return d;});}
function failed(e){show(e&&e.error&&e.error.message?e.error.message:T.offline,'bot');}
function send(text,label){started=true;show(label||text,'me');offer([]);var body={text:text};if(label&&label!==text)body.label=label;
fetch('/chat/messages',{method:'POST',credentials:'same-origin',headers:{'content-type':'application/json'},body:JSON.stringify(body)}).then(json).then(answered).catch(failed);}
form.addEventListener('submit',function(e){e.preventDefault();var text=input.value.trim();if(!text)return;input.value='';send(text);});
photo.addEventListener('change',function(){var f=photo.files&&photo.files[0];photo.value='';if(!f)return;
if(TYPES.indexOf(f.type)<0){show(T.photoWrongType,'bot');return;}
if(f.size>MAX){show(T.photoTooBig,'bot');return;}
started=true;show(T.photoSent,'me');offer([]);
fetch('/chat/photos',{method:'POST',credentials:'same-origin',headers:{'content-type':f.type},body:f}).then(json).then(answered).catch(failed);});
function updates(){return fetch('/chat/updates?after='+last,{credentials:'same-origin'}).then(json).then(function(d){return d.updates||[];}).catch(function(){return [];});}
function poll(){updates().then(function(list){list.forEach(function(u){show(u.text,'bot');last=Math.max(last,u.id);});});}
function redraw(h,list){var lines=(h.lines||[]).slice();list.forEach(function(u){last=Math.max(last,u.id);lines.push({who:'bot',text:u.text,at:u.at});});
if(!lines.length)return;lines.sort(function(a,b){return a.at<b.at?-1:a.at>b.at?1:0;});
var intro=log.querySelector('.intro');while(log.firstChild)log.removeChild(log.firstChild);if(intro)log.appendChild(intro);
lines.forEach(function(l){show(l.text,l.who);});}
var history=fetch('/chat/history',{credentials:'same-origin'}).then(json).catch(function(){return {lines:[],choices:[]};});
Promise.all([history,updates()]).then(function(r){var h=r[0];if(started){r[1].forEach(function(u){show(u.text,'bot');last=Math.max(last,u.id);});return;}if((h.lines||[]).length)redraw(h,r[1]);else r[1].forEach(function(u){show(u.text,'bot');last=Math.max(last,u.id);});offer(h.choices);});
setInterval(poll,15000);
})();`;
