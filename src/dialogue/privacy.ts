import type { InboundContent } from '../domain/inbound-content';
import { bondCardTexts, messages, privacyTexts, understandingTexts } from '../messages/zh-CN';
import type { ResidentRecord } from '../domain/resident-record';
import { type Outcome, say } from './flow';
import { isGreeting } from './answers';
import { compact, isNo, isYes } from './parse';
import { humanContactReply, type Intent, intentOf } from './understand';
import type { DialogueContext, EffectResult, Session } from './types';

/**
 * The resident's privacy in the dialogue (pure): the notice and the agreement (同意) before
 * anything is kept beyond the message itself, and 删除我的信息 with its confirmation.
 */

const AGREE = new Set(['同意', '我同意', '同意的', '好的同意', '可以同意', '同意了', '1', '是', '好', '好的', '可以', '行', 'ok', 'yes']);
const DECLINE = new Set(['不同意', '我不同意', '不同意的', '不', '不要', '不行', '拒绝', '2', 'no']);
/**
 * How people wrap a yes or a no: 好吧同意, 那就同意嘛, 嗯嗯 同意, 同意同意, 可以的, 要得, 我不同意哈.
 * Fillers before and particles after are let go; what is left must be an answer of the lists
 * (or nothing but fillers: 好吧, 行吧, 要得). A 不 anywhere in an agreement makes it none.
 */
const FILLERS_BEFORE = /^(?:好吧|好嘛|好的|好|那就|那|嗯+|哦+|噢+|行吧|行|可以|ok|要得|没问题)+/u;
const PARTICLES_AFTER = /(?:吧|啊|呀|哈|嘛|的|了|哦|噻|撒|嘞|咯|啦|哟)+$/u;
const core = (text: string) => compact(text).replace(/(同意)+/gu, '同意').replace(PARTICLES_AFTER, '');

export function isConsent(text: string): boolean {
  const c = compact(text);
  if (AGREE.has(c)) return true;
  if (/不|没(?!问题)|别|拒绝/u.test(c)) return false;
  const rest = core(text).replace(FILLERS_BEFORE, '');
  return rest === '' ? c.length > 0 && FILLERS_BEFORE.test(c) : AGREE.has(rest) || AGREE.has(rest.replace(/^我/u, ''));
}

export function isDecline(text: string): boolean {
  const c = compact(text);
  if (DECLINE.has(c)) return true;
  const rest = core(text).replace(/^(?:那|嗯+|哦+|算了|还是)+/u, '');
  return DECLINE.has(rest) || DECLINE.has(rest.replace(/^我/u, ''));
}
const ERASE_REQUEST = new Set(['删除我的信息', '删除我的个人信息', '删除个人信息', '删除我的资料', '删掉我的信息', '清除我的信息', '注销', '删除信息']);
const ERASE_CONFIRM = new Set(['确认删除', '确定删除', '删除', '确认', '确定', '是']);
const KEEP = new Set(['取消', '不删了', '算了', '不删', '不要删', '不', '不用了']);

type Proceed = (session: Session, input: InboundContent, ctx: DialogueContext) => Outcome;

const textOf = (input: InboundContent): string | null => (input.kind === 'text' ? input.text : null);

export const hasAgreed = (session: Session): boolean => session.privacy?.agreedAt !== undefined;

/**
 * The privacy part of a turn, before the intake sees the message; null when it has nothing to do.
 * `proceed` is the ordinary dialogue, run on the held message once the resident agrees.
 */
export function privacyTurn(session: Session, input: InboundContent, ctx: DialogueContext, proceed: Proceed): Outcome | null {
  const text = textOf(input);
  const privacy = session.privacy ?? {};
  if (privacy.erasing) {
    const kept: Session = { ...session, privacy: { ...privacy, erasing: false } };
    if (text !== null && ERASE_CONFIRM.has(compact(text))) return say(kept, [], [{ type: 'eraseMyData' }]);
    if (text === null || KEEP.has(compact(text))) return say(kept, [privacyTexts.eraseKept]);
    const next = proceed(kept, input, ctx);
    return { ...next, replies: [privacyTexts.eraseKept, ...next.replies] };
  }
  if (text !== null && ERASE_REQUEST.has(compact(text).replace(/^(?:请|我要|帮我)/, ''))) {
    return say({ ...session, privacy: { ...privacy, erasing: true } }, [privacyTexts.eraseConfirm]);
  }
  if (!ctx.requireConsent || hasAgreed(session)) return null;
  return consentTurn(session, input, ctx, proceed);
}

function consentTurn(session: Session, input: InboundContent, ctx: DialogueContext, proceed: Proceed): Outcome {
  const privacy = session.privacy ?? {};
  const text = textOf(input);
  if (privacy.asked && text !== null && isConsent(text)) {
    const agreed: Session = { ...session, privacy: { agreedAt: ctx.now } };
    const recorded = [{ type: 'recordConsent' as const }];
    if (!privacy.held) return say(agreed, [privacyTexts.agreed], recorded);
    const next = proceed(agreed, privacy.held, ctx);
    return { session: next.session, replies: [privacyTexts.thanks, ...next.replies], effects: [...recorded, ...next.effects] };
  }
  if (privacy.asked && text !== null && isDecline(text)) {
    // Nothing of theirs is kept: the held message and any draft go.
    return say({ ...session, intake: null, privacy: {} }, [privacyTexts.declined]);
  }
  const intent = text === null ? null : intentOf(ctx, text);
  if (intent && intent !== 'greeting') return consentIntent(session, intent, ctx);
  // Not answered yet: the notice (again), and the first thing they said waits for the answer.
  const held = privacy.held ?? (worthHolding(input) ? input : null);
  const lead = input.kind === 'unsupported' ? [messages.unsupported(input.what)] : [];
  return say({ ...session, privacy: { asked: true, held } }, [...lead, privacy.asked ? privacyTexts.askAgain : privacyTexts.notice]);
}

/**
 * 算了, 帮助, 我的事情办得怎么样了, 找干部, 谢谢 before the notice is answered: answered as such,
 * nothing is held, and the notice (or the request to answer it) follows.
 */
function consentIntent(session: Session, intent: Intent, ctx: DialogueContext): Outcome {
  const privacy = session.privacy ?? {};
  if (intent === 'cancel') return say({ ...session, intake: null, privacy: {} }, [understandingTexts.consentCancelled]);
  const answer: Record<Exclude<Intent, 'cancel' | 'greeting'>, string[]> = {
    back: [],
    help: [understandingTexts.consentHelp],
    status: [understandingTexts.statusBeforeConsent],
    human: [humanContactReply(session, ctx)],
    thanks: [understandingTexts.thanks],
  };
  const replies = answer[intent as keyof typeof answer] ?? [];
  return say({ ...session, privacy: { ...privacy, asked: true, held: privacy.held ?? null } }, [...replies, privacy.asked ? privacyTexts.askAgain : privacyTexts.notice]);
}

/** A greeting is not held: after agreeing, the resident is simply asked what the problem is. */
function worthHolding(input: InboundContent): boolean {
  if (input.kind === 'unsupported') return false;
  if (input.kind !== 'text') return true;
  // A yes or a no said before the notice was shown (好的同意, 是) answers nothing yet: held, it
  // would take the place of the description that follows and be filed as the report.
  if (isConsent(input.text) || isDecline(input.text) || isYes(input.text) || isNo(input.text)) return false;
  return !isGreeting(input.text) || /连心卡/.test(input.text);
}

/** The router's restore: consent and bond card on record (a session that expired) come back into the session. */
export function withResidentRecord(session: Session, record: ResidentRecord | null): Session {
  if (!record?.consentAt) return session;
  const profile = record.bondCard && !session.profile.bondCard ? { ...session.profile, bondCard: record.bondCard } : session.profile;
  return { ...session, profile, privacy: { ...session.privacy, agreedAt: record.consentAt.getTime(), asked: false, held: null } };
}

type PrivacyResult = Extract<EffectResult, { type: 'consentRecorded' | 'bondCard' | 'dataErased' }>;

export function isPrivacyResult(result: EffectResult): result is PrivacyResult {
  return result.type === 'consentRecorded' || result.type === 'bondCard' || result.type === 'dataErased';
}

/** What the router found: the card tied (or why not), the data erased. `andPrompt` re-asks an open intake's question. */
export function applyPrivacyResult(session: Session, result: PrivacyResult, fresh: Session, andPrompt: (replies: string[]) => string[]): Outcome {
  switch (result.type) {
    case 'consentRecorded':
      return say(session, []);
    case 'bondCard': {
      if (result.tie) {
        return say({ ...session, profile: { ...session.profile, bondCard: result.tie } }, andPrompt([bondCardTexts.tied(result.tie.areaName, result.tie.cadreName)]));
      }
      const { bondCard: held, ...rest } = session.profile;
      const profile = held?.code === result.code ? rest : session.profile;
      return say({ ...session, profile }, andPrompt([result.refused === 'revoked' ? bondCardTexts.revoked : bondCardTexts.unknown]));
    }
    case 'dataErased':
      // Nothing stays in the session either: the next message starts afresh, with the notice.
      return say(fresh, [result.erased ? privacyTexts.erased : privacyTexts.eraseNothing]);
  }
}
