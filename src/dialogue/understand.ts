import { detectEmergencyByRules, type EmergencyReading, recogniseIntentByWords } from '../domain/understanding-fallback';
import type { FlatArea } from '../config/district';
import { understandingTexts } from '../messages/zh-CN';
import { compact, isNo, isYes } from './parse';
import type { DialogueContext, Session } from './types';

/**
 * The dialogue's view of src/understanding (emergencies and intents) through its context, with
 * the word-list stand-in when a context (a pure test) brings none.
 */

export function emergencyOf(ctx: DialogueContext, text: string): EmergencyReading {
  return ctx.detectEmergency ? ctx.detectEmergency(text) : detectEmergencyByRules(text, ctx.classify(text).emergency);
}

export type Intent = 'cancel' | 'back' | 'help' | 'status' | 'human' | 'thanks' | 'greeting';

/** Below this confidence a reading of "not a report" is not trusted: the message is taken as an answer. */
const MIN_INTENT_CONFIDENCE = 0.5;

/**
 * What a message means apart from answering the question: null when it is an answer or a report.
 * 是 / 不是 and bare numbers are always answers, whatever a classifier thinks.
 */
export function intentOf(ctx: DialogueContext, text: string): Intent | null {
  const c = compact(text);
  if (c === '' || isYes(text) || isNo(text) || /^\d+$/.test(c)) return null;
  const reading = ctx.recogniseIntent ? ctx.recogniseIntent(text) : recogniseIntentByWords(text);
  if (reading.intent === 'report' || reading.confidence < MIN_INTENT_CONFIDENCE) return null;
  return reading.intent;
}

export const allAreas = (ctx: DialogueContext): FlatArea[] => ctx.allAreas ?? ctx.areas;

/** 找干部: the cadre of the resident's card, of this report's place or of their last one; else the hotline. */
export function humanContactReply(session: Session, ctx: DialogueContext): string {
  const card = session.profile.bondCard;
  const areaCode = card?.areaCode ?? session.intake?.draft.areaCode ?? session.profile.areaCode;
  const contact = areaCode ? ctx.areaContact?.(areaCode) : null;
  if (contact) {
    const cadreName = card && card.areaCode === areaCode ? card.cadreName : contact.cadreName;
    const phone = card && card.cadreName !== contact.cadreName ? null : contact.phone;
    return understandingTexts.humanContact(card?.areaName ?? contact.areaName, cadreName, phone);
  }
  if (card) return understandingTexts.humanContact(card.areaName, card.cadreName, null);
  return understandingTexts.humanHotline;
}
