import { createHash } from 'node:crypto';
import { copyFileSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { normaliseText } from '../../domain/classifier';
import { CORPUS_DIR } from '../load-model';
import { type CorpusLine, readCorpusFile } from './corpus-line';
import { renderCorpusReadme } from './readme';
import { SPLITS, type SplitName } from './split-names';

export type { SplitName };

/*
 * `npm run corpus:split [-- --import DIR]`: assembles data/corpus/{train,dev,test}.jsonl from the raw
 * parts in data/corpus/raw/ (after copying DIR/*.jsonl there, if given). Deterministic: lines are
 * deduplicated by their tidied text, and each goes to a split by a hash of that text with digits
 * made 0, so 新华路5栋… and 新华路6栋… land together and test never sees a near-copy of a train line.
 * The test split is frozen: it changes only by adding new raw data through this same split.
 * Raw files named train-only-*.jsonl (sentences from the unit tests) go to train whatever their hash.
 */

export const RAW_DIR = path.join(CORPUS_DIR, 'raw');
const KEY_ORDER: (keyof CorpusLine)[] = ['text', 'kind', 'category', 'emergency', 'hazard', 'hard', 'intent', 'area', 'place', 'households', 'source'];

/** The text with case, spaces and punctuation left out: two lines that differ only there are one. */
export function dedupeKey(text: string): string {
  return normaliseText(text).toLowerCase().replace(/[\s\p{P}\p{S}]/gu, '');
}

/** 70 / 15 / 15 by the first 32 bits of SHA-256 of the key with digits made 0. */
export function splitOf(text: string): SplitName {
  const bucket = createHash('sha256').update(dedupeKey(text).replace(/[0-9]/g, '0')).digest().readUInt32BE(0) % 100;
  return bucket < 70 ? 'train' : bucket < 85 ? 'dev' : 'test';
}

function labelOf(line: CorpusLine): string {
  return JSON.stringify([line.kind, line.category, line.emergency ?? false, line.hazard, line.intent]);
}

export function assemble(rawDir: string): { splits: Record<SplitName, CorpusLine[]>; errors: string[]; duplicates: number; conflicts: string[] } {
  const files = readdirSync(rawDir).filter((n) => n.endsWith('.jsonl')).sort();
  const splits: Record<SplitName, CorpusLine[]> = { train: [], dev: [], test: [] };
  const seen = new Map<string, CorpusLine>();
  const errors: string[] = [];
  const conflicts: string[] = [];
  let duplicates = 0;
  for (const name of files) {
    const part = readCorpusFile(path.join(rawDir, name));
    errors.push(...part.errors);
    for (const raw of part.lines) {
      const line: CorpusLine = { ...raw, text: normaliseText(raw.text), source: name };
      const key = dedupeKey(line.text);
      if (key === '') continue;
      const earlier = seen.get(key);
      if (earlier) {
        duplicates += 1;
        if (labelOf(earlier) !== labelOf(line)) conflicts.push(`${line.text} (${earlier.source} vs ${name}: first kept)`);
        continue;
      }
      seen.set(key, line);
      splits[name.startsWith('train-only-') ? 'train' : splitOf(line.text)].push(line);
    }
  }
  return { splits, errors, duplicates, conflicts };
}

function toJsonl(lines: CorpusLine[]): string {
  return lines.map((l) => JSON.stringify(Object.fromEntries(KEY_ORDER.filter((k) => l[k] !== undefined).map((k) => [k, l[k]])))).join('\n') + '\n';
}

function main(argv: string[]): void {
  const at = argv.indexOf('--import');
  mkdirSync(RAW_DIR, { recursive: true });
  if (at >= 0) {
    const from = argv[at + 1];
    if (!from) throw new Error('--import needs a folder');
    for (const name of readdirSync(from).filter((n) => n.endsWith('.jsonl'))) copyFileSync(path.join(from, name), path.join(RAW_DIR, name));
  }
  const { splits, errors, duplicates, conflicts } = assemble(RAW_DIR);
  for (const split of SPLITS) writeFileSync(path.join(CORPUS_DIR, `${split}.jsonl`), toJsonl(splits[split]));
  const sources = readdirSync(RAW_DIR).filter((n) => n.endsWith('.jsonl')).sort();
  writeFileSync(path.join(CORPUS_DIR, 'README.md'), renderCorpusReadme(splits, { sources, duplicates, conflicts: conflicts.length, rejected: errors.length }));
  for (const e of [...errors, ...conflicts.map((c) => `label conflict: ${c}`)]) process.stderr.write(`${e}\n`);
  const sizes = SPLITS.map((s) => `${s} ${splits[s].length}`).join(', ');
  process.stdout.write(`corpus: ${sizes}; ${duplicates} duplicates dropped, ${conflicts.length} with other labels, ${errors.length} bad lines\n`);
}

if (require.main === module) main(process.argv.slice(2));
