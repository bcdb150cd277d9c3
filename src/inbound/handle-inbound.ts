import { newSession } from '../dialogue/intake';
import { emergencyOf } from '../dialogue/understand';
import type { InboundAnswer, InboundMessage } from '../domain/inbound-content';
import { cadreTexts, messages, understandingTexts } from '../messages/zh-CN';
import { metrics } from '../observability/metrics';
import { parseCadreCommand } from '../cadre/parse-command';
import { parseSatisfaction } from '../cases/answer-follow-up';
import type { InboundStore } from './inbound-store';
import { KeyedQueue } from './keyed-queue';
import { dialogueContext, dialogueTurn, runEffect } from './dialogue-turn';
import { retryPending, type RetryTotals } from './pending-filings';
import type { InboundDeps } from './router-deps';
import { createSavedSessions, SAVED_SESSIONS_KEPT } from './saved-sessions';
import { recordOf } from './privacy-effects';
import { type SimilarCaseLookUp, type StepAhead, stepAhead } from './step-ahead';
import { saveStored, type Stored } from './stored-session';
import { choicesFor } from '../dialogue/choices';

export type { InboundDeps } from './router-deps';

export type InboundHandler = {
  /** Handles one message; returns the replies to send straight back, or null to stay silent. */
  handle(msg: InboundMessage): Promise<string[] | null>;
  /** As `handle`, with the choices open after this turn (the web chat shows them as buttons). */
  answer(msg: InboundMessage): Promise<InboundAnswer | null>;
  /** Waits for messages in flight (graceful shutdown). */
  drain(): Promise<void>;
  /**
   * Files what was left pending (the database was down, or a crash came mid-filing) without
   * waiting for the sender to write again; the case's notices tell them its number. `failed`:
   * the database is still unreachable (the caller backs off).
   */
  retryPending(): Promise<RetryTotals>;
  /**
   * Emergencies first, where no conversation is held (a group's messages): the advice for a text
   * that reads as an emergency, else null. Pure; nothing is kept.
   */
  emergencyAdvice(text: string): { advice: string; hazard: string | null } | null;
};

/** `绑定 <code>`: the one cadre command a not-yet-recognised sender may use. */
const BIND = /^\s*绑定[\s:：]*([A-Za-z0-9]{4,16})?\s*$/;

/**
 * The router: admits a message (de-duplication, rate limit and the stored session in one round
 * trip), then sends it one way — to the cadre desk (a bound cadre), binding (`绑定 <code>`), a
 * follow-up answer (回访), or the resident dialogue (dialogue-turn.ts). One sender's messages are
 * handled in order (a queue per sender).
 */
export function createInboundHandler(given: InboundDeps): InboundHandler {
  const queue = new KeyedQueue();
  const saved = createSavedSessions();
  const deps: InboundDeps = { ...given, store: saved.remembering(given.store) };
  const { district, logger } = deps;
  const contextFor = dialogueContext(deps);

  // A sender this router has saved nothing for is most likely new: their resident record (first
  // contact) is read while the admission is on its way. Once per sender (a flood from one sender
  // reads it once), the senders kept as saved sessions are.
  const recordsRead = new Set<string>();
  const firstRecord = (last: Stored | null | undefined, routed: boolean, senderKey: string, msg: InboundMessage) => {
    if (last !== undefined || !routed || recordsRead.has(senderKey)) return undefined;
    if (recordsRead.size >= SAVED_SESSIONS_KEPT) recordsRead.clear();
    recordsRead.add(senderKey);
    return recordOf(deps, msg);
  };

  const turn = async (msg: InboundMessage): Promise<InboundAnswer | null> => {
    const at = deps.clock();
    const senderKey = `${msg.channel}:${msg.senderKey}`;
    const text = msg.content.kind === 'text' ? msg.content.text.normalize('NFKC') : null;
    const binding = text === null ? null : BIND.exec(text);
    const cadreOnly = text !== null && !binding && isCadreOnlyCommand(text);
    const last = saved.last(senderKey);
    // 回访: "1"/"满意"… outside an intake may answer a follow-up (the only look-up such a turn makes).
    const satisfactionOf = (s: Stored | null | undefined) => (msg.content.kind === 'text' && !s?.session.intake ? parseSatisfaction(msg.content.text) : null);
    const ctx = contextFor(msg, at.getTime());
    const routed = !binding && !cadreOnly && !satisfactionOf(last);
    const lookUp = (effect: SimilarCaseLookUp) => runEffect(deps, msg, effect, at);
    const ahead: StepAhead = { ...stepAhead(last, saved.lastText(senderKey), msg, ctx, routed, lookUp), record: firstRecord(last, routed, senderKey, msg) };
    let admission: Awaited<ReturnType<InboundStore['admit']>>;
    try {
      admission = await deps.store.admit(`${msg.channel}:${msg.id}`, senderKey, at.getTime(), ahead.next);
    } catch (err) {
      // Redis unreachable: nothing of this message was kept, so the sender is asked to send it again.
      logger.error('inbound store unavailable', { messageId: msg.id, err });
      return plain([messages.storeUnavailable]);
    }
    metrics.messagesIn.inc({ channel: msg.channel });
    if (!admission.fresh) {
      logger.debug('duplicate message ignored', { messageId: msg.id });
      return null;
    }
    if (!admission.allowed) {
      logger.warn('sender rate-limited', { messageId: msg.id });
      return admission.tellSlowDown ? plain([messages.slowDown]) : null;
    }
    if (admission.saved) metrics.turnsSavedWithAdmission.inc();
    if (admission.saved && ahead.done) {
      // Saved by the admission: the turn dialogueTurn would take, without its write.
      ahead.take(last!.session);
      return { replies: [...ahead.done.replies], choices: choicesFor(ahead.done.session, ctx) };
    }
    // Saved by the admission, Redis held the text this process saved last: its reading stands.
    const stored = admission.saved ? last! : saved.read(senderKey, admission.rawSession);
    const who = { senderKey: msg.senderKey, contactRef: msg.contactRef ?? null };

    if (stored?.cadreId !== undefined) {
      const replies = await deps.cadres.handle(stored.cadreId, text ?? '', who);
      if (replies) return plain(replies);
      // No longer that cadre (rebound from another WeChat, or retired): an ordinary sender again.
      await saveStored(deps.store, senderKey, { session: stored.session, pending: stored.pending });
    }
    if (binding) {
      if (!binding[1]) return plain([cadreTexts.missingCode]);
      const bound = await deps.cadres.bind(binding[1], who);
      if (bound.cadreId !== undefined) {
        const session = stored?.session ?? newSession(at.getTime());
        await saveStored(deps.store, senderKey, { session, pending: stored?.pending ?? [], cadreId: bound.cadreId });
      }
      return plain(bound.replies);
    }
    if (cadreOnly) return plain([cadreTexts.notBound]);
    const satisfaction = satisfactionOf(stored);
    if (satisfaction) {
      const reply = await deps.cases.answerFollowUp({ channel: msg.channel, residentKey: msg.senderKey, ...satisfaction, at });
      if (reply) return plain([reply]);
    }
    // Its filing counts as kept only if the admission did save it.
    return dialogueTurn(deps, ctx, msg, stored, at, admission.saved ? ahead : { ...ahead, presaved: false });
  };

  const answer = (msg: InboundMessage): Promise<InboundAnswer | null> =>
    queue.run(`${msg.channel}:${msg.senderKey}`, async () => {
      try {
        return await turn(msg);
      } catch (err) {
        logger.error('message handling failed', { messageId: msg.id, err });
        return plain([messages.sorryTryAgain]);
      }
    });

  return {
    handle: async (msg) => (await answer(msg))?.replies ?? null,
    answer,
    drain: () => queue.drain(),
    retryPending: () => retryPending(deps, queue, contextFor),
    emergencyAdvice: (text) => {
      // Group chatter is read for hazard words only: a group is not spammed on a model's hunch.
      const reading = emergencyOf({ detectEmergency: district.detectEmergency, classify: district.classify }, text, false);
      return reading.emergency ? { advice: understandingTexts.emergencyAdvice(reading.hazard), hazard: reading.hazard } : null;
    },
  };
}

/**
 * 受理/办结/转办 with a case number, or 待办: only a bound cadre may; a resident is told so.
 * Progress words (进展, 进度, 反馈) are left to the dialogue: residents use them for their own cases.
 */
function isCadreOnlyCommand(text: string): boolean {
  const parsed = parseCadreCommand(text);
  return parsed.ok && ['accept', 'resolve', 'transfer', 'openCases'].includes(parsed.command.type);
}

const plain = (replies: string[]): InboundAnswer => ({ replies, choices: [] });
