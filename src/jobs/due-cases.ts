import type { PoolClient } from 'pg';
import { z } from 'zod';
import { inSqlTransaction, sqlPool } from '../db/client';
import { pgRows } from '../db/typed-sql';
import { CASE_STATUSES } from '../domain/case-status';
import type { JobDeps } from './job-deps';

/** The Case columns that say when a job is next due for a case. */
export type DueField = 'nextCheckAt' | 'nextUpdateAt' | 'followUpDueAt';

/**
 * Due items a job claims per transaction. Large enough that a backlog is a few dozen round trips,
 * small enough that a page's locks are held for milliseconds, not seconds.
 */
export const DUE_PAGE = 500;

/** A claimed row has at least its id; timestamps come back as UTC instants (AT TIME ZONE 'UTC'). */
export type Claimed = { id: number };

const idRow = z.object({ id: z.number() });

/**
 * The common shape of a case job: list the cases whose `field` has come (ids only, one index
 * range), then claim them a page at a time, locked with FOR UPDATE SKIP LOCKED and checked again
 * to be due (a case a cadre or another instance is changing just now is passed over, and taken
 * at the end of the run if still due), and apply the page's changes with set-based statements in
 * the same transaction. Each case is claimed at most once per run however it is changed (a case
 * owing two steps gets the second on the next run), and a page costs the same however long the
 * backlog. `columns` is the select list over "Case" c (joins in `joins`), `row` the zod schema of
 * a claimed row (c.id and the columns); `apply` returns how many of the page it acted on.
 */
export async function forEachDuePage<S extends z.ZodType<Claimed>>(
  deps: JobDeps,
  spec: { field: DueField; row: S; columns: string; joins?: string },
  now: Date,
  apply: (client: PoolClient, rows: z.output<S>[]) => Promise<number>,
): Promise<number> {
  const size = deps.duePage ?? DUE_PAGE;
  const at = now.toISOString();
  const due = await pgRows(sqlPool(deps.db), idRow, `SELECT id FROM "Case" WHERE "${spec.field}" <= $1::timestamp ORDER BY id`, [at]);
  const claim = (wait: boolean) => `
    SELECT c.id, ${spec.columns}
    FROM "Case" c ${spec.joins ?? ''}
    WHERE c.id = ANY($2::int[]) AND c."${spec.field}" <= $1::timestamp
    ORDER BY c.id
    FOR UPDATE OF c${wait ? '' : ' SKIP LOCKED'}`;
  const runPage = (ids: number[], wait: boolean) =>
    inSqlTransaction(deps.db, async (client) => {
      const rows = await pgRows(client, spec.row, claim(wait), [at, ids]);
      return { claimed: rows.map((r) => r.id), done: rows.length ? await apply(client, rows) : 0 };
    });
  let handled = 0;
  const passedOver: number[] = [];
  for (let i = 0; i < due.length; i += size) {
    const ids = due.slice(i, i + size).map((r) => r.id);
    const page = await runPage(ids, false);
    handled += page.done;
    const claimed = new Set(page.claimed);
    passedOver.push(...ids.filter((id) => !claimed.has(id)));
  }
  // What was locked when its page came (a cadre's change, another job on the same case at the same
  // slot — the time-limit check and the resident update both run at 10:00 — or another instance)
  // is taken at the end, waiting for the lock this time: if it is still due then, it is handled
  // now rather than a run later; if the other instance handled it, it is no longer due.
  for (let i = 0; i < passedOver.length; i += size) {
    handled += (await runPage(passedOver.slice(i, i + size), true)).done;
  }
  return handled;
}

/** An event the system writes for a case (reminders, escalations, closings): actor SYSTEM. */
export type SystemEvent = {
  caseId: number;
  type: 'REMINDED' | 'ESCALATED' | 'CLOSED';
  note: string;
  targetCadreId?: number | null;
  fromStatus?: string | null;
  toStatus?: string | null;
};

/** Writes a page's events in one statement (in the given order), all at `at`. */
export async function insertSystemEvents(client: PoolClient, events: SystemEvent[], at: Date): Promise<void> {
  if (events.length === 0) return;
  await client.query(
    `INSERT INTO "CaseEvent" ("caseId", type, "actorKind", "actorId", "targetCadreId", "fromStatus", "toStatus", note, "createdAt")
     SELECT t.cid, t.type::"CaseEventType", 'SYSTEM', NULL, t.target, t.from_s::"CaseStatus", t.to_s::"CaseStatus", t.note, $7::timestamp
     FROM unnest($1::int[], $2::text[], $3::int[], $4::text[], $5::text[], $6::text[]) WITH ORDINALITY AS t(cid, type, target, from_s, to_s, note, n)
     ORDER BY t.n`,
    [
      events.map((e) => e.caseId),
      events.map((e) => e.type),
      events.map((e) => e.targetCadreId ?? null),
      events.map((e) => e.fromStatus ?? null),
      events.map((e) => e.toStatus ?? null),
      events.map((e) => e.note),
      at.toISOString(),
    ],
  );
}

/**
 * Prisma's @updatedAt is the wall clock at the write (not the job's `now`): the set-based writes
 * keep that, so a case's "last changed" reads the same as before.
 */
export const wallClock = (): string => new Date().toISOString();

/** What the resident-facing jobs read of every due case (each adds its own fields). */
export const residentCaseRow = z.object({
  id: z.number(),
  caseNumber: z.string(),
  status: z.enum(CASE_STATUSES),
  residentId: z.number().nullable(),
  channel: z.string(),
});
