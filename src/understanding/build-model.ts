import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { DEFAULT_DISTRICT_FILE, loadDistrictData } from '../config/district';
import { DEFAULT_MODEL_FILE, TRAINING_FILES, trainFromCorpus } from './load-model';
import { modelToJson } from './model';

/*
 * Run by `npm run build` (and so by `npm ci` → prepare): counts data/corpus/train.jsonl and dev.jsonl into
 * dist/understanding/model.json. Deterministic: the same corpus and district give the same bytes.
 * Place names are masked with the district's own (DISTRICT_FILE, else the bundled one).
 */
function main(): void {
  const data = loadDistrictData(process.env.DISTRICT_FILE || DEFAULT_DISTRICT_FILE);
  const model = trainFromCorpus(data, TRAINING_FILES);
  mkdirSync(path.dirname(DEFAULT_MODEL_FILE), { recursive: true });
  writeFileSync(DEFAULT_MODEL_FILE, JSON.stringify(modelToJson(model)));
  process.stdout.write(`understanding model: ${model.examples} examples, ${model.category.grams.size} n-grams → ${path.relative(process.cwd(), DEFAULT_MODEL_FILE)}\n`);
}

main();
