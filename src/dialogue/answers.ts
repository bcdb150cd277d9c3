import { PRIORITIES, type Priority, priorityRank } from '../domain/ledger';
import type { FlatArea } from '../domain/areas';
import { messages } from '../messages/zh-CN';
import { advance, type Outcome, reprompt, withIntake, wrongAnswer } from './flow';
import { afterLocation, answerSameCase } from './me-too';
import { answerLocation } from './location-step';
import { numberedPlaceOnly } from './places';
import { factsOf } from './first-message';
import { emergencyOf } from './understand';
import {
  compact,
  halfWidth,
  isNo,
  isYes,
  matchArea,
  meaningfulLength,
  parseChoiceNumber,
  parseHouseholds,
  parsePhone,
  tidy,
} from './parse';
import {
  bondCardArea,
  categoryOptions,
  findArea,
  findCategory,
  hasFacts,
  isPendingLocation,
  knownPlace,
  priorityRules,
  suggestedCategory,
  suggestedPriority,
} from './prompts';
import { STEPS, type CompleteDraft, type DialogueContext, type Draft, type Intake, type Session } from './types';

export const MIN_DESCRIPTION_CHARS = 4;
export const MAX_DESCRIPTION_CHARS = 1000;
const MAX_LOCATION_CHARS = 200;

const GREETINGS = ['你好', '您好', '在吗', '在么', '在不在', '有人吗', 'hello', 'hi', '喂', '哈喽', '嗨', '早上好', '下午好', '晚上好', '老师好'];

/** 你好 / 在吗 / hi, or too little to be about anything. */
export function isGreeting(text: string): boolean {
  let rest = compact(text);
  for (const g of GREETINGS) if (rest.includes(g)) rest = rest.split(g).join('');
  return meaningfulLength(rest) < MIN_DESCRIPTION_CHARS;
}

/** A text answer to the question of the current step. */
export function answerStep(session: Session, intake: Intake, text: string, ctx: DialogueContext): Outcome {
  switch (intake.step) {
    case 'describe':
      return answerDescribe(session, intake, text, ctx);
    case 'category':
      return answerCategory(session, intake, text, ctx);
    case 'location':
      return answerLocation(session, intake, text, ctx);
    case 'sameCase':
      return answerSameCase(session, intake, text, ctx);
    case 'households':
      return answerHouseholds(session, intake, text, ctx);
    case 'urgency':
      return answerUrgency(session, intake, text, ctx);
    case 'phone':
      return answerPhone(session, intake, text, ctx);
    case 'confirm':
      return answerConfirm(session, intake, text, ctx);
  }
}

function answerDescribe(session: Session, intake: Intake, text: string, ctx: DialogueContext): Outcome {
  const description = tidy(text);
  if (description.length > MAX_DESCRIPTION_CHARS) {
    return wrongAnswer(session, intake, messages.describeTooLong(MAX_DESCRIPTION_CHARS), ctx);
  }
  if (meaningfulLength(description) < MIN_DESCRIPTION_CHARS) {
    // A second 你好 is not a wrong answer: just ask again.
    const greeted = GREETINGS.some((g) => compact(description).includes(g));
    return greeted ? reprompt(session, intake, [], ctx) : wrongAnswer(session, intake, messages.describeTooShort, ctx);
  }
  const found = ctx.classify(description);
  // The advice itself was given by `step`, on the raw text, before anything else.
  const danger = emergencyOf(ctx, description);
  const emergency = danger.emergency;
  const categoryCode = findCategory(ctx, found.category)?.code ?? findCategory(ctx, 'OTHER')?.code ?? ctx.categories[0]?.code;
  // A new description means a new suggestion: the urgency is asked again, and what it says is read afresh.
  const draft: Draft = {
    ...intake.draft,
    priority: undefined,
    description,
    categoryCode,
    // URGENT is for emergencies as read above; a classifier's urgent without one is only serious.
    suggestedPriority: emergency ? 'URGENT' : found.priority === 'URGENT' ? 'SERIOUS' : found.priority,
    emergency,
    hazard: danger.hazard ?? intake.draft.hazard,
    classifierWords: found.words,
    classified: { category: found.category, priority: found.priority },
    ...factsOf(description, session, ctx, emergency),
  };
  return advance(session, intake, draft, 'category', ctx);
}

function answerCategory(session: Session, intake: Intake, text: string, ctx: DialogueContext): Outcome {
  const draft = intake.draft;
  if (isYes(text) && suggestedCategory(draft, ctx)) return categoryTaken(session, intake, draft, ctx);
  const n = parseChoiceNumber(text, ctx.categories.length);
  const c = compact(text);
  const chosen = n !== null ? ctx.categories[n - 1] : ctx.categories.find((cat) => c === compact(cat.name));
  if (chosen) {
    const next = { ...draft, categoryCode: chosen.code, suggestedPriority: priorityForCategory(chosen.code, draft, ctx) };
    return categoryTaken(session, intake, next, ctx);
  }
  if (isNo(text)) {
    // 不对 to what was read from the first message too: each slot is asked in turn (the place is offered as "0").
    const asked: Intake = hasFacts(draft)
      ? { ...intake, draft: { ...draft, prefilled: undefined, priority: undefined, households: undefined, phone: undefined } }
      : intake;
    return withIntake(session, asked, [messages.categoryChoose(categoryOptions(ctx))]);
  }
  return wrongAnswer(session, intake, messages.categoryWrong(ctx.categories.length), ctx);
}

/**
 * The category is settled. What the first message said (place, households, urgency, phone) was
 * shown with it and is taken as confirmed: those questions are not asked again.
 */
function categoryTaken(session: Session, intake: Intake, draft: Draft, ctx: DialogueContext): Outcome {
  if (!hasFacts(draft)) return advance(session, intake, draft, 'location', ctx);
  const priority = draft.prefilled?.priority && draft.priority ? draft.priority : suggestedPriority(draft, ctx);
  const confirmed: Draft = { ...draft, priority, prefilled: { ...draft.prefilled, priority: true } };
  if (confirmed.prefilled?.place && findArea(ctx, confirmed.areaCode)) return afterLocation(session, intake, confirmed, ctx);
  return advance(session, intake, confirmed, 'location', ctx);
}

/**
 * When the resident changes the category, the new category's default applies, unless the
 * classifier raised the priority for words in the description (外流, 几十户 …): those still count.
 */
function priorityForCategory(code: string, draft: Draft, ctx: DialogueContext): Priority {
  const fallback = findCategory(ctx, code)?.defaultPriority ?? 'MINOR';
  if (draft.emergency) return 'URGENT';
  if (!draft.description) return fallback;
  // Read when the description was given (a session from before that was kept reads it again).
  const found = draft.classified ?? ctx.classify(draft.description);
  if (found.category === code) return found.priority;
  const classifierDefault = findCategory(ctx, found.category)?.defaultPriority ?? found.priority;
  const raised = priorityRank(found.priority) < priorityRank(classifierDefault);
  return raised && priorityRank(found.priority) < priorityRank(fallback) ? found.priority : fallback;
}

function answerHouseholds(session: Session, intake: Intake, text: string, ctx: DialogueContext): Outcome {
  const parsed = parseHouseholds(text);
  // "3组" here is the place said late (the place question took the village alone): kept, and the
  // question asked again, not counted as a wrong answer.
  const late = parsed.kind === 'invalid' ? numberedPlaceOnly(text) : null;
  if (late && !(intake.draft.locationText ?? '').includes(late)) {
    const draft = { ...intake.draft, locationText: `${intake.draft.locationText ?? ''}${late}` };
    return withIntake(session, { ...intake, draft }, [messages.householdsPlaceNoted(late)]);
  }
  if (parsed.kind === 'invalid') return wrongAnswer(session, intake, messages.householdsWrong, ctx);
  const households = parsed.kind === 'count' ? parsed.households : null;
  return advance(session, intake, { ...intake.draft, households }, intake.draft.joinCaseNumber ? 'phone' : 'urgency', ctx);
}

function answerUrgency(session: Session, intake: Intake, text: string, ctx: DialogueContext): Outcome {
  const priority = parseUrgency(text, intake.draft, ctx);
  if (!priority) return wrongAnswer(session, intake, messages.urgencyWrong, ctx);
  return advance(session, intake, { ...intake.draft, priority }, 'phone', ctx);
}

const URGENT_WORDS = new Set(['很急', '非常急', '特别急', '紧急', '急急急', '马上', '十万火急']);

function parseUrgency(text: string, draft: Draft, ctx: DialogueContext): Priority | null {
  if (isYes(text)) return suggestedPriority(draft, ctx);
  const rules = priorityRules(ctx);
  const n = parseChoiceNumber(text, rules.length);
  if (n !== null) return rules[n - 1]?.code ?? null;
  const c = compact(text);
  if (URGENT_WORDS.has(c)) return 'URGENT';
  const rule = rules.find((r) => c === r.char || c === `${r.char}的` || c === compact(r.label));
  return rule?.code ?? PRIORITIES.find((p) => p.toLowerCase() === c) ?? null;
}

function answerPhone(session: Session, intake: Intake, text: string, ctx: DialogueContext): Outcome {
  const lastPhone = session.profile.lastPhone;
  if (lastPhone && isYes(text)) return advance(session, intake, { ...intake.draft, phone: lastPhone }, 'confirm', ctx);
  const parsed = parsePhone(text);
  if (parsed.kind === 'invalid') return wrongAnswer(session, intake, messages.phoneWrong, ctx);
  const phone = parsed.kind === 'phone' ? parsed.phone : null;
  return advance(session, intake, { ...intake.draft, phone }, 'confirm', ctx);
}

const CONFIRM_WORDS = new Set(['确认', '1', '是', '提交', '确认提交', '确定', '对', '好', '好的', '可以', '没问题', '是的', '对的', 'ok', 'yes', '要得', '对头', '行']);

function answerConfirm(session: Session, intake: Intake, text: string, ctx: DialogueContext): Outcome {
  if (!CONFIRM_WORDS.has(compact(text))) return wrongAnswer(session, intake, messages.confirmWrong, ctx);
  const draft = completeDraft(intake.draft, ctx);
  if (!draft) return returnToMissing(session, intake, ctx);
  const confirmMessageId = intake.confirmMessageId ?? ctx.messageId;
  return {
    session: { ...session, intake: null, filing: { ...intake, confirmMessageId } },
    replies: [],
    effects: [{ type: 'fileCase', draft, confirmMessageId }],
  };
}

/** Every slot the summary showed, or null if one is somehow missing. */
export function completeDraft(draft: Draft, ctx: DialogueContext): CompleteDraft | null {
  const { description, households, phone } = draft;
  // A filed emergency is URGENT, with the emergency time limits, whatever was picked.
  const priority = draft.emergency ? 'URGENT' : draft.priority;
  const category = findCategory(ctx, draft.categoryCode);
  const area = findArea(ctx, draft.areaCode);
  if (description === undefined || !category || !area) return null;
  if (households === undefined || priority === undefined || phone === undefined) return null;
  return { ...dropUndefined(draft), description, categoryCode: category.code, areaCode: area.code, locationText: draft.locationText ?? '', households, priority, phone };
}

/** Defensive: a stored draft missing a slot goes back to the first step that fills it. */
function returnToMissing(session: Session, intake: Intake, ctx: DialogueContext): Outcome {
  const d = intake.draft;
  const missing: Record<(typeof STEPS)[number], boolean> = {
    describe: d.description === undefined,
    category: !findCategory(ctx, d.categoryCode),
    location: !findArea(ctx, d.areaCode),
    sameCase: false,
    households: d.households === undefined,
    urgency: d.priority === undefined,
    phone: d.phone === undefined,
    confirm: false,
  };
  const step = STEPS.find((s) => missing[s]) ?? 'describe';
  return reprompt(session, { ...intake, step, wrongAnswers: 0 }, [], ctx);
}

/** Explicitly undefined slots (cleared coordinates, a reset choice) are left out of what is filed. */
function dropUndefined(draft: Draft): Draft {
  return Object.fromEntries(Object.entries(draft).filter(([, v]) => v !== undefined)) as Draft;
}
