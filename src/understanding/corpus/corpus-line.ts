import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { HAZARDS, INTENTS } from '../types';

/** One labelled resident message (data/corpus/README.md describes the fields). */
export const corpusLineSchema = z.strictObject({
  text: z.string().min(1),
  kind: z.enum(['report', 'intent']),
  category: z.string().regex(/^[A-Z_]+$/).optional(),
  emergency: z.boolean().optional(),
  hazard: z.enum(HAZARDS).optional(),
  hard: z.boolean().optional(),
  intent: z.enum(INTENTS.filter((i) => i !== 'report') as [string, ...string[]]).optional(),
  area: z.string().optional(),
  place: z.string().optional(),
  households: z.number().int().nonnegative().optional(),
  /** Where the line came from (set by the assembly, e.g. "reports-ROADS.jsonl"). */
  source: z.string().optional(),
});

export type CorpusLine = z.infer<typeof corpusLineSchema>;

export type ParsedCorpus = { lines: CorpusLine[]; errors: string[] };

/** Reads a JSONL file; a bad line is reported with its number and skipped, never fatal. */
export function readCorpusFile(file: string): ParsedCorpus {
  const lines: CorpusLine[] = [];
  const errors: string[] = [];
  readFileSync(file, 'utf8')
    .split('\n')
    .forEach((raw, i) => {
      if (raw.trim() === '') return;
      let json: unknown;
      try {
        json = JSON.parse(raw);
      } catch {
        errors.push(`${path.basename(file)}:${i + 1}: not JSON`);
        return;
      }
      const parsed = corpusLineSchema.safeParse(json);
      const problem = parsed.success ? labelProblem(parsed.data) : parsed.error.issues.map((x) => `${x.path.join('.')}: ${x.message}`).join('; ');
      if (problem || !parsed.success) errors.push(`${path.basename(file)}:${i + 1}: ${problem}`);
      else lines.push(parsed.data);
    });
  return { lines, errors };
}

/** The label a line's kind needs: a report has a category and an emergency flag, an intent its name. */
function labelProblem(line: CorpusLine): string | null {
  if (line.kind === 'report' && !line.category) return 'a report needs a category';
  if (line.kind === 'intent' && !line.intent) return 'an intent needs its intent';
  return null;
}

/** Every *.jsonl file of a folder, in name order; a missing folder is no examples. */
export function readCorpusFolder(dir: string): ParsedCorpus {
  let names: string[];
  try {
    names = readdirSync(dir).filter((n) => n.endsWith('.jsonl')).sort();
  } catch {
    return { lines: [], errors: [] };
  }
  const all: ParsedCorpus = { lines: [], errors: [] };
  for (const name of names) {
    const part = readCorpusFile(path.join(dir, name));
    all.lines.push(...part.lines);
    all.errors.push(...part.errors);
  }
  return all;
}
