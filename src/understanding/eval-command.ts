import type { DistrictData } from '../config/district-schema';
import { readCorpusFile } from './corpus/corpus-line';
import { evaluate, formatEvaluation } from './evaluate';
import { loadUnderstanding, type UnderstandingOptions } from './index';

/** `lianxin classify --eval FILE.jsonl [--mistakes]`: the measured numbers for a labelled file. */
export function evaluateFile(data: DistrictData, file: string, showMistakes: boolean, opts: UnderstandingOptions = {}): string {
  const { lines, errors } = readCorpusFile(file);
  if (errors.length > 0) throw new Error(`bad lines in ${file}:\n${errors.slice(0, 10).join('\n')}`);
  return formatEvaluation(evaluate(loadUnderstanding(data, opts), lines), showMistakes);
}
