import { detectEmergencyByRules, type EmergencyReading, recogniseIntentByWords } from '../domain/understanding-fallback';
import type { FlatArea } from '../domain/areas';
import { understandingTexts } from '../messages/zh-CN';
import { recogniseCommand } from './commands';
import { compact, isNo, isYes } from './parse';
import type { DialogueContext, Session } from './types';

/**
 * The dialogue's view of src/understanding (emergencies and intents) through its context, with
 * the word-list stand-in when a context (a pure test) brings none.
 */

/**
 * A trained reading with no hazard word behind it is trusted only on a description (`free`: a
 * first message, a report, a group message) long enough to say something; an answer to a question
 * ("向阳社区幸福巷266-1号", "跳过", a phone number) is read for hazard words only. The hazard rules
 * are always asked too, so the phrasings they know are never missed.
 */
const MIN_CHARS_FOR_MODEL_ONLY = 5;

export function emergencyOf(ctx: Pick<DialogueContext, 'detectEmergency' | 'classify'>, text: string, free = true): EmergencyReading {
  const rules = detectEmergencyByRules(text, false);
  if (!ctx.detectEmergency) return rules.emergency || !free ? rules : detectEmergencyByRules(text, ctx.classify(text).emergency);
  const reading = ctx.detectEmergency(text, !free);
  const han = (text.match(/\p{Script=Han}/gu) ?? []).length;
  const trusted = reading.words.length > 0 || (free && han >= MIN_CHARS_FOR_MODEL_ONLY);
  if (reading.emergency && trusted) return { ...reading, hazard: reading.hazard ?? rules.hazard };
  return rules;
}

export type Intent = 'cancel' | 'back' | 'help' | 'status' | 'human' | 'thanks' | 'greeting';

/** Below this confidence the trained reading of "not a report" is not trusted: the message is taken as an answer. */
const MIN_INTENT_CONFIDENCE = 0.9;
/** Longer than this, only the word lists (whole-message matches) may call a message an intent. */
const MAX_MODEL_INTENT_CHARS = 15;

/**
 * What a message means apart from answering the question: null when it is an answer or a report.
 * 是 / 不是, bare numbers and whatever answers the current question (`answers`) are always answers,
 * whatever a classifier thinks. The word lists (whole message, src/domain/understanding-fallback.ts)
 * decide first; the trained reading then, for short messages it is sure of.
 */
export function intentOf(ctx: DialogueContext, text: string, answers: (text: string) => boolean = () => false): Intent | null {
  const c = compact(text);
  if (c === '' || isYes(text) || isNo(text) || /^\d+$/.test(c)) return null;
  // 连心卡 <code> and 查询 <case number> are commands of their own, whatever the model reads in the code.
  const command = recogniseCommand(text)?.kind;
  if (command === 'bondCard' || command === 'lookup' || command === 'lookupMalformed') return null;
  const byWords = recogniseIntentByWords(text);
  if (byWords.intent !== 'report') return byWords.intent;
  if (!ctx.recogniseIntent || c.length > MAX_MODEL_INTENT_CHARS || answers(text)) return null;
  const reading = ctx.recogniseIntent(text);
  if (reading.intent === 'report' || reading.confidence < MIN_INTENT_CONFIDENCE) return null;
  // What reads as an emergency is a report, however short or oddly spelt ("zhao huo le 快点 向阳小区").
  if (emergencyOf(ctx, text).emergency) return null;
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
