import { messages } from '../messages/zh-CN';
import { promptFor } from './prompts';
import type { DialogueContext, Draft, Effect, Intake, Session, Step } from './types';

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
  return withIntake(session, moved, [...lead, promptFor(session, moved, ctx)]);
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
