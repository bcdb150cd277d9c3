import { metrics } from '../observability/metrics';
import type { Db } from '../db/client';

/*
 * What became of a claimed row. Every update is guarded by status = 'SENDING': a row whose lease
 * ran out and was claimed again elsewhere is not overwritten by a late answer here.
 */

export async function markSent(db: Db, id: bigint, at: Date): Promise<void> {
  metrics.messagesOut.inc();
  await db.$executeRaw`
    UPDATE "OutboxMessage" SET status = 'SENT', "sentAt" = ${at}, "lockedUntil" = NULL
    WHERE id = ${id} AND status = 'SENDING'`;
}

/** Given up: the row stays, FAILED, for operators to see. */
export async function markFailed(db: Db, id: bigint, error: string): Promise<void> {
  metrics.dispatchFailures.inc({ final: 'true' });
  await db.$executeRaw`
    UPDATE "OutboxMessage" SET status = 'FAILED', "lockedUntil" = NULL, "lastError" = ${error}
    WHERE id = ${id} AND status = 'SENDING'`;
}

/** A failed attempt that counts: tried again at `at`. */
export async function scheduleRetry(db: Db, id: bigint, at: Date, error: string): Promise<void> {
  metrics.dispatchFailures.inc({ final: 'false' });
  await db.$executeRaw`
    UPDATE "OutboxMessage" SET status = 'PENDING', "lockedUntil" = NULL, "nextAttemptAt" = ${at}, "lastError" = ${error}
    WHERE id = ${id} AND status = 'SENDING'`;
}

/**
 * Not sent, through no fault of the send (rate limit, recipient not reachable yet, an earlier
 * message of the same person held back): due again at `at`, and the claim's attempt is given back.
 * A `reason` replaces lastError; without one the last real error is kept.
 */
export async function putBack(db: Db, id: bigint, at: Date, reason: string | null): Promise<void> {
  await db.$executeRaw`
    UPDATE "OutboxMessage" SET status = 'PENDING', attempts = GREATEST(attempts - 1, 0), "nextAttemptAt" = ${at},
      "lockedUntil" = NULL, "lastError" = COALESCE(${reason}, "lastError")
    WHERE id = ${id} AND status = 'SENDING'`;
}
