import type { Prisma } from '../generated/prisma/client';
import { maskPhones } from '../logging/logger';

/** A signed-in cadre as the web sides see them: a supervisor sees the district, a cadre their area and below. */
export type Viewer = { cadreId: number; supervisor: boolean; areaIds: number[] };

/** Which cases a viewer may see (list, detail, act on); everything else reads as "not found". */
export function caseScope(viewer: Viewer): Prisma.CaseWhereInput {
  return viewer.supervisor ? {} : { areaId: { in: viewer.areaIds } };
}

/** The phone is for the assignee (and supervisors); everyone else sees it masked. */
export function phoneFor(viewer: Viewer, row: { assigneeId: number | null; contactPhone: string | null }): string | null {
  if (row.contactPhone === null) return null;
  return viewer.supervisor || row.assigneeId === viewer.cadreId ? row.contactPhone : maskPhones(row.contactPhone);
}
