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

/** The ids of a grams array's distinct grams that the index knows, and how many distinct grams it has in all. */
export type GramIds = { ids: Int32Array; distinct: number };

const idsCache = new WeakMap<readonly string[], { index: GramIndex; ids: GramIds }>();

/** Per index, the reading that last saw each gram id: de-duplication without a Set of strings. */
const stamps = new WeakMap<GramIndex, { seen: Uint32Array; epoch: number }>();

export function gramIds(index: GramIndex, grams: readonly string[]): GramIds {
  const hit = idsCache.get(grams);
  if (hit && hit.index === index) return hit.ids;
  let st = stamps.get(index);
  if (!st || st.seen.length < index.size) stamps.set(index, (st = { seen: new Uint32Array(index.size), epoch: 0 }));
  if (st.epoch === 0xffffffff) {
    st.seen.fill(0);
    st.epoch = 0;
  }
  const epoch = ++st.epoch;
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
  const ids = { ids: out.subarray(0, n), distinct: n + (unknown?.size ?? 0) };
  idsCache.set(grams, { index, ids });
  return ids;
}
