import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { loadDistrictData } from '../src/config/district';
import { loadUnderstanding } from '../src/understanding';
import { readCorpusFile } from '../src/understanding/corpus/corpus-line';
import { REPO_ROOT } from './lib/env';

export type ClassifyResult = {
  messages: number;
  rounds: number;
  loadMs: number;
  /** Per message: category + emergency + intent, as the router reads each one. */
  microsPerMessage: { all: number; classify: number; detectEmergency: number; recogniseIntent: number };
};

/** Reading time per message over the dev split, after a warm-up round. */
export function benchClassify(rounds = 20): ClassifyResult {
  const started = performance.now();
  const u = loadUnderstanding(loadDistrictData(), { modelPath: path.join(REPO_ROOT, 'dist/understanding/model.json') });
  const loadMs = performance.now() - started;
  const texts = readCorpusFile(path.join(REPO_ROOT, 'data/corpus/dev.jsonl')).lines.map((l) => l.text);
  const works = {
    all: (t: string) => [u.classify(t), u.detectEmergency(t), u.recogniseIntent(t)],
    classify: (t: string) => u.classify(t),
    detectEmergency: (t: string) => u.detectEmergency(t),
    recogniseIntent: (t: string) => u.recogniseIntent(t),
  };
  // Every work warmed up before any is timed: timed first, the sum paid for the model load's
  // garbage and the reader's first compilations (222 µs against 159 µs timed again after the rest).
  for (const work of Object.values(works)) for (const t of texts) work(t);
  const time = (work: (t: string) => unknown) => {
    const t0 = performance.now();
    for (let r = 0; r < rounds; r++) for (const t of texts) work(t);
    return Math.round(((performance.now() - t0) * 1000) / (rounds * texts.length) * 10) / 10;
  };
  return {
    messages: texts.length,
    rounds,
    loadMs: Math.round(loadMs),
    microsPerMessage: {
      all: time(works.all),
      classify: time(works.classify),
      detectEmergency: time(works.detectEmergency),
      recogniseIntent: time(works.recogniseIntent),
    },
  };
}
