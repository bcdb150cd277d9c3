/*
 * Clauses and their weights. Residents often say what the problem is NOT before what it is
 * ("不缺水，就是路太烂", "下水道没堵，是垃圾站没人管"): the clause after a contrast word weighs most,
 * a denied clause ("不是X") least. Facts of the language, not of a district.
 */

const BREAKS = /([，,。.！!？?；;：:、…~～—\n ]+)/;
const SENTENCE_END = /[。！!？?\n]/;
/** Words with which residents turn to another matter in the same message (还有，… 另外… 对了…). */
const MATTER = /^(?:还有|另外|对了|顺便|再一个|再就是|再说|差点忘了)|(?:另外|另一|还有一|还有)(?:个|件)事/;
/** Words that open the clause that matters; a clause may also start with a bare 是 after a denial. */
const CONTRAST = ['主要是', '关键是', '其实是', '问题是', '就是', '但是', '而是', '只是', '可是', '不过', '倒是', '反而是'];
const CONTRAST_INSIDE = new RegExp(`(?=${CONTRAST.filter((w) => w !== '只是').join('|')})`);
/** A clause that says what the problem is not. */
const DENIED = /^(?:我们?|这|那|这个|那个|咱们?)?(?:也|倒|并|又|都)?(?:不是|并非|不缺|不存在|不在于|不怪|不关|没有问题|没问题)/;

/**
 * The clause opens a sentence: it is the first, or follows 。！？ (or a new line, where the text still
 * has one: normaliseText makes new lines spaces, so a resident's new line is not a sentence break here).
 */
export type Clause = { text: string; weight: number; opensSentence: boolean; opensMatter: boolean };

export type ClauseWeights = { denied: number; beforeContrast: number; afterContrast: number };
export const DEFAULT_CLAUSE_WEIGHTS: ClauseWeights = { denied: 0.15, beforeContrast: 0.5, afterContrast: 1.5 };

/** The normalised text cut into clauses, each with how much it counts. */
export function clausesOf(text: string, w: ClauseWeights = DEFAULT_CLAUSE_WEIGHTS): Clause[] {
  // split() with a group keeps the breaks between the pieces: text, break, text, …
  const pieces = text.split(BREAKS);
  const opens: boolean[] = [];
  const parts = pieces.flatMap((piece, i) => {
    if (i % 2 === 1 || piece === '') return [];
    const inner = piece.split(CONTRAST_INSIDE).filter((p) => p !== '');
    const afterEnd = i === 0 || SENTENCE_END.test(pieces[i - 1]!) || opens.length === 0;
    inner.forEach((_, k) => opens.push(k === 0 && afterEnd));
    return inner;
  });
  const contrastAt = parts.findIndex((p, i) => i > 0 && (CONTRAST.some((c) => p.startsWith(c)) || (p.startsWith('是') && DENIED.test(parts[i - 1]!))));
  return parts.map((p, i) => {
    let weight = 1;
    if (contrastAt > 0) weight = i < contrastAt ? w.beforeContrast : w.afterContrast;
    if (DENIED.test(p)) weight = Math.min(weight, w.denied);
    return { text: p, weight, opensSentence: opens[i]!, opensMatter: MATTER.test(p) };
  });
}
