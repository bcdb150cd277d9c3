import { afterEffect } from '../dialogue/intake';
import type { DialogueContext, EffectResult } from '../dialogue/types';
import type { InboundMessage } from '../domain/inbound-content';
import type { CaseService } from '../cases/case-service';
import { type FileCaseInput, UnknownAreaError } from '../cases/file-case';
import { isDatabaseUnavailable } from '../db/database-errors';
import { Prisma } from '../generated/prisma/client';
import type { Logger } from '../logging/logger';
import { metrics } from '../observability/metrics';
import type { InboundStore } from './inbound-store';
import type { KeyedQueue } from './keyed-queue';
import { type FileCaseEffect, type PendingFiling, parseStored, saveStored, type Sender } from './stored-session';

/** A filing younger than this may still be in its own turn (perhaps in another process). */
const RETRY_MIN_AGE_MS = 5_000;

export type PendingDeps = { store: InboundStore; cases: Pick<CaseService, 'fileCase'>; logger: Logger; clock: () => Date };
export type RetryTotals = { filed: number; waiting: number; failed: boolean };

/**
 * Files one confirmed report. A refusal that retrying cannot change (an unknown area) hands the
 * draft back to the dialogue; anything else (the database unreachable) defers it: it stays
 * pending and is filed when the database answers again.
 */
export async function fileOne(deps: PendingDeps, sender: Sender, effect: PendingFiling, at: Date): Promise<EffectResult> {
  const { logger } = deps;
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
}

/**
 * Files what was left pending (the database was down, or a crash came mid-filing) without waiting
 * for the sender to write again, each sender in their queue (never alongside their own turn); the
 * case's notices tell them its number. `failed`: the database is still unreachable.
 */
export async function retryPending(
  deps: PendingDeps,
  queue: KeyedQueue,
  contextFor: (msg: InboundMessage, now: number) => DialogueContext,
): Promise<RetryTotals> {
  const totals = { filed: 0, waiting: 0, failed: false };
  for (const senderKey of await deps.store.pendingSenders()) {
    // The database still down: the rest wait for the next round rather than each failing in turn.
    if (totals.failed) {
      totals.waiting++;
      continue;
    }
    const done = await queue.run(senderKey, () => finishPending(deps, senderKey, deps.clock(), contextFor));
    totals.filed += done.filed;
    totals.waiting += done.waiting;
    totals.failed ||= done.failed;
  }
  if (totals.filed) deps.logger.info('pending filings filed', { filed: totals.filed, waiting: totals.waiting });
  return totals;
}

/** One sender's pending filings. */
async function finishPending(
  deps: PendingDeps,
  senderKey: string,
  now: Date,
  contextFor: (msg: InboundMessage, now: number) => DialogueContext,
): Promise<RetryTotals> {
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
    const result = await fileOne(deps, sender, pending, now);
    if (result.type === 'fileDeferred') {
      failed = true;
      remaining.push(pending);
      continue;
    }
    if (result.type === 'caseFiled') filed++;
    // The sender is not here to read a reply: the case's own notices carry its number.
    if (session.filing) session = afterEffect(session, result, ctx).session;
  }
  await saveStored(deps.store, senderKey, { ...stored, session, pending: remaining }, remaining.length > 0);
  return { filed, waiting: remaining.length, failed };
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
