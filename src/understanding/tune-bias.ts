import { createHash } from 'node:crypto';
import { loadDistrictData } from '../config/district';
import { createKeywordReader } from '../domain/classifier';
import { type CorpusLine, readCorpusFile } from './corpus/corpus-line';
import { loadUnderstanding } from './index';
import { CORPUS_DIR, countWithProbes } from './load-model';
import { createTextReader } from './reader';
import type { UnderstandingSettings } from './settings';

/*
 * `node dist/understanding/tune-bias.js`: learns one offset per category on the held-out folds of a
 * 5-fold cross-validation over train.jsonl + dev.jsonl (coordinate ascent on accuracy, small steps, offsets kept
 * small), then shows what they do on dev.jsonl. Never reads test.jsonl. Paste the result into
 * settings.categoryBias.
 */

const data = loadDistrictData();
const train = readCorpusFile(`${CORPUS_DIR}/train.jsonl`).lines;
const dev = readCorpusFile(`${CORPUS_DIR}/dev.jsonl`).lines;
const reader = createTextReader(createKeywordReader(data));
// The probes teach the emergency reader in every fit, as they do in the model that ships.
const count = (lines: CorpusLine[]) => countWithProbes(data, lines, reader);
const FOLDS = 5;
const both = [...train, ...dev];
const fold = (l: CorpusLine) => createHash('sha256').update(`fold:${l.text}`).digest().readUInt32BE(0) % FOLDS;
const settings: Partial<UnderstandingSettings> = { ...JSON.parse(process.env.SETTINGS ?? '{}'), categoryBias: {} };

type Scored = { scores: Float64Array; want: number };
function scored(fit: CorpusLine[], held: CorpusLine[]): { codes: string[]; rows: Scored[] } {
  const u = loadUnderstanding(data, { counts: count(fit), settings });
  const reports = held.filter((l) => l.kind === 'report' && l.category);
  let codes: string[] = [];
  const rows = reports.map((l) => {
    const r = u.categoryScores!(l.text);
    codes = r.codes;
    return { scores: Float64Array.from(r.scores), want: r.codes.indexOf(l.category!) };
  });
  return { codes, rows };
}

const cv = Array.from({ length: FOLDS }, (_, k) => scored(both.filter((l) => fold(l) !== k), both.filter((l) => fold(l) === k)));
const codes = cv[0]!.codes;
const cvRows = cv.flatMap((f) => f.rows);
const devRows = scored(train, dev).rows;

function accuracy(rows: Scored[], bias: Float64Array): number {
  let hits = 0;
  for (const { scores, want } of rows) {
    let best = 0;
    for (let i = 1; i < scores.length; i++) if (scores[i]! + bias[i]! > scores[best]! + bias[best]!) best = i;
    if (best === want) hits += 1;
  }
  return hits / rows.length;
}

const bias = new Float64Array(codes.length);
const STEPS = [-1, -0.5, -0.25, 0.25, 0.5, 1];
const LIMIT = 2;
let current = accuracy(cvRows, bias);
const start = { cv: current, dev: accuracy(devRows, bias) };
for (let round = 0; round < 10; round++) {
  let improved = false;
  for (let i = 0; i < codes.length; i++) {
    for (const step of STEPS) {
      const was = bias[i]!;
      if (Math.abs(was + step) > LIMIT) continue;
      bias[i] = was + step;
      const a = accuracy(cvRows, bias);
      // Only a clear gain moves a bias (one more message right in four folds is noise).
      if (a > current + 1.5 / cvRows.length) {
        current = a;
        improved = true;
      } else bias[i] = was;
    }
  }
  if (!improved) break;
}
const out = Object.fromEntries(codes.map((c, i) => [c, bias[i]!]));
process.stdout.write(`cv ${(start.cv * 100).toFixed(1)} → ${(current * 100).toFixed(1)}; dev ${(start.dev * 100).toFixed(1)} → ${(accuracy(devRows, bias) * 100).toFixed(1)}\n${JSON.stringify(out)}\n`);
