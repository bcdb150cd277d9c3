import { meTooTexts } from '../messages/zh-CN';
import { advance, enter, type Outcome, say, withIntake, wrongAnswer } from './flow';
import { isNo, isYes } from './parse';
import { promptFor } from './prompts';
import type { DialogueContext, Draft, EffectResult, Intake, Session } from './types';

/**
 * 我也遇到 in the dialogue (pure). Once the description, category and place are known (the
 * location step answered), the router is asked — once per report — for an open case like it. If
 * there is one, the resident is shown it and asked whether it is the same problem: yes → their
 * households and phone are asked (like anyone's) and they join that case; no → the intake goes on
 * to a new case.
 */

/** Where an answered location step leads: the look-up the first time, else the households step. */
export function afterLocation(session: Session, intake: Intake, draft: Draft, ctx: DialogueContext, lead: string[] = []): Outcome {
  const { description, areaCode, categoryCode } = draft;
  if (!ctx.meToo || draft.similar !== undefined || !description || !areaCode || !categoryCode) return advance(session, intake, draft, 'households', ctx, lead);
  // The households question waits for the look-up's answer (afterEffect asks it, or shows the match).
  const moved: Intake = { ...intake, step: 'households', draft: { ...draft, similar: null }, history: [...intake.history, intake.step], wrongAnswers: 0 };
  const effect = { type: 'findSimilarCase' as const, areaCode, categoryCode, description, locationText: draft.locationText ?? '' };
  return withIntake(session, moved, lead, [effect]);
}

/** 是 / 不是 to "is it the same problem?". */
export function answerSameCase(session: Session, intake: Intake, text: string, ctx: DialogueContext): Outcome {
  const offer = intake.draft.similar;
  if (!offer) return advance(session, intake, intake.draft, 'households', ctx);
  if (isYes(text)) return advance(session, intake, { ...intake.draft, joinCaseNumber: offer.caseNumber }, 'households', ctx);
  if (isNo(text)) {
    const { joinCaseNumber: _dropped, ...draft } = intake.draft;
    return advance(session, intake, draft, 'households', ctx);
  }
  return wrongAnswer(session, intake, meTooTexts.offerWrong, ctx);
}

type MeTooResult = Extract<EffectResult, { type: 'similarCase' | 'caseJoined' }>;

export function isMeTooResult(result: EffectResult): result is MeTooResult {
  return result.type === 'similarCase' || result.type === 'caseJoined';
}

export function applyMeTooResult(session: Session, result: MeTooResult, ctx: DialogueContext): Outcome {
  const intake = session.intake;
  if (!intake) return say(session, result.type === 'caseJoined' ? joinedReplies(result) : []);
  if (result.type === 'similarCase') {
    if (!result.found || intake.step !== 'households') return enter(session, intake, ctx);
    const asking: Intake = { ...intake, step: 'sameCase', draft: { ...intake.draft, similar: result.found }, wrongAnswers: 0 };
    return withIntake(session, asking, [promptFor(session, asking, ctx)]);
  }
  switch (result.outcome) {
    case 'joined':
    case 'alreadyReporter': {
      const { areaCode, phone } = intake.draft;
      const profile = { ...session.profile, ...(areaCode ? { areaCode } : {}), ...(phone ? { lastPhone: phone } : {}) };
      return say({ ...session, intake: null, profile }, joinedReplies(result));
    }
    case 'closed': {
      // Resolved since it was shown: this report goes on as a new case.
      const { joinCaseNumber: _gone, ...draft } = intake.draft;
      const next: Intake = { ...intake, step: 'urgency', draft: { ...draft, similar: null }, history: [...intake.history, 'households'], wrongAnswers: 0 };
      return enter(session, next, ctx, [meTooTexts.closedMeanwhile]);
    }
    case 'failed':
      return say(session, [meTooTexts.joinFailed]);
  }
}

function joinedReplies(result: Extract<EffectResult, { type: 'caseJoined' }>): string[] {
  if (result.outcome === 'alreadyReporter') return [meTooTexts.alreadyReporter(result.caseNumber)];
  if (result.outcome === 'joined') return [meTooTexts.joined(result.caseNumber, result.reporterCount ?? 1, result.households ?? null)];
  return [];
}
