import { scrubCases } from '../privacy/personal-data';
import { JOB_PAGE, type JobDeps } from './job-deps';

const DAY_MS = 24 * 3_600_000;
export const DEFAULT_RETENTION_MS = 365 * DAY_MS;

/**
 * Retention: the personal data of cases closed longer ago than the retention period is
 * anonymised (the cases stay, so the ledgers still add up). Reads only what is due, through the
 * (anonymisedAt, closedAt) index; each case in its own transaction, locked and checked again.
 * A resident none of whose cases keeps personal data any more loses name and phone too.
 */
export async function anonymiseClosedCases(deps: JobDeps, now: Date): Promise<number> {
  const cutoff = new Date(now.getTime() - (deps.retentionMs ?? DEFAULT_RETENTION_MS));
  let handled = 0;
  for (;;) {
    const page = await deps.db.case.findMany({
      where: { anonymisedAt: null, closedAt: { lte: cutoff } },
      orderBy: { closedAt: 'asc' },
      take: JOB_PAGE,
      select: { id: true },
    });
    let done = 0;
    for (const { id } of page) if (await anonymiseCase(deps, id, cutoff, now)) done++;
    handled += done;
    // Every handled case leaves the set; a page of which none could be handled would come back.
    if (page.length < JOB_PAGE || done === 0) return handled;
  }
}

function anonymiseCase(deps: JobDeps, id: number, cutoff: Date, now: Date): Promise<boolean> {
  return deps.db.$transaction(async (tx) => {
    const locked = await tx.$queryRaw<{ id: number }[]>`
      SELECT id FROM "Case" WHERE id = ${id} AND "anonymisedAt" IS NULL AND "closedAt" <= ${cutoff} FOR UPDATE`;
    if (!locked[0]) return false;
    const c = await tx.case.findUniqueOrThrow({
      where: { id },
      select: { contactPhone: true, residentId: true, resident: { select: { displayName: true, phone: true } } },
    });
    await scrubCases(tx, {
      caseIds: [id],
      phones: [c.contactPhone, c.resident?.phone].filter((p): p is string => Boolean(p)),
      names: c.resident?.displayName ? [c.resident.displayName] : [],
      at: now,
    });
    if (c.residentId !== null && (await tx.case.count({ where: { residentId: c.residentId, anonymisedAt: null } })) === 0) {
      await tx.resident.update({ where: { id: c.residentId }, data: { displayName: null, phone: null } });
    }
    return true;
  });
}
