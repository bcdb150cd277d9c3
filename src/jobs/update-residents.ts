import type { PoolClient } from 'pg';
import { actorTexts, messages, scheduled } from '../messages/zh-CN';
import { enqueue, type OutboxItem } from '../outbox/enqueue';
import { isOpen } from '../domain/case-status';
import { z } from 'zod';
import type { JobDeps } from './job-deps';
import { forEachDuePage, residentCaseRow, wallClock } from './due-cases';
import { hearsNotices } from '../cases/case-change';

const dueRow = residentCaseRow.extend({
  nextUpdateAt: z.date(),
  assigneeName: z.string().nullable(),
  assigneeAreaName: z.string().nullable(),
  latest: z.string().nullable(),
});
type Due = z.output<typeof dueRow>;

const COLUMNS = `c."caseNumber", c.status, c."residentId", c.channel, c."nextUpdateAt" AT TIME ZONE 'UTC' AS "nextUpdateAt",
  a.name AS "assigneeName", aa.name AS "assigneeAreaName",
  (SELECT e.note FROM "CaseEvent" e WHERE e."caseId" = c.id AND e.type = 'PROGRESS' ORDER BY e.id DESC LIMIT 1) AS latest`;
const JOINS = 'LEFT JOIN "Cadre" a ON a.id = c."assigneeId" LEFT JOIN "Area" aa ON aa.id = a."areaId"';

/**
 * Tells the resident of each open case how it stands when they have heard nothing for the
 * cadence (default 3 days): status, latest progress, who handles it. Any other notice to the
 * resident pushes `nextUpdateAt` forward, so this only speaks into silence. A page of due cases
 * at a time, in one transaction.
 */
export function updateResidents(deps: JobDeps, now: Date): Promise<number> {
  return forEachDuePage(deps, { field: 'nextUpdateAt', row: dueRow, columns: COLUMNS, joins: JOINS }, now, (client, rows) => updatePage(client, deps, rows, now));
}

async function updatePage(client: PoolClient, deps: JobDeps, rows: Due[], now: Date): Promise<number> {
  const next = new Date(now.getTime() + deps.timing.progressUpdateMs).toISOString();
  const outbox: OutboxItem[] = [];
  const nextUpdate: (string | null)[] = [];
  for (const c of rows) {
    // Closed, filed on a visit or through Open311, or nobody to tell: the case stops being watched.
    if (!isOpen(c.status) || c.residentId === null || !hearsNotices(c.channel)) {
      nextUpdate.push(null);
      continue;
    }
    nextUpdate.push(next);
    outbox.push({
      key: `case:${c.id}:update:${c.nextUpdateAt.toISOString()}`,
      recipient: { kind: 'RESIDENT', id: c.residentId },
      caseId: c.id,
      kind: 'resident.update',
      text: scheduled.residentUpdate({
        caseNumber: c.caseNumber,
        statusText: messages.statusText(c.status),
        latest: c.latest,
        assigneeName: c.assigneeName !== null ? actorTexts.forResidents({ name: c.assigneeName, areaName: c.assigneeAreaName ?? '' }, deps.district.cadreNames) : null,
      }),
    });
  }
  await enqueue(client, outbox, now);
  await client.query(
    `UPDATE "Case" c SET "nextUpdateAt" = t.next, "updatedAt" = $3::timestamp
     FROM unnest($1::int[], $2::timestamp[]) AS t(id, next) WHERE c.id = t.id`,
    [rows.map((c) => c.id), nextUpdate, wallClock()],
  );
  return outbox.length;
}
