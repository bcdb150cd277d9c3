import path from 'node:path';
import { loadDistrictData } from '../../src/config/district';
import { createKeywordReader } from '../../src/domain/classifier';
import { readCorpusFile } from '../../src/understanding/corpus/corpus-line';
import { createGramIndex, denseRows, joinGrams } from '../../src/understanding/gram-index';
import { loadUnderstanding } from '../../src/understanding';
import { loadCounts } from '../../src/understanding/load-model';
import { readModelFile } from '../../src/understanding/model';
import { type LrModel, lrScores } from '../../src/understanding/logistic';
import { compileNb, type NbModel, nbScores } from '../../src/understanding/naive-bayes';
import { createTextReader } from '../../src/understanding/reader';

/*
 * The shared gram index (gram-index.ts) is a faster way to the same numbers: every score read by id
 * must equal, bit for bit, the score read by string from the model's own Map.
 */
const data = loadDistrictData();
const counts = loadCounts(data, {});
const read = createTextReader(createKeywordReader(data));
const lines = readCorpusFile(path.resolve(__dirname, '../../data/corpus/dev.jsonl')).lines.slice(0, 300);

const VARIANTS_PER_LINE = 6;
const withoutIndex = <T extends { dense?: unknown }>(m: T): T => ({ ...m, dense: undefined });

test('scores by the shared index equal the scores by each model’s own map, for Naive Bayes and logistic regression', () => {
  const nbs: NbModel[] = [compileNb(counts.category, 0.1), compileNb(counts.emergency, 0.1), compileNb(counts.intent, 0.03)];
  const lrs: LrModel[] = [counts.logistic!.category, counts.logistic!.emergency, counts.logistic!.intent];
  const index = createGramIndex([...nbs.map((m) => m.logLikelihood.keys()), ...lrs.map((m) => m.weights.keys())]);
  const denseNb = nbs.map((m) => ({ ...m, dense: denseRows(index, m.classes.length, m.logLikelihood) }));
  const denseLr = lrs.map((m) => ({ ...m, dense: denseRows(index, m.classes.length, m.weights) }));
  let compared = 0;
  for (const line of lines) {
    const r = read(line.text);
    // The clauses (several weighted parts), the whole text with an unknown gram (one part), and
    // arrays joined from others (the whole text, the intent's grams, a pair of clauses with an
    // unknown gram in each), whose ids come from their parts'.
    const pair = joinGrams([...r.clauses[0]!.grams, 'never-a-gram'], [...(r.clauses[1]?.grams ?? []), 'never-a-gram', 'nor-this']);
    const variants = [r.clauses, [{ grams: [...r.grams, 'never-a-gram'], weight: 0.7 }], [{ grams: r.grams, weight: 1 }], [{ grams: r.intentGrams, weight: 1 }], [{ grams: pair, weight: 1 }], [...r.clauses, { grams: pair, weight: 0.3 }]];
    for (const parts of variants) {
      nbs.forEach((m, i) => expect(nbScores(denseNb[i]!, parts)).toEqual(nbScores(withoutIndex(m), parts)));
      lrs.forEach((m, i) => expect(lrScores(denseLr[i]!, parts)).toEqual(lrScores(withoutIndex(m), parts)));
      compared += 1;
    }
  }
  expect(compared).toBe(VARIANTS_PER_LINE * lines.length);
});

test('the lean reader (the service’s: lookup maps let go once the dense tables exist) reads every line as the full one', () => {
  // Counts of their own (the file's cached ones stay whole for the test above), read fully first.
  const own = readModelFile(path.resolve(__dirname, '../../dist/understanding/model.json'))!;
  const full = loadUnderstanding(data, { counts: own });
  const expected = lines.map((l) => ({ c: full.classify(l.text), e: full.detectEmergency(l.text), i: full.recogniseIntent(l.text) }));
  const lean = loadUnderstanding(data, { counts: own, lean: true });
  expect(own.logistic!.category.weights.size).toBe(0);
  lines.forEach((l, n) => {
    expect(lean.classify(l.text)).toEqual(expected[n]!.c);
    expect(lean.detectEmergency(l.text)).toEqual(expected[n]!.e);
    expect(lean.recogniseIntent(l.text)).toEqual(expected[n]!.i);
  });
  // The full reader made before shares those models, and still reads the same through their tables.
  expect(full.classify(lines[0]!.text)).toEqual(expected[0]!.c);
});
