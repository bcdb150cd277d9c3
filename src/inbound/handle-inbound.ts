import { z } from 'zod';
import type { District } from '../domain/district';
import type { Logger } from '../logging/logger';
import { afterEffect, newSession, step } from '../dialogue/intake';
import { type DialogueContext, type Effect, type EffectResult, type Session, sessionSchema } from '../dialogue/types';
import { type FileCaseInput, type FiledCase, UnknownAreaError } from '../cases/file-case';
import { Prisma } from '../generated/prisma/client';
import type { CaseDetail, CaseSummary } from '../dialogue/types';
import { cadreTexts, messages, understandingTexts } from '../messages/zh-CN';
import type { InboundMessage } from './inbound-message';
import type { InboundStore } from './inbound-store';
import { KeyedQueue } from './keyed-queue';
import { metrics } from '../observability/metrics';
import type { CadreDesk } from '../cadre/cadre-desk';
import { parseCadreCommand } from '../cadre/parse-command';
import { parseSatisfaction, type Satisfaction } from '../cases/answer-follow-up';
import type { ResidentService } from '../privacy/resident-service';
import { withResidentRecord } from '../dialogue/privacy';
import { emergencyOf } from '../dialogue/understand';
import { type Choice, choicesFor } from '../dialogue/choices';
import { recordOf, runPrivacyEffect } from './privacy-effects';
import { type MeTooService, runMeTooEffect } from './me-too-effects';

type FileCaseEffect = Extract<Effect, { type: 'fileCase' }>;
/**
 * A confirmed filing not yet known to be written, with what is needed to file it without the
 * sender's next message: when it was confirmed (the case's time) and how to reach the sender.
 */
type PendingFiling = FileCaseEffect & { at?: number; senderName?: string; contactRef?: string };
type Sender = Pick<InboundMessage, 'channel' | 'senderKey' | 'senderName' | 'contactRef'>;

/**
 * What is stored per sender: the dialogue's session, plus any filing that was confirmed but not
 * yet known to be written. The pending filing is saved *before* the case is filed, so a crash in
 * between is repaired on the sender's next message (filing is idempotent on the confirming
 * message id) instead of being lost or filed twice.
 */
const storedSchema = z.object({
  session: sessionSchema,
  pending: z.array(z.custom<PendingFiling>()).default([]),
  /** Set once this sender has bound themselves as a cadre (`绑定 <code>`). */
  cadreId: z.number().int().optional(),
});
type Stored = { session: Session; pending: PendingFiling[]; cadreId?: number };

/** `绑定 <code>`: the one cadre command a not-yet-recognised sender may use. */
const BIND = /^\s*绑定[\s:：]*([A-Za-z0-9]{4,16})?\s*$/;

/** The case service as the router needs it (the real one is in src/cases/). */
export type CaseService = {
  fileCase(input: FileCaseInput): Promise<FiledCase>;
  listResidentCases(who: { channel: string; residentKey: string }): Promise<CaseSummary[]>;
  findResidentCase(who: { channel: string; residentKey: string }, caseNumber: string): Promise<CaseDetail | null>;
  answerFollowUp(opts: { channel: string; residentKey: string; answer: Satisfaction; comment: string | null; at: Date }): Promise<string | null>;
};

export type InboundDeps = {
  store: InboundStore;
  cases: CaseService;
  /** Residents' consent, bond cards and 删除我的信息. */
  residents: ResidentService;
  cadres: CadreDesk;
  /** 我也遇到: finding and joining an open case like a new report (absent: every report is a new case). */
  meToo?: MeTooService;
  district: District;
  logger: Logger;
  clock: () => Date;
  idleTimeoutMs: number;
  /** Whether residents may be told a cadre's phone (SHOW_CADRE_PHONE), e.g. when they ask for a person. */
  showCadrePhone?: boolean;
};

/** The replies to a message, with the choices the dialogue offers next (buttons, where a channel has them). */
export type InboundAnswer = { replies: string[]; choices: Choice[] };

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
  retryPending(): Promise<{ filed: number; waiting: number; failed: boolean }>;
  /**
   * Emergencies first, where no conversation is held (a group's messages): the advice for a text
   * that reads as an emergency, else null. Pure; nothing is kept.
   */
  emergencyAdvice(text: string): { advice: string; hazard: string | null } | null;
};

/** A filing younger than this may still be in its own turn (perhaps in another process). */
const RETRY_MIN_AGE_MS = 5_000;

export function createInboundHandler(deps: InboundDeps): InboundHandler {
  const queue = new KeyedQueue();
  const { district, logger } = deps;
  const areaContact = (code: string) => {
    const found = district.contactFor(code);
    return found && { ...found, phone: deps.showCadrePhone ? found.phone : null };
  };

  const contextFor = (msg: InboundMessage, now: number): DialogueContext => ({
    now,
    messageId: msg.id,
    idleTimeoutMs: deps.idleTimeoutMs,
    categories: district.categories,
    priorities: district.priorities,
    areas: district.grassroots,
    allAreas: district.areas,
    classify: district.classify,
    detectEmergency: district.detectEmergency,
    recogniseIntent: district.recogniseIntent,
    areaContact,
    requireConsent: true,
    meToo: deps.meToo !== undefined,
  });

  /**
   * Files one confirmed report. A refusal that retrying cannot change (an unknown area) hands the
   * draft back to the dialogue; anything else (the database unreachable) defers it: it stays
   * pending and is filed when the database answers again.
   */
  const fileOne = async (sender: Sender, effect: PendingFiling, at: Date): Promise<EffectResult> => {
    try {
      const filed = await deps.cases.fileCase(toFileCaseInput(sender, effect, effect.at === undefined ? at : new Date(effect.at)));
      if (filed.created) metrics.casesFiled.inc({ channel: sender.channel });
      logger.info('case filed', { messageId: effect.confirmMessageId, caseNumber: filed.caseNumber, created: filed.created });
      return { type: 'caseFiled', caseNumber: filed.caseNumber, priority: filed.priority, emergency: effect.draft.emergency === true, areaName: filed.areaName };
    } catch (err) {
      if (err instanceof UnknownAreaError || err instanceof Prisma.PrismaClientValidationError) {
        logger.error('filing failed', { messageId: effect.confirmMessageId, err });
        return { type: 'fileFailed' };
      }
      // Kept either way (nothing a resident confirmed is dropped), but only an unreachable database
      // is expected: anything else is a fault someone must look at, so it is an error and counted.
      const cause = isDatabaseUnavailable(err) ? 'unavailable' : 'fault';
      metrics.filingsDeferred.inc({ cause });
      if (cause === 'unavailable') logger.warn('filing deferred: database unavailable', { messageId: effect.confirmMessageId, err });
      else logger.error('filing failed; the report is kept and retried', { messageId: effect.confirmMessageId, err });
      return { type: 'fileDeferred' };
    }
  };

  const runEffect = async (msg: InboundMessage, effect: Effect, at: Date): Promise<EffectResult> => {
    const who = { channel: msg.channel, residentKey: msg.senderKey };
    switch (effect.type) {
      case 'fileCase':
        return fileOne(msg, effect, at);
      case 'listMyCases':
        return { type: 'myCases', cases: await deps.cases.listResidentCases(who) };
      case 'lookupCase':
        return { type: 'caseLookup', caseNumber: effect.caseNumber, found: await deps.cases.findResidentCase(who, effect.caseNumber) };
      case 'findSimilarCase':
      case 'joinCase':
        return runMeTooEffect(deps, msg, effect, at);
      case 'recordConsent':
      case 'redeemBondCard':
      case 'eraseMyData':
        return runPrivacyEffect(deps, msg, effect, at);
    }
  };

  const turn = async (msg: InboundMessage): Promise<InboundAnswer | null> => {
    const at = deps.clock();
    const now = at.getTime();
    const senderKey = `${msg.channel}:${msg.senderKey}`;
    let admission: Awaited<ReturnType<InboundStore['admit']>>;
    try {
      admission = await deps.store.admit(`${msg.channel}:${msg.id}`, senderKey, now);
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
    const stored = parseStored(admission.rawSession);
    const who = { senderKey: msg.senderKey, contactRef: msg.contactRef ?? null };
    const text = msg.content.kind === 'text' ? msg.content.text.normalize('NFKC') : null;

    if (stored?.cadreId !== undefined) {
      const replies = await deps.cadres.handle(stored.cadreId, text ?? '', who);
      if (replies) return plain(replies);
      // No longer that cadre (rebound from another WeChat, or retired): an ordinary sender again.
      await save(senderKey, { session: stored.session, pending: stored.pending });
    }
    const binding = text === null ? null : BIND.exec(text);
    if (binding) {
      if (!binding[1]) return plain([cadreTexts.missingCode]);
      const bound = await deps.cadres.bind(binding[1], who);
      if (bound.cadreId !== undefined) {
        await save(senderKey, { session: stored?.session ?? newSession(now), pending: stored?.pending ?? [], cadreId: bound.cadreId });
      }
      return plain(bound.replies);
    }
    if (text !== null && isCadreOnlyCommand(text)) return plain([cadreTexts.notBound]);
    // 回访: "1"/"满意"… outside an intake may answer a follow-up (the only look-up such a turn makes).
    const satisfaction = msg.content.kind === 'text' && !stored?.session.intake ? parseSatisfaction(msg.content.text) : null;
    if (satisfaction) {
      const reply = await deps.cases.answerFollowUp({ channel: msg.channel, residentKey: msg.senderKey, ...satisfaction, at });
      if (reply) return plain([reply]);
    }

    const ctx = contextFor(msg, now);
    const replies: string[] = [];
    let session = stored?.session ?? null;
    if (!session?.privacy?.agreedAt) session = withResidentRecord(session ?? newSession(now), await recordOf(deps, msg));

    // A filing confirmed before a crash, or deferred while the database was down: finish it first
    // (idempotent on its message id). A permanent failure puts the draft back, so the resident
    // can confirm once more; one deferred again stays pending, and the resident, already told
    // it is kept, is not told again.
    const hadPending = (stored?.pending.length ?? 0) > 0;
    const stillPending: PendingFiling[] = [];
    for (const pending of stored?.pending ?? []) {
      const result = await fileOne(msg, pending, at);
      if (result.type === 'fileDeferred') stillPending.push(pending);
      if (session && (result.type !== 'fileDeferred' || session.filing)) {
        const after = afterEffect(session, result, ctx);
        session = after.session;
        replies.push(...after.replies);
      }
    }

    const result = step(session, msg.content, ctx);
    session = result.session;
    replies.push(...result.replies);
    const filings = result.effects
      .filter((e): e is FileCaseEffect => e.type === 'fileCase')
      .map((e): PendingFiling => ({ ...e, at: now, senderName: msg.senderName, contactRef: msg.contactRef }));
    if (filings.length) await save(senderKey, { session, pending: [...stillPending, ...filings] }, true);

    for (const effect of result.effects) {
      const filing = effect.type === 'fileCase' ? filings.find((f) => f.confirmMessageId === effect.confirmMessageId) : undefined;
      const outcome = filing ? await fileOne(msg, filing, at) : await runEffect(msg, effect, at);
      if (filing && outcome.type === 'fileDeferred') stillPending.push(filing);
      const after = afterEffect(session, outcome, ctx);
      session = after.session;
      replies.push(...after.replies);
    }
    await save(senderKey, { session, pending: stillPending }, hadPending || filings.length > 0 ? stillPending.length > 0 : undefined);
    return { replies, choices: choicesFor(session, ctx) };
  };

  const save = (senderKey: string, stored: Stored, pending?: boolean) => deps.store.saveSession(senderKey, JSON.stringify(stored), pending);

  /** One sender's pending filings, retried in their queue (never alongside their own turn). */
  const finishPending = async (senderKey: string, now: Date): Promise<{ filed: number; waiting: number; failed: boolean }> => {
    const stored = parseStored(await deps.store.loadSession(senderKey));
    if (!stored || stored.pending.length === 0) {
      await deps.store.forgetPending(senderKey);
      return { filed: 0, waiting: 0, failed: false };
    }
    const cut = senderKey.indexOf(':');
    const channel = senderKey.slice(0, cut) as InboundMessage['channel'];
    const ctx = contextFor({ id: 'retry', channel, senderKey: senderKey.slice(cut + 1), content: { kind: 'text', text: '' }, receivedAt: now }, now.getTime());
    let session = stored.session;
    const remaining: PendingFiling[] = [];
    let filed = 0;
    let failed = false;
    for (const pending of stored.pending) {
      if (failed || (pending.at !== undefined && now.getTime() - pending.at < RETRY_MIN_AGE_MS)) {
        remaining.push(pending);
        continue;
      }
      const sender: Sender = { channel, senderKey: senderKey.slice(cut + 1), senderName: pending.senderName, contactRef: pending.contactRef };
      const result = await fileOne(sender, pending, now);
      if (result.type === 'fileDeferred') {
        failed = true;
        remaining.push(pending);
        continue;
      }
      if (result.type === 'caseFiled') filed++;
      // The sender is not here to read a reply: the case's own notices carry its number.
      if (session.filing) session = afterEffect(session, result, ctx).session;
    }
    await save(senderKey, { ...stored, session, pending: remaining }, remaining.length > 0);
    return { filed, waiting: remaining.length, failed };
  };

  const retryPending = async () => {
    const totals = { filed: 0, waiting: 0, failed: false };
    for (const senderKey of await deps.store.pendingSenders()) {
      // The database still down: the rest wait for the next round rather than each failing in turn.
      if (totals.failed) {
        totals.waiting++;
        continue;
      }
      const done = await queue.run(senderKey, () => finishPending(senderKey, deps.clock()));
      totals.filed += done.filed;
      totals.waiting += done.waiting;
      totals.failed ||= done.failed;
    }
    if (totals.filed) logger.info('pending filings filed', { filed: totals.filed, waiting: totals.waiting });
    return totals;
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
    retryPending,
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

function parseStored(raw: string | null): Stored | null {
  if (!raw) return null;
  try {
    const parsed = storedSchema.safeParse(JSON.parse(raw));
    return parsed.success ? (parsed.data as Stored) : null;
  } catch {
    return null;
  }
}

function toFileCaseInput(msg: Sender, effect: FileCaseEffect, at: Date): FileCaseInput {
  const d = effect.draft;
  return {
    channel: msg.channel,
    residentKey: msg.senderKey,
    residentName: msg.senderName,
    contactRef: msg.contactRef ?? null,
    confirmMessageId: `${msg.channel}:${effect.confirmMessageId}`,
    description: d.description ?? '',
    categoryCode: d.categoryCode ?? 'OTHER',
    areaCode: d.areaCode ?? '',
    locationText: d.locationText ?? '',
    latitude: d.latitude ?? null,
    longitude: d.longitude ?? null,
    households: d.households ?? null,
    priority: d.priority ?? d.suggestedPriority ?? 'MINOR',
    phone: d.phone ?? null,
    classifierWords: d.classifierWords ?? [],
    attachments: d.attachments,
    at,
  };
}

/** Errors that mean "the database cannot be reached right now", as opposed to a fault in the request. */
export function isDatabaseUnavailable(err: unknown): boolean {
  const seen = new Set<unknown>();
  for (let e: unknown = err; e && typeof e === 'object' && !seen.has(e); e = (e as { cause?: unknown }).cause) {
    seen.add(e);
    const { code, message } = e as { code?: unknown; message?: unknown };
    if (typeof code === 'string' && /^(ECONNREFUSED|ECONNRESET|ETIMEDOUT|EPIPE|ENOTFOUND|EAI_AGAIN|P1001|P1002|P1008|P1017|P2024|08\w{3}|57P0[1-3]|53300)$/.test(code)) return true;
    if (typeof message === 'string' && /ECONNREFUSED|ECONNRESET|Connection terminated|connect ETIMEDOUT|timeout exceeded when trying to connect|Can't reach database|Server has closed the connection/i.test(message)) return true;
  }
  return false;
}
