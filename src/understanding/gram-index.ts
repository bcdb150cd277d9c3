/*
 * One index of n-grams shared by every model a reader holds. A message is read by seven models
 * (Naive Bayes and logistic regression for category, emergency and intent, and the hazard model);
 * looked up by string in each model's own Map, every gram cost seven hash lookups. With one index
 * a message's grams become ids once, and each model reads its rows from one flat table by id.
 */

export type GramIndex = Map<string, number>;

/** A model's rows (one per gram of the index, k values each) and which grams it has at all. */
export type DenseRows = { index: GramIndex; k: number; rows: Float64Array; present: Uint8Array };

const distinctCache = new WeakMap<readonly string[], string[]>();

/** The grams without repeats, in order of first appearance; made once per grams array. */
export function distinctGrams(grams: readonly string[]): string[] {
  let d = distinctCache.get(grams);
  if (!d) distinctCache.set(grams, (d = [...new Set(grams)]));
  return d;
}

export function createGramIndex(sources: Iterable<string>[]): GramIndex {
  const index: GramIndex = new Map();
  for (const keys of sources) for (const g of keys) if (!index.has(g)) index.set(g, index.size);
  return index;
}

export function denseRows(index: GramIndex, k: number, source: ReadonlyMap<string, Float64Array>): DenseRows {
  const rows = new Float64Array(index.size * k);
  const present = new Uint8Array(index.size);
  for (const [g, row] of source) {
    const id = index.get(g);
    if (id === undefined) continue;
    present[id] = 1;
    rows.set(row, id * k);
  }
  return { index, k, rows, present };
}

/**
 * The ids of a grams array's distinct grams that the index knows (in order of first appearance),
 * how many distinct grams it has in all, and the distinct ones the index does not know.
 */
export type GramIds = { ids: Int32Array; distinct: number; unknown: ReadonlySet<string> | null };

const idsCache = new WeakMap<readonly string[], { index: GramIndex; ids: GramIds }>();

/**
 * Per index, the reading that last saw each gram id (de-duplication without a Set of strings) and
 * where it went in that reading's output.
 */
type Stamps = { seen: Uint32Array; at: Int32Array; epoch: number };
const stamps = new WeakMap<GramIndex, Stamps>();

function nextEpoch(index: GramIndex): Stamps {
  let st = stamps.get(index);
  if (!st || st.seen.length < index.size) stamps.set(index, (st = { seen: new Uint32Array(index.size), at: new Int32Array(index.size), epoch: 0 }));
  if (st.epoch === 0xffffffff) {
    st.seen.fill(0);
    st.epoch = 0;
  }
  st.epoch++;
  return st;
}

/**
 * Arrays made by joining others (a reading's whole text, a pair of neighbouring clauses): their ids
 * come from their parts' ids, so a gram is looked up by string once per reading, not once per array.
 */
const joinedFrom = new WeakMap<readonly string[], readonly (readonly string[])[]>();

/** The parts' grams one after another, read by id from the parts' ids (see gramIds). */
export function joinGrams(...parts: readonly string[][]): string[] {
  const joined = ([] as string[]).concat(...parts);
  joinedFrom.set(joined, parts);
  return joined;
}

export function gramIds(index: GramIndex, grams: readonly string[]): GramIds {
  const hit = idsCache.get(grams);
  if (hit && hit.index === index) return hit.ids;
  const parts = joinedFrom.get(grams);
  const ids = parts ? joinedIds(index, parts) : lookUp(index, grams);
  idsCache.set(grams, { index, ids });
  return ids;
}

function lookUp(index: GramIndex, grams: readonly string[]): GramIds {
  const st = nextEpoch(index);
  const epoch = st.epoch;
  const out = new Int32Array(grams.length);
  let n = 0;
  let unknown: Set<string> | null = null;
  for (const g of grams) {
    const id = index.get(g);
    if (id === undefined) (unknown ??= new Set()).add(g);
    else if (st.seen[id] !== epoch) {
      st.seen[id] = epoch;
      out[n++] = id;
    }
  }
  return { ids: out.subarray(0, n), distinct: n + (unknown?.size ?? 0), unknown };
}

/** A joined array's distinct ids are its parts' distinct ids, de-duplicated in order: the same list, in the same order. */
function joinedIds(index: GramIndex, parts: readonly (readonly string[])[]): GramIds {
  const { ids, unknown } = weightedIds(index, parts.map((grams) => ({ grams, weight: 1 })));
  return { ids, distinct: ids.length + (unknown?.size ?? 0), unknown };
}

/**
 * The distinct known ids of several weighted parts, in order of first appearance, each with its
 * largest weight (at least 0), and the distinct unknown grams of them all.
 */
export function weightedIds(index: GramIndex, parts: readonly { grams: readonly string[]; weight: number }[]): { ids: Int32Array; weights: Float64Array; unknown: Set<string> | null } {
  // The parts' own ids first: each takes an epoch of the stamps, and this reading takes the next.
  const partIds = parts.map((p) => gramIds(index, p.grams));
  const st = nextEpoch(index);
  const epoch = st.epoch;
  let total = 0;
  for (const p of partIds) total += p.ids.length;
  const ids = new Int32Array(total);
  const weights = new Float64Array(total);
  let n = 0;
  let unknown: Set<string> | null = null;
  partIds.forEach((p, k) => {
    const w = parts[k]!.weight;
    for (let i = 0; i < p.ids.length; i++) {
      const id = p.ids[i]!;
      if (st.seen[id] !== epoch) {
        st.seen[id] = epoch;
        st.at[id] = n;
        ids[n] = id;
        weights[n++] = Math.max(0, w);
      } else weights[st.at[id]!] = Math.max(weights[st.at[id]!]!, w);
    }
    if (p.unknown) for (const g of p.unknown) (unknown ??= new Set()).add(g);
  });
  return { ids: ids.subarray(0, n), weights: weights.subarray(0, n), unknown };
}
