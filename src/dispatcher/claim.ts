import { z } from 'zod';
import type { Db } from '../db/client';
import { sqlRows, sqlTime } from '../db/typed-sql';
import { Prisma } from '../generated/prisma/client';
import type { DispatchLane } from './lanes';

const claimedRow = z.object({
  id: z.bigint(),
  recipientKind: z.enum(['RESIDENT', 'CADRE']),
  recipientId: z.number(),
  caseId: z.number().nullable(),
  kind: z.string(),
  text: z.string(),
  attempts: z.number(),
});
/** An outbox row this dispatcher now holds (status SENDING, leased, attempt counted). */
export type ClaimedMessage = z.output<typeof claimedRow>;

export type ClaimOptions = {
  /** The injected clock's time, never the database's: tests move it. */
  now: Date;
  leaseMs: number;
  limit: number;
  /** In quiet hours only urgent rows are claimed. */
  quiet: boolean;
  /** Only this lane's rows (by recipient channel); absent, every row. */
  lane?: DispatchLane;
};

/**
 * Claims due rows in one statement. FOR UPDATE SKIP LOCKED lets any number of dispatchers claim
 * at once without ever holding one row twice; a row left SENDING by a crashed dispatcher is due
 * again once its lease has passed.
 *
 * A recipient hears their messages in id order (受理 before 办结), across batches and dispatchers:
 * - rows are taken oldest id first, so a recipient's earlier due row is never cut off by LIMIT
 *   while a later one gets in;
 * - a row waits while an earlier row of its recipient is in flight (SENDING, lease live) or
 *   retrying (PENDING, tried or deferred with an error, not due yet);
 * - a row waits while an earlier due row of its recipient is outside this claim, which means
 *   another dispatcher is claiming it this very moment.
 * Rows locked by `due` but not updated stay PENDING; their locks end with the statement.
 */
export async function claimDueMessages(db: Db, opts: ClaimOptions): Promise<ClaimedMessage[]> {
  const { quiet, lane } = opts;
  const now = Prisma.sql`${sqlTime(opts.now)}::timestamp`;
  const lease = Prisma.sql`${sqlTime(new Date(opts.now.getTime() + opts.leaseMs))}::timestamp`;
  // A recipient's rows are all in one lane, so the ordering rules below hold within each lane.
  const laneOn = lane !== undefined;
  const cadres = lane?.cadres ?? false;
  const channels = lane?.channels ?? [];
  const include = lane?.include ?? true;
  return sqlRows(db, claimedRow, Prisma.sql`
    WITH due AS MATERIALIZED (
      SELECT o.id, o."recipientKind", o."recipientId" FROM "OutboxMessage" o
      WHERE ((o.status = 'PENDING' AND o."nextAttemptAt" <= ${now})
          OR (o.status = 'SENDING' AND o."lockedUntil" < ${now}))
        AND (o.urgent OR NOT ${quiet})
        AND (NOT ${laneOn}::boolean OR CASE WHEN o."recipientKind" = 'CADRE' THEN ${cadres}::boolean
          ELSE EXISTS (SELECT 1 FROM "Resident" r WHERE r.id = o."recipientId" AND r.channel = ANY(${channels}::text[])) = ${include}::boolean END)
        AND NOT EXISTS (
          SELECT 1 FROM "OutboxMessage" e
          WHERE e."recipientKind" = o."recipientKind" AND e."recipientId" = o."recipientId" AND e.id < o.id
            AND ((e.status = 'SENDING' AND e."lockedUntil" >= ${now})
              OR (e.status = 'PENDING' AND e."nextAttemptAt" > ${now} AND (e.attempts > 0 OR e."lastError" IS NOT NULL)
                  AND (e.urgent OR NOT ${quiet}))))
      ORDER BY o.id
      LIMIT ${opts.limit}
      FOR UPDATE OF o SKIP LOCKED
    )
    UPDATE "OutboxMessage" SET status = 'SENDING', "lockedUntil" = ${lease}, attempts = attempts + 1
    WHERE id IN (
      SELECT d.id FROM due d
      WHERE NOT EXISTS (
        SELECT 1 FROM "OutboxMessage" e
        WHERE e."recipientKind" = d."recipientKind" AND e."recipientId" = d."recipientId" AND e.id < d.id
          AND e.id NOT IN (SELECT id FROM due)
          AND ((e.status = 'PENDING' AND e."nextAttemptAt" <= ${now})
            OR (e.status = 'SENDING' AND e."lockedUntil" < ${now}))
          AND (e.urgent OR NOT ${quiet})))
    RETURNING id, "recipientKind", "recipientId", "caseId", kind, text, attempts`);
}
