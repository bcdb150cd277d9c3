import { once } from 'node:events';
import readline from 'node:readline';
import { cleanText } from '../domain/inbound-text';
import { DEFAULT_DISTRICT_FILE, loadDistrictData } from '../config/district';
import { evaluateFile } from '../understanding/eval-command';
import { examplesDirFor, loadUnderstanding, type UnderstoodClassification } from '../understanding';

type Io = {
  stdin: NodeJS.ReadableStream;
  stdout: NodeJS.WritableStream;
  /** Overrides DISTRICT_FILE and the bundled district (tests). */
  districtFile?: string;
};

/**
 * `lianxin classify "<text>"` prints one JSON object; with no text, one JSON line per line of
 * standard input (empty lines skipped), so a file of messages can be piped through it.
 * `lianxin classify --eval FILE.jsonl [--mistakes]` measures the reader on a labelled file.
 * A bad district file throws (ConfigError), which the `lianxin` entry point reports.
 */
export async function runClassifyCommand(args: string[], io: Io): Promise<number> {
  const file = io.districtFile || process.env.DISTRICT_FILE || DEFAULT_DISTRICT_FILE;
  const data = loadDistrictData(file);
  const extraExamplesDir = examplesDirFor(file);
  if (args[0] === '--eval') {
    if (!args[1]) throw new Error('usage: lianxin classify --eval FILE.jsonl [--mistakes]');
    await writeLine(io.stdout, evaluateFile(data, args[1], args.includes('--mistakes'), { extraExamplesDir }));
    return 0;
  }
  const { classify } = loadUnderstanding(data, { extraExamplesDir });
  if (args.length > 0) {
    await writeLine(io.stdout, toJson(classify(args.join(' '))));
    return 0;
  }
  const lines = readline.createInterface({ input: io.stdin, crlfDelay: Infinity });
  for await (const line of lines) {
    // Lines from standard input pass the same boundary as arguments (lianxin.ts cleans those).
    const text = cleanText(line);
    if (text.trim() !== '') await writeLine(io.stdout, toJson(classify(text)));
  }
  return 0;
}

/** Fixed key order, so the output diffs cleanly between runs. */
function toJson(r: UnderstoodClassification): string {
  const { category, categoryName, ledger, priority, words, emergency, hazard } = r;
  return JSON.stringify({ category, categoryName, ledger, priority, words, emergency, hazard });
}

/** Waits when the reader is slower than we are, so a large piped file does not pile up in memory. */
async function writeLine(out: NodeJS.WritableStream, line: string): Promise<void> {
  if (!out.write(`${line}\n`)) await once(out, 'drain');
}
