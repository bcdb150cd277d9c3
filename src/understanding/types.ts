import type { Classification } from '../domain/classifier';

/** What a short message means at any step of a conversation; 'report' is a description or an answer. */
export const INTENTS = ['report', 'cancel', 'back', 'help', 'status', 'human', 'thanks', 'greeting'] as const;
export type IntentName = (typeof INTENTS)[number];

/** The kinds of danger an emergency reply names. */
export const HAZARDS = ['fire', 'gas', 'electricity', 'water', 'collapse', 'trapped', 'violence', 'medical', 'missing'] as const;
export type HazardKind = (typeof HAZARDS)[number];

export type EmergencyReading = {
  emergency: boolean;
  hazard: HazardKind | null;
  /** 0–1: how sure the reading is that this is an emergency. */
  score: number;
  /** The hazard words that fired (empty when only the trained model did). */
  words: string[];
};

export type IntentReading = { intent: IntentName; confidence: number };

/** Today's Classification, with the hazard of an emergency. */
export type UnderstoodClassification = Classification & { hazard: HazardKind | null };

export type Understanding = {
  /** Category, ledger and priority; `emergency` agrees with detectEmergency, and then priority is URGENT. */
  classify(text: string): UnderstoodClassification;
  /**
   * Recall-first emergency reading of the raw text. `answer`: the text answers a question (a place,
   * a number, a phone), so only hazard words count: without a present one, the model is not asked.
   */
  detectEmergency(text: string, answer?: boolean): EmergencyReading;
  /** What a short message means at any step; 'report' for descriptions and answers (the default when unsure). */
  recogniseIntent(text: string): IntentReading;
  /** The blended category scores before the learned biases (for tuning those biases). */
  categoryScores?(text: string): { codes: string[]; scores: Float64Array };
};
