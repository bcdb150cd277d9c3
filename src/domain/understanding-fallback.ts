/**
 * The dialogue's default reading of emergencies and intents when its context brings none (pure
 * tests with a stand-in classifier): hazard rules and word lists. The service always passes the
 * trained reading of src/understanding (UNDERSTANDING-CONTRACT.md) through the district.
 */
import type { EmergencyReading, HazardKind, IntentName, IntentReading } from '../understanding/types';

export type { EmergencyReading, HazardKind, IntentName, IntentReading };

/**
 * Hazard rules on the raw text, by kind, in the order they are reported when several match (the
 * one that needs a fire engine first). Recall first: a false alarm costs a line of advice, a
 * missed one can cost a life.
 */
const HAZARDS: { hazard: HazardKind; pattern: RegExp }[] = [
  { hazard: 'fire', pattern: /着火|起火|失火|火灾|冒烟|烧起来|燃起来|大火|火苗|爆炸|火烧/gu },
  { hazard: 'gas', pattern: /(?:煤气|燃气|天然气)(?:泄漏|漏了|味)|漏气|煤气罐.{0,3}(?:漏|炸)/gu },
  {
    hazard: 'electricity',
    pattern: /触电|漏电|电线.{0,4}(?:掉|断|落|垂|拖)|(?:变压器|电箱|电表箱|电线|电杆).{0,4}(?:冒火|打火|火花|起火|冒烟|爆)|火花/gu,
  },
  { hazard: 'water', pattern: /溺水|落水|掉(?:进|到)?.{0,3}(?:河|水|塘|井|堰|沟)里|淹死|被淹|淹了|洪水|涨大水|冲走/gu },
  { hazard: 'collapse', pattern: /倒塌|垮塌|塌了|房子塌|塌方|泥石流|山体滑坡|滑坡/gu },
  { hazard: 'trapped', pattern: /被困|困在|关在.{0,6}出不来|卡在.{0,6}出不来/gu },
  { hazard: 'violence', pattern: /持刀|动刀|拿刀|砍人|杀人|行凶|打人|家暴|抢劫|跳楼|自杀|轻生|要杀/gu },
  {
    hazard: 'medical',
    pattern: /昏迷|晕倒|不省人事|流血|出血|骨折|受伤|中毒|喘不过气|没有?呼吸|抽搐|救命|摔伤|砸伤|伤亡|死人|身亡|倒在地上/gu,
  },
  {
    hazard: 'missing',
    pattern:
      /(?:老人|孩子|小孩|娃娃?|老汉|婆婆|爷爷|奶奶|老太太|老头|人).{0,4}(?:走丢|失踪|不见了|找不到了?|联系不上)|(?:好几|几|两|三|四|五)天(?:都)?没(?:看到|看见|见到|见过|见|出门|露面)/gu,
  },
];

/** Right before a danger word these deny it ("没有人受伤", "没起火"). */
const DENIED_BEFORE = /(?:没有|没得|没|未|无|不是|并非|不会)(?:人员|人)?$/u;
/** In the same clause before it these make it a worry, a memory or a supposition ("担心着火", "去年起火"). */
const HEDGE = /担心|害怕|怕|万一|如果|要是|假如|去年|以前|上次|曾经|之前|防止|预防|以防|小心|避免/u;
const CLAUSE = /[，,。.！!？?；;\n]/u;

/** Any hazard word at all: most messages have none, and one test of this is cheaper than every rule's matchAll. */
const ANY_HAZARD = new RegExp(HAZARDS.map(({ pattern }) => `(?:${pattern.source})`).join('|'), 'u');

export function detectEmergencyByRules(raw: string, classifierSaysEmergency: boolean): EmergencyReading {
  const text = raw.normalize('NFKC');
  const found: { hazard: HazardKind; word: string }[] = [];
  if (ANY_HAZARD.test(text)) {
    for (const { hazard, pattern } of HAZARDS) {
      for (const m of text.matchAll(pattern)) {
        const before = text.slice(0, m.index);
        const clause = before.split(CLAUSE).pop() ?? '';
        if (DENIED_BEFORE.test(clause.slice(-4)) || HEDGE.test(clause.slice(-8))) continue;
        found.push({ hazard, word: m[0] });
      }
    }
  }
  if (found.length > 0) return { emergency: true, hazard: found[0]!.hazard, score: 1, words: [...new Set(found.map((f) => f.word))] };
  if (classifierSaysEmergency) return { emergency: true, hazard: null, score: 0.6, words: [] };
  return { emergency: false, hazard: null, score: 0, words: [] };
}

// —— intents ——

const INTENT_WORDS: Record<Exclude<IntentName, 'report'>, string[]> = {
  cancel: [
    '取消', '算了', '不报了', '不说了', '不用了', '退出', '不要了', '不反映了', '取消反映', '不弄了', '没事了', '没得事了', '不搞了',
    '不办了', '不登记了', '不麻烦了', '不用报了', '不想报了', '不填了', '不用弄了', '不整了', '莫得事了', '没什么事了', '不报',
  ],
  back: ['上一步', '返回', '后退', '上一个', '返回上一步', '回到上一步', '回上一步', '退回去', '退一步', '改前面的', '前一步'],
  help: ['帮助', '怎么用', '菜单', 'help', '使用说明', '怎么弄', '咋个弄', '咋弄', '不会用', '看不懂', '怎么操作', '你能做什么', '能做什么', '有什么用', '咋个用', '怎么办'],
  status: [
    '我的案件', '进度', '查进度', '查询进度', '我的诉求', '我的反映', '办得怎么样了', '处理了没得', '处理了没有', '有人管没有', '有人管没',
    '有没有人管', '有人管吗', '办了没得', '办了没有', '怎么样了', '咋样了', '进展', '查进展', '处理得怎么样了', '解决了没得', '解决了没有',
  ],
  human: [
    '找人工', '人工', '转人工', '人工服务', '人工客服', '找干部', '找村干部', '找社区干部', '找书记', '找真人', '真人', '找人', '找领导',
    '干部电话', '联系干部', '找网格员', '和人说话', '跟人说话', '找个人', '找工作人员', '要人工',
  ],
  thanks: ['谢谢', '谢谢你', '谢谢您', '感谢', '多谢', '谢了', '辛苦了', '麻烦你了', '麻烦您了', '感谢感谢', '谢谢谢谢', '太感谢了', '谢谢了'],
  greeting: ['你好', '您好', '在吗', '在么', '在不在', '有人吗', 'hello', 'hi', '喂', '哈喽', '嗨', '早上好', '下午好', '晚上好', '老师好', '干部好', '你好呀'],
};

/** Words around an intent that do not change it: 我要取消, 那就算了吧, 好的谢谢. */
const FILLERS = [
  '我', '我们', '我要', '我想', '请', '帮我', '麻烦', '那', '那就', '就', '还是', '嗯', '哦', '噢', '啊', '呀', '吧', '了', '哈', '嘛', '呢',
  '一下', '好的', '好', '的', '先', '还', '你', '您', '们', '要', '想', '这个', '这边', '老师', '同志', '现在', '请问', '问下', '问一下',
];

/** "我的事情办得怎么样了", "我反映的问题有人管没有", "上次报的事处理了没得": the resident's own cases. */
const STATUS_SENTENCE =
  /^(?:请问|问下|问一下)?(?:我|我们|我家)?(?:之前|上次|前几天|昨天|上回|前段时间)?(?:反映|报|说|提|报告)?(?:过)?的?(?:事情?|问题|那件事|这件事|案子|案件|诉求)(?:现在)?(?:办得|处理得|弄得|搞得|办|处理|解决)?(?:怎么样了?|咋样了?|如何了?|啷个样了?|有人管没有|有人管没|有人管吗|有没有人管|处理了没得?|处理了没有|处理了吗|办了没得?|办了没有|办了吗|弄好了没|解决了没得?|解决了没有|解决了吗|到哪一步了|进度如何|进展如何|有进展没有|有进展吗|进度|进展|了没得|了没有|了吗)(?:啊|呀|哦|嘛|呢)?$/u;

/** Longer than this, a message is a description or an answer, never an intent. */
const MAX_INTENT_CHARS = 24;

const compactForIntent = (text: string): string =>
  text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\s\p{P}\p{S}\p{M}\p{C}]/gu, '');

const LEXICON = new Map<string, Exclude<IntentName, 'report'> | 'filler'>();
for (const f of FILLERS) LEXICON.set(f, 'filler');
for (const [intent, words] of Object.entries(INTENT_WORDS) as [Exclude<IntentName, 'report'>, string[]][]) {
  for (const w of words) LEXICON.set(w, intent);
}
const LONGEST = Math.max(...[...LEXICON.keys()].map((w) => w.length));

/**
 * The message is read as intent words and fillers only (every character covered); one intent
 * among them, or it is a report. "阴沟堵了，算了不说了…" has other words: a description.
 */
export function recogniseIntentByWords(raw: string): IntentReading {
  const c = compactForIntent(raw);
  if (c.length === 0 || c.length > MAX_INTENT_CHARS) return { intent: 'report', confidence: 1 };
  if (STATUS_SENTENCE.test(c)) return { intent: 'status', confidence: 0.9 };
  // Segmentation by dynamic programming: best[i] = the intents of a covering of c[0..i), fewest pieces.
  const best: ({ pieces: number; intents: Set<string> } | null)[] = new Array(c.length + 1).fill(null);
  best[0] = { pieces: 0, intents: new Set() };
  for (let i = 0; i < c.length; i++) {
    const from = best[i];
    if (!from) continue;
    for (let len = 1; len <= LONGEST && i + len <= c.length; len++) {
      const kind = LEXICON.get(c.slice(i, i + len));
      if (!kind) continue;
      const intents = kind === 'filler' ? from.intents : new Set([...from.intents, kind]);
      const at = best[i + len];
      if (!at || from.pieces + 1 < at.pieces) best[i + len] = { pieces: from.pieces + 1, intents };
    }
  }
  const done = best[c.length];
  if (!done || done.intents.size === 0) return { intent: 'report', confidence: 1 };
  // 谢谢，再见 / 你好，我要取消: the action wins over politeness.
  const order: IntentName[] = ['cancel', 'back', 'status', 'human', 'help', 'thanks', 'greeting'];
  const intent = order.find((i) => done.intents.has(i))!;
  const politeOnly = [...done.intents].every((i) => i === 'thanks' || i === 'greeting');
  return { intent, confidence: done.intents.size === 1 || politeOnly ? 1 : 0.7 };
}

