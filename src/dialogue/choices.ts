import { quickReplyTexts as q } from '../messages/zh-CN';
import type { FlatArea } from '../domain/areas';
import { maskPhone } from '../domain/masking';
import { areaOptions, categoryOptions, findArea, hasFacts, isPendingLocation, knownPlace, placeText, priorityRules, suggestedCategory } from './prompts';
import type { DialogueContext, Session } from './types';

/**
 * A choice the dialogue offers for the question it is asking: `label` is what a button shows,
 * `reply` what tapping it sends — a word or number the dialogue understands when typed too.
 * Declared with the other message types (domain/inbound-content.ts), which the channels share.
 */
export type { Choice } from '../domain/inbound-content';
import type { Choice } from '../domain/inbound-content';

/** The web chat shows at most this many buttons (a district's longest list of villages fits). */
export const MAX_CHOICES = 40;

/**
 * The choices open at this point of the conversation (pure), read from the session the turn left:
 * the privacy notice (同意 / 不同意), 删除我的信息's confirmation, or the intake step's question.
 * Channels that can show buttons (the web chat) use them; WeChat's text replies are unchanged.
 */
export function choicesFor(session: Session, ctx: DialogueContext): Choice[] {
  const privacy = session.privacy ?? {};
  if (privacy.erasing) return [word(q.eraseConfirm), word(q.cancel)];
  if (ctx.requireConsent && privacy.agreedAt === undefined) return privacy.asked ? [word(q.agree), word(q.decline)] : [];
  const intake = session.intake;
  if (!intake) return [];
  const draft = intake.draft;
  const numbered = (options: { n: number; text: string }[]): Choice[] => options.map((o) => ({ label: q.numbered(o.n, o.text), reply: String(o.n) }));
  switch (intake.step) {
    case 'describe':
      return [];
    case 'category':
      // With what the first message said shown for confirmation, 不对 asks each slot in turn.
      return [...(suggestedCategory(draft, ctx) ? [word(q.yes)] : []), ...numbered(categoryOptions(ctx)), ...(hasFacts(draft) ? [word(q.notRight)] : [])].slice(0, MAX_CHOICES);
    case 'location':
      return locationChoices(session, ctx, numbered).slice(0, MAX_CHOICES);
    case 'sameCase':
      return draft.similar ? [word(q.yes), word(q.notSame)] : [word(q.skip)];
    case 'households':
      return [word(q.skip)];
    case 'urgency':
      return [word(q.yes), ...numbered(priorityRules(ctx).map((r, i) => ({ n: i + 1, text: `${r.char}（${r.label}）` })))];
    case 'phone': {
      const last = session.profile.lastPhone;
      return [...(last ? [{ label: q.reusePhone(maskPhone(last)), reply: q.yes }] : []), word(q.skip)];
    }
    case 'confirm':
      return [word(q.confirm), word(q.back), word(q.cancel)];
  }
}

const word = (text: string): Choice => ({ label: text, reply: text });

/** As src/dialogue/location-step.ts reads the answer: the near matches, else "0" and the numbered list. */
function locationChoices(session: Session, ctx: DialogueContext, numbered: (o: { n: number; text: string }[]) => Choice[]): Choice[] {
  const intake = session.intake!;
  const draft = intake.draft;
  const near = (draft.placeChoices ?? []).map((code) => findArea(ctx, code)).filter((a): a is FlatArea => a !== undefined);
  if (near.length > 0) return numbered(near.map((a, i) => ({ n: i + 1, text: a.name })));
  const known = isPendingLocation(draft) ? null : knownPlace(session, draft, ctx);
  const zero = known
    ? [{ label: q.knownPlace(placeText(known.area.name, known.locationText)), reply: '0' }]
    : intake.wrongAnswers >= 2
      ? [{ label: q.skipPlace, reply: '0' }]
      : [];
  return [...zero, ...numbered(areaOptions(ctx))];
}
