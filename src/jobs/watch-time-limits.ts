import { formatShortDateTime } from '../domain/time';
import { scheduled } from '../messages/zh-CN';
import { enqueue } from '../outbox/enqueue';
import { planWatch } from '../cases/time-watch';
import { escalationTarget } from '../cases/route-case';
import type { JobDeps } from './job-deps';
import { forEachDueCase } from './due-cases';
import type { DbTx } from '../db/client';

/**
 * Reminds assignees before a deadline and escalates after it (area lead, town, district), one
 * REMINDED or ESCALATED event each time. Reads only cases whose `nextCheckAt` has come, locks
 * each (waiting for a cadre's change or another job on the same case, then re-checking), and is
 * safe to re-run: the plan comes from the stored watch state, and outbox keys forbid a repeat.
 */
export function watchTimeLimits(deps: JobDeps, now: Date): Promise<number> {
  return forEachDueCase(deps, 'nextCheckAt', now, (tx, id) => checkOne(tx, deps, id, now));
}

async function checkOne(tx: DbTx, deps: JobDeps, id: number, now: Date): Promise<boolean> {
  const c = await tx.case.findUniqueOrThrow({
    where: { id },
    include: { assignee: { select: { id: true, name: true } } },
  });
  const plan = planWatch(c, deps.district.priority(c.priority), now, deps.remindFraction);
  await tx.case.update({
    where: { id },
    data: { watchPhase: plan.watchPhase, reminded: plan.reminded, escalationLevel: plan.escalationLevel, nextCheckAt: plan.nextCheckAt },
  });
  const action = plan.action;
  if (!action) return false;
  const dueText = formatShortDateTime(action.due, deps.district.timeZone);
  const keyBase = `case:${id}:${action.phase}:${action.due.toISOString()}`;
  if (action.type === 'remind') {
    await tx.caseEvent.create({ data: { caseId: id, type: 'REMINDED', actorKind: 'SYSTEM', note: `${action.phase === 'ACCEPT' ? '受理' : '办结'}期限${dueText}`, createdAt: now } });
    if (c.assignee) {
      await enqueue(tx, [
        {
          key: `${keyBase}:remind`,
          recipient: { kind: 'CADRE', id: c.assignee.id },
          caseId: id,
          kind: 'cadre.reminder',
          text: scheduled.cadreReminder(c.caseNumber, action.phase, dueText),
          urgent: c.priority === 'URGENT',
        },
      ], now);
    }
    return true;
  }
  const target = await escalationTarget(tx, c.areaId, action.level, c.assignee?.id ?? null);
  // The system escalates; the lead it calls on is the event's target, not its actor.
  await tx.caseEvent.create({
    data: { caseId: id, type: 'ESCALATED', actorKind: 'SYSTEM', targetCadreId: target?.id ?? null, note: target ? `报${target.name}督办` : '无上级可报', createdAt: now },
  });
  if (target) {
    await enqueue(tx, [
      {
        key: `${keyBase}:escalate:${action.level}`,
        recipient: { kind: 'CADRE', id: target.id },
        caseId: id,
        kind: 'cadre.escalation',
        text: scheduled.escalation({
          caseNumber: c.caseNumber,
          phase: action.phase,
          due: dueText,
          assigneeName: c.assignee?.name ?? '未派单',
          level: action.level,
          summary: c.description,
        }),
        urgent: c.priority === 'URGENT',
      },
    ], now);
  }
  return true;
}
