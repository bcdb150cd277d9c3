import { type KeywordReader, normaliseText } from '../domain/classifier';
import { type ClauseWeights, clausesOf, DEFAULT_CLAUSE_WEIGHTS } from './clauses';
import { featureText, gramsOf, lengthFeature } from './features';
import { joinGrams } from './gram-index';

/** A clause as the models and the keyword lists read it. */
export type ReadClause = {
  grams: string[];
  weight: number;
  keywordScores: number[];
  keywordWords: string[][];
  seriousWords: string[];
  /** The clause opens a sentence or another matter (clauses.ts): emergency.ts reads each on its own. */
  opensSentence: boolean;
  opensMatter: boolean;
};

export type ReadText = {
  normalised: string;
  clauses: ReadClause[];
  /** All clauses' grams, unweighted (for training, the emergency and the intent models). */
  grams: string[];
  /** Characters other than spaces and punctuation. */
  length: number;
  lengthGram: string;
  /** grams and lengthGram together (the intent model's features), made once per reading. */
  intentGrams: string[];
};

export type TextReader = (text: string) => ReadText;

const NOT_COUNTED = /[\s\p{P}\p{S}]/gu;
/**
 * Markup (<script>, </b>) is not what a resident says: a hostile or pasted tag's letters, unseen in
 * any labelled line, once pushed the district's commonest drain report over the emergency threshold.
 * Blanked with as many spaces, so positions still match the hazard rules' reading of the same text.
 */
const MARKUP = /<\/?[a-z][^<>]*>/gi;

export function createTextReader(keywords: KeywordReader, weights: ClauseWeights = DEFAULT_CLAUSE_WEIGHTS): TextReader {
  return (text) => {
    const normalised = normaliseText(text).replace(MARKUP, (tag) => ' '.repeat(tag.length));
    const clauses = clausesOf(normalised, weights).map(({ text: clause, weight, opensSentence, opensMatter }) => {
      const k = keywords.read(clause);
      return { grams: gramsOf(featureText(k.masked)), weight, keywordScores: k.scores, keywordWords: k.words, seriousWords: k.seriousWords, opensSentence, opensMatter };
    });
    const length = normalised.replace(NOT_COUNTED, '').length;
    const grams = joinGrams(...clauses.map((c) => c.grams));
    const lengthGram = lengthFeature(length);
    return { normalised, clauses, grams, length, lengthGram, intentGrams: joinGrams(grams, [lengthGram]) };
  };
}
