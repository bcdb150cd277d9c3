import { parseChineseNumber } from '../domain/chinese-numbers';
import type { FlatArea } from '../domain/areas';

/** Control and zero-width characters are dropped: they only ever come from copy-paste accidents. */
const INVISIBLE = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u200B-\u200F\u2028\u2029\u2060\uFEFF]/g;

/** The resident's words as typed, minus invisible characters and surrounding space. */
export function tidy(text: string): string {
  return text.replace(INVISIBLE, '').trim();
}

/** Full-width → half-width (ＧＪ－１ → GJ-1, ？ → ?), tidied. */
export function halfWidth(text: string): string {
  return tidy(text.normalize('NFKC'));
}

/** For matching short answers: half-width, lower case, no spaces, punctuation, symbols or emoji. */
export function compact(text: string): string {
  let c = compacted.get(text);
  if (c === undefined) {
    if (compacted.size >= COMPACTED_KEPT) compacted.clear();
    compacted.set(text, (c = halfWidth(text).toLowerCase().replace(/[\s\p{P}\p{S}\p{M}\p{C}]/gu, '')));
  }
  return c;
}

// A turn asks for the compact form of the same message a dozen times (yes? no? a command? an
// intent? a greeting?): the last few are kept (the function is pure).
const compacted = new Map<string, string>();
const COMPACTED_KEPT = 256;

/** Letters and digits only: emoji and punctuation do not make a description. */
export function meaningfulLength(text: string): number {
  return (text.match(/[\p{L}\p{N}]/gu) ?? []).length;
}


const YES = new Set([
  '是', '是的', '对', '对的', '好', '好的', '确认', '确定', '没错', '嗯', '嗯嗯', '可以', '行', '要得', '对头',
  'ok', 'okay', 'yes', 'y', '同意', '没问题', '就这样', '就是', '就是这个', '用', '用这个', '还是这个',
]);
const NO = new Set(['不对', '不是', '错了', '不对的', '不是的', '换一个', '改一下', '要改', '修改', '不', 'no']);

export function isYes(answer: string): boolean {
  return YES.has(compact(answer));
}

export function isNo(answer: string): boolean {
  return NO.has(compact(answer));
}

/** "3", "3号", "第三个", "三" → 3 when 1 ≤ n ≤ max. */
export function parseChoiceNumber(answer: string, max: number): number | null {
  const m = /^第?(\d{1,4}|[一二两三四五六七八九十]{1,3})(?:个|项|号|条)?$/u.exec(compact(answer));
  if (!m) return null;
  const n = /^\d/.test(m[1]!) ? Number(m[1]) : parseChineseNumber(m[1]!);
  return n !== null && n >= 1 && n <= max ? n : null;
}

export type HouseholdsAnswer = { kind: 'count'; households: number } | { kind: 'unknown' } | { kind: 'invalid' };

const UNKNOWN_WORDS = ['跳过', '不清楚', '不知道', '不确定', '说不清', '不晓得', '不好说', '没数', '没统计', '不详', '不知'];
const HOUSEHOLD_UNITS = new Set(['户', '家', '间', '个']);
const MAX_HOUSEHOLDS = 100_000;
const NUMBER_TOKEN = /(\d+|[零〇一二两三四五六七八九十百千万]+)\s*(?:来|多|余|几)?\s*(户|家|间|个|人|口|栋|组|号|楼|单元|层|米|天|年|月|元|块)?/gu;

/**
 * "56", "56户", "五十六户", "56户居民和21家门市" (= 77), "跳过". Numbers with a household word
 * (户 家 间 个) are added up; otherwise one bare number is taken. "几十户" is too vague: re-ask.
 */
export function parseHouseholds(answer: string): HouseholdsAnswer {
  const text = halfWidth(answer).replace(/(\d),(?=\d{3})/g, '$1');
  const tokens: { value: number; unit: string | undefined; cjk: boolean; whole: string }[] = [];
  for (const m of text.matchAll(NUMBER_TOKEN)) {
    if (text[m.index - 1] === '几') continue;
    const raw = m[1]!;
    const cjk = !/^\d/.test(raw);
    const value = cjk ? parseChineseNumber(raw) : Number(raw);
    if (value !== null && Number.isSafeInteger(value)) tokens.push({ value, unit: m[2], cjk, whole: m[0] });
  }
  const households = tokens.filter((t) => t.unit !== undefined && HOUSEHOLD_UNITS.has(t.unit));
  let count: number | null = null;
  if (households.length > 0) {
    count = households.reduce((sum, t) => sum + t.value, 0);
  } else if (tokens.length === 1 && tokens[0]!.unit === undefined) {
    // A lone Chinese numeral counts only as the whole answer ("五十六"), not inside words like 一些.
    const only = tokens[0]!;
    if (!only.cjk || compact(text) === compact(only.whole)) count = only.value;
  }
  if (count !== null) return count >= 1 && count <= MAX_HOUSEHOLDS ? { kind: 'count', households: count } : { kind: 'invalid' };
  const c = compact(text);
  return UNKNOWN_WORDS.some((w) => c.includes(w)) ? { kind: 'unknown' } : { kind: 'invalid' };
}

export type PhoneAnswer = { kind: 'phone'; phone: string } | { kind: 'skip' } | { kind: 'invalid' };

const SKIP_PHONE = ['跳过', '不留', '不想留', '不方便', '没有', '没电话', '没有电话', '不用留', '保密', '不给', '不留了'];

/**
 * A Chinese mobile (1[3-9] + 9 digits; spaces, dashes and +86 ignored) or a landline with its
 * area code (0813-1234567). Returned as 13812345678 or 0813-1234567.
 */
export function parsePhone(answer: string): PhoneAnswer {
  const text = halfWidth(answer);
  if (text.length > 200) return { kind: 'invalid' };
  const noSpaces = text.replace(/\s+/g, '');
  const dashed = /(?<!\d)(0\d{2,3})[-–—](\d{7,8})(?!\d)/.exec(noSpaces);
  if (dashed) return { kind: 'phone', phone: `${dashed[1]}-${dashed[2]}` };
  const digits = noSpaces.replace(/[-–—()（）.]/g, '');
  const mobile = /(?<!\d)(?:\+?86|0086)?(1[3-9]\d{9})(?!\d)/.exec(digits);
  if (mobile) return { kind: 'phone', phone: mobile[1]! };
  const landline = /(?<!\d)(0\d{9,11})(?!\d)/.exec(digits);
  if (landline) {
    const number = landline[1]!;
    // 010 and 02x are the only three-digit area codes; the rest have four.
    const split = /^0[12]/.test(number) ? 3 : 4;
    const local = number.slice(split);
    if (local.length >= 7 && local.length <= 8) return { kind: 'phone', phone: `${number.slice(0, split)}-${local}` };
  }
  const c = compact(text);
  return SKIP_PHONE.some((w) => c === w || c.startsWith(w)) ? { kind: 'skip' } : { kind: 'invalid' };
}

/**
 * The area whose name or alias appears in the text (the longest wins, then the earliest), and
 * what is left once that name is taken out: "向阳社区花园路1栋" → 向阳社区 + "花园路1栋".
 */
export function matchArea(text: string, areas: FlatArea[]): { area: FlatArea; rest: string } | null {
  const haystack = halfWidth(text);
  let best: { area: FlatArea; name: string; index: number } | null = null;
  for (const area of areas) {
    for (const name of [area.name, ...area.aliases]) {
      const index = haystack.indexOf(name);
      if (index < 0) continue;
      const better = !best || name.length > best.name.length || (name.length === best.name.length && index < best.index);
      if (better) best = { area, name, index };
    }
  }
  if (!best) return null;
  const rest = haystack.slice(0, best.index) + ' ' + haystack.slice(best.index + best.name.length);
  return { area: best.area, rest: trimSeparators(rest) };
}

const EDGES = /^[\s,，。、:：;；!！?？.·-]+|[\s,，。、:：;；!！?？.·-]+$/gu;

/** Spaces, punctuation and a leading 在 / 地址是 go; runs of spaces inside become one. */
export function trimSeparators(text: string): string {
  return text
    .replace(/\s+/g, ' ')
    .replace(EDGES, '')
    .replace(/^(?:就在|住在|位于|地址是|地点是|地址|地点|在)/u, '')
    .replace(EDGES, '');
}
