import { step } from '../dialogue/intake';
import type { DialogueContext, Session, TurnResult } from '../dialogue/types';
import type { InboundContent } from '../domain/inbound-content';
import { metrics } from '../observability/metrics';

/**
 * The dialogue's step worked out ahead. While a message's admission is on its way to Redis, the
 * step (pure, and most of a turn's work) runs on the session this process saved last for the
 * sender, so the wait and the work overlap instead of following each other. Its result is taken
 * only if the turn then steps from that very session object: the admission brought back the same
 * text (saved-sessions.ts) and nothing ran before the step (a pending filing, a first consent).
 * Otherwise it is dropped and the turn steps as before.
 */
export type StepAhead = { take(session: Session): TurnResult | null };

export const NO_STEP_AHEAD: StepAhead = { take: () => null };

/** `sessionOf` is asked on the next turn of the event loop, so its reading is off the caller's path too. */
export function stepAhead(sessionOf: () => Session | undefined, input: InboundContent, ctx: DialogueContext): StepAhead {
  let session: Session | undefined;
  let result: TurnResult | null = null;
  let wanted = true;
  // Queued after the admission's group, so that leaves first; done before its answer is read.
  setImmediate(() => {
    if (!wanted) return;
    try {
      session = sessionOf();
      // Without consent the turn first adds the resident's record (a new session object): no match.
      if (session?.privacy?.agreedAt) result = step(session, input, ctx);
    } catch {
      // The turn steps again and meets the same error where it is handled.
    }
  });
  return {
    take(s) {
      wanted = false;
      if (result === null) return null;
      const used = s === session;
      metrics.stepsAhead.inc({ used: String(used) });
      return used ? result : null;
    },
  };
}
