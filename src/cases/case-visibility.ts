import type { Prisma } from '../generated/prisma/client';
import type { Ledger } from '../generated/prisma/enums';
import { maskPhones } from '../domain/masking';

/** A signed-in cadre as the web sides see them: a supervisor sees the district, a cadre their area and below. */
export type Viewer = { cadreId: number; supervisor: boolean; areaIds: number[] };

/** Hardship and dispute cases: only their assignee and supervisors may see them. */
export const SENSITIVE_LEDGERS: readonly Ledger[] = ['HARDSHIP', 'STABILITY'];

export const isSensitiveLedger = (ledger: string): boolean => (SENSITIVE_LEDGERS as readonly string[]).includes(ledger);

/**
 * Which cases a viewer may see (list, detail, act on); everything else reads as "not found".
 * A supervisor sees the district; a cadre the cases assigned to them (a case given by name to a
 * cadre of another area stays in its area), and the rest of their area and below except hardship
 * and dispute cases. Written as one `NOT` (not mine, and outside my areas or sensitive) so that
 * callers may put their own `AND` / `OR` filters next to it without widening it.
 */
export function caseScope(viewer: Viewer): Prisma.CaseWhereInput {
  if (viewer.supervisor) return {};
  return {
    NOT: {
      AND: [
        { OR: [{ assigneeId: null }, { assigneeId: { not: viewer.cadreId } }] },
        { OR: [{ areaId: { notIn: viewer.areaIds } }, { ledger: { in: [...SENSITIVE_LEDGERS] } }] },
      ],
    },
  };
}

/** Whether one case is in the viewer's scope (the same rule as caseScope, for a row already read). */
export function canSeeCase(viewer: Viewer, row: { areaId: number; ledger: string; assigneeId: number | null }): boolean {
  if (viewer.supervisor || row.assigneeId === viewer.cadreId) return true;
  return viewer.areaIds.includes(row.areaId) && !isSensitiveLedger(row.ledger);
}

/** The phone is for the assignee alone; everyone else (supervisors too) sees it masked. */
export function phoneFor(viewer: Pick<Viewer, 'cadreId'>, row: { assigneeId: number | null; contactPhone: string | null }): string | null {
  if (row.contactPhone === null) return null;
  return row.assigneeId === viewer.cadreId ? row.contactPhone : maskPhones(row.contactPhone);
}
