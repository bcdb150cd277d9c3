import path from 'node:path';
import { loadDistrictData } from '../../src/config/district';
import { loadUnderstanding } from '../../src/understanding';
import { readCorpusFile } from '../../src/understanding/corpus/corpus-line';
import { evaluate } from '../../src/understanding/evaluate';

/*
 * Lines by writers who never saw the corpus, in no split (data/corpus/README.md).
 * probes/: each batch measured once as it came, then mended on; they now teach the emergency reader
 * (load-model.ts, EMERGENCY_FILES), so these floors guard what was learnt.
 * holdout/: never taught. Each batch was measured as it came, before anything it could show was
 * changed; the first (relayed, year-mix-2: 366/370) then had hazard words mended on its misses, the
 * others were left as they were (mixed-2 180/180; year-mix-3 219 → 220/220 and year-mix-4 218 → 219/220
 * with the next probes taught; year-mix-5 219/220), and the later ones are described in the table below.
 */
const CORPUS = path.resolve(__dirname, '../../data/corpus');
const understanding = loadUnderstanding(loadDistrictData());
const read = (file: string) => {
  const { lines, errors } = readCorpusFile(path.join(CORPUS, file));
  expect(errors).toEqual([]);
  return lines;
};
const alarms = (file: string) => read(file).filter((l) => !l.emergency && understanding.detectEmergency(l.text).emergency).length;

describe('the probes, which teach the emergency reader', () => {
  it.each([
    ['probes/emergencies.jsonl', 270],
    ['probes/hard-emergencies.jsonl', 240],
    ['probes/hard-emergencies-2.jsonl', 200],
    ['probes/mixed.jsonl', 160],
    ['probes/hedged.jsonl', 150],
    ['probes/year-mix.jsonl', 180],
    ['probes/buried.jsonl', 200],
    ['probes/blurted.jsonl', 200],
    ['probes/hedged-2.jsonl', 200],
    ['probes/unusual.jsonl', 200],
    ['probes/voices.jsonl', 200],
    ['probes/still-going.jsonl', 200],
    ['probes/many-matters.jsonl', 200],
    ['probes/vulnerable.jsonl', 200],
    ['probes/no-keywords.jsonl', 200],
    ['probes/senses.jsonl', 200],
    // Session 11: the written register (本人系…现反映, 下落不明, 未见其人) and a careful half-formal voice;
    // first passes 138/150 and 148/150, then taught.
    ['probes/formal.jsonl', 150],
    ['probes/half-formal.jsonl', 150],
    // Then three in chat: everyday (short, as typed on an ordinary day), implied (no textbook word at all) and
    // long-stories (the danger in the middle or at the end of a long message): first passes 200, 200 and 199/200.
    ['probes/everyday.jsonl', 200],
    ['probes/implied.jsonl', 200],
    ['probes/long-stories.jsonl', 200],
  ])('hears every emergency in %s', (file, count) => {
    const evaluation = evaluate(understanding, read(file));
    expect(evaluation.emergency.recall.of).toBe(count);
    expect(evaluation.mistakes.emergency.filter((m) => m.expected === 'true').map((m) => m.text)).toEqual([]);
  });

  it.each([
    // [file, calm lines, most false alarms]: first passes 37/300, 19/160, 36/150, 6/120, then of 100 each
    // 15, 28, 22, 19 (buried … unusual), 23, 24, 24, 15 (voices … vulnerable), 15 and 32 (no-keywords, senses).
    ['probes/calm.jsonl', 300, 12],
    ['probes/mixed.jsonl', 160, 12],
    ['probes/hedged.jsonl', 150, 20],
    ['probes/year-mix.jsonl', 120, 6],
    ['probes/buried.jsonl', 100, 15],
    ['probes/blurted.jsonl', 100, 14],
    ['probes/hedged-2.jsonl', 100, 18],
    ['probes/unusual.jsonl', 100, 17],
    ['probes/voices.jsonl', 100, 22],
    ['probes/still-going.jsonl', 100, 19],
    // 25: a sentence read on its own (emergency.ts) cannot hear that the people stuck in a lift were let out.
    ['probes/many-matters.jsonl', 100, 25],
    ['probes/vulnerable.jsonl', 100, 14],
    ['probes/no-keywords.jsonl', 100, 15],
    ['probes/senses.jsonl', 100, 21],
    // First passes 13 and 7 of 100.
    ['probes/formal.jsonl', 100, 13],
    ['probes/half-formal.jsonl', 100, 6],
    // First passes 12, 13 and 13 of 100.
    ['probes/everyday.jsonl', 100, 7],
    ['probes/implied.jsonl', 100, 4],
    ['probes/long-stories.jsonl', 100, 12],
  ])('raises few false alarms among the calm look-alikes of %s', (file, calm, most) => {
    expect(read(file).filter((l) => !l.emergency)).toHaveLength(calm);
    expect(alarms(file)).toBeLessThanOrEqual(most);
  });
});

describe('the holdout, never taught', () => {
  it('hears all but one of the short blurts of short-2 (188/200 as it came, 197 once short messages needed p 0.5, not 0.9, and 救命 was a hazard word; 199 once 失踪了 alone was a person and 2单元 火 a cry) and says which it misses', () => {
    const evaluation = evaluate(understanding, read('holdout/short-2.jsonl'));
    expect(evaluation.emergency.recall.of).toBe(200);
    // Too little to go on: a crash with someone hurt (有人伤 is also the start of 有人伤心, sad).
    expect(evaluation.mistakes.emergency.filter((m) => m.expected === 'true').map((m) => m.text)).toEqual(['车祸 有人伤']);
    // 5 until session 11; 6 since the formal probes were taught.
    expect(alarms('holdout/short-2.jsonl')).toBeLessThanOrEqual(6);
  });

  it.each([
    ['holdout/relayed.jsonl', 170, 130, 22],
    ['holdout/year-mix-2.jsonl', 200, 100, 5],
    // Measured once as it came, and never mended on: 180/180 heard, 20 false alarms (21 since the last probes).
    ['holdout/mixed-2.jsonl', 180, 120, 21],
    // Measured before and after the last four probes were taught (219/220, then 220/220; 16 false alarms both times).
    ['holdout/year-mix-3.jsonl', 220, 80, 16],
    // 218/220 as it came, 219 after the voices … vulnerable probes; its last miss (a flood half a person
    // deep at the end of a drain complaint) shaped the no-keywords probe, so its 220 since is not unseen.
    ['holdout/year-mix-4.jsonl', 220, 80, 21],
    // 219/220 as it came (a child who has not come up, after a question about subsidies), 220 once each
    // sentence was read on its own (emergency.ts).
    ['holdout/year-mix-5.jsonl', 220, 80, 16],
    // Written for the sentence reading and measured as they came, before it: 219/220 and 147/150 (7 and
    // 15 false alarms); with it 220 and 150 (7 and 17). Some of their misses shaped it (再就是, 另外的事).
    ['holdout/year-mix-6.jsonl', 220, 80, 7],
    ['holdout/matters-2.jsonl', 150, 150, 17],
    // Written after it, measured as they came: 219/220 and 149/150 (15 and 37 false alarms); the reading
    // from a weak word's clause on and 再就是 as a turn, not a threat, took them to 220 and 150.
    ['holdout/year-mix-7.jsonl', 220, 80, 15],
    ['holdout/matters-3.jsonl', 150, 150, 37],
    ['holdout/year-mix-8.jsonl', 220, 80, 14],
    // 8 as it came; 9 since the formal probes were taught (session 11).
    ['holdout/year-mix-9.jsonl', 220, 80, 9],
    // Written blind on 2026-12-02 (session 11) and measured as it came: 220/220, 7 false alarms of 80.
    ['holdout/year-mix-10.jsonl', 220, 80, 7],
    // Written after the first five of session 11 were mended on, as it came: 219/220 (15 of 80); its miss
    // (门口气味很重，怀疑天燃气没关, a neighbour away) gave 燃气没关.
    ['holdout/year-mix-11.jsonl', 220, 80, 15],
    // Written blind in session 11's third round, measured after the mends of its sister files below: 220/220, 10 of 80.
    ['holdout/year-mix-12.jsonl', 220, 80, 10],
  ])('hears every emergency in %s and raises few false alarms among its calm lines', (file, emergencies, calm, most) => {
    const lines = read(file);
    const evaluation = evaluate(understanding, lines);
    expect(evaluation.emergency.recall.of).toBe(emergencies);
    expect(evaluation.mistakes.emergency.filter((m) => m.expected === 'true').map((m) => m.text)).toEqual([]);
    expect(lines.filter((l) => !l.emergency)).toHaveLength(calm);
    expect(alarms(file)).toBeLessThanOrEqual(most);
  });
  // Written blind on 2026-12-02 (many voices, rare kinds, answers mid-intake, twists of reasoning, run-ons) and
  // measured as they came: 195, 199, 200, 198 and 174 of 200 heard; 20, 29, 12, 37 and 30 false alarms of 100.
  // The run-ons showed a clause's markers reaching a whole unpunctuated message (hazard-rules.ts, REACH); that,
  // 以为…原来, a matter already told, and a few effect words took them to the figures below. Still missed:
  // Cantonese, a burst main flooding a street, and someone in a car park filling with water.
  it.each([
    ['holdout/voices-3.jsonl', 15, []],
    ['holdout/rare-kinds-2.jsonl', 24, []],
    ['holdout/answers-2.jsonl', 8, []],
    ['holdout/twists-2.jsonl', 30, []],
    // 31 until the chat probes of session 11 were taught; 33 since.
    ['holdout/run-ons.jsonl', 33, []],
    // Written blind after those mends and measured as they came: 195/200 (5 false alarms) and 220/220 (14 of 80).
    // (voices-3, rare-kinds-2 and run-ons: their last misses heard since session 11, by 塌咗, 主管爆 and a
    // long run-on read eight clauses at a time, emergency.ts.)
    // run-ons-2's misses showed a repetition reaching too far after a word (吵了好几回 about another matter),
    // 好几个人上去 read as 好几个 (times), a habit read as an end (平时半个钟头就回来了), 喝了农药, 越裂越宽.
    ['holdout/run-ons-2.jsonl', 5, []],
    // The last two, written after every mend above: voice-typed 199/200 as it came (18 false alarms; its miss,
    // 云倒 for 晕倒, is a hazard word since, and reads 臭得人要云倒了 as one too) and year-mix-9 220/220 (8 of 80).
    ['holdout/voice-typed.jsonl', 19, []],
    // Three more at the session's end, measured as they came and left as they were: 200/200 each (19, 11 and
    // 13 false alarms; short-3's are mostly all-clears such as 老汉儿醒了, read as a fright by the short-message
    // threshold: an all-clear rule was measured and dropped, since 走散了 holds 散了 and 物业说没事 is a claim).
    ['holdout/short-3.jsonl', 19, []],
    ['holdout/work-and-farm.jsonl', 11, []],
    // 13 as it came; 14 since the formal probes were taught (session 11).
    ['holdout/vulnerable-2.jsonl', 14, []],
    // Session 11, written blind and measured as they came: odd-typing (dialects, pinyin, emoji, traditional
    // characters) 200/200 with 11 false alarms; storms-and-works 199/200 with 13; understated (apologetic,
    // 估计问题不大) 199/200 with 5; formal-and-relayed (本人…现反映, a son far away) 194/200 with 12. The
    // formal register had words the chat never used (至今未归, 下落不明, 拳打脚踢, 水位暴涨, 急需转移), and the
    // understated miss 在垮; with them, all heard but the head count after a flash flood (清点人数 少了一个:
    // the flood is over, the count is now, and the word has a space inside it).
    ['holdout/odd-typing.jsonl', 12, []],
    ['holdout/storms-and-works.jsonl', 13, ['山洪过后水塘村2组清点人数 少了一个']],
    ['holdout/understated.jsonl', 5, []],
    ['holdout/formal-and-relayed.jsonl', 12, []],
    // Four more, written after those mends and measured as they came: at-home and shops-and-sites 200/200
    // (11 and 18 false alarms), formal-2 (the written register again) 189/200 with 20. The register was a
    // gap in the trained reader, not in a few words: two probes written in it (formal, half-formal) were
    // then taught, and formal-2, unmended, read 200/200 with 22. odd-typing's 11 became 12 then.
    ['holdout/at-home.jsonl', 11, []],
    // 19 since the chat probes were taught (all holdouts together: 503 → 499 false alarms of 3,450).
    ['holdout/shops-and-sites.jsonl', 19, []],
    ['holdout/formal-2.jsonl', 22, []],
    // Session 11's third round, as they came: first-messages (a greeting or a question about the bot first)
    // 197/200 with 5 false alarms, past-and-present (a past, feared or denied danger beside a present one)
    // 198/200 with 12. Their misses gave 敌敌畏, 缝在变大, 没关气, 一晃眼…没得了 and 楼道在烧.
    ['holdout/first-messages.jsonl', 5, []],
    ['holdout/past-and-present.jsonl', 12, []],
  ])('hears all but the named emergencies of %s and raises few false alarms among its 100 calm lines', (file, most, missed) => {
    const lines = read(file as string);
    const evaluation = evaluate(understanding, lines);
    expect(evaluation.emergency.recall.of).toBe(200);
    expect(evaluation.mistakes.emergency.filter((m) => m.expected === 'true').map((m) => m.text)).toEqual(missed);
    expect(lines.filter((l) => !l.emergency)).toHaveLength(100);
    expect(alarms(file as string)).toBeLessThanOrEqual(most as number);
  });
});
