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

  it('hears all but one of the second hard probe (first pass 196/200), and says which one it misses', () => {
    const evaluation = evaluate(understanding, read('hard-emergencies-2.jsonl'));
    expect(evaluation.emergency.recall.of).toBe(200);
    // A gas leak told only by a likeness (像以前用罐罐煮饭那种味): no word of the rules, and the
    // hedges around it (也可能是…哈) read calm to the model. Left, not made into a word for one line.
    expect(evaluation.mistakes.emergency.map((m) => m.text)).toEqual([
      '也可能是下水道的味哈 但是闻起来不像臭水沟 像以前用罐罐煮饭那种味 整层楼都是 还越来越大',
    ]);
  });

  it('hears every emergency of the third probe (first pass 158/160) and raises at most 12 false alarms among its 160 calm lines on the same words (first pass 19)', () => {
    const lines = read('mixed.jsonl');
    const evaluation = evaluate(understanding, lines);
    expect(evaluation.emergency.recall.of).toBe(160);
    expect(evaluation.mistakes.emergency.filter((m) => m.expected === 'true').map((m) => m.text)).toEqual([]);
    expect(lines.filter((l) => !l.emergency && understanding.detectEmergency(l.text).emergency).length).toBeLessThanOrEqual(12);
  });

  it('raises at most 12 false alarms among the 300 calm look-alikes', () => {
    const lines = read('calm.jsonl');
    expect(lines).toHaveLength(300);
    const alarms = lines.filter((l) => understanding.detectEmergency(l.text).emergency);
    expect(alarms.length).toBeLessThanOrEqual(12);
  });
});
