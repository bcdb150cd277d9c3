import { metrics } from '../observability/metrics';
import type { Db } from '../db/client';

/*
 * What became of a claimed batch's rows, written once per batch: at most one statement per kind
 * of outcome (sent, put back, retry, failed), each over all its rows. Every update is guarded by
 * status = 'SENDING': a row whose lease ran out and was claimed again elsewhere is not overwritten
 * by a late answer here.
 *
 * Timestamps travel as epoch milliseconds (float8[]) and become UTC `timestamp(3)` values in SQL,
 * whatever the session's time zone.
 */

/**
 * - sent: marked SENT at `sentAt`.
 * - putBack: not sent, through no fault of the send (rate limit, recipient not reachable yet, an
 *   earlier message of the same person held back): due again at `at`, and the claim's attempt is
 *   given back. A `reason` replaces lastError; without one the last real error is kept.
 * - retry: a failed attempt that counts: tried again at `at`.
 * - failed: given up; the row stays, FAILED, for operators to see.
 */
export type Outcomes = {
  sent: bigint[];
  putBack: { id: bigint; at: Date; reason: string | null }[];
  retry: { id: bigint; at: Date; error: string }[];
  failed: { id: bigint; error: string }[];
};

export const noOutcomes = (): Outcomes => ({ sent: [], putBack: [], retry: [], failed: [] });

const ids = (rows: { id: bigint }[]) => rows.map((r) => r.id.toString());
const millis = (rows: { at: Date }[]) => rows.map((r) => r.at.getTime());
const utc = (ms: string) => `(to_timestamp(${ms} / 1000.0) AT TIME ZONE 'UTC')`;

export async function recordOutcomes(db: Db, o: Outcomes, sentAt: Date): Promise<void> {
  const work: Promise<unknown>[] = [];
  if (o.sent.length > 0) {
    metrics.messagesOut.inc(o.sent.length);
    work.push(db.$executeRaw`
      UPDATE "OutboxMessage" SET status = 'SENT', "sentAt" = ${sentAt}, "lockedUntil" = NULL
      WHERE id = ANY(${o.sent.map(String)}::bigint[]) AND status = 'SENDING'`);
  }
  if (o.putBack.length > 0) {
    work.push(db.$executeRawUnsafe(
      `UPDATE "OutboxMessage" o SET status = 'PENDING', attempts = GREATEST(o.attempts - 1, 0), "nextAttemptAt" = ${utc('v.at')},
         "lockedUntil" = NULL, "lastError" = COALESCE(v.reason, o."lastError")
       FROM unnest($1::bigint[], $2::float8[], $3::text[]) AS v(id, at, reason)
       WHERE o.id = v.id AND o.status = 'SENDING'`,
      ids(o.putBack), millis(o.putBack), o.putBack.map((r) => r.reason)));
  }
  if (o.retry.length > 0) {
    metrics.dispatchFailures.inc({ final: 'false' }, o.retry.length);
    work.push(db.$executeRawUnsafe(
      `UPDATE "OutboxMessage" o SET status = 'PENDING', "lockedUntil" = NULL, "nextAttemptAt" = ${utc('v.at')}, "lastError" = v.error
       FROM unnest($1::bigint[], $2::float8[], $3::text[]) AS v(id, at, error)
       WHERE o.id = v.id AND o.status = 'SENDING'`,
      ids(o.retry), millis(o.retry), o.retry.map((r) => r.error)));
  }
  if (o.failed.length > 0) {
    metrics.dispatchFailures.inc({ final: 'true' }, o.failed.length);
    work.push(db.$executeRawUnsafe(
      `UPDATE "OutboxMessage" o SET status = 'FAILED', "lockedUntil" = NULL, "lastError" = v.error
       FROM unnest($1::bigint[], $2::text[]) AS v(id, error)
       WHERE o.id = v.id AND o.status = 'SENDING'`,
      ids(o.failed), o.failed.map((r) => r.error)));
  }
  await Promise.all(work);
}
