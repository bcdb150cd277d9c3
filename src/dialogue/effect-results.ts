import { messages, understandingTexts } from '../messages/zh-CN';
import { renderCase, renderMyCases } from './case-replies';
import { type Outcome, say } from './flow';
import { applyMeTooResult } from './me-too';
import { applyPrivacyResult } from './privacy';
import { promptFor } from './prompts';
import { type DialogueContext, type EffectResult, type Intake, type Session } from './types';
import { newSession } from './session';

/**
 * What the resident is told once the router has run an effect (the case filed or not, their
 * cases looked up, a similar case found, consent recorded …), and the session that follows.
 */

export function applyResult(session: Session, result: EffectResult, ctx: DialogueContext): Outcome {
  const intake = session.intake;
  const andPrompt = (replies: string[]) => (intake ? [...replies, promptFor(session, intake, ctx)] : replies);
  switch (result.type) {
    case 'caseFiled':
      return caseFiled(session, result, ctx);
    case 'fileFailed':
      return fileFailed(session, ctx);
    case 'fileDeferred':
      return say(dropFiling(withFilingProfile(session)), [messages.fileDeferred]);
    case 'myCases':
      return say(session, andPrompt([renderMyCases(result.cases, ctx)]));
    case 'caseLookup':
      return say(session, andPrompt([result.found ? renderCase(result.found, ctx) : messages.caseNotFound]));
    case 'similarCase':
    case 'caseJoined':
      return applyMeTooResult(session, result, ctx);
    case 'consentRecorded':
    case 'bondCard':
    case 'dataErased':
      return applyPrivacyResult(session, result, newSession(ctx.now), andPrompt);
  }
}

function caseFiled(session: Session, result: Extract<EffectResult, { type: 'caseFiled' }>, ctx: DialogueContext): Outcome {
  const hours = ctx.priorities.find((p) => p.code === result.priority)?.acceptWithinHours ?? null;
  const replies = [messages.caseFiled(result.caseNumber, result.areaName, hours)];
  if (result.emergency || result.priority === 'URGENT') replies.push(understandingTexts.emergencyAdvice(session.filing?.draft.hazard ?? null));
  return say(dropFiling(withFilingProfile(session)), replies);
}

/** The phone and place of the report being filed are remembered for the resident's next one. */
function withFilingProfile(session: Session): Session {
  const draft = session.filing?.draft;
  const profile = {
    ...session.profile,
    ...(draft?.phone ? { lastPhone: draft.phone } : {}),
    ...(draft?.areaCode ? { areaCode: draft.areaCode } : {}),
  };
  return { ...session, profile };
}

/** The draft comes back at the summary, so confirming again retries (under the same message id). */
function fileFailed(session: Session, ctx: DialogueContext): Outcome {
  const filing = session.filing;
  if (!filing || session.intake) return say(dropFiling(session), [messages.fileFailedLost]);
  const restored: Intake = { ...filing, step: 'confirm', wrongAnswers: 0, confirmMessageId: filing.confirmMessageId ?? ctx.messageId };
  return say({ ...dropFiling(session), intake: restored }, [messages.fileFailed]);
}

/** `filing` only lives from the confirming `step` to its `afterEffect`. */
export function dropFiling(session: Session): Session {
  if (session.filing === undefined) return session;
  const { filing: _done, ...rest } = session;
  return rest;
}

