import type { PoolClient } from 'pg';
import { z } from 'zod';
import { inSqlTransaction } from '../db/client';
import { pgRows } from '../db/typed-sql';
import { scheduled } from '../messages/zh-CN';
import { enqueue } from '../outbox/enqueue';
import type { JobDeps } from './job-deps';
import { DUE_PAGE, insertSystemEvents, wallClock } from './due-cases';

/**
 * The follow-ups nobody answered: asked again once, then closed as "no reply". Each page is
 * claimed (FOR UPDATE SKIP LOCKED: a resident answering just now, or another instance, has it)
 * and marked in one statement; a marked row no longer matches, so pages repeat until a short one.
 */
async function forEachClaimedPage<Row>(deps: JobDeps, work: (client: PoolClient, size: number) => Promise<Row[]>, after: (client: PoolClient, rows: Row[]) => Promise<void>): Promise<number> {
  const size = deps.duePage ?? DUE_PAGE;
  let handled = 0;
  for (;;) {
    const claimed = await inSqlTransaction(deps.db, async (client) => {
      const rows = await work(client, size);
      if (rows.length) await after(client, rows);
      return rows.length;
    });
    handled += claimed;
    if (claimed < size) return handled;
  }
}

const remindedRow = z.object({ id: z.number(), caseId: z.number(), residentId: z.number(), caseNumber: z.string() });
type Reminded = z.output<typeof remindedRow>;
const closedRow = z.object({ caseId: z.number() });
const idRow = z.object({ id: z.number() });

export function remindFollowUps(deps: JobDeps, now: Date): Promise<number> {
  const before = new Date(now.getTime() - deps.followUpRemindMs);
  return forEachClaimedPage<Reminded>(
    deps,
    async (client, size) =>
      (await pgRows(
        client,
        remindedRow,
        `WITH due AS (
           SELECT id FROM "FollowUp" WHERE "answeredAt" IS NULL AND "remindedAt" IS NULL AND "askedAt" <= $1::timestamp
           ORDER BY id LIMIT $3::int FOR UPDATE SKIP LOCKED)
         UPDATE "FollowUp" f SET "remindedAt" = $2::timestamp FROM due, "Case" c
         WHERE f.id = due.id AND c.id = f."caseId"
         RETURNING f.id, f."caseId", f."residentId", c."caseNumber"`,
        [before.toISOString(), now.toISOString(), size],
      )).sort((a, b) => a.id - b.id),
    (client, rows) =>
      enqueue(client, rows.map((f) => ({
        key: `followup:${f.id}:reminder`,
        recipient: { kind: 'RESIDENT' as const, id: f.residentId },
        caseId: f.caseId,
        kind: 'resident.followUpReminder',
        text: scheduled.followUpReminder(f.caseNumber),
      })), now),
  );
}

const NO_REPLY_NOTE = '回访未回复，自动归档';

/**
 * Closes the cases of follow-ups reminded long enough ago, as closeCase (answer-follow-up.ts)
 * does for one: RESOLVED → CLOSED with reason NO_REPLY, watches cleared, a CLOSED event by the
 * system. Each case is locked (waiting, in id order) and closed only if still RESOLVED.
 */
export function closeUnanswered(deps: JobDeps, now: Date): Promise<number> {
  const before = new Date(now.getTime() - deps.followUpCloseMs);
  return forEachClaimedPage<{ caseId: number }>(
    deps,
    async (client, size) =>
      await pgRows(
        client,
        closedRow,
        `WITH due AS (
           SELECT id FROM "FollowUp" WHERE "answeredAt" IS NULL AND "remindedAt" <= $1::timestamp
           ORDER BY id LIMIT $3::int FOR UPDATE SKIP LOCKED)
         UPDATE "FollowUp" f SET "answeredAt" = $2::timestamp, answer = 'NO_REPLY' FROM due WHERE f.id = due.id
         RETURNING f."caseId"`,
        [before.toISOString(), now.toISOString(), size],
      ),
    async (client, rows) => {
      const closed = await pgRows(
        client,
        idRow,
        `WITH k AS (SELECT id FROM "Case" WHERE id = ANY($1::int[]) AND status = 'RESOLVED' ORDER BY id FOR UPDATE)
         UPDATE "Case" c SET status = 'CLOSED', "closedAt" = $2::timestamp, "closeReason" = 'NO_REPLY',
           "nextCheckAt" = NULL, "nextUpdateAt" = NULL, "followUpDueAt" = NULL, "updatedAt" = $3::timestamp
         FROM k WHERE c.id = k.id RETURNING c.id`,
        [[...new Set(rows.map((r) => r.caseId))], now.toISOString(), wallClock()],
      );
      await insertSystemEvents(
        client,
        closed.map((c) => c.id).sort((a, b) => a - b).map((caseId) => ({ caseId, type: 'CLOSED', fromStatus: 'RESOLVED', toStatus: 'CLOSED', note: NO_REPLY_NOTE })),
        now,
      );
    },
  );
}
