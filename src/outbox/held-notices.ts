import type { DbTx } from '../db/client';
import { sqlTime } from '../db/typed-sql';

/**
 * A resident's notices held back by their channel (marked with `heldReason` as their last error),
 * and those queued behind them (deferred to the same moment), become due at `at`. The number of
 * rows released. Owned here, with the other outbox statements; the channel says when.
 */
export async function releaseHeldNotices(db: DbTx, who: { channel: string; channelKey: string }, heldReason: string, at: Date): Promise<number> {
  const now = sqlTime(at);
  return db.$executeRaw`
    UPDATE "OutboxMessage" o SET "nextAttemptAt" = ${now}::timestamp
    FROM "Resident" r
    WHERE r.channel = ${who.channel} AND r."channelKey" = ${who.channelKey}
      AND o."recipientKind" = 'RESIDENT' AND o."recipientId" = r.id AND o.status = 'PENDING' AND o."nextAttemptAt" > ${now}::timestamp
      AND o."nextAttemptAt" IN (
        SELECT h."nextAttemptAt" FROM "OutboxMessage" h
        WHERE h."recipientKind" = 'RESIDENT' AND h."recipientId" = r.id AND h.status = 'PENDING' AND h."lastError" = ${heldReason})`;
}
