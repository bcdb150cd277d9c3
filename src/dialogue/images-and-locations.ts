import type { InboundContent } from '../domain/inbound-content';
import { messages } from '../messages/zh-CN';
import { newIntake, type Outcome, reprompt, say, withIntake } from './flow';
import { afterLocation } from './me-too';
import { matchArea, tidy } from './parse';
import { findArea, placeText } from './prompts';
import { type DialogueContext, type Draft, type Intake, MAX_ATTACHMENTS, type Session, STEPS } from './types';

/**
 * Messages that are not text: a photo joins the report's attachments, a WeChat location fills
 * (or refines) its place. Either may come first, before the resident has described anything.
 */

export function handleImage(session: Session, attachment: Draft['attachments'][number], ctx: DialogueContext): Outcome {
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
export function handleLocation(session: Session, input: LocationInput, ctx: DialogueContext): Outcome {
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

