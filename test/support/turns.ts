import { step } from '../../src/dialogue/intake';
import type { DialogueContext, Session } from '../../src/dialogue/types';
import { suggestedCategory } from '../../src/dialogue/prompts';

/**
 * Turns from a resident's first message to the case being filed, as a resident who answers every
 * question plainly would: 同意 to the notice, 是 to a suggestion, the place if asked (the place the
 * message was about), 跳过 for households and phone, 确认 at the summary. Pure: the `fileCase`
 * effect is where the case number would come from.
 */
export function turnsToCase(firstMessage: string, place: string, ctx: (turn: number) => DialogueContext, maxTurns = 20): number | null {
  let session: Session | null = null;
  let text = firstMessage;
  for (let turn = 1; turn <= maxTurns; turn++) {
    const result = step(session, { kind: 'text', text }, ctx(turn));
    session = result.session;
    if (result.effects.some((e) => e.type === 'fileCase')) return turn;
    text = answerFor(session, place, ctx(turn));
  }
  return null;
}

function answerFor(session: Session, place: string, ctx: DialogueContext): string {
  if (!session.privacy?.agreedAt) return '同意';
  switch (session.intake?.step) {
    case 'category':
      // No suggestion to agree to: the resident picks one from the list (the last, 其他).
      return suggestedCategory(session.intake.draft, ctx) ? '是' : String(ctx.categories.length);
    case 'location':
      return session.intake.wrongAnswers > 0 ? '0' : place;
    case 'sameCase':
      return '不是';
    case 'households':
    case 'phone':
      return '跳过';
    case 'urgency':
      return '是';
    case 'confirm':
      return '确认';
    default:
      return '确认';
  }
}
