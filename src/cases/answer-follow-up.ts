import type { DbTx } from '../db/client';
import { deadlinesFor } from '../domain/district';
import type { FollowUpAnswer } from '../generated/prisma/enums';
import { scheduled } from '../messages/zh-CN';
import { enqueue } from '../outbox/enqueue';
import { type CaseDeps, loadCaseForUpdate, transition } from './case-change';
import { assignCase } from './assign-case';
import { escalationTarget } from './route-case';

export type Satisfaction = Exclude<FollowUpAnswer, 'NO_REPLY'>;

const ANSWER_NOTE: Record<FollowUpAnswer, string> = { SATISFIED: '满意', PARTLY: '基本满意', UNSATISFIED: '不满意', NO_REPLY: '未回复' };

/** "1" / "满意", "2" / "基本满意", "3" / "不满意", optionally followed by a comment. Pure. */
export function parseSatisfaction(text: string): { answer: Satisfaction; comment: string | null } | null {
  // Full-width digits are common on phones; the comment keeps the resident's own punctuation.
  const t = text.trim().replace(/[１２３]/g, (d) => String.fromCharCode(d.charCodeAt(0) - 0xfee0));
  const m = /^(1|2|3|非常满意|满意|基本满意|还行|一般|不满意|不太满意)(?:[\s,，。.:：、]+(.*))?$/su.exec(t);
  if (!m) return null;
  const word = m[1]!;
  const answer: Satisfaction =
    word === '1' || word === '满意' || word === '非常满意' ? 'SATISFIED' : word === '2' || word === '基本满意' || word === '还行' || word === '一般' ? 'PARTLY' : 'UNSATISFIED';
  const comment = m[2]?.trim() ? [...m[2].trim()].slice(0, 500).join('') : null;
  return { answer, comment };
}

/**
 * 回访, the answer: recorded on the resident's open follow-up. Satisfied (or partly) closes the
 * case; unsatisfied reopens it with fresh time limits, routes it again and escalates one level.
 * Returns the reply to the resident, or null when they have no follow-up waiting (the message
 * is then an ordinary one).
 */
export async function answerFollowUp(
  deps: CaseDeps,
  opts: { channel: string; residentKey: string; answer: Satisfaction; comment: string | null; at: Date },
): Promise<string | null> {
  const open = await deps.db.followUp.findFirst({
    where: { answeredAt: null, resident: { channel: opts.channel, channelKey: opts.residentKey } },
    orderBy: { askedAt: 'desc' },
    include: { case: { select: { caseNumber: true } } },
  });
  if (!open) return null;
  return deps.db.$transaction(async (tx) => {
    const taken = await tx.followUp.updateMany({
      where: { id: open.id, answeredAt: null },
      data: { answeredAt: opts.at, answer: opts.answer, comment: opts.comment },
    });
    if (taken.count !== 1) return null;
    const row = await loadCaseForUpdate(tx, open.case.caseNumber);
    const note = `${ANSWER_NOTE[opts.answer]}${opts.comment ? `：${opts.comment}` : ''}`;
    await tx.caseEvent.create({ data: { caseId: row.id, type: 'FOLLOW_UP', actorKind: 'RESIDENT', actorId: open.residentId, note, createdAt: opts.at } });
    if (opts.answer !== 'UNSATISFIED') {
      await closeCase(tx, row, opts.at, opts.answer, '群众满意，归档');
      return scheduled.followUpThanks(row.caseNumber);
    }
    // Reopening is the resident's act (their answer), credited to them on the timeline.
    await reopenCase(tx, deps, row, opts.at, note, open.residentId);
    return scheduled.followUpReopened(row.caseNumber);
  });
}

/** 归档: RESOLVED → CLOSED through the status machine. */
export async function closeCase(tx: DbTx, row: Awaited<ReturnType<typeof loadCaseForUpdate>>, at: Date, reason: FollowUpAnswer, note: string) {
  const to = transition(row, 'close');
  await tx.case.update({
    where: { id: row.id },
    data: { status: to, closedAt: at, closeReason: reason, nextCheckAt: null, nextUpdateAt: null, followUpDueAt: null },
  });
  await tx.caseEvent.create({ data: { caseId: row.id, type: 'CLOSED', actorKind: 'SYSTEM', fromStatus: row.status, toStatus: to, note, createdAt: at } });
}

async function reopenCase(tx: DbTx, deps: CaseDeps, row: Awaited<ReturnType<typeof loadCaseForUpdate>>, at: Date, note: string, residentId: number) {
  const to = transition(row, 'reopen');
  await tx.case.update({
    where: { id: row.id },
    data: {
      status: to,
      reopenedAt: at,
      resolvedAt: null,
      closedAt: null,
      closeReason: null,
      followUpDueAt: null,
      // Fresh time limits from the reopening.
      ...deadlinesFor(deps.district.priority(row.priority), at),
    },
  });
  await tx.caseEvent.create({ data: { caseId: row.id, type: 'REOPENED', actorKind: 'RESIDENT', actorId: residentId, fromStatus: row.status, toStatus: to, note, createdAt: at } });
  const assigned = await assignCase(tx, deps, { caseNumber: row.caseNumber, at });
  // One level up hears of it at once; the time-limit watch goes on from that level.
  const target = await escalationTarget(tx, assigned.areaId, 1, assigned.assigneeId);
  await tx.case.update({ where: { id: row.id }, data: { watchPhase: 'ACCEPT', reminded: false, escalationLevel: 1 } });
  // The system escalates; the lead it calls on is the event's target, not its actor.
  await tx.caseEvent.create({
    data: { caseId: row.id, type: 'ESCALATED', actorKind: 'SYSTEM', targetCadreId: target?.id ?? null, note: target ? `群众不满意，报${target.name}督办` : '群众不满意', createdAt: at },
  });
  if (target) {
    await enqueue(tx, [
      {
        key: `case:${row.id}:reopen-escalate:${at.toISOString()}`,
        recipient: { kind: 'CADRE', id: target.id },
        caseId: row.id,
        kind: 'cadre.escalation',
        text: scheduled.escalation({
          caseNumber: row.caseNumber,
          phase: 'RESOLVE',
          due: '群众回访不满意',
          assigneeName: assigned.assignee?.name ?? '未派单',
          level: 1,
          summary: `${note}｜${row.description}`,
        }),
      },
    ], at);
  }
}
