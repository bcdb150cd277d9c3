import type { DbTx } from '../db/client';
import { type Actor, type CaseDeps, caseRowInclude, type LockedCase, loadCaseForUpdate, recordEvent, snapshotOf, transition } from './case-change';
import { chooseAssignee } from './route-case';

/**
 * Gives a filed (or reopened) case to its cadre by the routing rules, as the system.
 * Runs in the caller's transaction (the filing's), so a case is never left unassigned by a crash.
 */
export async function assignCase(
  tx: DbTx,
  deps: CaseDeps,
  opts: { caseNumber: string; at: Date; preferCadreId?: number | null; actor?: Actor },
): Promise<LockedCase> {
  const row = await loadCaseForUpdate(tx, opts.caseNumber);
  const to = transition(row, 'assign');
  const assignee = await chooseAssignee(tx, { areaId: row.areaId, category: row.category, preferCadreId: opts.preferCadreId });
  // With no cadre anywhere up the tree (a misconfigured district) the case stays FILED, visible to supervisors.
  if (!assignee) return row;
  const updated = await tx.case.update({
    where: { id: row.id },
    data: { status: to, assigneeId: assignee.id, nextCheckAt: opts.at },
    include: caseRowInclude,
  });
  await recordEvent(tx, deps, {
    row,
    type: 'ASSIGNED',
    actor: opts.actor ?? { kind: 'SYSTEM' },
    from: row.status,
    to,
    note: assignee.name,
    targetCadreId: assignee.id,
    at: opts.at,
    after: snapshotOf(updated, deps.district),
  });
  return updated;
}
