import path from 'node:path';
import { loadDistrictData } from '../../src/config/district';
import { loadUnderstanding } from '../../src/understanding';
import { readCorpusFile } from '../../src/understanding/corpus/corpus-line';
import { evaluate, formatEvaluation } from '../../src/understanding/evaluate';

/*
 * The frozen test split (data/corpus/test.jsonl), never used for tuning, read by the model the
 * build made (dist/understanding/model.json, or the same training done now if it is missing or stale).
 * The floors below hold what this build measured; issue 13's targets are printed beside them.
 */
const TEST_FILE = path.resolve(__dirname, '../../data/corpus/test.jsonl');

describe('reading residents on the frozen test split', () => {
  const { lines, errors } = readCorpusFile(TEST_FILE);
  const evaluation = evaluate(loadUnderstanding(loadDistrictData()), lines);
  // Numbers only: the items of the frozen split are not for reading while tuning.
  const report = formatEvaluation(evaluation, false);

  it('is a well-formed split with reports, emergencies and intents', () => {
    expect(errors).toEqual([]);
    expect(evaluation.category.accuracy.of).toBeGreaterThan(100);
    expect(evaluation.emergency.recall.of).toBeGreaterThan(30);
    expect(evaluation.intent.onIntents.of).toBeGreaterThan(30);
  });

  /*
   * Two floors per measure. `target` is issue 13's acceptance threshold; `floor` is what CI holds.
   * On the 2,684-line split after session 11 (2026-12-02; aggregate numbers only, the 27th reading of
   * this split): category 92.0 % (2312/2512), emergency recall 100 % (681/681), precision 76.3 %,
   * intent 99.4 % (91.9 % on the intent lines alone). Every target is met, so every floor is its target:
   * CI fails below any of issue 13's thresholds. Never raise or lower one by tuning on this split.
   */
  it.each([
    ['category accuracy', () => evaluation.category.accuracy.value, 0.92, 0.92],
    ['emergency recall', () => evaluation.emergency.recall.value, 1.0, 1.0],
    ['emergency precision', () => evaluation.emergency.precision.value, 0.7, 0.7],
    ['intent accuracy', () => evaluation.intent.accuracy.value, 0.95, 0.95],
  ])('%s holds its floor (and says how far it is from issue 13\'s target)', (name, measured, floor, target) => {
    const value = measured();
    if (value < target) process.stderr.write(`${name} ${value.toFixed(3)}: below issue 13's target ${target} (floor ${floor})\n`);
    if (value < floor) process.stderr.write(report);
    expect(value).toBeGreaterThanOrEqual(floor);
  });
});
