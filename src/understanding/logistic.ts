/*
 * Multinomial logistic regression over the same character n-grams, trained by plain SGD in a fixed
 * order (a seeded shuffle), so the same corpus always gives the same weights. Each example's
 * features are scaled to unit length, so a long message does not shout.
 */
import { type DenseRows, distinctGrams, type GramIndex, gramIds, weightedIds } from './gram-index';
import type { WeightedGrams } from './naive-bayes';

/** `dense`: the same weights by the reader's shared gram index (gram-index.ts), when it has made one. */
export type LrModel = { classes: string[]; bias: Float64Array; weights: Map<string, Float64Array>; dense?: DenseRows };
export type LrJson = { classes: string[]; bias: number[]; weights: [string, number[]][] };
export type LrExample = { grams: string[]; cls: string };
export type LrOptions = { epochs: number; rate: number; l2: number };
export const DEFAULT_LR: LrOptions = { epochs: 20, rate: 2, l2: 0 };

/** Mulberry32: a small deterministic generator for the shuffle. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function trainLr(classes: readonly string[], examples: LrExample[], o: LrOptions = DEFAULT_LR): LrModel {
  const k = classes.length;
  const weights = new Map<string, Float64Array>();
  const bias = new Float64Array(k);
  const rows = examples
    .filter((e) => classes.includes(e.cls))
    .map((e) => {
      const grams = [...new Set(e.grams)];
      for (const g of grams) if (!weights.has(g)) weights.set(g, new Float64Array(k));
      return { rows: grams.map((g) => weights.get(g)!), value: 1 / Math.sqrt(Math.max(1, grams.length)), cls: classes.indexOf(e.cls) };
    });
  const next = random(13);
  const order = rows.map((_, i) => i);
  const p = new Float64Array(k);
  for (let epoch = 0; epoch < o.epochs; epoch++) {
    for (let i = order.length - 1; i > 0; i--) {
      const j = Math.floor(next() * (i + 1));
      [order[i], order[j]] = [order[j]!, order[i]!];
    }
    const rate = o.rate / (1 + epoch);
    for (const idx of order) {
      const ex = rows[idx]!;
      p.set(bias);
      for (const w of ex.rows) for (let c = 0; c < k; c++) p[c]! += w[c]! * ex.value;
      let max = -Infinity;
      for (let c = 0; c < k; c++) max = Math.max(max, p[c]!);
      let sum = 0;
      for (let c = 0; c < k; c++) sum += p[c] = Math.exp(p[c]! - max);
      for (let c = 0; c < k; c++) {
        const g = p[c]! / sum - (c === ex.cls ? 1 : 0);
        bias[c]! -= rate * g;
        for (const w of ex.rows) w[c]! -= rate * (g * ex.value + o.l2 * w[c]!);
      }
    }
  }
  return { classes: [...classes], bias, weights };
}

/** Logits per class; a clause's weight scales its features. */
export function lrScores(model: LrModel, parts: WeightedGrams[]): Float64Array {
  const scores = Float64Array.from(model.bias);
  if (model.dense) return denseLrScores(model.dense, parts, scores);
  const { grams, weights } = featuresOf(parts);
  const value = 1 / Math.sqrt(Math.max(1, grams.length));
  for (let i = 0; i < grams.length; i++) {
    const w = model.weights.get(grams[i]!);
    if (!w) continue;
    const x = value * (weights === null ? parts[0]!.weight : weights[i]!);
    for (let c = 0; c < scores.length; c++) scores[c]! += w[c]! * x;
  }
  return scores;
}

/**
 * The distinct grams of the parts, each with its largest weight (null: one part, its weight for
 * all). Kept per parts array (a reading's clauses are read by several models).
 */
const featuresCache = new WeakMap<WeightedGrams[], { grams: string[]; weights: number[] | null }>();
function featuresOf(parts: WeightedGrams[]): { grams: string[]; weights: number[] | null } {
  if (parts.length === 1) return { grams: distinctGrams(parts[0]!.grams), weights: null };
  let f = featuresCache.get(parts);
  if (f) return f;
  const seen = new Map<string, number>();
  for (const { grams, weight } of parts) for (const g of distinctGrams(grams)) seen.set(g, Math.max(seen.get(g) ?? 0, weight));
  featuresCache.set(parts, (f = { grams: [...seen.keys()], weights: [...seen.values()] }));
  return f;
}

/** lrScores by the shared index: the same sums in the same order. */
function denseLrScores(dense: DenseRows, parts: WeightedGrams[], scores: Float64Array): Float64Array {
  const { k, rows, present } = dense;
  const f = denseFeaturesOf(dense.index, parts);
  const value = 1 / Math.sqrt(Math.max(1, f.distinct));
  for (let i = 0; i < f.ids.length; i++) {
    const id = f.ids[i]!;
    if (present[id] === 0) continue;
    const x = value * (f.weights === null ? parts[0]!.weight : f.weights[i]!);
    for (let c = 0, at = id * k; c < k; c++, at++) scores[c]! += rows[at]! * x;
  }
  return scores;
}

type DenseFeatures = { ids: Int32Array; weights: Float64Array | null; distinct: number };
const denseFeaturesCache = new WeakMap<WeightedGrams[], { index: GramIndex; f: DenseFeatures }>();
function denseFeaturesOf(index: GramIndex, parts: WeightedGrams[]): DenseFeatures {
  if (parts.length === 1) return { ...gramIds(index, parts[0]!.grams), weights: null };
  const hit = denseFeaturesCache.get(parts);
  if (hit && hit.index === index) return hit.f;
  // As featuresOf, by id: the same grams in the same order, with the same largest weights.
  const { ids, weights, unknown } = weightedIds(index, parts);
  const f = { ids, weights, distinct: ids.length + (unknown?.size ?? 0) };
  denseFeaturesCache.set(parts, { index, f });
  return f;
}

const round = (x: number) => Math.round(x * 1e4) / 1e4;

export function lrToJson(m: LrModel): LrJson {
  const weights = [...m.weights.entries()]
    .filter(([, w]) => w.some((x) => Math.abs(x) >= 1e-4))
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([g, w]): [string, number[]] => [g, Array.from(w, round)]);
  return { classes: m.classes, bias: Array.from(m.bias, round), weights };
}

export function lrFromJson(j: LrJson): LrModel {
  return { classes: [...j.classes], bias: Float64Array.from(j.bias), weights: new Map(j.weights.map(([g, w]) => [g, Float64Array.from(w)])) };
}
