import { Prisma } from '../generated/prisma/client';
import type { DbTx } from '../db/client';
import { JOB_PAGE, type JobDeps } from './job-deps';

/** The Case columns that say when a job is next due for a case. */
export type DueField = 'nextCheckAt' | 'nextUpdateAt' | 'followUpDueAt';

/**
 * The common shape of a case job: page through the cases whose `field` has come (by id, so each
 * is seen once per run however it is changed), and handle each in its own transaction after
 * locking it and checking it is still due (a cadre's change or another run may have got there
 * first). Returns how many were handled.
 */
export async function forEachDueCase(
  deps: JobDeps,
  field: DueField,
  now: Date,
  handle: (tx: DbTx, id: number) => Promise<boolean>,
): Promise<number> {
  let handled = 0;
  let after = 0;
  const column = Prisma.raw(`"${field}"`);
  for (;;) {
    const page = await deps.db.case.findMany({
      where: { [field]: { lte: now }, id: { gt: after } },
      orderBy: { id: 'asc' },
      take: JOB_PAGE,
      select: { id: true },
    });
    for (const { id } of page) {
      const done = await deps.db.$transaction(async (tx) => {
        const locked = await tx.$queryRaw<{ id: number }[]>`SELECT id FROM "Case" WHERE id = ${id} AND ${column} <= ${now} FOR UPDATE`;
        return locked[0] ? handle(tx, id) : false;
      });
      if (done) handled++;
    }
    if (page.length < JOB_PAGE) return handled;
    after = page[page.length - 1]!.id;
  }
}
