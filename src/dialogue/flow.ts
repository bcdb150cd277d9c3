import { messages } from '../messages/zh-CN';
import { promptFor } from './prompts';
import { type DialogueContext, type Draft, type Effect, type Intake, type Session, type Step, STEPS } from './types';

/** One turn's outcome inside the dialogue, before `step` stamps the time and fits the replies. */
export type Outcome = { session: Session; replies: string[]; effects: Effect[] };

/** After three wrong answers at one step, the choices are offered again with the way out. */
export const WRONG_ANSWERS_BEFORE_HELP = 3;

export function newIntake(now: number, draft: Draft = { attachments: [] }): Intake {
  return { step: 'describe', draft, history: [], wrongAnswers: 0, startedAt: now };
}

export function say(session: Session, replies: string[], effects: Effect[] = []): Outcome {
  return { session, replies, effects };
}

/** Stay on this intake (maybe with a changed draft) and say something. */
export function withIntake(session: Session, intake: Intake | null, replies: string[], effects: Effect[] = []): Outcome {
  return { session: { ...session, intake }, replies, effects };
}

/** The answer was taken: record the draft, move to `next` and ask its question. */
export function advance(
  session: Session,
  intake: Intake,
  draft: Draft,
  next: Step,
  ctx: DialogueContext,
  lead: string[] = [],
): Outcome {
  const moved: Intake = { ...intake, step: next, draft, history: [...intake.history, intake.step], wrongAnswers: 0 };
  return enter(session, moved, ctx, lead);
}

/**
 * Asks the question of the intake's step, or, when the first message already answered it and the
 * resident confirmed that (`prefilled`), goes on to the next one. A resident joining an open case
 * (我也遇到) is asked households and phone only, then joins.
 */
export function enter(session: Session, intake: Intake, ctx: DialogueContext, lead: string[] = []): Outcome {
  let at = intake;
  for (;;) {
    const next = followingStep(at.draft, at.step);
    if (at.draft.joinCaseNumber && at.step === 'confirm') return joinNow(session, at, lead);
    if (!isPrefilled(at.draft, at.step) || !next) break;
    at = { ...at, step: next };
  }
  return withIntake(session, at, [...lead, promptFor(session, at, ctx)]);
}

function followingStep(draft: Draft, step: Step): Step | undefined {
  if (draft.joinCaseNumber && step === 'households') return 'phone';
  if (draft.joinCaseNumber && step === 'phone') return 'confirm';
  return STEPS[STEPS.indexOf(step) + 1];
}

/** A slot the first message filled and the resident confirmed at the category step. */
export function isPrefilled(draft: Draft, step: Step): boolean {
  const p = draft.prefilled ?? {};
  switch (step) {
    case 'households':
      return p.households === true && draft.households !== undefined;
    case 'urgency':
      return p.priority === true && draft.priority !== undefined;
    case 'phone':
      return p.phone === true && draft.phone !== undefined;
    default:
      return false;
  }
}

/** 我也遇到: households and phone known, the router is asked to add the resident to the case. */
export function joinNow(session: Session, intake: Intake, lead: string[] = []): Outcome {
  const { joinCaseNumber, households, phone } = intake.draft;
  const stay: Intake = { ...intake, step: intake.step === 'confirm' ? 'phone' : intake.step, wrongAnswers: 0 };
  if (!joinCaseNumber) return withIntake(session, stay, lead);
  return withIntake(session, stay, lead, [{ type: 'joinCase', caseNumber: joinCaseNumber, households: households ?? null, phone: phone ?? null }]);
}

/** Says what was expected; on the third miss, shows the choices again and how to cancel. */
export function wrongAnswer(session: Session, intake: Intake, message: string, ctx: DialogueContext): Outcome {
  const count = intake.wrongAnswers + 1;
  if (count >= WRONG_ANSWERS_BEFORE_HELP) {
    const reset: Intake = { ...intake, wrongAnswers: 0 };
    return withIntake(session, reset, [messages.choicesAgain(promptFor(session, reset, ctx))]);
  }
  return withIntake(session, { ...intake, wrongAnswers: count }, [message]);
}

/** The current question again, after something that did not answer it (help, an image …). */
export function reprompt(session: Session, intake: Intake, lead: string[], ctx: DialogueContext): Outcome {
  return withIntake(session, intake, [...lead, promptFor(session, intake, ctx)]);
}
