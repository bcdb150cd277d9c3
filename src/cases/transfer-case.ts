import type { DbTx } from '../db/client';
import {
  type Actor,
  type CaseDeps,
  type CaseOutcome,
  CaseRefusal,
  authorise,
  caseRowInclude,
  loadCaseForUpdate,
  recordEvent,
  snapshotOf,
  transition,
} from './case-change';
import { type Assignee, chooseAssignee } from './route-case';

type Target = { assignee: Assignee; areaId: number | null; label: string };

/**
 * 转办: to another village/community (routed there by its rules) or to a named cadre.
 * The case goes back to ASSIGNED for the new cadre; the old one and the resident are told.
 */
export async function transferCase(
  deps: CaseDeps,
  opts: { caseNumber: string; actor: Actor; target: string; reason: string; at: Date },
): Promise<CaseOutcome> {
  return deps.db.$transaction(async (tx) => {
    const row = await loadCaseForUpdate(tx, opts.caseNumber);
    authorise(opts.actor, row);
    const to = transition(row, 'transfer');
    const target = await resolveTarget(tx, deps, opts.target, row.category, row.assigneeId);
    if (!target) throw new CaseRefusal('unknownTarget', { caseNumber: row.caseNumber, target: opts.target });
    if (target.assignee.id === row.assigneeId) throw new CaseRefusal('sameAssignee', { caseNumber: row.caseNumber });
    const updated = await tx.case.update({
      where: { id: row.id },
      // The new cadre gets their own reminder: the watch starts again (the deadline stays).
      data: {
        status: to,
        assigneeId: target.assignee.id,
        nextCheckAt: opts.at,
        watchPhase: null,
        reminded: false,
        escalationLevel: 0,
        ...(target.areaId ? { areaId: target.areaId } : {}),
      },
      include: caseRowInclude,
    });
    await recordEvent(tx, deps, {
      row,
      type: 'TRANSFERRED',
      actor: opts.actor,
      from: row.status,
      to,
      note: `转给${target.label}：${opts.reason}`,
      at: opts.at,
      after: snapshotOf(updated, deps.district),
      previousAssignee: row.assignee,
      targetCadreId: target.assignee.id,
    });
    return {
      caseNumber: updated.caseNumber,
      status: updated.status,
      acceptDueAt: updated.acceptDueAt,
      resolveDueAt: updated.resolveDueAt,
      assigneeName: target.assignee.name,
    };
  });
}

/** A cadre by code or unique name, else a village/community by name or alias. */
async function resolveTarget(tx: DbTx, deps: CaseDeps, text: string, category: string, currentId: number | null): Promise<Target | null> {
  const cadres = await tx.cadre.findMany({
    where: { active: true, OR: [{ code: text }, { name: text }] },
    select: { id: true, name: true, phone: true, area: { select: { name: true } } },
    take: 2,
  });
  const named = cadres.length === 1 ? cadres[0]! : null;
  if (named) return { assignee: { id: named.id, name: named.name, phone: named.phone, areaName: named.area.name }, areaId: null, label: named.name };
  const area = deps.district.areas.find((a) => a.name === text || a.aliases.includes(text));
  if (!area) return null;
  const areaRow = await tx.area.findUnique({ where: { code: area.code }, select: { id: true } });
  if (!areaRow) return null;
  const assignee = await chooseAssignee(tx, { areaId: areaRow.id, category, excludeCadreId: currentId });
  return assignee ? { assignee, areaId: areaRow.id, label: `${area.name}${assignee.name}` } : null;
}
