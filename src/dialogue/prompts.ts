import type { CategoryDef, PriorityRule } from '../config/district-schema';
import type { FlatArea } from '../domain/areas';
import { type Priority, priorityRank } from '../domain/ledger';
import { bondCardTexts, type FactView, messages, meTooTexts, type Option, understandingTexts } from '../messages/zh-CN';
import { maskPhone } from '../domain/masking';
import type { DialogueContext, Draft, Intake, Session, SimilarOffer } from './types';

/** What the resident is asked at each step; re-shown after help, 上一步, a case look-up … */
export function promptFor(session: Session, intake: Intake, ctx: DialogueContext): string {
  const draft = intake.draft;
  switch (intake.step) {
    case 'describe':
      return messages.describePrompt;
    case 'category':
      if (hasFacts(draft)) return understandingTexts.categoryWithFacts(suggestedCategory(draft, ctx)?.name ?? null, factsView(draft, ctx), categoryOptions(ctx));
      return messages.categoryPrompt(suggestedCategory(draft, ctx)?.name ?? null, categoryOptions(ctx));
    case 'location':
      return locationPrompt(session, draft, ctx);
    case 'sameCase':
      return draft.similar ? sameCasePrompt(draft.similar) : messages.householdsPrompt;
    case 'households':
      return draft.joinCaseNumber ? meTooTexts.householdsPrompt : messages.householdsPrompt;
    case 'urgency':
      return urgencyPrompt(draft, ctx);
    case 'phone':
      return session.profile.lastPhone ? messages.phoneReusePrompt(maskPhone(session.profile.lastPhone)) : messages.phonePrompt;
    case 'confirm':
      return summary(draft, ctx);
  }
}

export const categoryOptions = (ctx: DialogueContext): Option[] => ctx.categories.map((c, i) => ({ n: i + 1, text: c.name }));

export const areaOptions = (ctx: DialogueContext): Option[] => ctx.areas.map((a, i) => ({ n: i + 1, text: a.name }));

/** 急 重 缓 轻, in that order whatever order the district file lists them. */
export function priorityRules(ctx: DialogueContext): PriorityRule[] {
  return [...ctx.priorities].sort((a, b) => priorityRank(a.code) - priorityRank(b.code));
}

export const findCategory = (ctx: DialogueContext, code: string | undefined): CategoryDef | undefined =>
  ctx.categories.find((c) => c.code === code);

/** Any area, towns and the district included (a town is a valid place). */
export const findArea = (ctx: DialogueContext, code: string | undefined): FlatArea | undefined =>
  code === undefined ? undefined : (ctx.allAreas ?? ctx.areas).find((a) => a.code === code);

/** "向阳社区 花园路1栋", or the area alone when no more detail was given. */
export const placeText = (areaName: string, locationText: string | undefined): string =>
  locationText ? `${areaName} ${locationText}` : areaName;

/** A WeChat location whose village is not known yet: the location step asks which one. */
export const isPendingLocation = (draft: Draft): boolean => draft.areaCode === undefined && draft.locationText !== undefined;

/**
 * The place to offer as "0": what this report already has, else the area of the resident's bond
 * card (连心卡), else where they reported last time.
 */
export function knownPlace(session: Session, draft: Draft, ctx: DialogueContext): { area: FlatArea; locationText: string } | null {
  if (isPendingLocation(draft)) return null;
  const fromDraft = findArea(ctx, draft.areaCode);
  if (fromDraft) return { area: fromDraft, locationText: draft.locationText ?? '' };
  const fromCard = bondCardArea(session, ctx);
  if (fromCard) return { area: fromCard, locationText: '' };
  const fromProfile = findArea(ctx, session.profile.areaCode);
  return fromProfile ? { area: fromProfile, locationText: '' } : null;
}

/** The classifier's pick, unless it found nothing to go on (then the resident just picks). */
export function suggestedCategory(draft: Draft, ctx: DialogueContext): CategoryDef | null {
  const category = findCategory(ctx, draft.categoryCode);
  if (!category) return null;
  const noClue = category.code === 'OTHER' && (draft.classifierWords ?? []).length === 0;
  return noClue ? null : category;
}

/** The area of the resident's bond card, if they have one (the location step starts from it). */
export const bondCardArea = (session: Session, ctx: DialogueContext): FlatArea | undefined => findArea(ctx, session.profile.bondCard?.areaCode);

function locationPrompt(session: Session, draft: Draft, ctx: DialogueContext): string {
  if (isPendingLocation(draft)) return messages.locationWhichArea(draft.locationText ?? '', areaOptions(ctx));
  const card = bondCardArea(session, ctx);
  if (card && !findArea(ctx, draft.areaCode)) return bondCardTexts.locationPrompt(card.name, areaOptions(ctx));
  const known = knownPlace(session, draft, ctx);
  return messages.locationPrompt(known ? placeText(known.area.name, known.locationText) : null, areaOptions(ctx));
}

/** An emergency is always suggested as 急; otherwise the classifier's or the category's default. */
export function suggestedPriority(draft: Draft, ctx: DialogueContext): Priority {
  if (draft.emergency) return 'URGENT';
  return draft.suggestedPriority ?? findCategory(ctx, draft.categoryCode)?.defaultPriority ?? 'MINOR';
}

function urgencyPrompt(draft: Draft, ctx: DialogueContext): string {
  const suggested = suggestedPriority(draft, ctx);
  const rules = priorityRules(ctx);
  const options = rules.map((rule, i) => ({
    n: i + 1,
    text: messages.urgencyOption(rule.char, messages.priorityMeaning(rule.code), rule.code === suggested),
  }));
  const suggestedChar = rules.find((r) => r.code === suggested)?.char ?? suggested;
  return messages.urgencyPrompt(suggestedChar, options);
}

/** What the first message said, as the category step shows it; the urgency always (it is not asked after). */
function factsView(draft: Draft, ctx: DialogueContext): FactView {
  const p = draft.prefilled ?? {};
  const area = findArea(ctx, draft.areaCode);
  const rule = ctx.priorities.find((r) => r.code === (p.priority && draft.priority ? draft.priority : suggestedPriority(draft, ctx)));
  return {
    place: p.place && area ? placeText(area.name, draft.locationText) : null,
    households: p.households ? (draft.households ?? null) : null,
    priority: rule ? { char: rule.char, label: rule.label } : null,
    phone: p.phone && draft.phone ? maskPhone(draft.phone) : null,
  };
}

function summary(draft: Draft, ctx: DialogueContext): string {
  const area = findArea(ctx, draft.areaCode);
  const rule = ctx.priorities.find((p) => p.code === (draft.priority ?? suggestedPriority(draft, ctx)));
  return messages.summary({
    description: draft.description ?? '',
    categoryName: findCategory(ctx, draft.categoryCode)?.name ?? '',
    place: placeText(area?.name ?? '', draft.locationText),
    households: draft.households ?? null,
    priority: { char: rule?.char ?? '', label: rule?.label ?? '' },
    phone: draft.phone ?? null,
    attachments: draft.attachments.length,
  });
}

/** Whether anything was taken from the first message (the category step then shows it). */
export const hasFacts = (draft: Draft): boolean => Object.values(draft.prefilled ?? {}).some(Boolean);

/** The question of the sameCase step (我也遇到, see me-too.ts). */
export const sameCasePrompt = (offer: SimilarOffer): string => meTooTexts.offer(offer);
