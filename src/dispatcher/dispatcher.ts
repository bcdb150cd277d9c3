import type { Db } from '../db/client';
import type { Logger } from '../logging/logger';
import type { RedisClient } from '../redis/client';
import { retryDelayMs } from './backoff';

/** Where a message goes, as the channel needs it. */
export type Recipient = { kind: 'RESIDENT' | 'CADRE'; id: number; channel: string; key: string; contactRef: string | null };

export interface OutboundChannel {
  /** Throws when the message could not be sent. */
  send(to: Recipient, text: string): Promise<void>;
}

/** The person cannot be reached yet (a cadre not bound to WeChat): wait, without counting an attempt. */
export class RecipientUnreachable extends Error {
  override name = 'RecipientUnreachable';
}

export type DispatcherOptions = {
  db: Db;
  redis: RedisClient;
  channel: OutboundChannel;
  logger: Logger;
  clock?: () => Date;
  maxAttempts?: number;
  baseRetryMs?: number;
  batchSize?: number;
  claimLeaseMs?: number;
  perRecipientPerMinute?: number;
  globalPerMinute?: number;
  idleMs?: number;
};

export type RunResult = { claimed: number; sent: number; failed: number; retried: number; deferred: number };

type Claimed = { id: bigint; recipientKind: 'RESIDENT' | 'CADRE'; recipientId: number; caseId: number | null; kind: string; text: string; attempts: number };

const UNREACHABLE_WAIT_MS = 10 * 60_000;
const MINUTE = 60_000;

/**
 * Sends the outbox: claims due rows (FOR UPDATE SKIP LOCKED, so any number of dispatchers never
 * hold one row twice), sends through the channel, records the outcome, retries with back-off,
 * gives up after maxAttempts (the row stays, FAILED, for operators). A row left SENDING by a
 * crashed dispatcher is claimed again once its lease ends.
 */
export function createDispatcher(opts: DispatcherOptions) {
  const clock = opts.clock ?? (() => new Date());
  const maxAttempts = opts.maxAttempts ?? 6;
  const baseRetryMs = opts.baseRetryMs ?? 30_000;
  const batchSize = opts.batchSize ?? 50;
  const leaseMs = opts.claimLeaseMs ?? 60_000;
  const perRecipient = opts.perRecipientPerMinute ?? 10;
  const globalLimit = opts.globalPerMinute ?? 100;
  const { db, logger } = opts;

  async function claim(now: Date): Promise<Claimed[]> {
    const lease = new Date(now.getTime() + leaseMs);
    return db.$queryRaw<Claimed[]>`
      UPDATE "OutboxMessage" SET status = 'SENDING', "lockedUntil" = ${lease}, attempts = attempts + 1
      WHERE id IN (
        SELECT id FROM "OutboxMessage"
        WHERE (status = 'PENDING' AND "nextAttemptAt" <= ${now})
           OR (status = 'SENDING' AND "lockedUntil" < ${now})
        ORDER BY "nextAttemptAt", id
        LIMIT ${batchSize}
        FOR UPDATE SKIP LOCKED)
      RETURNING id, "recipientKind", "recipientId", "caseId", kind, text, attempts`;
  }

  async function recipients(rows: Claimed[]): Promise<Map<string, Recipient | null>> {
    const ids = (kind: 'RESIDENT' | 'CADRE') => [...new Set(rows.filter((r) => r.recipientKind === kind).map((r) => r.recipientId))];
    const [residents, cadres] = await Promise.all([
      db.resident.findMany({ where: { id: { in: ids('RESIDENT') } }, select: { id: true, channel: true, channelKey: true, contactRef: true } }),
      db.cadre.findMany({ where: { id: { in: ids('CADRE') } }, select: { id: true, wechatKey: true, contactRef: true } }),
    ]);
    const map = new Map<string, Recipient | null>();
    for (const r of residents) map.set(`RESIDENT:${r.id}`, { kind: 'RESIDENT', id: r.id, channel: r.channel, key: r.channelKey, contactRef: r.contactRef });
    for (const c of cadres) {
      map.set(`CADRE:${c.id}`, c.wechatKey ? { kind: 'CADRE', id: c.id, channel: 'wechat', key: c.wechatKey, contactRef: c.contactRef } : null);
    }
    return map;
  }

  /** Fixed one-minute windows in Redis, shared by every dispatcher: WeChat bans accounts that send too fast. */
  async function withinRateLimit(recipientKey: string, now: Date): Promise<boolean> {
    const window = Math.floor(now.getTime() / MINUTE);
    const g = `dispatch:all:${window}`;
    const r = `dispatch:${recipientKey}:${window}`;
    const res = await opts.redis.multi().incr(g).pexpire(g, 2 * MINUTE).incr(r).pexpire(r, 2 * MINUTE).exec();
    const global = Number(res?.[0]?.[1] ?? 0);
    const mine = Number(res?.[2]?.[1] ?? 0);
    if (global <= globalLimit && mine <= perRecipient) return true;
    // Give the slot back: this row is not sent in this window.
    await opts.redis.multi().decr(g).decr(r).exec();
    return false;
  }

  /** Back to PENDING without counting the attempt (rate limit, unreachable, order kept behind a failure). */
  async function defer(row: Claimed, until: Date, reason: string | null) {
    await db.$executeRaw`
      UPDATE "OutboxMessage" SET status = 'PENDING', attempts = attempts - 1, "nextAttemptAt" = ${until}, "lockedUntil" = NULL,
        "lastError" = COALESCE(${reason}, "lastError")
      WHERE id = ${row.id} AND status = 'SENDING'`;
  }

  /** Sent: null. Not sent: when this row is next due (its recipient's later rows wait until then). */
  async function sendRow(row: Claimed, to: Recipient | null | undefined, now: Date, result: RunResult): Promise<Date | null> {
    const log = { outboxId: row.id.toString(), caseId: row.caseId, kind: row.kind };
    if (!to) {
      const until = new Date(now.getTime() + UNREACHABLE_WAIT_MS);
      await defer(row, until, 'recipient not reachable yet');
      result.deferred++;
      return until;
    }
    if (!(await withinRateLimit(`${to.kind}:${to.id}`, now))) {
      const until = new Date((Math.floor(now.getTime() / MINUTE) + 1) * MINUTE);
      await defer(row, until, null);
      result.deferred++;
      return until;
    }
    try {
      await opts.channel.send(to, row.text);
    } catch (err) {
      if (err instanceof RecipientUnreachable) {
        const until = new Date(now.getTime() + UNREACHABLE_WAIT_MS);
        await defer(row, until, err.message);
        result.deferred++;
        return until;
      }
      const message = err instanceof Error ? err.message : String(err);
      if (row.attempts >= maxAttempts) {
        await db.$executeRaw`UPDATE "OutboxMessage" SET status = 'FAILED', "lockedUntil" = NULL, "lastError" = ${message} WHERE id = ${row.id} AND status = 'SENDING'`;
        logger.error('message failed for good', { ...log, attempts: row.attempts, err });
        result.failed++;
        return now;
      }
      const next = new Date(now.getTime() + retryDelayMs(row.attempts, baseRetryMs));
      await db.$executeRaw`UPDATE "OutboxMessage" SET status = 'PENDING', "lockedUntil" = NULL, "nextAttemptAt" = ${next}, "lastError" = ${message} WHERE id = ${row.id} AND status = 'SENDING'`;
      logger.warn('send failed, will retry', { ...log, attempts: row.attempts, err });
      result.retried++;
      return next;
    }
    await db.$executeRaw`UPDATE "OutboxMessage" SET status = 'SENT', "sentAt" = ${clock()}, "lockedUntil" = NULL WHERE id = ${row.id} AND status = 'SENDING'`;
    logger.debug('message sent', log);
    result.sent++;
    return null;
  }

  async function runOnce(): Promise<RunResult> {
    const now = clock();
    const rows = await claim(now);
    const result: RunResult = { claimed: rows.length, sent: 0, failed: 0, retried: 0, deferred: 0 };
    if (rows.length === 0) return result;
    const who = await recipients(rows);
    // One recipient's messages in order (受理 before 办结); different recipients in parallel.
    const byRecipient = new Map<string, Claimed[]>();
    for (const row of [...rows].sort((a, b) => (a.id < b.id ? -1 : 1))) {
      const key = `${row.recipientKind}:${row.recipientId}`;
      byRecipient.set(key, [...(byRecipient.get(key) ?? []), row]);
    }
    await Promise.all(
      [...byRecipient.entries()].map(async ([key, list]) => {
        for (let i = 0; i < list.length; i++) {
          const row = list[i]!;
          const retryAt = await sendRow(row, who.get(key), now, result);
          if (retryAt) {
            // Keep the order: the rest wait for the one that did not go (claims order by due time, then id).
            for (const later of list.slice(i + 1)) {
              await defer(later, retryAt, null);
              result.deferred++;
            }
            return;
          }
        }
      }),
    );
    return result;
  }

  let running = false;
  let loop: Promise<void> | null = null;
  let wake: (() => void) | null = null;
  const idleMs = opts.idleMs ?? 1000;

  return {
    runOnce,
    start() {
      if (running) return;
      running = true;
      loop = (async () => {
        while (running) {
          let claimed = 0;
          try {
            claimed = (await runOnce()).claimed;
          } catch (err) {
            logger.error('dispatcher run failed', { err });
          }
          if (claimed === 0 && running) {
            await new Promise<void>((resolve) => {
              const timer = setTimeout(resolve, idleMs);
              wake = () => {
                clearTimeout(timer);
                resolve();
              };
            });
            wake = null;
          }
        }
      })();
    },
    async stop() {
      running = false;
      wake?.();
      await loop;
      loop = null;
    },
  };
}

export type Dispatcher = ReturnType<typeof createDispatcher>;
