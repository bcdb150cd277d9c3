import type { InboundContent } from '../domain/inbound-content';
import { bondCardTexts, messages, understandingTexts } from '../messages/zh-CN';
import type { EmergencyReading } from '../domain/understanding-fallback';
import { emergencyOf, humanContactReply, type Intent, intentOf } from './understand';
import { answerStep, isGreeting } from './answers';
import { type Command, recogniseCommand } from './commands';
import { renderCase, renderMyCases } from './case-replies';
import { newIntake, type Outcome, reprompt, say, withIntake } from './flow';
import { matchArea, tidy } from './parse';
import { findArea, placeText, promptFor } from './prompts';
import { applyPrivacyResult, privacyTurn } from './privacy';
import { afterLocation, applyMeTooResult } from './me-too';
import {
  type DialogueContext,
  type Draft,
  type EffectResult,
  type Intake,
  MAX_ATTACHMENTS,
  type Session,
  STEPS,
  type TurnResult,
} from './types';

/**
 * The resident's guided intake as a pure state machine: stored session + one message →
 * next session, replies, and effects for the router to run. No I/O, no clock, no randomness.
 */

export function newSession(now: number): Session {
  return { v: 1, profile: {}, intake: null, lastActiveAt: now };
}

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

function handleImage(session: Session, attachment: Draft['attachments'][number], ctx: DialogueContext): Outcome {
  const intake = session.intake;
  if (!intake) return withIntake(session, newIntake(ctx.now, { attachments: [attachment] }), [messages.imageFirst]);
  const attachments = intake.draft.attachments;
  if (attachments.length >= MAX_ATTACHMENTS) return reprompt(session, intake, [messages.imageLimit(MAX_ATTACHMENTS)], ctx);
  const next: Intake = { ...intake, draft: { ...intake.draft, attachments: [...attachments, attachment] } };
  return reprompt(session, next, [messages.imageAdded(attachments.length + 1)], ctx);
}

type LocationInput = Extract<InboundContent, { kind: 'location' }>;

const MAX_ADDRESS_CHARS = 200;

/**
 * A WeChat location: an area named in its address fills the place; otherwise the address and
 * coordinates are kept and the location step asks which village or community it is in.
 */
function handleLocation(session: Session, input: LocationInput, ctx: DialogueContext): Outcome {
  const intake = session.intake ?? newIntake(ctx.now);
  const located = locate(intake, input, ctx);
  if (!located) return session.intake ? reprompt(session, intake, [], ctx) : say(session, [messages.describePrompt]);
  const { draft, matched } = located;
  const place = placeText(findArea(ctx, draft.areaCode)?.name ?? '', draft.locationText).trim();
  if (!session.intake) return withIntake(session, { ...intake, draft }, [messages.locationFirst(place)]);
  if (intake.step !== 'location') return reprompt(session, { ...intake, draft }, [messages.locationNoted(place)], ctx);
  if (!matched) return reprompt(session, { ...intake, draft, wrongAnswers: 0 }, [], ctx);
  return afterLocation(session, intake, draft, ctx, [messages.locationNoted(place)]);
}

function locate(intake: Intake, input: LocationInput, ctx: DialogueContext): { draft: Draft; matched: boolean } | null {
  const draft = intake.draft;
  const address = tidy(typeof input.address === 'string' ? input.address : '').slice(0, MAX_ADDRESS_CHARS);
  const lat = finite(input.latitude);
  const lng = finite(input.longitude);
  const hasCoords = lat !== undefined && lng !== undefined;
  if (!address && !hasCoords) return null;
  const locationText = address || `${lat?.toFixed(5)},${lng?.toFixed(5)}`;
  const coords = hasCoords ? { latitude: lat, longitude: lng } : { latitude: undefined, longitude: undefined };
  const matched = address ? matchArea(address, ctx.areas) : null;
  // Past the location step an unknown address refines the place but keeps the chosen village.
  const keepArea = !matched && STEPS.indexOf(intake.step) > STEPS.indexOf('location');
  const areaCode = matched?.area.code ?? (keepArea ? draft.areaCode : undefined);
  return { draft: { ...draft, ...coords, areaCode, locationText }, matched: matched !== null };
}

function finite(value: number | null | undefined): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

function applyResult(session: Session, result: EffectResult, ctx: DialogueContext): Outcome {
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
function dropFiling(session: Session): Session {
  if (session.filing === undefined) return session;
  const { filing: _done, ...rest } = session;
  return rest;
}

/** Each reply non-empty and short enough for one WeChat message. */
const MAX_REPLY_CHARS = 1400;

function fitReplies(replies: string[]): string[] {
  return replies.filter((r) => r.trim().length > 0).flatMap(splitLong);
}

function splitLong(reply: string): string[] {
  if (reply.length <= MAX_REPLY_CHARS) return [reply];
  const parts: string[] = [];
  let current = '';
  for (const line of reply.split('\n')) {
    for (let i = 0; i < Math.max(line.length, 1); i += MAX_REPLY_CHARS) {
      const piece = line.slice(i, i + MAX_REPLY_CHARS);
      if (current && current.length + 1 + piece.length > MAX_REPLY_CHARS) {
        parts.push(current);
        current = piece;
      } else {
        current = current ? `${current}\n${piece}` : piece;
      }
    }
  }
  if (current.trim()) parts.push(current);
  return parts.filter((p) => p.trim().length > 0);
}
