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
  /** The clause opens another matter (还有，… 另外… 对了…): emergency.ts reads each matter on its own. */
  opensMatter: boolean;
  /** The clause opens a sentence (clauses.ts). */
  opensSentence: boolean;
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
/** Words with which residents turn to another matter in the same message. */
const MATTER = /^(?:还有|另外|对了|顺便|再一个|再就是|再说|差点忘了)|(?:另外|另一|还有一|还有)(?:个|件)事/;

export function createTextReader(keywords: KeywordReader, weights: ClauseWeights = DEFAULT_CLAUSE_WEIGHTS): TextReader {
  return (text) => {
    const normalised = normaliseText(text);
    const clauses = clausesOf(normalised, weights).map(({ text: clause, weight, opensSentence }) => {
      const k = keywords.read(clause);
      return { grams: gramsOf(featureText(k.masked)), weight, keywordScores: k.scores, keywordWords: k.words, seriousWords: k.seriousWords, opensMatter: MATTER.test(clause), opensSentence };
    });
    const length = normalised.replace(NOT_COUNTED, '').length;
    const grams = joinGrams(...clauses.map((c) => c.grams));
    const lengthGram = lengthFeature(length);
    return { normalised, clauses, grams, length, lengthGram, intentGrams: joinGrams(grams, [lengthGram]) };
  };
}
