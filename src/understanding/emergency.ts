import type { Probabilities } from './blend';
import { joinGrams } from './gram-index';
import type { HazardRules } from './hazard-rules';
import { type NbModel, nbScores, softmax } from './naive-bayes';
import type { ReadText } from './reader';
import { type EmergencyReading, HAZARDS, type HazardKind } from './types';

/** Characters of words (places, digits and punctuation left out) below which the model must be sure. */
const MIN_LENGTH = 6;
/** …and below which it is not asked at all. */
const MIN_CONTENT = 3;
/** The score of an emergency named by a present hazard word. */
const RULE_SCORE = 0.95;

export type EmergencyModels = {
  emergency: Probabilities;
  classes: string[];
  hazard: NbModel;
  rules: HazardRules;
  threshold: number;
  /** A pair of neighbouring clauses at or above this is an emergency too (1 or more: not read). */
  clauseThreshold: number;
  /** Characters of words in a message, places and numbers left out (content-length.ts). */
  contentLength: (text: string) => number;
  /** Whether a present hazard word decides alone (else the model decides, at weakWordThreshold). */
  trusted: (word: string) => boolean;
  weakWordThreshold: number;
  /** The threshold when every hazard word was worried about, past or denied, or the message is very short. */
  sureThreshold: number;
};

/**
 * Recall first: a hazard word in the present tense is an emergency whatever the model says; without
 * one, the trained model decides at a low threshold (a missed emergency costs far more than a false
 * alarm). The hazard is the first present word's, else the trained hazard model's best guess.
 */
export function readEmergency(m: EmergencyModels, text: string, read: ReadText): EmergencyReading {
  const { hits, idioms } = m.rules(text);
  const present = hits.filter((h) => h.present);
  const trusted = present.filter((h) => m.trusted(h.word));
  if (trusted.length > 0) {
    // The words decide; the model is not asked (it costs more than the rules).
    return { emergency: true, hazard: trusted[0]!.hazard, score: RULE_SCORE, words: [...new Set(trusted.map((h) => h.word))] };
  }
  // A place, a number or a phone on its own (新华路5栋, 团结村3组, 138…) says nothing about danger:
  // the model has only place marks and digits to go on then, and must not be asked.
  const words = m.contentLength(text);
  if (words < MIN_CONTENT) return { emergency: false, hazard: null, score: 0, words: [] };
  const probability = emergencyProbability(m, read);
  // A message whose hazard words are all worried about, past or denied needs the model to be sure;
  // so does one too short to describe anything (算了, 不报了).
  // An idiom (火烧眉毛, 恼火) with no hazard word needs the model to be sure: 恼火 is Sichuan for "hard
  // going", and 出气都恼火 is someone who cannot breathe (p 1.00), not a fire.
  // A present but weak word (one the labelled lines mostly used calmly) leaves it to the model, at its own threshold.
  const threshold =
    present.length > 0 ? Math.min(m.weakWordThreshold, m.threshold) : idioms > 0 || hits.length > 0 || words < MIN_LENGTH ? m.sureThreshold : m.threshold;
  if (probability >= threshold) {
    const hazard = present.length > 0 ? present[0]!.hazard : likeliestHazard(m.hazard, read);
    return { emergency: true, hazard, score: probability, words: [...new Set(present.map((h) => h.word))] };
  }
  return { emergency: false, hazard: null, score: probability, words: [] };
}

function emergencyProbability(m: EmergencyModels, read: ReadText): number {
  const k = m.classes.indexOf('emergency');
  if (k < 0) return 0;
  const p = m.emergency([{ grams: read.grams, weight: 1 }])[k]!;
  if (p >= m.threshold || !(m.clauseThreshold < 1) || read.clauses.length < 2) return p;
  // A long message whose danger is one clause among calm ones (greeting, place, a story first):
  // read each clause with its neighbour too; such a reading must be surer (clauseThreshold).
  for (let i = 0; i + 1 < read.clauses.length; i++) {
    const pair = m.emergency([{ grams: joinGrams(read.clauses[i]!.grams, read.clauses[i + 1]!.grams), weight: 1 }])[k]!;
    if (pair >= m.clauseThreshold) return Math.max(p, m.threshold);
  }
  return p;
}

function likeliestHazard(model: NbModel, read: ReadText): HazardKind | null {
  if (!model.dense && model.logLikelihood.size === 0) return null;
  const p = softmax(nbScores(model, [{ grams: read.grams, weight: 1 }]));
  let best = 0;
  p.forEach((x, i) => {
    if (x > p[best]!) best = i;
  });
  const name = model.classes[best] as HazardKind;
  return HAZARDS.includes(name) ? name : null;
}
