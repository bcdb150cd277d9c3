import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { DistrictData } from '../config/district-schema';
import { createKeywordReader } from '../domain/classifier';
import { type CorpusLine, readCorpusFile, readCorpusFolder } from './corpus/corpus-line';
import { DEFAULT_LR, type LrOptions } from './logistic';
import { countLines, fitLogistic, learn, type ModelCounts, readModelFile } from './model';
import { countsFromJson, countsToJson } from './naive-bayes';
import { createHazardRules } from './hazard-rules';
import { createTextReader, type TextReader } from './reader';

const REPO_ROOT = path.resolve(__dirname, '../..');
/** Written by `npm run build` (src/understanding/build-model.ts); the same path from src/ and dist/. */
export const DEFAULT_MODEL_FILE = path.join(REPO_ROOT, 'dist/understanding/model.json');
export const CORPUS_DIR = path.join(REPO_ROOT, 'data/corpus');
export const TRAIN_FILE = path.join(CORPUS_DIR, 'train.jsonl');
export const DEV_FILE = path.join(CORPUS_DIR, 'dev.jsonl');
/**
 * What the shipped model learns from: train and dev. The reader's settings are chosen first, on dev
 * and on cross-validation folds of train + dev (tune.ts); the model that ships is then fitted on both,
 * as is usual once the knobs are set. The test split never joins.
 */
export const TRAINING_FILES: readonly string[] = [TRAIN_FILE, DEV_FILE];
/**
 * The probes (data/corpus/probes/): lines by writers who never saw the corpus, each batch measured
 * once as it came and then mended on. They teach the emergency reader only (model.ts, Teaches). The
 * batches kept back to measure the reader on unseen phrasings are in data/corpus/holdout/ and never join.
 */
export const PROBES_DIR = path.join(CORPUS_DIR, 'probes');
export const EMERGENCY_FILES: readonly string[] = probeFiles(PROBES_DIR);

function probeFiles(dir: string): string[] {
  try {
    return readdirSync(dir).filter((n) => n.endsWith('.jsonl')).sort().map((n) => path.join(dir, n));
  } catch {
    return []; // a checkout without the probes trains on the corpus alone
  }
}

/** A district's own labelled examples live next to its data file: <folder of the file>/examples/*.jsonl. */
export function examplesDirFor(districtFile: string): string {
  return path.join(path.dirname(districtFile), 'examples');
}

/** The training the build does, also done at start when the artefact is missing (same data, same counts). */
export function trainFromCorpus(data: DistrictData, files: readonly string[] = TRAINING_FILES, emergencyFiles: readonly string[] = EMERGENCY_FILES): ModelCounts {
  const read = createTextReader(createKeywordReader(data));
  const model = countLines(data.categories.map((c) => c.code), trainingLines(files), read, createHazardRules(data), trainingLines(emergencyFiles));
  model.source = filesHash([...files, ...emergencyFiles]);
  return model;
}

const trainingLines = (files: readonly string[]) => files.flatMap((f) => readCorpusFile(f).lines);

let probes: CorpusLine[] | undefined;
/** The probes' lines, read once. */
const probeLines = (): CorpusLine[] => (probes ??= trainingLines(EMERGENCY_FILES));

/** Counts lines as the shipped model is counted, the probes teaching the emergency reader (tune.ts, tune-bias.ts). */
export function countWithProbes(data: DistrictData, lines: CorpusLine[], read: TextReader, options: LrOptions = DEFAULT_LR): ModelCounts {
  return countLines(data.categories.map((c) => c.code), lines, read, createHazardRules(data), probeLines(), options);
}

function filesHash(files: readonly string[]): string | undefined {
  try {
    const hash = createHash('sha256');
    for (const f of files) hash.update(readFileSync(f));
    return hash.digest('hex');
  } catch {
    return undefined;
  }
}

const baseCache = new Map<string, ModelCounts>();

/**
 * How many corpus lines one of the district's own examples counts as. 5 when the corpus had 10,600
 * lines; at 15,400, with eleven of them filing 广场舞 noise under DISPUTE, four NOISE examples of a
 * district at 5 or 8 lost to them, at 12 they win (test/unit/understanding.test.ts).
 */
export const DISTRICT_EXAMPLE_WEIGHT = 12;

/**
 * The counts to read with: the artefact (or, if the build has not made it, the same training done
 * now), plus the district's own examples, counted in at start.
 */
export function loadCounts(data: DistrictData, opts: { modelPath?: string; extraExamplesDir?: string }): ModelCounts {
  const file = opts.modelPath ?? DEFAULT_MODEL_FILE;
  let base = baseCache.get(file);
  if (!base) {
    const built = readModelFile(file);
    // Without the artefact, or with one counted from other training files, count the corpus now.
    base = built && (opts.modelPath || built.source === filesHash([...TRAINING_FILES, ...EMERGENCY_FILES])) ? built : trainFromCorpus(data);
    baseCache.set(file, base);
  }
  const extra = opts.extraExamplesDir ? readCorpusFolder(opts.extraExamplesDir) : { lines: [], errors: [] };
  if (extra.errors.length > 0) throw new Error(`bad examples in ${opts.extraExamplesDir}:\n${extra.errors.join('\n')}`);
  if (extra.lines.length === 0) return base;
  const copy = (c: ModelCounts): ModelCounts => ({
    category: countsFromJson(countsToJson(c.category)),
    emergency: countsFromJson(countsToJson(c.emergency)),
    hazard: countsFromJson(countsToJson(c.hazard)),
    intent: countsFromJson(countsToJson(c.intent)),
    hazardCategory: countsFromJson(countsToJson(c.hazardCategory)),
    hazardWords: countsFromJson(countsToJson(c.hazardWords)),
    examples: c.examples,
    source: c.source,
  });
  const own = copy(base);
  // A district category the corpus lacks gets its own class from the examples.
  for (const code of new Set(extra.lines.map((l) => l.category).filter((c): c is string => !!c))) {
    if (!own.category.classes.includes(code) && data.categories.some((c) => c.code === code)) {
      for (const counts of [own.category, own.hazardCategory]) {
        counts.classes.push(code);
        counts.docs.push(0);
        for (const row of counts.grams.values()) row.push(0);
      }
    }
  }
  const read = createTextReader(createKeywordReader(data));
  // A district's own examples speak for its residents and its own categories: each counts as
  // several corpus lines, or a handful could not outweigh the corpus's thousands (广场舞 noise is a
  // DISPUTE there, a NOISE category here).
  const weighted = Array.from({ length: DISTRICT_EXAMPLE_WEIGHT }, () => extra.lines).flat();
  return fitLogistic(learn(own, weighted, read, createHazardRules(data)), [...trainingLines(TRAINING_FILES), ...weighted], read, DEFAULT_LR, probeLines());
}
