import { actorTexts, messages, scheduled } from '../messages/zh-CN';
import { enqueue } from '../outbox/enqueue';
import { isOpen } from '../domain/case-status';
import type { JobDeps } from './job-deps';
import { forEachDueCase } from './due-cases';
import type { DbTx } from '../db/client';
import { hearsNotices } from '../cases/case-change';

/**
 * Tells the resident of each open case how it stands when they have heard nothing for the
 * cadence (default 3 days): status, latest progress, who handles it. Any other notice to the
 * resident pushes `nextUpdateAt` forward, so this only speaks into silence.
 */
export function updateResidents(deps: JobDeps, now: Date): Promise<number> {
  return forEachDueCase(deps, 'nextUpdateAt', now, (tx, id) => updateOne(tx, deps, id, now));
}

async function updateOne(tx: DbTx, deps: JobDeps, id: number, now: Date): Promise<boolean> {
  const c = await tx.case.findUniqueOrThrow({
    where: { id },
    include: {
      assignee: { select: { name: true, area: { select: { name: true } } } },
      events: { where: { type: 'PROGRESS' }, orderBy: { id: 'desc' }, take: 1, select: { note: true } },
    },
  });
  if (!isOpen(c.status) || c.residentId === null || !hearsNotices(c.channel)) {
    await tx.case.update({ where: { id }, data: { nextUpdateAt: null } });
    return false;
  }
  const slot = c.nextUpdateAt!.toISOString();
  await enqueue(tx, [
    {
      key: `case:${id}:update:${slot}`,
      recipient: { kind: 'RESIDENT', id: c.residentId },
      caseId: id,
      kind: 'resident.update',
      text: scheduled.residentUpdate({
        caseNumber: c.caseNumber,
        statusText: messages.statusText(c.status),
        latest: c.events[0]?.note ?? null,
        assigneeName: c.assignee ? actorTexts.forResidents({ name: c.assignee.name, areaName: c.assignee.area.name }, deps.district.cadreNames) : null,
      }),
    },
  ], now);
  await tx.case.update({ where: { id }, data: { nextUpdateAt: new Date(now.getTime() + deps.timing.progressUpdateMs) } });
  return true;
}

