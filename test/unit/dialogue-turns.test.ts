import { readFileSync } from 'node:fs';
import path from 'node:path';
import { compileDistrict } from '../../src/config/compile-district';
import { turnsToCase } from '../support/turns';
import { district, makeCtx, MINUTE, T0 } from './dialogue-fixtures';

/**
 * Turns from first message to case number (issue 13, item 6), measured over the corpus's reports
 * that name a place (train and dev splits; the frozen test split is left to the classifier's
 * thresholds), for a new resident who must first agree to the privacy notice.
 */
const compiled = compileDistrict(district);
const ctx = (turn: number) =>
  makeCtx({
    now: T0 + turn * MINUTE,
    messageId: `m${turn}`,
    requireConsent: true,
    classify: compiled.classify,
    detectEmergency: compiled.detectEmergency,
    recogniseIntent: compiled.recogniseIntent,
    allAreas: compiled.areas,
  });

type Line = { text: string; kind: string; area?: string; place?: string };
const corpus = ['train.jsonl', 'dev.jsonl'].flatMap((f) =>
  readFileSync(path.resolve(__dirname, '../../data/corpus', f), 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as Line),
);
const naming = corpus.filter((l) => l.kind === 'report' && l.area);

test('a message naming problem and place needs at most six turns including consent', () => {
  expect(naming.length).toBeGreaterThan(100);
  const turns = naming.map((l) => ({ text: l.text, turns: turnsToCase(l.text, `${l.area}${l.place ?? ''}`, ctx) }));
  const histogram = new Map<number | null, number>();
  for (const t of turns) histogram.set(t.turns, (histogram.get(t.turns) ?? 0) + 1);
  const mean = turns.reduce((s, t) => s + (t.turns ?? 0), 0) / turns.length;
  process.stdout.write(`turns to case number over ${turns.length} corpus reports naming a place: mean ${mean.toFixed(2)}, ${JSON.stringify([...histogram].sort())}\n`);
  const over = turns.filter((t) => t.turns === null || t.turns > 6).map((t) => `${t.turns} ${t.text}`);
  expect(over).toEqual([]);
});
