import type { DistrictData } from '../config/district-schema';
import { type Ledger, type Priority, priorityRank } from './ledger';
import { largestHouseholdCount } from './household-count';
import { areaNames, byFirstChar, maskPlaces, normaliseText } from './place-mask';
import { COPULA_NEGATION, countedTerms, DENIALS_AFTER, type Entry, type Hit, LANE, NOT_NEGATING, scan, type Term, type TermKind } from './keyword-scan';

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

/** A household count at or above this makes the case serious. */
export const MANY_HOUSEHOLDS = 20;

export type CategoryInfo = { code: string; name: string; ledger: Ledger; defaultPriority: Priority };
type Compiled = {
  categories: CategoryInfo[];
  otherIndex: number;
  /** Entries by first character, longest first. */
  index: Map<string, Entry[]>;
  /** Place names by first character, longest first. */
  places: Map<string, string[]>;
};

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
