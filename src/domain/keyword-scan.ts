/*
 * Steps 3 and 4 of the keyword scorer (src/domain/classifier.ts): one scan of the masked text for
 * every kind of listed word, then dropping the words a negator denies. The word lists come from the
 * district's data; the constants here are facts of the Chinese language.
 */

/** A negator this many characters or fewer before a word (same clause) denies it. */
const NEGATION_WINDOW = 4;
/** A denial this many characters or fewer after a word (same clause) denies it: "与漏水无关". */
const DENIAL_WINDOW = 4;
/** How close a weak negator must stand to deny a danger word: 没有着火 (gap 0), 没有人员受伤 (gap 2). */
const WEAK_NEGATION_GAP = 2;
/** A negated copula (不是, 并非, 不属于, 不算) denies what a thing is, not whether it exists. */
export const COPULA_NEGATION = /(?:是|非|属于|算)$/;
/** Denials that follow what they deny. */
export const DENIALS_AFTER = ['无关', '没关系', '没有关系', '不相关', '不相干'];
/**
 * Phrases that contain a negation word but negate nothing after them: questions (是不是, 有没有)
 * and complaints (没人管). Matched as longer negators, they shadow the 不是 / 没有 / 没 inside.
 */
export const NOT_NEGATING = [
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

export type TermKind = 'category' | 'emergency' | 'serious';
export type Term = { kind: TermKind; word: string; category: number };
export type Negator = { kind: 'negator'; word: string; role: 'before' | 'after' | 'none'; strong: boolean };
export type Entry = Term | Negator;
export type Hit<E extends Entry = Entry> = { entry: E; start: number; end: number };

/** Each kind is matched leftmost-longest on its own, so a word may be both a keyword and an emergency word. */
export const LANE: Record<Entry['kind'], number> = { category: 0, emergency: 1, serious: 2, negator: 3 };

/** One pass over the text: every kind's leftmost-longest matches, place-name parts left out. */
export function scan(text: string, index: Map<string, Entry[]>): Hit[] {
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
export function countedTerms(text: string, hits: Hit[]): Hit<Term>[] {
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
