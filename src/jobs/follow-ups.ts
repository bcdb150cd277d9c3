import { scheduled } from '../messages/zh-CN';
import { enqueue } from '../outbox/enqueue';
import { JOB_PAGE, type JobDeps } from './job-deps';
import { forEachDueCase } from './due-cases';
import { hearsNotices, loadCaseForUpdate } from '../cases/case-change';
import { nextStatus } from '../domain/case-status';
import { closeCase } from '../cases/answer-follow-up';

/**
 * 回访, the scheduled half: ask the resident of each resolved case whether they are satisfied;
 * ask once more if they have not answered; close the case as "no reply" if they still have not
 * (counted apart from satisfied). The answer itself arrives as a message (answer-follow-up.ts).
 */
export async function runFollowUps(deps: JobDeps, now: Date): Promise<number> {
  return (await askFollowUps(deps, now)) + (await remindFollowUps(deps, now)) + (await closeUnanswered(deps, now));
}

function askFollowUps(deps: JobDeps, now: Date): Promise<number> {
  return forEachDueCase(deps, 'followUpDueAt', now, async (tx, id) => {
    const c = await tx.case.findUniqueOrThrow({
      where: { id },
      include: { events: { where: { type: 'RESOLVED' }, orderBy: { id: 'desc' }, take: 1, select: { note: true } } },
    });
    await tx.case.update({ where: { id }, data: { followUpDueAt: null } });
    // A case filed on a visit (五访五问) has no channel to the person: the visiting cadre asks in
    // person. One filed through Open311 neither: its client reads the status there.
    if (c.status !== 'RESOLVED' || c.residentId === null || !hearsNotices(c.channel)) return false;
    await tx.followUp.create({ data: { caseId: id, residentId: c.residentId, askedAt: now } });
    await enqueue(tx, [
      {
        key: `case:${id}:followup:${c.resolvedAt?.toISOString() ?? now.toISOString()}`,
        recipient: { kind: 'RESIDENT', id: c.residentId },
        caseId: id,
        kind: 'resident.followUp',
        text: scheduled.followUpQuestion(c.caseNumber, c.events[0]?.note ?? null),
      },
    ], now);
    return true;
  });
}

async function remindFollowUps(deps: JobDeps, now: Date): Promise<number> {
  const before = new Date(now.getTime() - deps.followUpRemindMs);
  const rows = await deps.db.followUp.findMany({
    where: { answeredAt: null, remindedAt: null, askedAt: { lte: before } },
    include: { case: { select: { caseNumber: true, status: true } } },
    take: JOB_PAGE * 5,
  });
  let handled = 0;
  for (const f of rows) {
    const done = await deps.db.$transaction(async (tx) => {
      const updated = await tx.followUp.updateMany({ where: { id: f.id, remindedAt: null, answeredAt: null }, data: { remindedAt: now } });
      if (updated.count !== 1) return false;
      await enqueue(tx, [
        {
          key: `followup:${f.id}:reminder`,
          recipient: { kind: 'RESIDENT', id: f.residentId },
          caseId: f.caseId,
          kind: 'resident.followUpReminder',
          text: scheduled.followUpReminder(f.case.caseNumber),
        },
      ], now);
      return true;
    });
    if (done) handled++;
  }
  return handled;
}

async function closeUnanswered(deps: JobDeps, now: Date): Promise<number> {
  const before = new Date(now.getTime() - deps.followUpCloseMs);
  const rows = await deps.db.followUp.findMany({
    where: { answeredAt: null, remindedAt: { lte: before } },
    select: { id: true, caseId: true, case: { select: { caseNumber: true } } },
    take: JOB_PAGE * 5,
  });
  let handled = 0;
  for (const f of rows) {
    const done = await deps.db.$transaction(async (tx) => {
      const updated = await tx.followUp.updateMany({ where: { id: f.id, answeredAt: null }, data: { answeredAt: now, answer: 'NO_REPLY' } });
      if (updated.count !== 1) return false;
      const row = await loadCaseForUpdate(tx, f.case.caseNumber);
      if (nextStatus(row.status, 'close').ok) await closeCase(tx, row, now, 'NO_REPLY', '回访未回复，自动归档');
      return true;
    });
    if (done) handled++;
  }
  return handled;
}
