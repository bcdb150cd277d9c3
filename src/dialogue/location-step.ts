import type { FlatArea } from '../domain/areas';
import { messages, understandingTexts } from '../messages/zh-CN';
import { type Outcome, withIntake } from './flow';
import { afterLocation } from './me-too';
import { compact, halfWidth, isYes, meaningfulLength, parseChoiceNumber, tidy } from './parse';
import { detailInDescription, findPlace } from './places';
import { areaOptions, bondCardArea, findArea, isPendingLocation, knownPlace, placeText } from './prompts';
import { allAreas } from './understand';
import type { DialogueContext, Draft, Intake, Session } from './types';

/**
 * The location question. A village or community, a town or subdistrict (the case goes to that
 * level's cadre), a street, estate or group the district lists ("花园路1栋"), a name without its
 * suffix ("向阳") or one character off ("团节村" → 团结村?) are all understood. Never more than two
 * re-prompts: the first miss asks again (with the closest choices), the second shows the numbered
 * list with "回复 0 跳过", the third takes the place as known so far and goes on.
 */

const MAX_LOCATION_CHARS = 200;
const DONT_KNOW = /不晓得|不知道|不清楚|说不清|不确定|搞不清|不记得/u;

export function answerLocation(session: Session, intake: Intake, text: string, ctx: DialogueContext): Outcome {
  const draft = intake.draft;
  const c = compact(text);
  const choices = (draft.placeChoices ?? []).map((code) => findArea(ctx, code)).filter((a): a is FlatArea => a !== undefined);
  if (choices.length > 0) {
    const n = parseChoiceNumber(text, choices.length);
    const picked = n !== null ? choices[n - 1] : choices.length === 1 && isYes(text) ? choices[0] : undefined;
    if (picked) return placed(session, intake, picked, draft.placeDetail ?? '', ctx);
  }
  const known = knownPlace(session, draft, ctx);
  if (known && (c === '0' || (isYes(text) && choices.length === 0))) {
    // The place already known keeps what came with it (a WeChat location's coordinates).
    const { placeChoices: _c, placeDetail: _d, ...kept } = draft;
    return afterLocation(session, intake, { ...kept, areaCode: known.area.code, locationText: known.locationText }, ctx);
  }
  // "0" on the numbered list: skip, the case goes where it can (the district when nothing is known).
  if (c === '0' && intake.wrongAnswers >= 2) return skipped(session, intake, ctx);
  const byNumber = choices.length === 0 ? numbered(text, ctx) : undefined;
  if (byNumber) return placed(session, intake, byNumber, '', ctx);
  if (halfWidth(text).length > MAX_LOCATION_CHARS) return missed(session, intake, [], '', ctx, messages.locationTooLong);
  // 不晓得 / 说不清: a miss like any other, so the list with "回复 0 跳过" comes next, not a loop.
  if (DONT_KNOW.test(c)) return missed(session, intake, [], '', ctx);
  const card = bondCardArea(session, ctx);
  const found = findPlace(text, allAreas(ctx), 'answer', card);
  if (found?.kind === 'match') return placed(session, intake, found.area, found.detail || detailInDescription(draft.description ?? '', found.area, allAreas(ctx)), ctx);
  // With a bond card (连心卡) the place is in the card's area unless another one is named: "3组" will do.
  if (card && !findArea(ctx, draft.areaCode) && found === null && meaningfulLength(text) > 0) return placed(session, intake, card, tidy(text), ctx);
  return missed(session, intake, found?.areas ?? [], found?.detail ?? '', ctx);
}

function numbered(text: string, ctx: DialogueContext): FlatArea | undefined {
  const n = parseChoiceNumber(text, ctx.areas.length);
  return n !== null ? ctx.areas[n - 1] : undefined;
}

function placed(session: Session, intake: Intake, area: FlatArea, detail: string, ctx: DialogueContext, lead: string[] = []): Outcome {
  return afterLocation(session, intake, placeDraft(intake.draft, area, detail), ctx, lead);
}

/** A WeChat location waiting for its village keeps its address and coordinates; otherwise they go. */
export function placeDraft(draft: Draft, area: FlatArea, rest: string): Draft {
  const pending = isPendingLocation(draft);
  const base: Draft = pending ? draft : { ...draft, latitude: undefined, longitude: undefined };
  const { placeChoices: _c, placeDetail: _d, ...clean } = base;
  return { ...clean, areaCode: area.code, locationText: rest || (pending ? (draft.locationText ?? '') : '') };
}

/** What is known (this report's place, the bond card's area, last time's), else the district itself. */
function fallbackArea(session: Session, intake: Intake, ctx: DialogueContext): { area: FlatArea; detail: string } | null {
  const known = knownPlace(session, intake.draft, ctx);
  if (known) return { area: known.area, detail: known.locationText };
  const root = allAreas(ctx).find((a) => a.parentCode === null) ?? ctx.areas[0];
  return root ? { area: root, detail: isPendingLocation(intake.draft) ? (intake.draft.locationText ?? '') : '' } : null;
}

function skipped(session: Session, intake: Intake, ctx: DialogueContext): Outcome {
  const fallback = fallbackArea(session, intake, ctx);
  if (!fallback) return withIntake(session, intake, [messages.locationWrong]);
  const place = placeText(fallback.area.name, fallback.detail);
  return placed(session, intake, fallback.area, fallback.detail, ctx, [understandingTexts.placeSkipped(place)]);
}

/** One miss more: the closest choices if any, the numbered list at the second, the way on at the third. */
function missed(session: Session, intake: Intake, near: FlatArea[], detail: string, ctx: DialogueContext, message: string = messages.locationWrong): Outcome {
  const count = intake.wrongAnswers + 1;
  if (count > 2) return skipped(session, intake, ctx);
  const offered = near.slice(0, 9);
  const draft: Draft = { ...intake.draft, placeChoices: offered.length ? offered.map((a) => a.code) : undefined, placeDetail: offered.length ? detail : undefined };
  const next: Intake = { ...intake, draft, wrongAnswers: count };
  if (offered.length > 0) return withIntake(session, next, [understandingTexts.placeNear(offered.map((a, i) => ({ n: i + 1, text: a.name })))]);
  if (count === 1) return withIntake(session, next, [message]);
  const fallback = fallbackArea(session, intake, ctx);
  const known = knownPlace(session, intake.draft, ctx);
  return withIntake(session, next, [understandingTexts.placeList(areaOptions(ctx), known && fallback ? placeText(fallback.area.name, fallback.detail) : null)]);
}
