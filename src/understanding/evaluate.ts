import type { CorpusLine } from './corpus/corpus-line';
import type { Understanding } from './types';

export type Rate = { hits: number; of: number; value: number };
export type CategoryScore = { code: string; precision: Rate; recall: Rate };
export type Mistake = { text: string; expected: string; got: string };

export type Evaluation = {
  lines: number;
  category: { accuracy: Rate; perCategory: CategoryScore[]; labels: string[]; confusion: number[][] };
  emergency: { recall: Rate; precision: Rate; hazard: Rate };
  /** Over every line: an intent line must get its intent, a report 'report'. */
  intent: { accuracy: Rate; onIntents: Rate; onReports: Rate };
  mistakes: { category: Mistake[]; emergency: Mistake[]; intent: Mistake[] };
};

const rate = (hits: number, of: number): Rate => ({ hits, of, value: of === 0 ? 1 : hits / of });

/** Measures the reader on labelled lines (the corpus format). */
export function evaluate(u: Understanding, lines: CorpusLine[]): Evaluation {
  const reports = lines.filter((l) => l.kind === 'report' && l.category);
  const labels = [...new Set(reports.map((l) => l.category!))].sort();
  const mistakes: Evaluation['mistakes'] = { category: [], emergency: [], intent: [] };
  const pairs: [string, string][] = [];
  for (const l of reports) {
    const got = u.classify(l.text).category;
    if (!labels.includes(got)) labels.push(got);
    pairs.push([l.category!, got]);
    if (got !== l.category) mistakes.category.push({ text: l.text, expected: l.category!, got });
  }
  const confusion = labels.map((e) => labels.map((g) => pairs.filter(([a, b]) => a === e && b === g).length));
  const perCategory = labels.map((code, i) => {
    const column = confusion.reduce((s, row) => s + row[i]!, 0);
    const row = confusion[i]!.reduce((s, x) => s + x, 0);
    return { code, precision: rate(confusion[i]![i]!, column), recall: rate(confusion[i]![i]!, row) };
  });

  let tp = 0;
  let fp = 0;
  let fn = 0;
  let hazardHits = 0;
  let intentHits = 0;
  let onIntents = 0;
  let onReports = 0;
  for (const l of lines) {
    const expected = l.kind === 'report' && l.emergency === true;
    const e = u.detectEmergency(l.text);
    if (e.emergency && expected) {
      tp += 1;
      if (e.hazard === l.hazard) hazardHits += 1;
    } else if (e.emergency) fp += 1;
    else if (expected) fn += 1;
    if (e.emergency !== expected) mistakes.emergency.push({ text: l.text, expected: String(expected), got: `${e.emergency} ${e.hazard ?? ''} ${e.score.toFixed(2)}` });

    const want = l.kind === 'intent' ? l.intent! : 'report';
    const got = u.recogniseIntent(l.text);
    if (got.intent === want) {
      intentHits += 1;
      if (l.kind === 'intent') onIntents += 1;
      else onReports += 1;
    } else mistakes.intent.push({ text: l.text, expected: want, got: `${got.intent} ${got.confidence.toFixed(2)}` });
  }
  const intents = lines.filter((l) => l.kind === 'intent').length;
  const correct = pairs.filter(([a, b]) => a === b).length;
  return {
    lines: lines.length,
    category: { accuracy: rate(correct, reports.length), perCategory, labels, confusion },
    emergency: { recall: rate(tp, tp + fn), precision: rate(tp, tp + fp), hazard: rate(hazardHits, tp) },
    intent: { accuracy: rate(intentHits, lines.length), onIntents: rate(onIntents, intents), onReports: rate(onReports, lines.length - intents) },
    mistakes,
  };
}

const pct = (r: Rate) => `${(r.value * 100).toFixed(1)}% (${r.hits}/${r.of})`;

/** The evaluation as a plain-text report (`lianxin classify --eval`). */
export function formatEvaluation(ev: Evaluation, showMistakes = false): string {
  const out: string[] = [];
  out.push(`lines: ${ev.lines}`);
  out.push(`category accuracy: ${pct(ev.category.accuracy)}`);
  out.push(`emergency recall: ${pct(ev.emergency.recall)}   precision: ${pct(ev.emergency.precision)}   hazard named right: ${pct(ev.emergency.hazard)}`);
  out.push(`intent accuracy: ${pct(ev.intent.accuracy)}   on intent lines: ${pct(ev.intent.onIntents)}   on reports: ${pct(ev.intent.onReports)}`);
  out.push('', 'per category:      precision            recall');
  for (const c of ev.category.perCategory) out.push(`  ${c.code.padEnd(16)} ${pct(c.precision).padEnd(20)} ${pct(c.recall)}`);
  const short = ev.category.labels.map((l) => l.slice(0, 5));
  out.push('', 'confusion (rows: expected, columns: got):', `  ${''.padEnd(16)} ${short.map((s) => s.padStart(5)).join(' ')}`);
  ev.category.labels.forEach((l, i) => out.push(`  ${l.padEnd(16)} ${ev.category.confusion[i]!.map((n) => String(n).padStart(5)).join(' ')}`));
  if (showMistakes) {
    for (const [kind, list] of Object.entries(ev.mistakes)) {
      out.push('', `${kind} mistakes (${list.length}):`);
      for (const m of list) out.push(`  expected ${m.expected}, got ${m.got}: ${m.text}`);
    }
  }
  return `${out.join('\n')}\n`;
}
