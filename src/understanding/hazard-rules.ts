import type { DistrictData } from '../config/district-schema';
import { normaliseText } from '../domain/classifier';
import { HAZARDS, type HazardKind } from './types';

/*
 * Hazard words from the district data, read on the raw text, with what the language says around
 * them: a word is NOT a present danger when it is denied right before (没有人受伤), worried about or
 * hypothetical in its clause (担心着火, 万一垮了), past (去年淹过, 以前着过火), or resolved after it
 * (火已经灭了). These marker lists are facts of Chinese, not of a district.
 */

const NEGATORS = ['并没有', '没有', '没得', '莫得', '并未', '没', '未', '无', '不会', '不是', '不', '别'];
/** Question forms that contain a negator but deny nothing: 有没有人受伤. */
const QUESTIONS = ['有没有', '是不是', '会不会', '有无'];
/** How far before the word a negator reaches: 没有人受伤 (one character between); a lone 不 or 没 only next door or one away. */
const NEGATION_GAP = 2;
const SHORT_NEGATION_GAP = 1;
const WORRY = [
  '担心', '担忧', '害怕', '生怕', '怕', '万一', '如果', '要是', '假如', '假设', '以免', '以防', '防止', '预防', '避免',
  '隐患', '容易', '可能会', '会不会', '小心', '提醒', '演练', '演习', '培训', '宣传', '知识', '排查', '迟早', '早晚', '说不定',
  '哪天', '一旦', '防范', '注意', '检查', '差点', '差一点', '险些', '以为',
  // News and hearsay are not a danger here and now: 看新闻说外地着火, 朋友圈都在传那边着大火.
  '新闻', '在传', '谣传', '传言', '抖音', '快手', '视频上', '视频里', '电视里', '电视上', '电视剧',
];
/**
 * A threat for later: 他说再来就叫人打我们, 再去要钱就打我, 再拖下去要出人命 (but 再不来人就… is
 * urgency now, and 再就是…, 再一个就是… turn to another matter).
 */
const CONDITIONAL_BEFORE = /再(?!不)[^，,。！？!?\s]{0,6}就(?!是)|再[^，,。！？!?\s]{0,4}下去/;
/**
 * 可怕 and 恐怕 are not worry about the future (太可怕了，着火了), nor is 检查井 a check (a manhole), nor
 * 不注意 care (趁我们不注意跑出去了).
 */
const NOT_WORRY = ['可怕', '恐怕', '哪怕', '怕是', '检查井', '不注意', '没注意'];
const HYPOTHETICAL_AFTER = ['的话', '气话', '吓唬人', '怎么得了', '咋个办', '就麻烦了', '就完了', '就糟了', '讲座', '常识',
  // A drill, a course or a claim about it: 电梯困人的应急演练, 溺水安全教育, 心脏病住院的医保咋个报.
  '演练', '演习', '培训', '教育', '医保', '报销'];
/** After the word: it happened before (着火那天), or keeps happening (摔了好几个). */
const PAST_OR_REPEATED_AFTER = [
  '那天', '那次', '那回', '的时候', '以后', '之后', '过后', '好几个', '好几次', '好多次', '几次了', '好几回', '过一回', '过一次',
];
/** A likeness around the word: 像着火一样的烟, 跟淹了似的 (a figure, not a danger). */
const LIKENESS_BEFORE = ['像', '跟', '好比', '如同'];
const LIKENESS_AFTER = ['一样', '似的'];
const LIKENESS_REACH = 3;
/** Figures of speech that sound like danger: 火烧眉毛, 吓死人, 锈得不行了, 熏晕了. */
const FIGURES = [
  '火烧眉毛', '吓死人', '气死人', '急死人', '笑死人', '臭死人', '烦死人', '热死人', '累死人', '冷死人', '吵死人', '得不行',
  '发火', '恼火', '气得吐血', '气得我吐血', '快淹死了', '火大', '火气', '容易上火', '上火了', '心急火燎', '熏晕', '脑壳都晕',
  '嘴巴都着火', '嘴巴着火', '天塌了', '天都塌了', '流血流汗', '急得冒火', '急得我冒火', '气得冒火', '气得我冒火', '热得要着火',
  // 救命 as "oh my" among friends: 笑死 救命哈哈哈.
  '救命哈',
];
/** Ordinary words that contain a hazard word: 漏电保护器, 打火机, 医保卡在外地, 跳闸. */
const ORDINARY = [
  '漏电保护', '打火机', '电动车', '电瓶车', '急救箱', '急救知识', '急救培训', '医保卡', '社保卡', '银行卡', '打瞌睡', '打扫',
  '打牌', '打麻将', '打电话', '打工', '打听', '跳闸', '走不动', '倒在一起', '打零工', '打短工', '打石膏', '打起石膏', '打针',
  '打点滴', '打疫苗', '跳起走', '物业电话打不通', '物业电话', '没到账', '没到位', '几天没收', '几天没人收', '几天没来收', '按了没反应', '按起没反应',
  '按都没反应', '电鱼', '防走失', '打火器', '打游戏', '落水管', '钥匙锁在', '救命用', '打桩', '打瓷砖', '打地基', '一键呼救', '呼救器', '呼救按钮',
  // A grant or a form held up somewhere (补贴卡在镇上, 不晓得卡在哪里), a bus pass (乘车卡在哪里办): not a person stuck.
  '卡在哪', '卡在审', '卡在镇', '卡在村上', '卡在区上', '卡在街道', '卡在手续', '卡在流程',
  // Money or medicine that keeps someone alive, and a rescuer: hardship, not a cry for help.
  '救命钱', '救命的钱', '救命药', '救命恩人', '救命稻草',
  // An animal is not a person: 狗走丢了, 狗吃了老鼠药 (a vet's case).
  '狗走丢', '猫走丢', '狗跑丢', '猫跑丢', '狗吃了老鼠药', '猫吃了老鼠药', '狗中毒', '猫中毒',
];
/** 把 X 倒在 … is dumping something (把鱼肠子倒在路边), not a person falling. */
const DISPOSAL = /把[^把]*$/;
/** "Not seen for days" is about a person only when one is named: 垃圾三天没人收 is not a missing person. */
const PEOPLE = [
  '老人', '孃', '爷爷', '奶奶', '婆婆', '公公', '大爷', '大妈', '伯', '嬢', '娃', '孩子', '小孩', '儿子', '女儿', '妈', '爸', '老汉',
  '弟', '妹', '哥', '姐', '孙', '邻居', '独居', '一个人住', '他', '她', '老太', '老头', '老爷子', '病人', '学生', '残疾', '孤寡',
  '五保', '家人', '屋头人', '老婆', '老公', '丈夫', '媳妇', '小伙', '男的', '女的', '朋友', '同事', '工人', '老师',
  '两个人', '三个人', '几个人', '一家人', '人到现在', '人找不到', '人还没', '走丢', '走失', '外公', '外婆', '姥姥', '姥爷',
  // An age is a person's (十四岁, 九十多岁了), and so are a niece, a nephew, a fellow villager; a school year or parents mean a child.
  '岁', '侄', '外甥', '老乡', '亲戚', '年级', '家长',
  // The written register: 一名男童, 一位七旬老人, 患者 (not 村民 or 居民: 村民一分都没见到 is a complaint).
  '一名', '一位', '童', '男孩', '女孩', '旬', '患者',
];
const PAST = [
  '去年', '前年', '以前', '之前', '上次', '上回', '上个月', '上周', '上星期', '前几年', '几年前', '前些年', '那年', '那次',
  '曾经', '小时候', '当年', '前段时间', '前阵子', '早年', '过去', '好多年前', '几个月前', '上半年', '前几天', '前两天',
  '前些天', '上礼拜', '上个礼拜', '前一阵', '上个星期', '说过',
];
const PAST_AFTER = ['过'];
/** Words that bring a clause back to now after a past time: 去年垮过的那个坡又在往下滑. */
const NOW = ['现在', '又在', '又开始', '这回', '这次', '今天', '刚才', '刚刚', '此刻'];
const RESOLVED = [
  '灭了', '扑灭', '救出来了', '救上来了', '已经救', '没事了', '脱离危险', '出院', '找到了', '找回来了', '回来了', '修好了',
  '处理好了', '已经散了', '已经处理', '已经好了', '抢救过来', '没大碍', '无大碍', '说没事', '都没事', '人没事', '没得事',
  '现在好了', '后头就好了', '后来就好了', '放出来了', '已经退了', '水退了', '保住了', '打起石膏', '打了石膏', '幸好没事', '还好没事', '好在没事', '找到的', '没烧起来', '没起火',
  '自己下来了', '自己出来了', '弄出来了', '和好了', '熄了', '已经拉走', '闹着耍', '闹起耍', '开玩笑',
  // A fight parted, a fall seen by a doctor, an old man gone to stay with his family.
  '分开了', '拉开了', '劝开了', '看了医生', '看过医生', '住去了', '去女儿家', '去儿子家', '在女儿家', '在儿子家', '在亲戚家',
  // Someone come round, talked down, taken away by the police, or unhurt after all; a false alarm.
  '已经醒了', '醒过来了', '劝下来了', '劝住了', '派出所带走', '派出所已经带走', '警察带走', '人好好的', '莫得事', '没得啥事', '没啥事', '虚惊一场',
];
/** A light going out (楼道灯全灭了) is not a fire put out. */
const LIGHT_BEFORE = /灯[全都也又]?$/;
/** What usually happens is not what has (平时半个钟头就回来了). */
const HABITUAL = ['平时', '平常', '往常', '一般都', '每次都', '以往'];
/**
 * A fright corrected later: 以为着火了，原来是熏腊肉 (the word before the correction is what was feared,
 * a word after it is what is: 以为是感冒，结果是煤气中毒).
 */
const MISTAKEN = '以为';
const CORRECTIONS = ['原来', '结果', '其实是', '其实只是', '一看是', '问了是', '问了才', '才晓得', '才知道', '虚惊一场'];
/** A word that names a matter already told (打架的事, 触电那个事): its story, not a danger now. */
const MATTER_AFTER = /^(?:的|那个|那件|这个)?事/;
/**
 * A person's danger (hurt, trapped, missing) is over when the message later says they are found,
 * out or well, however much story comes between (放学没回来…最后在他同学屋头找到了).
 */
const PERSON_HAZARDS: readonly HazardKind[] = ['medical', 'trapped', 'missing'];
/**
 * A message that is one of these words and nothing more than cries (失踪了!!, 走丢了 快): a person,
 * who else. Not 关机, 打不通 or 没到 alone, which are as often about a phone or a parcel.
 */
const PERSON_GONE = ['失踪', '走丢', '走失', '失联', '跑丢'];
const ONLY_CRIES = /^[\s\p{P}\p{S}了啊呀啦哦喔嘞咯哈快帮忙救命]*$/u;
/** A short clause after the word that dates it (上个月的事, 去年塌的): the danger is past. */
const DATED_AFTER = /(的事|的)$/;
/**
 * 没气了 is someone's breath — unless it is about a cooker's or a cylinder's fuel and nobody is
 * named (气罐子没气了, 燃气灶打不燃 是不是没气了): a household's gas running out is not a death.
 */
const OUT_OF_BREATH = ['没气', '莫得气'];
const FUEL = ['灶', '气罐', '罐子', '天然气', '燃气', '煤气', '液化气', '打不燃', '点不燃', '换气', '轮胎', '车胎', '气球', '打气', '充气'];
const CLAUSE_BREAKS = /[，,。.！!？?；;：:、…~～—\n ]/;
/** How far around a word its clause's markers reach, however long the clause (measured: 18–20 hear most run-ons, no more false alarms). */
const REACH = 20;
/** …and how far after it a repetition or a time dates it (好几回, 那天; measured: 12 as good as 20, fewer misses in run-ons). */
const REPEAT_REACH = 12;
/** 好几个人上去 are people, not how many times (摔了好几个, 摔了好几个人了). */
const SEVERAL_PEOPLE = /好几个人(?!了)/g;
/** A clause this short before the word (去年夏天，…) sets its time. */
const TIME_CLAUSE_MAX = 8;

/** at: where the word starts in the normalised text (normaliseText), as the reader's `normalised`. */
export type HazardHit = { hazard: HazardKind; word: string; present: boolean; at: number };

/**
 * A district hazard word may be two parts with a gap, "泼…汽油": the first part, then the second
 * within GAP characters of the same clause (说要泼我汽油, 吃了他爷爷的降压药).
 */
const GAP_MARK = '…';
const GAP = 6;

type Word = { word: string; hazard: HazardKind; head: string; tail: string | null };

/** Where a word is found at `at` (its end), or -1. */
function matchAt(text: string, at: number, w: Word): number {
  if (!text.startsWith(w.head, at)) return -1;
  const headEnd = at + w.head.length;
  if (w.tail === null) return headEnd;
  const window = text.slice(headEnd, headEnd + GAP + w.tail.length);
  const cut = window.search(CLAUSE_BREAKS);
  const tailAt = (cut < 0 ? window : window.slice(0, cut)).indexOf(w.tail);
  return tailAt < 0 ? -1 : headEnd + tailAt + w.tail.length;
}

/** The hazard words found, and the idioms that hid some (火烧眉毛: a figure of speech, not a fire). */
export type HazardRules = (text: string) => { hits: HazardHit[]; idioms: number };

export function createHazardRules(data: DistrictData): HazardRules {
  const words: Word[] = [];
  for (const hazard of HAZARDS) {
    for (const raw of data.hazardWords[hazard] ?? []) {
      const [head = '', tail] = raw.split(GAP_MARK).map(normaliseText);
      words.push({ word: tail === undefined ? head : `${head}${GAP_MARK}${tail}`, hazard, head, tail: tail || null });
    }
  }
  const byFirst = new Map<string, Word[]>();
  for (const w of words) if (w.word !== '') byFirst.set(w.word[0]!, [...(byFirst.get(w.word[0]!) ?? []), w]);
  return (raw) => {
    const text = normaliseText(raw);
    const hits: HazardHit[] = [];
    const taken = new Uint8Array(text.length);
    let idioms = 0;
    for (const [list, figurative] of [[FIGURES, true], [ORDINARY, false]] as const) {
      for (const idiom of list) {
        for (let at = text.indexOf(idiom); at >= 0; at = text.indexOf(idiom, at + 1)) {
          taken.fill(1, at, at + idiom.length);
          if (figurative) idioms += 1;
        }
      }
    }
    const found: { at: number; end: number; word: string; hazard: HazardKind }[] = [];
    for (let at = 0; at < text.length; at++) {
      for (const w of byFirst.get(text[at]!) ?? []) {
        const end = matchAt(text, at, w);
        if (end >= 0 && standsAlone(text, at, w.word)) found.push({ at, end, word: w.word, hazard: w.hazard });
      }
    }
    // Longest first, then leftmost: a shorter word inside a longer hit is the same mention.
    found.sort((a, b) => b.end - b.at - (a.end - a.at) || a.at - b.at);
    for (const { at, end, word, hazard } of found) {
      if (taken.subarray(at, end).includes(1)) continue;
      taken.fill(1, at, end);
      hits.push({ at, hazard, word, present: isPresent(text, at, end, hazard) });
    }
    hits.sort((a, b) => a.at - b.at);
    return { hits, idioms };
  };
}

/** After a number, these make it an address or an amount (人民路120号, 120块), not a call for help. */
const NUMBER_UNITS = /^[号栋幢楼层单室户元块米平斤个组岁年月日天次人辆路弄栋千万伏公克kKvV%]/;

/**
 * A hazard word that is a number (120, 110, 119) counts only as that number: not inside a longer
 * one (1120, 21201) and not as a house number or an amount.
 */
function standsAlone(text: string, at: number, word: string): boolean {
  if (!/^\d+$/.test(word)) return true;
  if (at > 0 && /\d/.test(text[at - 1]!)) return false;
  const next = text.slice(at + word.length);
  return !/^\d/.test(next) && !NUMBER_UNITS.test(next);
}

function isPresent(text: string, start: number, end: number, hazard: HazardKind): boolean {
  const clauseStart = lastBreakBefore(text, start) + 1;
  const clauseEnd = nextBreakFrom(text, end);
  // A run-on with no punctuation is one long "clause": a 上回 or 怕 forty characters back is another matter's.
  const before = text.slice(Math.max(clauseStart, start - REACH), start);
  // What came before a 现在/又在 in the clause is the past it is contrasted with.
  const nowAt = Math.max(...NOW.map((w) => before.lastIndexOf(w)));
  const sinceNow = nowAt < 0 ? before : before.slice(nowAt);
  const after = text.slice(end, Math.min(clauseEnd, end + REACH));
  if (negatedRightBefore(before)) return false;
  if (hazard === 'medical' && OUT_OF_BREATH.some((w) => text.startsWith(w, start)) && FUEL.some((f) => text.includes(f)) && !PEOPLE.some((p) => text.includes(p))) return false;
  if (text.startsWith('倒', start) && DISPOSAL.test(before)) return false;
  if (WORRY.some((w) => includesWord(before, w)) || CONDITIONAL_BEFORE.test(before)) return false;
  if (HYPOTHETICAL_AFTER.some((w) => after.includes(w))) return false;
  // Someone not seen since last week is missing now: for them a time in the past is the point.
  // Resolved: in the two clauses after the word's (冒烟了，他们自己拿水浇了，没烧起来), or for a person anywhere later.
  const rest = text.slice(end, PERSON_HAZARDS.includes(hazard) ? text.length : nextBreakFrom(text, nextBreakFrom(text, clauseEnd + 1) + 1));
  if (mistaken(text, end)) return false;
  if (MATTER_AFTER.test(text.slice(end))) return false;
  if (hazard === 'missing') return (PEOPLE.some((p) => text.includes(p)) || (PERSON_GONE.includes(text.slice(start, end)) && ONLY_CRIES.test(text.slice(0, start) + text.slice(end)))) && !RESOLVED.some((w) => resolvedIn(rest, w));
  if (PAST_AFTER.some((w) => after.startsWith(w)) || PAST.some((w) => sinceNow.includes(w)) || before.endsWith('过')) return false;
  // From the word's last character: a word that ends in 的 (着火的) is followed by 时候, not 的时候.
  const since = text.slice(end - 1, Math.min(clauseEnd, end + REPEAT_REACH));
  if (PAST_OR_REPEATED_AFTER.some((w) => since.replace(SEVERAL_PEOPLE, '').includes(w))) return false;
  const likeness = LIKENESS_BEFORE.some((w) => before.includes(w)) && LIKENESS_AFTER.some((w) => after.slice(0, LIKENESS_REACH + w.length - 1).includes(w));
  if (likeness) return false;
  if (clauseStart > 0 && nowAt < 0) {
    const previous = text.slice(lastBreakBefore(text, clauseStart - 1) + 1, clauseStart - 1);
    if (previous.length <= TIME_CLAUSE_MAX && PAST.some((w) => previous.includes(w))) return false;
  }
  const next = text.slice(clauseEnd + 1, nextBreakFrom(text, clauseEnd + 1));
  if (next.length <= TIME_CLAUSE_MAX && PAST.some((w) => next.startsWith(w)) && DATED_AFTER.test(next)) return false;
  return !RESOLVED.some((w) => resolvedIn(rest, w));
}

/** A correction after the word, with 以为 before that correction. */
function mistaken(text: string, end: number): boolean {
  return CORRECTIONS.some((w) => {
    const at = text.indexOf(w, end);
    return at >= 0 && text.lastIndexOf(MISTAKEN, at) >= 0;
  });
}

/**
 * 回来了 is resolved; 不回来了 is not, nor a question (找到了吗, 回来了没得), nor a time it was over
 * before (上次是在石板沟找到的).
 */
function resolvedIn(rest: string, word: string): boolean {
  for (let at = rest.indexOf(word); at >= 0; at = rest.indexOf(word, at + 1)) {
    const clause = rest.slice(lastBreakBefore(rest, at) + 1, at);
    const asked = /^(?:吗|么|没|不|嘛\?|\?)/.test(rest.slice(at + word.length));
    if (word === '灭了' && LIGHT_BEFORE.test(rest.slice(0, at))) continue;
    const habit = HABITUAL.some((w) => clause.includes(w));
    if (!/[不没]$/.test(rest.slice(0, at)) && !asked && !habit && !PAST.some((w) => clause.includes(w))) return true;
  }
  return false;
}

function negatedRightBefore(raw: string): boolean {
  // A question (是不是漏气了, 有没有人受伤) denies nothing: blank it out first.
  let before = raw;
  for (const q of QUESTIONS) before = before.split(q).join('\u0001'.repeat(q.length));
  for (let gap = 0; gap <= NEGATION_GAP && gap < before.length; gap++) {
    const upTo = before.slice(0, before.length - gap);
    const negator = NEGATORS.find((n) => upTo.endsWith(n));
    if (negator && (negator.length > 1 || gap <= SHORT_NEGATION_GAP)) return true;
  }
  return false;
}

function includesWord(text: string, word: string): boolean {
  for (let at = text.indexOf(word); at >= 0; at = text.indexOf(word, at + 1)) {
    if (!NOT_WORRY.some((n) => text.startsWith(n, Math.max(0, at - n.indexOf(word))) && n.includes(word))) return true;
  }
  return false;
}

/** Where the clause holding `at` starts. */
export const clauseStartOf = (text: string, at: number): number => lastBreakBefore(text, at) + 1;

function lastBreakBefore(text: string, at: number): number {
  for (let i = at - 1; i >= 0; i--) if (CLAUSE_BREAKS.test(text[i]!)) return i;
  return -1;
}

function nextBreakFrom(text: string, at: number): number {
  for (let i = at; i < text.length; i++) if (CLAUSE_BREAKS.test(text[i]!)) return i;
  return text.length;
}
