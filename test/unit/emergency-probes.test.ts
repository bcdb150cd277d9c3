import path from 'node:path';
import { loadDistrictData } from '../../src/config/district';
import { loadUnderstanding } from '../../src/understanding';
import { readCorpusFile } from '../../src/understanding/corpus/corpus-line';
import { evaluate } from '../../src/understanding/evaluate';

/*
 * The probes (data/corpus/probes/): lines by a writer who never saw the corpus, in no split and not
 * trained on. The hazard rules were mended on them, so these are regression floors, not a measure
 * of unseen text (that is the frozen test split's job).
 */
const PROBES = path.resolve(__dirname, '../../data/corpus/probes');
const understanding = loadUnderstanding(loadDistrictData());
const read = (file: string) => {
  const { lines, errors } = readCorpusFile(path.join(PROBES, file));
  expect(errors).toEqual([]);
  return lines;
};

describe('the probes written without sight of the corpus', () => {
  it.each([
    ['emergencies.jsonl', 270],
    ['hard-emergencies.jsonl', 240],
  ])('hears every emergency in %s', (file, count) => {
    const evaluation = evaluate(understanding, read(file));
    expect(evaluation.emergency.recall.of).toBe(count);
    expect(evaluation.mistakes.emergency.map((m) => m.text)).toEqual([]);
  });

  it('raises at most 12 false alarms among the 300 calm look-alikes', () => {
    const lines = read('calm.jsonl');
    expect(lines).toHaveLength(300);
    const alarms = lines.filter((l) => understanding.detectEmergency(l.text).emergency);
    expect(alarms.length).toBeLessThanOrEqual(12);
  });
});
