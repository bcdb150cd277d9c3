import type { Db } from '../db/client';
import type { Logger } from '../logging/logger';
import type { RedisClient } from '../redis/client';
import { isQuiet, type QuietHours } from '../domain/quiet-hours';
import { retryDelayMs } from './backoff';
import { claimDueMessages, type ClaimedMessage } from './claim';
import { createRateLimiter, nextWindow } from './rate-limit';
import { markFailed, markSent, putBack, scheduleRetry } from './record';
import { recipientKey, resolveRecipients, type Recipient } from './recipients';

export type { Recipient } from './recipients';

export interface OutboundChannel {
  /** Throws when the message could not be sent. */
  send(to: Recipient, text: string): Promise<void>;
}

/** The person cannot be reached yet (a cadre not bound to WeChat): wait, without counting an attempt. */
/**
 * No channel of this process reaches the person at all (a resident who filed through Open311 has
 * no chat to reply to): the row is marked FAILED at once, with the reason, for operators.
 */
export class NoChannelForRecipient extends Error {
  override name = 'NoChannelForRecipient';
}

export class RecipientUnreachable extends Error {
  override name = 'RecipientUnreachable';
}

export type DispatcherOptions = {
  db: Db;
  redis: RedisClient;
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
};

export type RunResult = { claimed: number; sent: number; failed: number; retried: number; deferred: number };

const UNREACHABLE_WAIT_MS = 10 * 60_000;

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
  const batchSize = opts.batchSize ?? 50;
  const leaseMs = opts.claimLeaseMs ?? 60_000;
  const idleMs = opts.idleMs ?? 1000;
  const { db, logger, channel } = opts;
  const limiter = createRateLimiter(opts.redis, {
    globalPerMinute: opts.globalPerMinute ?? 100,
    perRecipientPerMinute: opts.perRecipientPerMinute ?? 10,
  });

  /** Not sent, and not the send's fault: due again at `until`, attempt not counted. */
  async function defer(row: ClaimedMessage, until: Date, reason: string | null, why: string, result: RunResult): Promise<Date> {
    await putBack(db, row.id, until, reason);
    result.deferred++;
    logger.debug(`message deferred: ${why}`, { ...logFields(row), until: until.toISOString() });
    return until;
  }

  /** The row stays, FAILED, for operators; the recipient's later rows go on. */
  async function giveUp(row: ClaimedMessage, error: string, now: Date, result: RunResult): Promise<Date> {
    await markFailed(db, row.id, error);
    result.failed++;
    logger.error('message failed for good', { ...logFields(row), error });
    return now;
  }

  async function failOrRetry(row: ClaimedMessage, err: unknown, now: Date, result: RunResult): Promise<Date> {
    const error = errorText(err);
    if (row.attempts >= maxAttempts) return giveUp(row, error, now, result);
    const next = new Date(now.getTime() + retryDelayMs(row.attempts, baseRetryMs));
    await scheduleRetry(db, row.id, next, error);
    result.retried++;
    logger.warn('send failed, will retry', { ...logFields(row), error, nextAttemptAt: next.toISOString() });
    return next;
  }

  /** Sent: null. Otherwise when this row is next due; its recipient's later rows wait until then. */
  async function deliver(row: ClaimedMessage, to: Recipient | null | undefined, now: Date, result: RunResult): Promise<Date | null> {
    // A deleted person will never be reachable: no point waiting.
    if (to === undefined) return giveUp(row, 'recipient not found', now, result);
    const unreachableUntil = new Date(now.getTime() + UNREACHABLE_WAIT_MS);
    if (to === null) return defer(row, unreachableUntil, 'recipient not bound to WeChat yet', 'unreachable', result);
    if (!(await limiter.take(recipientKey(to.kind, to.id), now))) return defer(row, nextWindow(now), null, 'rate limit', result);
    try {
      await channel.send(to, row.text);
    } catch (err) {
      if (err instanceof RecipientUnreachable) return defer(row, unreachableUntil, errorText(err), 'unreachable', result);
      if (err instanceof NoChannelForRecipient) return giveUp(row, errorText(err), now, result);
      return failOrRetry(row, err, now, result);
    }
    await markSent(db, row.id, clock());
    result.sent++;
    logger.info('message sent', logFields(row));
    return null;
  }

  /** One recipient's rows, oldest first; the first one not sent holds back the rest. */
  async function deliverInOrder(rows: ClaimedMessage[], to: Recipient | null | undefined, now: Date, result: RunResult) {
    for (const [i, row] of rows.entries()) {
      const until = await deliver(row, to, now, result);
      if (!until) continue;
      for (const later of rows.slice(i + 1)) await defer(later, until, null, 'behind an earlier message', result);
      return;
    }
  }

  async function runOnce(): Promise<RunResult> {
    const now = clock();
    const rows = await claimDueMessages(db, { now, leaseMs, limit: batchSize, quiet: isQuiet(now, opts.quietHours ?? null) });
    const result: RunResult = { claimed: rows.length, sent: 0, failed: 0, retried: 0, deferred: 0 };
    if (rows.length === 0) return result;
    const who = await resolveRecipients(db, rows);
    const queues = groupByRecipient(rows);
    const settled = await Promise.allSettled([...queues].map(([key, list]) => deliverInOrder(list, who.get(key), now, result)));
    for (const s of settled) {
      // Rows left SENDING return once their lease ends.
      if (s.status === 'rejected') logger.error('dispatching failed; the rows are retried after their lease', { err: s.reason });
    }
    return result;
  }

  let running = false;
  let loop: Promise<void> | null = null;
  let wake: (() => void) | null = null;

  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, ms);
      wake = () => {
        clearTimeout(timer);
        resolve();
      };
    }).finally(() => {
      wake = null;
    });

  async function pollUntilStopped() {
    while (running) {
      let claimed = 0;
      try {
        claimed = (await runOnce()).claimed;
      } catch (err) {
        logger.error('dispatcher run failed', { err });
      }
      if (claimed === 0 && running) await sleep(idleMs);
    }
  }

  return {
    runOnce,
    start(): void {
      if (running) return;
      running = true;
      loop = pollUntilStopped();
    },
    /** Ends the loop after the current run; no timer is left behind. */
    async stop(): Promise<void> {
      running = false;
      wake?.();
      await loop;
      loop = null;
    },
  };
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
