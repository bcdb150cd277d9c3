import { type LrModel, lrScores } from './logistic';
import { type NbModel, nbScores, softmax, type WeightedGrams } from './naive-bayes';
import type { ModelChoice } from './settings';

/** A trained reader: Naive Bayes, logistic regression, or the mean of their log probabilities. */
export type Probabilities = (parts: WeightedGrams[]) => Float64Array;

/** Naive Bayes counts every overlapping n-gram as independent evidence; its temperature (below 1) tempers that. */
export function probabilities(choice: ModelChoice, nb: NbModel, lr: LrModel | undefined, nbTemperature = 1): Probabilities {
  const fromNb = (parts: WeightedGrams[]) => softmax(nbScores(nb, parts), nbTemperature);
  if (!lr || choice === 'nb') return fromNb;
  // The two models must name their classes in one order to be averaged.
  const order = nb.classes.map((c) => lr.classes.indexOf(c));
  const fromLr = (parts: WeightedGrams[]) => {
    const p = softmax(lrScores(lr, parts));
    return Float64Array.from(order, (i) => (i < 0 ? 0 : p[i]!));
  };
  if (choice === 'lr') return fromLr;
  return (parts) => {
    const a = fromNb(parts);
    const b = fromLr(parts);
    return softmax(Float64Array.from(a, (x, i) => (Math.log(Math.max(x, 1e-12)) + Math.log(Math.max(b[i]!, 1e-12))) / 2));
  };
}
