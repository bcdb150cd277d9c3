import readline from 'node:readline';
import { DEFAULT_DISTRICT_FILE, loadDistrictData } from '../config/district';
import { createClassifier } from '../domain/classifier';

/**
 * `lianxin classify "<text>"` prints one JSON object; with no text, one JSON line per line of
 * standard input (empty lines skipped), so a file of messages can be piped through it.
 */
export async function runClassifyCommand(
  args: string[],
  io: { stdin: NodeJS.ReadableStream; stdout: NodeJS.WritableStream; districtFile?: string },
): Promise<number> {
  const classify = createClassifier(loadDistrictData(io.districtFile ?? process.env.DISTRICT_FILE ?? DEFAULT_DISTRICT_FILE));
  const line = (text: string) => {
    const r = classify(text);
    const out = { category: r.category, categoryName: r.categoryName, ledger: r.ledger, priority: r.priority, words: r.words, emergency: r.emergency };
    io.stdout.write(`${JSON.stringify(out)}\n`);
  };
  if (args.length > 0) {
    line(args.join(' '));
    return 0;
  }
  const rl = readline.createInterface({ input: io.stdin, crlfDelay: Infinity });
  for await (const text of rl) if (text.trim()) line(text);
  return 0;
}
