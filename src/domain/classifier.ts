import type { DistrictData } from '../config/district-schema';
import { type Ledger, type Priority, priorityRank } from './ledger';
import { largestHouseholdCount } from './household-count';
import { areaNames, byFirstChar, maskPlaces, normaliseText } from './place-mask';

export { chineseNumber } from './household-count';
export { normaliseText } from './place-mask';

export type Classification = {
  category: string;
  categoryName: string;
  ledger: Ledger;
  priority: Priority;
  /** The words that decided it: category words, then emergency and serious words, then a household count. */
  words: string[];
  emergency: boolean;
};

/*
 * How a text is read (all word lists come from the district's data; the constants below are
 * facts of the Chinese language, not of any district):
 *  1. normalise: full-width ASCII to half-width, zero-width characters dropped, whitespace collapsed;
 *  2. mask every area name and alias (the whole tree) and every `placeNames` entry, so 水塘村 or
 *     火石村 cannot vote for irrigation or fire;
 *  3. scan once for category keywords, emergency words, serious words and negators, leftmost-longest
 *     within each kind; a word directly followed by a place suffix (水库村, 吵架组) is part of a name;
 *  4. drop denied words: a negator at most NEGATION_WINDOW characters before the word, in the same
 *     clause, or a denial such as 无关 just after it. Every negator denies emergency and serious
 *     words; only a negated copula (不是, 并非, 不属于, 不算: the data's negation words that end in
 *     是/非/属于/算) or a denial after the word denies a category keyword, because 没有 usually states
 *     the problem itself ("没有化粪池", "田里没有水灌溉");
 *  5. score each category by the summed length of its matched keywords (longer is more specific);
 *     the best wins, ties go to the first in file order, no match gives OTHER;
 *  6. priority: the category's default, raised to SERIOUS by a serious word or a count of at least
 *     MANY_HOUSEHOLDS households, to URGENT by an emergency word. Never lowered.
 */

/** A negator this many characters or fewer before a word (same clause) denies it. */
const NEGATION_WINDOW = 4;
/** A denial this many characters or fewer after a word (same clause) denies it: "与漏水无关". */
const DENIAL_WINDOW = 4;
/** How close a weak negator must stand to deny a danger word: 没有着火 (gap 0), 没有人员受伤 (gap 2). */
const WEAK_NEGATION_GAP = 2;
/** A household count at or above this makes the case serious. */
export const MANY_HOUSEHOLDS = 20;
/** A negated copula (不是, 并非, 不属于, 不算) denies what a thing is, not whether it exists. */
const COPULA_NEGATION = /(?:是|非|属于|算)$/;
/** Denials that follow what they deny. */
const DENIALS_AFTER = ['无关', '没关系', '没有关系', '不相关', '不相干'];
/**
 * Phrases that contain a negation word but negate nothing after them: questions (是不是, 有没有)
 * and complaints (没人管). Matched as longer negators, they shadow the 不是 / 没有 / 没 inside.
 */
const NOT_NEGATING = [
  '是不是', '有没有', '会不会', '没人管', '没有人管', '无人管', '没人理', '无人理', '没人问', '无人问',
  '没人修', '没人清', '没人处理', '无人处理', '没人来', '没办法', '无法', '没想到', '没多久', '没过多久',
  '无论', '未来', '未经', '没完没了', '没日没夜',
];
/** A word directly followed by one of these is (part of) a place name. */
const PLACE_SUFFIXES = ['街道', '社区', '村', '镇', '乡', '路', '街', '巷', '组'];
/** Ordinary words that begin with a place suffix: "困难村民" is a resident, not a village. */
const NOT_PLACE = [
  '村民', '村委', '村干部', '村集体', '村级', '组织', '组长', '组员', '组成', '路上', '路边', '路过',
  '路旁', '路段', '街上', '街边', '街坊', '镇上', '乡亲', '巷子',
];
const CLAUSE_BREAKS = new Set([...'，,。.！!？?；;：:、…~～— \n']);

type TermKind = 'category' | 'emergency' | 'serious';
type Term = { kind: TermKind; word: string; category: number };
type Negator = { kind: 'negator'; word: string; role: 'before' | 'after' | 'none'; strong: boolean };
type Entry = Term | Negator;
type Hit<E extends Entry = Entry> = { entry: E; start: number; end: number };

export type CategoryInfo = { code: string; name: string; ledger: Ledger; defaultPriority: Priority };
type Compiled = {
  categories: CategoryInfo[];
  otherIndex: number;
  /** Entries by first character, longest first. */
  index: Map<string, Entry[]>;
  /** Place names by first character, longest first. */
  places: Map<string, string[]>;
};

/** Each kind is matched leftmost-longest on its own, so a word may be both a keyword and an emergency word. */
const LANE: Record<Entry['kind'], number> = { category: 0, emergency: 1, serious: 2, negator: 3 };

/** Builds the classifier for a district's data once; the returned function is pure and cheap. */
export function createClassifier(data: DistrictData): (text: string) => Classification {
  const compiled = compile(data);
  return (text) => classify(compiled, text);
}

/** What the district's word lists say about a text, before any choice is made (the trained reader blends it). */
export type KeywordReading = {
  /** Per category, in data order: the summed length of its words that were not denied. */
  scores: number[];
  /** Per category: those words, in text order. */
  words: string[][];
  emergencyWords: string[];
  seriousWords: string[];
  /** The normalised text with place names as NUL characters. */
  masked: string;
};

export type KeywordReader = {
  categories: CategoryInfo[];
  otherIndex: number;
  read: (text: string) => KeywordReading;
  /** The normalised text with every place name replaced by NUL characters (same length). */
  mask: (text: string) => string;
};

/** The scorer's steps 1–4 for another reader to use: normalising, masking, negation. */
export function createKeywordReader(data: DistrictData): KeywordReader {
  const c = compile(data);
  return {
    categories: c.categories,
    otherIndex: c.otherIndex,
    mask: (text) => maskPlaces(normaliseText(text), c.places),
    read: (raw) => {
      const text = normaliseText(raw);
      const masked = maskPlaces(text, c.places);
      const terms = countedTerms(text, scan(masked, c.index));
      const scores = new Array<number>(c.categories.length).fill(0);
      const words = c.categories.map((): string[] => []);
      for (const t of terms) {
        if (t.entry.kind !== 'category') continue;
        scores[t.entry.category]! += t.entry.word.length;
        words[t.entry.category]!.push(t.entry.word);
      }
      const of = (kind: TermKind) => terms.filter((t) => t.entry.kind === kind).map((t) => t.entry.word);
      return { scores, words, emergencyWords: of('emergency'), seriousWords: of('serious'), masked };
    },
  };
}

function compile(data: DistrictData): Compiled {
  // The data's words are read the way the texts are, so a full-width letter in the file still matches.
  const words = (list: string[]) => list.map(normaliseText).filter((w) => w !== '');
  const entries: Entry[] = [];
  data.categories.forEach((c, category) => {
    for (const word of words(c.keywords)) entries.push({ kind: 'category', word, category });
  });
  for (const word of words(data.emergencyWords)) entries.push({ kind: 'emergency', word, category: -1 });
  for (const word of words(data.seriousWords)) entries.push({ kind: 'serious', word, category: -1 });
  for (const word of words(data.negationWords)) entries.push({ kind: 'negator', word, role: 'before', strong: COPULA_NEGATION.test(word) });
  for (const word of DENIALS_AFTER) entries.push({ kind: 'negator', word, role: 'after', strong: true });
  for (const word of NOT_NEGATING) entries.push({ kind: 'negator', word, role: 'none', strong: false });
  return {
    categories: data.categories.map(({ code, name, ledger, defaultPriority }) => ({ code, name, ledger, defaultPriority })),
    otherIndex: Math.max(0, data.categories.findIndex((c) => c.code === 'OTHER')),
    index: byFirstChar(dedupe(entries), (e) => e.word),
    places: byFirstChar([...new Set(words([...areaNames(data.areas), ...data.placeNames]))], (p) => p),
  };
}

/** The first listing of a word within a kind wins (a keyword listed by two categories goes to the first). */
function dedupe(entries: Entry[]): Entry[] {
  const seen = new Set<string>();
  return entries.filter((e) => {
    const key = `${LANE[e.kind]}:${e.word}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** One pass over the text: every kind's leftmost-longest matches, place-name parts left out. */
function scan(text: string, index: Map<string, Entry[]>): Hit[] {
  const hits: Hit[] = [];
  const nextFree = [0, 0, 0, 0];
  for (let i = 0; i < text.length; i++) {
    const candidates = index.get(text[i]!);
    if (!candidates) continue;
    for (const entry of candidates) {
      const lane = LANE[entry.kind];
      if (nextFree[lane]! > i || !text.startsWith(entry.word, i)) continue;
      const end = i + entry.word.length;
      if (entry.kind !== 'negator' && isPlaceSuffixAt(text, end, index)) continue;
      nextFree[lane] = end;
      hits.push({ entry, start: i, end });
    }
  }
  return hits;
}

function isPlaceSuffixAt(text: string, at: number, index: Map<string, Entry[]>): boolean {
  if (!PLACE_SUFFIXES.some((s) => text.startsWith(s, at))) return false;
  if (NOT_PLACE.some((w) => text.startsWith(w, at))) return false;
  // 坑洼路面: the 路 begins another keyword, not a name.
  return !(index.get(text[at]!) ?? []).some((e) => e.kind !== 'negator' && text.startsWith(e.word, at));
}

const isBreak = (text: string, at: number) => CLAUSE_BREAKS.has(text[at]!);

/**
 * The words that count: those not denied. Linear in the text: negators are marked by position, and
 * each word looks only at the few characters around it. A negator inside a matched word (没钱,
 * 无法通行) negates nothing.
 */
function countedTerms(text: string, hits: Hit[]): Hit<Term>[] {
  const terms = hits.filter((h): h is Hit<Term> => h.entry.kind !== 'negator');
  const negators = hits.filter((h): h is Hit<Negator> => h.entry.kind === 'negator' && h.entry.role !== 'none');
  if (negators.length === 0) return terms;

  const insideWord = new Uint8Array(text.length);
  for (const t of terms) insideWord.fill(1, t.start, t.end);
  // endsHere[i]: a negator ends at i (1 weak, 2 strong); startsHere[i]: a denial starts at i.
  const endsHere = new Uint8Array(text.length + 1);
  const startsHere = new Uint8Array(text.length + 1);
  for (const { entry, start, end } of negators) {
    if (insideWord.subarray(start, end).includes(1)) continue;
    if (entry.role === 'after') startsHere[start] = 1;
    else endsHere[end] = Math.max(endsHere[end]!, entry.strong ? 2 : 1);
  }
  return terms.filter((t) => !deniedBefore(text, t, endsHere) && !deniedAfter(text, t, startsHere));
}

/**
 * Category words yield only to strong negators (不是 …). Danger words also yield to weak ones
 * (没有, 未 …), but only right before them ("没有着火", "没起火"): "没有人管，房子塌了" must stay
 * urgent, and missing an emergency costs far more than a false alarm.
 */
function deniedBefore(text: string, term: Hit<Term>, endsHere: Uint8Array): boolean {
  const isCategory = term.entry.kind === 'category';
  for (let at = term.start, gap = 0; at >= 0 && gap <= NEGATION_WINDOW; at--, gap++) {
    if (at < term.start && isBreak(text, at)) return false;
    const strength = endsHere[at]!;
    if (strength === 2) return true;
    if (strength === 1 && !isCategory && gap <= WEAK_NEGATION_GAP) return true;
  }
  return false;
}

function deniedAfter(text: string, term: Hit<Term>, startsHere: Uint8Array): boolean {
  for (let at = term.end, gap = 0; at < text.length && gap <= DENIAL_WINDOW; at++, gap++) {
    if (startsHere[at]) return true;
    if (isBreak(text, at)) return false;
  }
  return false;
}

function bestCategory(terms: Hit<Term>[], categoryCount: number): { category: number; words: string[] } | null {
  const scores = new Array<number>(categoryCount).fill(0);
  for (const t of terms) if (t.entry.kind === 'category') scores[t.entry.category]! += t.entry.word.length;
  let best = -1;
  scores.forEach((score, i) => {
    if (score > 0 && (best < 0 || score > scores[best]!)) best = i;
  });
  if (best < 0) return null;
  const words = terms.filter((t) => t.entry.kind === 'category' && t.entry.category === best).map((t) => t.entry.word);
  return { category: best, words };
}

function classify(c: Compiled, raw: string): Classification {
  const text = normaliseText(raw);
  const terms = countedTerms(text, scan(maskPlaces(text, c.places), c.index));
  const found = bestCategory(terms, c.categories.length);
  const category = c.categories[found?.category ?? c.otherIndex]!;

  const emergencyWords = terms.filter((t) => t.entry.kind === 'emergency').map((t) => t.entry.word);
  const seriousWords = terms.filter((t) => t.entry.kind === 'serious').map((t) => t.entry.word);
  const households = largestHouseholdCount(text);
  const manyHouseholds = households !== null && households.count >= MANY_HOUSEHOLDS;

  let priority = category.defaultPriority;
  const raise = (to: Priority) => {
    if (priorityRank(to) < priorityRank(priority)) priority = to;
  };
  if (seriousWords.length > 0 || manyHouseholds) raise('SERIOUS');
  if (emergencyWords.length > 0) raise('URGENT');

  const words = [...(found?.words ?? []), ...emergencyWords, ...seriousWords, ...(manyHouseholds ? [households.word] : [])];
  return {
    category: category.code,
    categoryName: category.name,
    ledger: category.ledger,
    priority,
    words: [...new Set(words)],
    emergency: emergencyWords.length > 0,
  };
}
