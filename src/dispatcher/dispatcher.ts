import type { Db } from '../db/client';
import type { Logger } from '../logging/logger';
import type { RateCounters } from '../stores/stores';
import { isQuiet, type QuietHours } from '../domain/quiet-hours';
import { retryDelayMs } from './backoff';
import { claimDueMessages, type ClaimedMessage } from './claim';
import { createRateLimiter, nextWindow } from './rate-limit';
import { noOutcomes, recordOutcomes, type Outcomes } from './record';
import { recipientKey, resolveRecipients, type Recipient } from './recipients';
import type { DispatchLane } from './lanes';

import { createPollLoop } from './poll-loop';
import { NoChannelForRecipient, RecipientUnreachable, SendLater, type OutboundChannel } from './outbound-channel';

export type { Recipient } from './recipients';
export { NoChannelForRecipient, RecipientUnreachable, SendLater, type OutboundChannel, type SendMeta } from './outbound-channel';

export type DispatcherOptions = {
  db: Db;
  rates: RateCounters;
  channel: OutboundChannel;
  logger: Logger;
  clock?: () => Date;
  /** Attempts before a row is marked FAILED (default 6). */
  maxAttempts?: number;
  /** First retry delay; doubles each attempt, with jitter, capped at an hour (default 30 s). */
  baseRetryMs?: number;
  batchSize?: number;
  /** How long a claim holds a row before another dispatcher may take it (default 60 s). */
  claimLeaseMs?: number;
  perRecipientPerMinute?: number;
  globalPerMinute?: number;
  /** Pause between polls when nothing was due (default 1 s). */
  idleMs?: number;
  /** Outside these hours only urgent messages go out; the rest wait for the morning. */
  quietHours?: QuietHours;
  /** Only this lane's rows (see lanes.ts); absent, every row. */
  lane?: DispatchLane;
};

export type RunResult = { claimed: number; sent: number; failed: number; retried: number; deferred: number };

const UNREACHABLE_WAIT_MS = 10 * 60_000;

/** One run's state: its clock reading, its counts, and the outcomes to write at its end. */
type Batch = { now: Date; result: RunResult; outcomes: Outcomes };

/** Operators see which row, case and kind; never the text or the person's contact. */
const logFields = (row: ClaimedMessage) => ({
  outboxId: row.id.toString(),
  caseId: row.caseId,
  kind: row.kind,
  recipient: recipientKey(row.recipientKind, row.recipientId),
  attempts: row.attempts,
});

const errorText = (err: unknown): string => (err instanceof Error ? err.message : String(err)).slice(0, 1000);

/**
 * Sends the outbox: claims due rows (see claim.ts), sends each through the channel, records the
 * outcome, retries with back-off, and gives up after maxAttempts (the row stays, FAILED).
 * Recipients are served concurrently, each one's messages one after another in id order.
 */
export function createDispatcher(opts: DispatcherOptions) {
  const clock = opts.clock ?? (() => new Date());
  const maxAttempts = opts.maxAttempts ?? 6;
  const baseRetryMs = opts.baseRetryMs ?? 30_000;
  const batchSize = opts.batchSize ?? 100;
  const leaseMs = opts.claimLeaseMs ?? 60_000;
  const idleMs = opts.idleMs ?? 1000;
  const { db, logger, channel } = opts;
  const limiter = createRateLimiter(opts.rates, {
    globalPerMinute: opts.globalPerMinute ?? 100,
    perRecipientPerMinute: opts.perRecipientPerMinute ?? 10,
  });

  /** Not sent, and not the send's fault: due again at `until`, attempt not counted. */
  function defer(b: Batch, row: ClaimedMessage, until: Date, reason: string | null, why: string): Date {
    b.outcomes.putBack.push({ id: row.id, at: until, reason });
    b.result.deferred++;
    logger.debug(`message deferred: ${why}`, { ...logFields(row), until: until.toISOString() });
    return until;
  }

  /** The row stays, FAILED, for operators; the recipient's later rows go on. */
  function giveUp(b: Batch, row: ClaimedMessage, error: string): Date {
    b.outcomes.failed.push({ id: row.id, error });
    b.result.failed++;
    logger.error('message failed for good', { ...logFields(row), error });
    return b.now;
  }

  function failOrRetry(b: Batch, row: ClaimedMessage, err: unknown): Date {
    const error = errorText(err);
    if (row.attempts >= maxAttempts) return giveUp(b, row, error);
    const next = new Date(b.now.getTime() + retryDelayMs(row.attempts, baseRetryMs));
    b.outcomes.retry.push({ id: row.id, at: next, error });
    b.result.retried++;
    logger.warn('send failed, will retry', { ...logFields(row), error, nextAttemptAt: next.toISOString() });
    return next;
  }

  /**
   * One recipient's rows, oldest first, `slots` of them allowed by the rate limit; the first one
   * not sent holds back the rest. Returns how many slots were used (one per send tried).
   */
  async function deliverInOrder(b: Batch, rows: ClaimedMessage[], to: Recipient | null | undefined, slots: number): Promise<number> {
    let used = 0;
    for (const [i, row] of rows.entries()) {
      let until: Date | null = null;
      if (to === undefined) {
        // A deleted person will never be reachable: no point waiting.
        until = giveUp(b, row, 'recipient not found');
      } else if (to === null) {
        until = defer(b, row, new Date(b.now.getTime() + UNREACHABLE_WAIT_MS), 'recipient not bound to WeChat yet', 'unreachable');
      } else if (used >= slots) {
        until = defer(b, row, nextWindow(b.now), null, 'rate limit');
      } else {
        used++;
        try {
          await channel.send(to, row.text, { kind: row.kind, caseId: row.caseId });
          b.outcomes.sent.push(row.id);
          b.result.sent++;
          logger.debug('message sent', logFields(row));
        } catch (err) {
          if (err instanceof SendLater) until = defer(b, row, err.until, errorText(err), 'sent later');
          else if (err instanceof RecipientUnreachable) until = defer(b, row, new Date(b.now.getTime() + UNREACHABLE_WAIT_MS), errorText(err), 'unreachable');
          else if (err instanceof NoChannelForRecipient) until = giveUp(b, row, errorText(err));
          else until = failOrRetry(b, row, err);
        }
      }
      if (!until) continue;
      for (const later of rows.slice(i + 1)) defer(b, later, until, null, 'behind an earlier message');
      break;
    }
    return used;
  }

  /**
   * One claimed batch: one claim statement, one look-up of the recipients, one Redis MULTI for the
   * rate limits of all its rows, the sends (recipients concurrently, each one's rows in order), and
   * then every outcome written at once (see record.ts). Until then the batch's rows stay SENDING
   * under their lease, which also holds back their recipients' later rows in other dispatchers.
   */
  async function runOnce(): Promise<RunResult> {
    const now = clock();
    const rows = await claimDueMessages(db, { now, leaseMs, limit: batchSize, quiet: isQuiet(now, opts.quietHours ?? null), lane: opts.lane });
    const result: RunResult = { claimed: rows.length, sent: 0, failed: 0, retried: 0, deferred: 0 };
    if (rows.length === 0) return result;
    const who = await resolveRecipients(db, rows);
    const queues = [...groupByRecipient(rows)];
    const slots = await limiter.takeMany(
      queues.filter(([key]) => who.get(key)).map(([key, list]) => ({ key, n: list.length })),
      now,
    );
    const b: Batch = { now, result, outcomes: noOutcomes() };
    const unused = new Map<string, number>();
    const settled = await Promise.allSettled(
      queues.map(async ([key, list]) => {
        const granted = slots.get(key) ?? 0;
        const used = await deliverInOrder(b, list, who.get(key), granted);
        if (used < granted) unused.set(key, granted - used);
      }),
    );
    for (const s of settled) {
      // Rows left SENDING return once their lease ends.
      if (s.status === 'rejected') logger.error('dispatching failed; the rows are retried after their lease', { err: s.reason });
    }
    await Promise.all([
      recordOutcomes(db, b.outcomes, clock()),
      limiter.giveBack(unused, now).catch((err) => logger.warn('could not give back unused send slots', { err })),
    ]);
    // One line a batch at info (a line a message would cost more than the send at thousands a
    // second); each message's own line is at debug, failures and retries at warn/error as before.
    logger.info('outbox batch dispatched', { ...result });
    return result;
  }

  const loop = createPollLoop(runOnce, idleMs, logger);
  return { runOnce, start: loop.start, stop: loop.stop };
}

export type Dispatcher = ReturnType<typeof createDispatcher>;

/** Claimed rows by recipient, each list in id order. */
function groupByRecipient(rows: ClaimedMessage[]): Map<string, ClaimedMessage[]> {
  const queues = new Map<string, ClaimedMessage[]>();
  for (const row of [...rows].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))) {
    const key = recipientKey(row.recipientKind, row.recipientId);
    const list = queues.get(key);
    if (list) list.push(row);
    else queues.set(key, [row]);
  }
  return queues;
}
