import { step } from '../dialogue/intake';
import type { DialogueContext, Effect, EffectResult, Session, TurnResult } from '../dialogue/types';
import type { ResidentRecord } from '../domain/resident-record';
import type { InboundMessage } from '../domain/inbound-content';
import { metrics } from '../observability/metrics';
import type { NextSession } from './inbound-store';
import { pendingFilingsOf, type Stored } from './stored-session';

/**
 * The dialogue's step worked out before the admission, from the session this process saved last
 * for the sender (saved-sessions.ts). Its result is taken only if the turn then steps from that
 * very session object: the admission brought back the same text and nothing ran before the step
 * (a pending filing, a first consent, a cadre). Otherwise it is dropped and the turn steps as before.
 *
 * What the turn would save next is saved by the admission itself (`next`): when Redis still holds
 * the text the step started from, the new text replaces it in the same round trip. For a plain
 * turn — replies and a new session, no effect to run — that is the whole turn (`done`); for a
 * confirmation it is the filing kept as pending before it is written (`presaved`). Either way one
 * round trip of the turn is gone.
 */
export type StepAhead = {
  take(session: Session): TurnResult | null;
  /**
   * Look-ups the step asks for (我也遇到's), started with the admission; read-only, so one not
   * used costs a read and nothing else. Taken by the effect object of the step's result.
   */
  lookUps?: ReadonlyMap<Effect, Promise<EffectResult>>;
  /** A new sender's resident record (first contact), read while the admission is on its way. */
  record?: Promise<ResidentRecord | null>;
  /** The session to save with the admission. */
  next?: NextSession;
  /** A plain turn: once the admission saved `next`, this is the turn. */
  done?: TurnResult;
  /** `next` is the step's session with its filings pending, as dialogueTurn saves it before filing. */
  presaved?: boolean;
};

export const NO_STEP_AHEAD: StepAhead = { take: () => null };

export type SimilarCaseLookUp = Extract<Effect, { type: 'findSimilarCase' }>;

/**
 * `plain`: nothing but the dialogue will handle the message (no binding, cadre command or
 * follow-up answer). `lookUp` starts a 我也遇到 look-up the step asks for.
 */
export function stepAhead(
  last: Stored | null | undefined,
  lastText: string | undefined,
  msg: InboundMessage,
  ctx: DialogueContext,
  plain: boolean,
  lookUp?: (effect: SimilarCaseLookUp) => Promise<EffectResult>,
): StepAhead {
  // Without consent the turn first adds the resident's record (a new session object): no match.
  if (!last || last.cadreId !== undefined || last.pending.length > 0 || !last.session.privacy?.agreedAt) return NO_STEP_AHEAD;
  let result: TurnResult;
  try {
    result = step(last.session, msg.content, ctx);
  } catch {
    // The turn steps again and meets the same error where it is handled.
    return NO_STEP_AHEAD;
  }
  const take = (s: Session) => {
    const used = s === last.session;
    metrics.stepsAhead.inc({ used: String(used) });
    return used ? result : null;
  };
  // Once per report (the step moves on), so a flood of messages cannot repeat it.
  const similar = plain && lookUp ? result.effects.filter((e): e is SimilarCaseLookUp => e.type === 'findSimilarCase') : [];
  const lookUps = lookUp && similar.length > 0 ? new Map<Effect, Promise<EffectResult>>(similar.map((e) => [e, lookUp(e)])) : undefined;
  if (!plain || lastText === undefined) return { take, lookUps };
  const filings = pendingFilingsOf(result.effects, msg, ctx.now);
  // What dialogueTurn saves next: after a plain step, the session and nothing pending; before a
  // filing, the session and the filing pending (nothing was pending before: see above).
  const plainTurn = result.effects.length === 0;
  if (!plainTurn && filings.length === 0) return { take, lookUps };
  const stored: Stored = { session: result.session, pending: filings };
  const next = { expected: lastText, next: JSON.stringify(stored), written: stored, pending: !plainTurn };
  return plainTurn ? { take, next, done: result } : { take, next, presaved: true };
}
