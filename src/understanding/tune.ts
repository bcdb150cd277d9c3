import { createHash } from 'node:crypto';
import { loadDistrictData } from '../config/district';
import { createKeywordReader } from '../domain/classifier';
import { type CorpusLine, readCorpusFile } from './corpus/corpus-line';
import { evaluate } from './evaluate';
import { loadUnderstanding } from './index';
import { CORPUS_DIR, countWithProbes } from './load-model';
import { createTextReader } from './reader';
import { DEFAULT_SETTINGS, type UnderstandingSettings } from './settings';

/*
 * `node dist/understanding/tune.js [name=v1,v2 …]`: how settings measure on dev.jsonl (trained on
 * train.jsonl) and in 5-fold cross-validation over train.jsonl + dev.jsonl. Never reads test.jsonl.
 */

const data = loadDistrictData();
const train = readCorpusFile(`${CORPUS_DIR}/train.jsonl`).lines;
const dev = readCorpusFile(`${CORPUS_DIR}/dev.jsonl`).lines;
const reader = createTextReader(createKeywordReader(data));
const lrArg = process.env.LR?.split(':').map(Number);
const lr = lrArg ? { epochs: lrArg[0]!, rate: lrArg[1]!, l2: lrArg[2]! } : undefined;
// The probes teach the emergency reader in every fit, as they do in the model that ships.
const count = (lines: CorpusLine[]) => countWithProbes(data, lines, reader, lr);
const trainCounts = count(train);
const FOLDS = 5;
const both = [...train, ...dev];
const fold = (l: CorpusLine) => createHash('sha256').update(`fold:${l.text}`).digest().readUInt32BE(0) % FOLDS;
const folds = Array.from({ length: FOLDS }, (_, k) => ({ fit: count(both.filter((l) => fold(l) !== k)), held: both.filter((l) => fold(l) === k) }));

function measure(settings: Partial<UnderstandingSettings>): string {
  const dv = evaluate(loadUnderstanding(data, { counts: trainCounts, settings }), dev);
  let cat = 0;
  let of = 0;
  const em = { hits: 0, of: 0, flagged: 0 };
  const it = { hits: 0, of: 0, lineHits: 0, lines: 0 };
  for (const f of folds) {
    const ev = evaluate(loadUnderstanding(data, { counts: f.fit, settings }), f.held);
    cat += ev.category.accuracy.hits;
    of += ev.category.accuracy.of;
    em.hits += ev.emergency.recall.hits;
    em.of += ev.emergency.recall.of;
    em.flagged += ev.emergency.precision.of;
    it.hits += ev.intent.accuracy.hits;
    it.of += ev.intent.accuracy.of;
    it.lineHits += ev.intent.onIntents.hits;
    it.lines += ev.intent.onIntents.of;
  }
  const p = (x: number) => (x * 100).toFixed(Number(process.env.DIGITS ?? 1)).padStart(5);
  return `dev cat ${p(dv.category.accuracy.value)} em-recall ${p(dv.emergency.recall.value)} em-prec ${p(dv.emergency.precision.value)} intent ${p(dv.intent.accuracy.value)}/${p(dv.intent.onIntents.value)} | cv cat ${p(cat / of)} em-recall ${p(em.hits / em.of)} em-prec ${p(em.hits / em.flagged)} intent ${p(it.hits / it.of)}/${p(it.lineHits / it.lines)}`;
}

const grid = process.argv.slice(2).map((a) => {
  const [k, v] = a.split('=') as [keyof UnderstandingSettings, string];
  return { k, values: v.split(',').map((x) => (Number.isNaN(Number(x)) ? x : Number(x))) };
});
function run(i: number, s: Partial<UnderstandingSettings>): void {
  if (i === grid.length) {
    process.stdout.write(`${JSON.stringify(s)}  ${measure(s)}\n`);
    return;
  }
  const { k, values } = grid[i]!;
  for (const v of values) {
    const clause = ['denied', 'beforeContrast', 'afterContrast'].includes(k);
    run(i + 1, clause ? { ...s, clauseWeights: { ...DEFAULT_SETTINGS.clauseWeights, ...s.clauseWeights, [k]: v } } : { ...s, [k]: v });
  }
}
process.stdout.write(`train ${train.length}, dev ${dev.length}; defaults ${JSON.stringify(DEFAULT_SETTINGS)}\n`);
// SHOW=cv: the cross-validation mistakes of the default settings (emergencies missed, category confusions).
if (process.env.SHOW === 'cv') {
  const pairs = new Map<string, number>();
  for (const f of folds) {
    const ev = evaluate(loadUnderstanding(data, { counts: f.fit }), f.held);
    if (process.env.INTENTS) for (const m of ev.mistakes.intent) process.stdout.write(`intent ${m.expected} → ${m.got}: ${m.text}\n`);
    for (const m of ev.mistakes.emergency) process.stdout.write(`${m.expected === 'true' ? 'missed emergency' : 'false alarm'} (${m.got}): ${m.text}\n`);
    if (process.env.PAIR) for (const m of ev.mistakes.category) if (`${m.expected} → ${m.got}` === process.env.PAIR) process.stdout.write(`  ${m.text}\n`);
    for (const m of ev.mistakes.category) pairs.set(`${m.expected} → ${m.got}`, (pairs.get(`${m.expected} → ${m.got}`) ?? 0) + 1);
  }
  for (const [pair, n] of [...pairs].sort((a, b) => b[1] - a[1]).slice(0, 25)) process.stdout.write(`${String(n).padStart(4)}  ${pair}\n`);
}
run(0, {});
