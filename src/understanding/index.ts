import type { DistrictData } from '../config/district-schema';
import { createKeywordReader, MANY_HOUSEHOLDS } from '../domain/classifier';
import { largestHouseholdCount } from '../domain/household-count';
import { type Priority, priorityRank } from '../domain/ledger';
import { probabilities } from './blend';
import { chooseCategory } from './category';
import { readEmergency } from './emergency';
import { createContent } from './content';
import { createHazardRules } from './hazard-rules';
import { readIntent } from './intent';
import { loadCounts } from './load-model';
import type { ModelCounts } from './model';
import { createGramIndex, denseRows, type GramIndex } from './gram-index';
import type { LrModel } from './logistic';
import { compileNb, type NbCounts, type NbModel } from './naive-bayes';
import { createTextReader } from './reader';
import { DEFAULT_SETTINGS, type UnderstandingSettings } from './settings';
import type { EmergencyReading, Understanding, UnderstoodClassification } from './types';

export type { EmergencyReading, HazardKind, IntentName, IntentReading, Understanding, UnderstoodClassification } from './types';
export { HAZARDS, INTENTS } from './types';
export { examplesDirFor } from './load-model';

export type UnderstandingOptions = {
  /** The trained artefact (default dist/understanding/model.json, trained now from data/corpus/train.jsonl if missing). */
  modelPath?: string;
  /** The district's own labelled examples (*.jsonl, the corpus format), counted in at start. */
  extraExamplesDir?: string;
  /** For tuning on the dev split. */
  settings?: Partial<UnderstandingSettings>;
  /** Counts trained elsewhere (cross-validation); overrides modelPath. */
  counts?: ModelCounts;
  /**
   * The running service's reader: once the models' rows are in the shared dense tables, their
   * lookup maps (gram → row), which reading no longer uses, are let go: about 200 MB less heap,
   * and less for every full garbage collection to walk. Not for tools that write the model out.
   */
  lean?: boolean;
};

/** Texts up to this many characters have their readings kept (at most SHORT_READINGS, oldest dropped first). */
const SHORT_TEXT = 8;
const SHORT_READINGS = 2_000;

/** Compiling costs tens of milliseconds; tests and tools build many districts from the same counts. */
const compiledCache = new WeakMap<NbCounts, Map<number, NbModel>>();
function compiled(counts: NbCounts, alpha: number): NbModel {
  let byAlpha = compiledCache.get(counts);
  if (!byAlpha) compiledCache.set(counts, (byAlpha = new Map()));
  let model = byAlpha.get(alpha);
  if (!model) byAlpha.set(alpha, (model = compileNb(counts, alpha)));
  return model;
}

/** One gram index per trained artefact, shared by all its models (gram-index.ts). */
const gramIndexes = new WeakMap<ModelCounts, GramIndex>();
function withSharedIndex(counts: ModelCounts, nbs: NbModel[]): void {
  const lrs: LrModel[] = counts.logistic ? [counts.logistic.category, counts.logistic.emergency, counts.logistic.intent] : [];
  let index = gramIndexes.get(counts);
  if (!index) gramIndexes.set(counts, (index = createGramIndex([...nbs.map((m) => m.logLikelihood.keys()), ...lrs.map((m) => m.weights.keys())])));
  for (const m of nbs) if (m.dense?.index !== index && index.size > 0) m.dense = denseRows(index, m.classes.length, m.logLikelihood);
  for (const m of lrs) if (m.dense?.index !== index && index.size > 0) m.dense = denseRows(index, m.classes.length, m.weights);
}

/** The maps of models whose rows are in a dense table (a model without one keeps its map). */
function dropLookupMaps(counts: ModelCounts, nbs: NbModel[]): void {
  for (const m of nbs) if (m.dense) m.logLikelihood = new Map();
  const lrs = counts.logistic ? [counts.logistic.category, counts.logistic.emergency, counts.logistic.intent] : [];
  for (const m of lrs) if (m.dense) m.weights = new Map();
}

/** A word the labelled lines never saw present is the district's word, and trusted. */
function trustedHazardWords(counts: NbCounts, trust: number): (word: string) => boolean {
  const k = counts.classes.indexOf('emergency');
  return (word) => {
    const row = counts.grams.get(word);
    if (!row || trust <= 0) return true;
    const total = row.reduce((a, b) => a + b, 0);
    return (row[k]! + 1) / (total + 2) >= trust;
  };
}

/**
 * How the bot reads a resident's words: category (trained character n-gram Naive Bayes blended with
 * the district's keywords, clause by clause), emergencies (hazard rules and a trained model, on the
 * raw text) and intents. Synchronous; build it once per process.
 */
export function loadUnderstanding(data: DistrictData, opts: UnderstandingOptions = {}): Understanding {
  const s: UnderstandingSettings = { ...DEFAULT_SETTINGS, ...opts.settings };
  const counts = opts.counts ?? loadCounts(data, opts);
  const keywords = createKeywordReader(data);
  const readText = createTextReader(keywords, s.clauseWeights);
  // The router asks about one message three times (emergency, intent, category): read it once.
  // Short replies (同意, 是, 你好, 3户…) come again and again from every resident, so their readings
  // (and with them their emergency readings, keyed by the reading below) are kept; a reading is a
  // pure function of the text and nobody changes one, so this changes no answer.
  let last: { text: string; read: ReturnType<typeof readText> } | null = null;
  const shortReadings = new Map<string, ReturnType<typeof readText>>();
  const read = (text: string) => {
    if (last?.text === text) return last.read;
    let r = text.length <= SHORT_TEXT ? shortReadings.get(text) : undefined;
    if (!r) {
      r = readText(text);
      if (text.length <= SHORT_TEXT) {
        if (shortReadings.size >= SHORT_READINGS) shortReadings.delete(shortReadings.keys().next().value!);
        shortReadings.set(text, r);
      }
    }
    last = { text, read: r };
    return r;
  };
  const categoryNb = compiled(counts.category, s.categoryAlpha);
  const categoryModel = probabilities(s.categoryModel, categoryNb, counts.logistic?.category, s.nbTemperature);
  const intentNb = compiled(counts.intent, s.intentAlpha);
  const intentModel = { classes: intentNb.classes, read: probabilities(s.intentModel, intentNb, counts.logistic?.intent) };
  const emergencyNb = compiled(counts.emergency, s.emergencyAlpha);
  const hazardNb = compiled(counts.hazard, s.emergencyAlpha);
  withSharedIndex(counts, [categoryNb, intentNb, emergencyNb, hazardNb]);
  if (opts.lean) dropLookupMaps(counts, [categoryNb, intentNb, emergencyNb, hazardNb]);
  // An answer's check in detectEmergency and readEmergency ask about the same text one after the
  // other: the rules read it once (the hits are only read, never changed).
  const hazardRules = createHazardRules(data);
  let lastRules: { text: string; reading: ReturnType<typeof hazardRules> } | null = null;
  const rules = (text: string) => (lastRules?.text === text ? lastRules : (lastRules = { text, reading: hazardRules(text) })).reading;
  const emergencyModels = {
    emergency: probabilities(s.emergencyModel, emergencyNb, counts.logistic?.emergency, s.emergencyNbTemperature),
    classes: emergencyNb.classes,
    hazard: hazardNb,
    rules,
    content: createContent(data),
    sentenceThreshold: s.emergencySentenceThreshold,
    windowClauses: s.emergencyWindowClauses,
    threshold: s.emergencyThreshold,
    sureThreshold: s.emergencySureThreshold,
    shortThreshold: s.emergencyShortThreshold,
    trusted: trustedHazardWords(counts.hazardWords, s.hazardWordTrust),
    weakWordThreshold: s.weakWordThreshold,
    fromWordThreshold: s.fromWeakWordThreshold,
    reread: readText,
  };

  const hazardCounts = counts.hazardCategory;
  const hazardPrior = (hazard: string) => {
    const row = hazardCounts.grams.get(hazard);
    const total = row ? row.reduce((a, b) => a + b, 0) : 0;
    return (code: string) => {
      const k = hazardCounts.classes.indexOf(code);
      const n = row && k >= 0 ? row[k]! : 0;
      return s.hazardCategoryWeight * Math.log((n + 1) / (total + hazardCounts.classes.length));
    };
  };

  // classify reads the emergency too: the router's detectEmergency on the same message is then free.
  const emergencies = new WeakMap<object, EmergencyReading>();
  const emergencyOf = (text: string, r: ReturnType<typeof readText>) => {
    let e = emergencies.get(r);
    if (!e) emergencies.set(r, (e = readEmergency(emergencyModels, text, r)));
    return { ...e, words: [...e.words] };
  };
  const detectEmergency = (text: string, answer = false) => {
    // An answer (a place, a phone, 3户) counts only for its present hazard words: without one, the
    // model's reading would not be used, so it is not made.
    if (answer && !emergencyModels.rules(text).hits.some((h) => h.present)) return { emergency: false, hazard: null, score: 0, words: [] };
    return emergencyOf(text, read(text));
  };

  let lastScores: Float64Array = new Float64Array(0);
  const classify = (text: string): UnderstoodClassification => {
    const r = read(text);
    const emergency = emergencyOf(text, r);
    const prior = emergency.hazard && s.hazardCategoryWeight > 0 ? hazardPrior(emergency.hazard) : null;
    const choice = chooseCategory(categoryNb.classes, categoryModel(r.clauses), keywords.categories, r, s.keywordWeight, prior, s.categoryBias, s.ownCategoryBias);
    lastScores = choice.unbiased;
    const category = keywords.categories[choice.index]!;
    // Negation never reaches across a clause break, so the clauses' serious words are the text's.
    const seriousWords = r.clauses.flatMap((c) => c.seriousWords);
    const households = largestHouseholdCount(r.normalised);
    const manyHouseholds = households !== null && households.count >= MANY_HOUSEHOLDS;
    let priority: Priority = category.defaultPriority;
    const raise = (to: Priority) => {
      if (priorityRank(to) < priorityRank(priority)) priority = to;
    };
    if (seriousWords.length > 0 || manyHouseholds) raise('SERIOUS');
    if (emergency.emergency) raise('URGENT');
    const words = [...choice.words, ...emergency.words, ...seriousWords, ...(manyHouseholds ? [households.word] : [])];
    return {
      category: category.code,
      categoryName: category.name,
      ledger: category.ledger,
      priority,
      words: [...new Set(words)],
      emergency: emergency.emergency,
      hazard: emergency.hazard,
    };
  };

  const categoryScores = (text: string) => {
    classify(text);
    return { codes: keywords.categories.map((c) => c.code), scores: lastScores };
  };
  return { classify, categoryScores, detectEmergency, recogniseIntent: (text) => readIntent(intentModel, read(text), s) };
}
