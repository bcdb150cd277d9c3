import type { Db } from '../db/client';
import { caseScope, type Viewer } from './case-visibility';
import { timelineSelect } from './event-actors';

/**
 * One case as the admin API shows it to staff: its area, assignee, timeline (with status steps)
 * and those who reported it. Outside the viewer's scope it is null ("not found"); `anyArea` reads
 * it regardless, for the outcome of the viewer's own act (a transfer may move it out of their areas).
 */
export function caseForStaff(db: Db, viewer: Viewer, caseNumber: string, opts: { anyArea?: boolean } = {}) {
  return db.case.findFirst({
    where: { caseNumber, ...(opts.anyArea ? {} : caseScope(viewer)) },
    include: {
      area: { select: { code: true, name: true } },
      assignee: { select: { code: true, name: true } },
      events: { orderBy: { id: 'asc' }, select: { ...timelineSelect, fromStatus: true, toStatus: true } },
      reporters: { orderBy: { id: 'asc' }, select: { createdAt: true, households: true } },
    },
  });
}

export type StaffCase = NonNullable<Awaited<ReturnType<typeof caseForStaff>>>;
