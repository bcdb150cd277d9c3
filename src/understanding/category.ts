import type { CategoryInfo } from '../domain/classifier';
import { softmax } from './naive-bayes';
import type { ReadText } from './reader';

const indexes = new WeakMap<string[], Map<string, number>>();
function indexOf(classes: string[]): Map<string, number> {
  let index = indexes.get(classes);
  if (!index) indexes.set(classes, (index = new Map(classes.map((code, i) => [code, i]))));
  return index;
}

export type CategoryChoice = { index: number; probability: number; words: string[]; /** Blended scores before the class biases (for tuning them). */ unbiased: Float64Array };

/**
 * The trained model's probabilities, blended with the district's keywords: log p(c) + w·keywords(c),
 * both weighted by clause (the clause after 就是/但是 counts most, a denied one least). A category the
 * model never saw (a district's own) gets an even share, so its keywords alone can win it.
 */
export function chooseCategory(
  classes: string[],
  probabilities: Float64Array,
  categories: CategoryInfo[],
  read: ReadText,
  keywordWeight: number,
  /** For an emergency: log P(category | its hazard) from the corpus, weighted. */
  hazardPrior: ((code: string) => number) | null = null,
  /** A learned offset per category (settings.categoryBias): corrects the blend's lean away from catch-alls such as OTHER. */
  bias: Readonly<Record<string, number>> = {},
  /** The offset of a category the table does not name (a district's own, learnt from a handful of examples). */
  ownBias = 0,
): CategoryChoice {
  const modelIndex = indexOf(classes);
  const even = 1 / categories.length;
  let best = 0;
  let bestScore = -Infinity;
  const unbiased = new Float64Array(categories.length);
  // Only differences between offsets matter; a category the table does not name (a district's own,
  // learned from its examples or keywords alone) gets at least the largest, so the table never holds
  // it back, and ownBias more: a few examples against thousands are outvoted by the corpus's categories.
  const ceiling = Math.max(ownBias, ...Object.values(bias));
  const blended = categories.map((c, i) => {
    const k = modelIndex.get(c.code);
    const p = k === undefined ? even : probabilities[k]!;
    const keywords = read.clauses.reduce((sum, clause) => sum + clause.weight * clause.keywordScores[i]!, 0);
    unbiased[i] = Math.log(Math.max(p, 1e-12)) + keywordWeight * keywords + (hazardPrior ? hazardPrior(c.code) : 0);
    const score = unbiased[i]! + (bias[c.code] ?? ceiling);
    if (score > bestScore) {
      bestScore = score;
      best = i;
    }
    return score;
  });
  const words = read.clauses.flatMap((clause) => clause.keywordWords[best] ?? []);
  return { index: best, probability: softmax(Float64Array.from(blended))[best]!, words: [...new Set(words)], unbiased };
}
