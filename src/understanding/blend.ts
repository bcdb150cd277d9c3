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
    const out = new Float64Array(order.length);
    for (let c = 0; c < order.length; c++) out[c] = order[c]! < 0 ? 0 : p[order[c]!]!;
    return out;
  };
  if (choice === 'lr') return fromLr;
  return (parts) => {
    const a = fromNb(parts);
    const b = fromLr(parts);
    const mean = new Float64Array(a.length);
    for (let i = 0; i < a.length; i++) mean[i] = (Math.log(Math.max(a[i]!, 1e-12)) + Math.log(Math.max(b[i]!, 1e-12))) / 2;
    return softmax(mean);
  };
}
