import type { InboundContent } from '../domain/inbound-content';
import { bondCardTexts, messages, understandingTexts } from '../messages/zh-CN';
import type { EmergencyReading } from '../domain/understanding-fallback';
import { emergencyOf, humanContactReply, type Intent, intentOf } from './understand';
import { answerStep, isGreeting } from './answers';
import { type Command, recogniseCommand } from './commands';
import { newIntake, type Outcome, reprompt, say, withIntake } from './flow';
import { promptFor } from './prompts';
import { privacyTurn } from './privacy';
import { applyResult, dropFiling } from './effect-results';
import { fitReplies } from './fit-replies';
import { handleImage, handleLocation } from './images-and-locations';
import { newSession } from './session';
import type { DialogueContext, Draft, EffectResult, Intake, Session, TurnResult } from './types';

export { newSession } from './session';

/**
 * The resident's guided intake as a pure state machine: stored session + one message →
 * next session, replies, and effects for the router to run. No I/O, no clock, no randomness.
 */

export function step(session: Session | null, input: InboundContent, ctx: DialogueContext): TurnResult {
  let current = dropFiling(session ?? newSession(ctx.now));
  const lead: string[] = [];
  // Emergencies first: on the raw text of every message, whatever the state (before the privacy
  // notice is answered, mid-intake, while erasing), the advice is the first thing said.
  const free = !current.intake || current.intake.step === 'describe';
  const danger = input.kind === 'text' && typeof input.text === 'string' ? emergencyOf(ctx, input.text, free) : null;
  if (danger?.emergency) lead.push(understandingTexts.emergencyAdvice(danger.hazard));
  if (current.intake && ctx.now - current.lastActiveAt > ctx.idleTimeoutMs) {
    current = { ...current, intake: null };
    lead.push(messages.intakeExpired);
  }
  const outcome = privacyTurn(current, input, ctx, handleInput) ?? handleInput(current, input, ctx);
  const after = danger?.emergency ? urgent(outcome.session, danger) : outcome.session;
  return {
    session: { ...after, lastActiveAt: ctx.now },
    replies: fitReplies([...lead, ...outcome.replies]),
    effects: outcome.effects,
  };
}

/** Danger told mid-intake makes the report an emergency: URGENT, with the emergency time limits. */
function urgent(session: Session, danger: EmergencyReading): Session {
  const intake = session.intake;
  if (!intake) return session;
  const d = intake.draft;
  const draft: Draft = {
    ...d,
    emergency: true,
    hazard: d.hazard ?? danger.hazard ?? undefined,
    suggestedPriority: 'URGENT',
    ...(d.priority !== undefined ? { priority: 'URGENT' as const } : {}),
  };
  return { ...session, intake: { ...intake, draft } };
}

export function afterEffect(session: Session, result: EffectResult, ctx: DialogueContext): { session: Session; replies: string[] } {
  const outcome = applyResult(session, result, ctx);
  return { session: { ...outcome.session, lastActiveAt: ctx.now }, replies: fitReplies(outcome.replies) };
}

function handleInput(session: Session, input: InboundContent, ctx: DialogueContext): Outcome {
  switch (input.kind) {
    case 'text':
      return handleText(session, input.text, ctx);
    case 'image':
      return handleImage(session, { ref: input.ref, mime: input.mime }, ctx);
    case 'location':
      return handleLocation(session, input, ctx);
    case 'unsupported': {
      const replies = [messages.unsupported(input.what)];
      return say(session, session.intake ? [...replies, promptFor(session, session.intake, ctx)] : replies);
    }
  }
}

function handleText(session: Session, raw: unknown, ctx: DialogueContext): Outcome {
  const text = typeof raw === 'string' ? raw : '';
  const command = recogniseCommand(text);
  if (command) return runCommand(session, command, ctx);
  // What the resident means apart from the question (算了不报了, 我的事情办得怎么样了, 找干部 …),
  // at every step: never taken as an answer or a new report.
  // Past the description, a message is an answer unless the word lists say otherwise: a trained
  // reading of "不晓得" or "说不清" as help or back must not take the place of the answer.
  const answering = session.intake !== null && session.intake.step !== 'describe';
  const intent = intentOf(ctx, text, () => answering);
  if (intent) return runIntent(session, intent, ctx);
  if (session.intake) return answerStep(session, session.intake, text, ctx);
  if (isGreeting(text)) return withIntake(session, newIntake(ctx.now), [messages.welcome]);
  return answerStep(session, newIntake(ctx.now), text, ctx);
}

function runCommand(session: Session, command: Command, ctx: DialogueContext): Outcome {
  const intake = session.intake;
  switch (command.kind) {
    case 'cancel':
      return intake ? withIntake(session, null, [messages.cancelled]) : say(session, [messages.nothingToCancel]);
    case 'back':
      return intake ? goBack(session, intake, ctx) : say(session, [messages.nothingToCancel]);
    case 'help':
      return say(session, [messages.help, intake ? promptFor(session, intake, ctx) : messages.describePrompt]);
    case 'myCases':
      return say(session, [], [{ type: 'listMyCases' }]);
    case 'lookup':
      return say(session, [], [{ type: 'lookupCase', caseNumber: command.caseNumber }]);
    case 'lookupMalformed':
      return say(session, intake ? [messages.lookupFormat, promptFor(session, intake, ctx)] : [messages.lookupFormat]);
    case 'bondCard':
      if (command.code) return say(session, [], [{ type: 'redeemBondCard', code: command.code }]);
      return say(session, intake ? [bondCardTexts.format, promptFor(session, intake, ctx)] : [bondCardTexts.format]);
  }
}

function runIntent(session: Session, intent: Intent, ctx: DialogueContext): Outcome {
  const intake = session.intake;
  switch (intent) {
    case 'cancel':
      return runCommand(session, { kind: 'cancel' }, ctx);
    case 'back':
      return runCommand(session, { kind: 'back' }, ctx);
    case 'help':
      return runCommand(session, { kind: 'help' }, ctx);
    case 'status':
      return runCommand(session, { kind: 'myCases' }, ctx);
    case 'human':
      return say(session, intake ? [humanContactReply(session, ctx), promptFor(session, intake, ctx)] : [humanContactReply(session, ctx)]);
    case 'thanks':
      // Thanks before anything was said ends the conversation kindly; mid-report, the question follows.
      if (!intake || intake.draft.description === undefined) return withIntake(session, null, [understandingTexts.thanks]);
      return reprompt(session, intake, [understandingTexts.thanks], ctx);
    case 'greeting':
      return intake ? reprompt(session, intake, [], ctx) : withIntake(session, newIntake(ctx.now), [messages.welcome]);
  }
}

/** 上一步: back exactly one answered step; its question is asked again. */
function goBack(session: Session, intake: Intake, ctx: DialogueContext): Outcome {
  const previous = intake.history[intake.history.length - 1];
  if (!previous) return reprompt(session, intake, [messages.backAtStart], ctx);
  const back: Intake = { ...intake, step: previous, history: intake.history.slice(0, -1), wrongAnswers: 0 };
  return reprompt(session, back, [], ctx);
}

