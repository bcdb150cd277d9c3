import { step } from '../dialogue/intake';
import type { DialogueContext, Session, TurnResult } from '../dialogue/types';
import type { InboundContent } from '../domain/inbound-content';
import { metrics } from '../observability/metrics';
import type { NextSession } from './inbound-store';
import type { Stored } from './stored-session';

/**
 * The dialogue's step worked out before the admission, from the session this process saved last
 * for the sender (saved-sessions.ts). Its result is taken only if the turn then steps from that
 * very session object: the admission brought back the same text and nothing ran before the step
 * (a pending filing, a first consent, a cadre). Otherwise it is dropped and the turn steps as before.
 *
 * A plain turn — a reply and a new session, no effect to run — is saved by the admission itself
 * (`next`): when Redis still holds the text the step started from, the new text replaces it in the
 * same round trip, and the turn is over when the admission answers. That was the second of a
 * turn's two round trips.
 */
export type StepAhead = {
  take(session: Session): TurnResult | null;
  /** The session to save with the admission (a plain turn only). */
  next?: NextSession;
  /** The step's result, for a turn whose admission saved `next`. */
  result?: TurnResult;
};

export const NO_STEP_AHEAD: StepAhead = { take: () => null };

/** `plain`: nothing but the dialogue will handle the message (no binding, cadre command or follow-up answer). */
export function stepAhead(last: Stored | null | undefined, lastText: string | undefined, input: InboundContent, ctx: DialogueContext, plain: boolean): StepAhead {
  // Without consent the turn first adds the resident's record (a new session object): no match.
  if (!last || last.cadreId !== undefined || last.pending.length > 0 || !last.session.privacy?.agreedAt) return NO_STEP_AHEAD;
  let result: TurnResult;
  try {
    result = step(last.session, input, ctx);
  } catch {
    // The turn steps again and meets the same error where it is handled.
    return NO_STEP_AHEAD;
  }
  const take = (s: Session) => {
    const used = s === last.session;
    metrics.stepsAhead.inc({ used: String(used) });
    return used ? result : null;
  };
  if (!plain || result.effects.length > 0 || lastText === undefined) return { take };
  // What dialogueTurn saves after a plain step: the session, nothing pending.
  const stored: Stored = { session: result.session, pending: [] };
  return { take, result, next: { expected: lastText, next: JSON.stringify(stored), written: stored } };
}
