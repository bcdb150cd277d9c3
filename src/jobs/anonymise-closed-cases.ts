import { z } from 'zod';
import { sqlRows, sqlTime } from '../db/typed-sql';
import { Prisma } from '../generated/prisma/client';
import { scrubCases } from '../privacy/personal-data';
import { JOB_PAGE, type JobDeps } from './job-deps';

const DAY_MS = 24 * 3_600_000;
export const DEFAULT_RETENTION_MS = 365 * DAY_MS;

/** A backlog (a first run over years of cases) is worked off over several nights, not in one run. */
export const RETENTION_CASES_PER_RUN = 20_000;

/**
 * Retention: the personal data of cases closed longer ago than the retention period is
 * anonymised (the cases stay, so the ledgers still add up). Reads only what is due, through the
 * (anonymisedAt, closedAt) index, a page at a time: each page in one transaction, its cases
 * locked (SKIP LOCKED: a case a cadre is touching waits for the next page or run).
 * A resident none of whose cases keeps personal data any more loses name and phone too.
 */
export async function anonymiseClosedCases(deps: JobDeps, now: Date): Promise<number> {
  const cutoff = new Date(now.getTime() - (deps.retentionMs ?? DEFAULT_RETENTION_MS));
  let handled = 0;
  while (handled < RETENTION_CASES_PER_RUN) {
    const done = await anonymisePage(deps, cutoff, now);
    handled += done;
    if (done < JOB_PAGE) return handled;
  }
  return handled;
}

const pageRow = z.object({ id: z.number(), contactPhone: z.string().nullable(), residentId: z.number().nullable(), displayName: z.string().nullable(), phone: z.string().nullable() });

function anonymisePage(deps: JobDeps, cutoff: Date, now: Date): Promise<number> {
  return deps.db.$transaction(async (tx) => {
    const rows = await sqlRows(tx, pageRow, Prisma.sql`
      SELECT c.id, c."contactPhone", c."residentId", r."displayName", r.phone
      FROM "Case" c LEFT JOIN "Resident" r ON r.id = c."residentId"
      WHERE c."anonymisedAt" IS NULL AND c."closedAt" <= ${sqlTime(cutoff)}::timestamp
      ORDER BY c."closedAt"
      LIMIT ${JOB_PAGE}
      FOR UPDATE OF c SKIP LOCKED`);
    if (rows.length === 0) return 0;
    await scrubCases(tx, {
      caseIds: rows.map((r) => r.id),
      phones: rows.flatMap((r) => [r.contactPhone, r.phone].filter((p): p is string => Boolean(p))),
      names: rows.flatMap((r) => (r.displayName ? [r.displayName] : [])),
      at: now,
    });
    const residentIds = [...new Set(rows.flatMap((r) => (r.residentId === null ? [] : [r.residentId])))];
    await tx.$executeRaw`
      UPDATE "Resident" r SET "displayName" = NULL, phone = NULL
      WHERE r.id = ANY(${residentIds}::int[])
        AND NOT EXISTS (SELECT 1 FROM "Case" c WHERE c."residentId" = r.id AND c."anonymisedAt" IS NULL)`;
    return rows.length;
  });
}
