import type { PoolClient } from 'pg';
import { scheduled } from '../messages/zh-CN';
import { enqueue, type OutboxItem } from '../outbox/enqueue';
import { z } from 'zod';
import type { JobDeps } from './job-deps';
import { forEachDuePage, residentCaseRow, wallClock } from './due-cases';
import { hearsNotices } from '../cases/case-change';
import { closeUnanswered, remindFollowUps } from './follow-up-chasers';

/**
 * 回访, the scheduled half: ask the resident of each resolved case whether they are satisfied;
 * ask once more if they have not answered; close the case as "no reply" if they still have not
 * (counted apart from satisfied). The answer itself arrives as a message (answer-follow-up.ts).
 */
export async function runFollowUps(deps: JobDeps, now: Date): Promise<number> {
  return (await askFollowUps(deps, now)) + (await remindFollowUps(deps, now)) + (await closeUnanswered(deps, now));
}

const dueRow = residentCaseRow.extend({
  resolvedAt: z.date().nullable(),
  result: z.string().nullable(),
});
type Due = z.output<typeof dueRow>;

const COLUMNS = `c."caseNumber", c.status, c."residentId", c.channel, c."resolvedAt" AT TIME ZONE 'UTC' AS "resolvedAt",
  (SELECT e.note FROM "CaseEvent" e WHERE e."caseId" = c.id AND e.type = 'RESOLVED' ORDER BY e.id DESC LIMIT 1) AS result`;

function askFollowUps(deps: JobDeps, now: Date): Promise<number> {
  return forEachDuePage(deps, { field: 'followUpDueAt', row: dueRow, columns: COLUMNS }, now, (client, rows) => askPage(client, rows, now));
}

async function askPage(client: PoolClient, rows: Due[], now: Date): Promise<number> {
  await client.query(`UPDATE "Case" SET "followUpDueAt" = NULL, "updatedAt" = $2::timestamp WHERE id = ANY($1::int[])`, [rows.map((c) => c.id), wallClock()]);
  // A case filed on a visit (五访五问) has no channel to the person: the visiting cadre asks in
  // person. One filed through Open311 neither: its client reads the status there.
  const asked = rows.filter((c): c is Due & { residentId: number } => c.status === 'RESOLVED' && c.residentId !== null && hearsNotices(c.channel));
  if (asked.length === 0) return 0;
  await client.query(
    `INSERT INTO "FollowUp" ("caseId", "residentId", "askedAt")
     SELECT t.cid, t.rid, $3::timestamp FROM unnest($1::int[], $2::int[]) WITH ORDINALITY AS t(cid, rid, n) ORDER BY t.n`,
    [asked.map((c) => c.id), asked.map((c) => c.residentId), now.toISOString()],
  );
  const outbox: OutboxItem[] = asked.map((c) => ({
    key: `case:${c.id}:followup:${c.resolvedAt?.toISOString() ?? now.toISOString()}`,
    recipient: { kind: 'RESIDENT', id: c.residentId },
    caseId: c.id,
    kind: 'resident.followUp',
    text: scheduled.followUpQuestion(c.caseNumber, c.result),
  }));
  await enqueue(client, outbox, now);
  return asked.length;
}
