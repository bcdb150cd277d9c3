import type { AreaInput, DistrictData } from '../config/district-schema';
import { type Ledger, type Priority, priorityRank } from './ledger';

export type Classification = {
  category: string;
  categoryName: string;
  ledger: Ledger;
  priority: Priority;
  /** The words that decided it: category words, then any emergency or serious words. */
  words: string[];
  emergency: boolean;
};

/**
 * Negators strong enough to deny a category word ("不是漏水，是吵架"). "没有" is not among them:
 * residents use it to state the problem itself ("没有化粪池", "田里没有水").
 */
const STRONG_NEGATORS = ['不是', '并不是', '并非', '不属于', '不算'];
/** Within this many characters before a word, in the same clause, a negator denies it. */
const NEGATION_WINDOW = 4;
/** A word directly followed by one of these is part of a place name (火石村, 水塘村 …). */
const PLACE_SUFFIX = /^(?:村|镇|乡|街道|社区|路|街|巷|组)/;
const CLAUSE_BREAK = /[，,。.！!？?；;：:\n、]/;
/** A household count at or above this makes the case serious. */
const MANY_HOUSEHOLDS = 20;

type Word = { word: string; weight: number };
type Compiled = {
  categories: { code: string; name: string; ledger: Ledger; defaultPriority: Priority; words: Word[] }[];
  other: { code: string; name: string; ledger: Ledger; defaultPriority: Priority };
  emergency: string[];
  serious: string[];
  negators: string[];
  places: string[];
};

/** Builds the classifier for a district's data; the returned function is pure and fast. */
export function createClassifier(data: DistrictData): (text: string) => Classification {
  const compiled = compile(data);
  return (text) => classifyWith(compiled, text);
}

function compile(data: DistrictData): Compiled {
  const places = new Set<string>(data.placeNames);
  const walk = (a: AreaInput) => {
    places.add(a.name);
    for (const alias of a.aliases ?? []) places.add(alias);
    for (const c of a.children ?? []) walk(c);
  };
  walk(data.areas);
  const categories = data.categories
    .filter((c) => c.code !== 'OTHER')
    .map((c) => ({
      code: c.code,
      name: c.name,
      ledger: c.ledger,
      defaultPriority: c.defaultPriority,
      // A longer word says more: 下水道 outweighs 排水.
      words: c.keywords.map((word) => ({ word, weight: 1 + [...word].length })),
    }));
  const other = data.categories.find((c) => c.code === 'OTHER')!;
  return {
    categories,
    other,
    emergency: data.emergencyWords,
    serious: data.seriousWords,
    negators: [...new Set([...data.negationWords, ...STRONG_NEGATORS])].sort((a, b) => b.length - a.length),
    // Longest first, so 向阳社区 is masked whole before any shorter name inside it.
    places: [...places].sort((a, b) => b.length - a.length),
  };
}

/** Full-width to half-width, whitespace collapsed: what people type on phones varies. */
export function normaliseText(text: string): string {
  return text.normalize('NFKC').replace(/\s+/g, ' ').trim();
}

function maskPlaces(text: string, places: string[]): string {
  let out = text;
  for (const place of places) {
    if (out.includes(place)) out = out.split(place).join('□'.repeat(place.length));
  }
  return out;
}

/** Every position where `word` occurs, not denied and not part of a place name. */
function counts(text: string, word: string, negators: string[]): boolean {
  let from = 0;
  for (;;) {
    const at = text.indexOf(word, from);
    if (at < 0) return false;
    from = at + 1;
    if (PLACE_SUFFIX.test(text.slice(at + word.length, at + word.length + 2))) continue;
    if (isNegated(text, at, negators)) continue;
    return true;
  }
}

function isNegated(text: string, at: number, negators: string[]): boolean {
  let before = text.slice(Math.max(0, at - NEGATION_WINDOW - 2), at);
  const clause = before.split(CLAUSE_BREAK);
  before = clause[clause.length - 1] ?? '';
  return negators.some((n) => {
    const i = before.lastIndexOf(n);
    return i >= 0 && before.length - (i + n.length) <= NEGATION_WINDOW;
  });
}

const CN_DIGITS: Record<string, number> = { 零: 0, 一: 1, 二: 2, 两: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9 };

/** 五十六 → 56, 一百二十 → 120; enough for household counts. */
export function chineseNumber(text: string): number | null {
  let total = 0;
  let current = 0;
  let seen = false;
  for (const ch of text) {
    if (ch in CN_DIGITS) {
      current = CN_DIGITS[ch]!;
      seen = true;
    } else if (ch === '十' || ch === '百' || ch === '千') {
      const unit = ch === '十' ? 10 : ch === '百' ? 100 : 1000;
      total += (current || 1) * unit;
      current = 0;
      seen = true;
    } else return null;
  }
  return seen ? total + current : null;
}

function mostHouseholds(text: string): number {
  let max = 0;
  for (const m of text.matchAll(/(\d+|[零一二两三四五六七八九十百千]+)\s*(?:户|家)/g)) {
    const n = /^\d+$/.test(m[1]!) ? Number(m[1]) : chineseNumber(m[1]!);
    if (n !== null && n > max) max = n;
  }
  return max;
}

function classifyWith(c: Compiled, raw: string): Classification {
  const text = maskPlaces(normaliseText(raw), c.places);
  let best: { cat: Compiled['categories'][number]; score: number; words: string[] } | null = null;
  for (const cat of c.categories) {
    let score = 0;
    const words: string[] = [];
    for (const w of cat.words) {
      if (counts(text, w.word, STRONG_NEGATORS)) {
        score += w.weight;
        words.push(w.word);
      }
    }
    if (score > 0 && (!best || score > best.score)) best = { cat, score, words };
  }
  const chosen = best?.cat ?? c.other;
  const words = best ? [...best.words] : [];
  let priority: Priority = chosen.defaultPriority;
  const raise = (to: Priority) => {
    if (priorityRank(to) < priorityRank(priority)) priority = to;
  };

  const emergencyWords = c.emergency.filter((w) => counts(text, w, c.negators));
  const seriousWords = c.serious.filter((w) => counts(text, w, c.negators));
  if (seriousWords.length || mostHouseholds(text) >= MANY_HOUSEHOLDS) raise('SERIOUS');
  if (emergencyWords.length) raise('URGENT');
  words.push(...emergencyWords, ...seriousWords);

  return {
    category: chosen.code,
    categoryName: chosen.name,
    ledger: chosen.ledger,
    priority,
    words,
    emergency: emergencyWords.length > 0,
  };
}
