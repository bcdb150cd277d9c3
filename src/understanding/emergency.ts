import type { Probabilities } from './blend';
import { joinGrams } from './gram-index';
import { clauseStartOf, type HazardRules } from './hazard-rules';
import { type NbModel, nbScores, softmax } from './naive-bayes';
import type { ReadText, TextReader } from './reader';
import { type EmergencyReading, HAZARDS, type HazardKind } from './types';

/** Characters of words (places, digits and punctuation left out) below which the model must be sure. */
const MIN_LENGTH = 6;
/** …and below which it is not asked at all. */
const MIN_CONTENT = 3;
/** Hazard words that are a cry for help or a call to evacuate and say nothing of the danger (listed under violence). */
const CRIES = new Set(['救命', '救命啊', '救命!', '快救命', '来人啊', '出人命', '立即转移', '紧急转移', '马上转移', '赶紧转移', '转移群众', '帮助转移', '急需转移', '需要转移', '呼救', '情况危急']);
/** One character that is a whole message (places and numbers aside), and the danger it cries. */
const BLURTED = new Map<string, HazardKind>([['火', 'fire']]);
/** The score of an emergency named by a present hazard word. */
const RULE_SCORE = 0.95;

export type EmergencyModels = {
  emergency: Probabilities;
  classes: string[];
  hazard: NbModel;
  rules: HazardRules;
  threshold: number;
  /** A sentence or a matter (还有，… 另外…) read on its own at or above this is an emergency too (1 or more: not read). */
  sentenceThreshold: number;
  /** A sentence or matter of more clauses than this is also read this many clauses at a time (0: not). */
  windowClauses: number;
  /** The words of a message, places and numbers left out (content.ts). */
  content: (text: string) => string;
  /** Whether a present hazard word decides alone (else the model decides, at weakWordThreshold). */
  trusted: (word: string) => boolean;
  weakWordThreshold: number;
  /** A weak word's part of a message, from its clause on, read at or above this is an emergency (1: not read). */
  fromWordThreshold: number;
  reread: TextReader;
  /** The threshold when every hazard word was worried about, past or denied, or an idiom was found. */
  sureThreshold: number;
  /** The threshold for a very short message (under MIN_LENGTH characters of words) with no hazard word. */
  shortThreshold: number;
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
    // A cry for help (救命, 来人啊) names no hazard: the next word does (救命 有人掉河里了 is water), else the model.
    const named = trusted.find((h) => !CRIES.has(h.word));
    const hazard = named ? named.hazard : (likeliestHazard(m.hazard, read) ?? trusted[0]!.hazard);
    return { emergency: true, hazard, score: RULE_SCORE, words: [...new Set(trusted.map((h) => h.word))] };
  }
  // A place, a number or a phone on its own (新华路5栋, 团结村3组, 138…) says nothing about danger:
  // the model has only place marks and digits to go on then, and must not be asked.
  const content = m.content(text);
  const words = content.length;
  // 2单元 火: a place and one blurted word, too short for the model but not for a neighbour.
  const blurted = BLURTED.get(content.replace(/(.)\1+/gu, '$1'));
  if (blurted) return { emergency: true, hazard: blurted, score: RULE_SCORE, words: [content] };
  if (words < MIN_CONTENT) return { emergency: false, hazard: null, score: 0, words: [] };
  // A message whose hazard words are all worried about, past or denied needs the model to be sure;
  // one too short to describe much (算了, 不报了, 坑里 上不来) needs it fairly sure (shortThreshold).
  // An idiom (火烧眉毛, 恼火) with no hazard word needs the model to be sure: 恼火 is Sichuan for "hard
  // going", and 出气都恼火 is someone who cannot breathe (p 1.00), not a fire.
  // A present but weak word (one the labelled lines mostly used calmly) leaves it to the model, at its own threshold.
  const threshold =
    present.length > 0 ? Math.min(m.weakWordThreshold, m.threshold) : idioms > 0 || hits.length > 0 ? m.sureThreshold : words < MIN_LENGTH ? m.shortThreshold : m.threshold;
  let probability = emergencyProbability(m, read, threshold);
  // A weak word in the middle of a long story (…申请了两年都没批 昨晚下雨后墙歪了好多 一直在咔嚓响
  // 他们一家五口还在里头): the story outvotes it. The model also reads from the word's clause on.
  if (present.length > 0 && probability < threshold && m.fromWordThreshold < 1) {
    const from = clauseStartOf(read.normalised, present[0]!.at);
    if (from > 0) {
      const tail = emergencyProbability(m, m.reread(read.normalised.slice(from)), m.fromWordThreshold);
      if (tail >= m.fromWordThreshold) probability = Math.max(tail, threshold);
    }
  }
  if (probability >= threshold) {
    const hazard = present.length > 0 ? present[0]!.hazard : likeliestHazard(m.hazard, read);
    return { emergency: true, hazard, score: probability, words: [...new Set(present.map((h) => h.word))] };
  }
  return { emergency: false, hazard: null, score: probability, words: [] };
}

/** The model's probability of an emergency, read sentence by sentence too when the whole falls short of `needed`. */
function emergencyProbability(m: EmergencyModels, read: ReadText, needed: number): number {
  const k = m.classes.indexOf('emergency');
  if (k < 0) return 0;
  const p = m.emergency([{ grams: read.grams, weight: 1 }])[k]!;
  if (p >= needed || !(m.sentenceThreshold < 1) || read.clauses.length < 2) return p;
  // A danger told after another matter (…低保复核啥时候开始。还有，河边有个娃儿一直没冒起来): the
  // words of the first matter outvote it. Each sentence and each matter is also read as a message of
  // its own; such a reading must be sure (sentenceThreshold), or every long message gets more chances.
  const part = sentencesBest(m, k, read);
  return part >= m.sentenceThreshold ? Math.max(p, part) : p;
}

/**
 * The highest reading of the sentences and matters of a message read one by one (0 if it has only
 * one), and of the windows of a long one (windowsBest).
 */
function sentencesBest(m: EmergencyModels, k: number, read: ReadText): number {
  const read1 = (clauses: ReadText['clauses']) => m.emergency([{ grams: joinGrams(...clauses.map((x) => x.grams)), weight: 1 }])[k]!;
  let best = 0;
  let from = 0;
  for (let i = 1; i <= read.clauses.length; i++) {
    const c = read.clauses[i];
    if (c && !c.opensSentence && !c.opensMatter) continue;
    const part = read.clauses.slice(from, i);
    if (from > 0 || c) best = Math.max(best, read1(part));
    best = Math.max(best, windowsBest(m.windowClauses, part, read1));
    from = i;
  }
  return best;
}

/**
 * A run-on typed in one breath (…赶场天那些摊子摆到路中间 楼上空调滴水 幸福里小区地下车库进水了 好多车还在里面
 * 有人在下面挪车…) has no sentence to read apart: a long one is also read a few clauses at a time,
 * overlapping by half, each reading held to the same sure threshold as a sentence.
 */
function windowsBest(n: number, clauses: ReadText['clauses'], read1: (c: ReadText['clauses']) => number): number {
  if (!(n > 0) || clauses.length <= n) return 0;
  let best = 0;
  const step = Math.max(1, Math.floor(n / 2));
  for (let from = 0; from < clauses.length - step; from += step) best = Math.max(best, read1(clauses.slice(from, from + n)));
  return best;
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
