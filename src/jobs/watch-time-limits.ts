import type { PoolClient } from 'pg';
import { formatShortDateTime } from '../domain/time';
import { scheduled } from '../messages/zh-CN';
import { enqueue, type OutboxItem } from '../outbox/enqueue';
import { planWatch, type WatchPlan } from '../cases/time-watch';
import { z } from 'zod';
import { CASE_STATUSES } from '../domain/case-status';
import { PRIORITIES } from '../domain/ledger';
import type { JobDeps } from './job-deps';
import { forEachDuePage, insertSystemEvents, wallClock, type SystemEvent } from './due-cases';
import { leadsAbove, pickEscalationTarget } from './escalation-leads';

const dueRow = z.object({
  id: z.number(),
  caseNumber: z.string(),
  status: z.enum(CASE_STATUSES),
  priority: z.enum(PRIORITIES),
  areaId: z.number(),
  description: z.string(),
  assigneeId: z.number().nullable(),
  assigneeName: z.string().nullable(),
  acceptDueAt: z.date(),
  resolveDueAt: z.date(),
  watchPhase: z.string().nullable(),
  reminded: z.boolean(),
  escalationLevel: z.number(),
});
type Due = z.output<typeof dueRow>;

const COLUMNS = `c."caseNumber", c.status, c.priority, c."areaId", c.description, c."assigneeId", a.name AS "assigneeName",
  c."acceptDueAt" AT TIME ZONE 'UTC' AS "acceptDueAt", c."resolveDueAt" AT TIME ZONE 'UTC' AS "resolveDueAt",
  c."watchPhase", c.reminded, c."escalationLevel"`;

/**
 * Reminds assignees before a deadline and escalates after it (area lead, town, district), one
 * REMINDED or ESCALATED event each time. Claims the cases whose `nextCheckAt` has come a page at
 * a time (skipping those a cadre is changing just now), and is safe to re-run: the plan comes
 * from the stored watch state, and outbox keys forbid a repeat.
 */
export function watchTimeLimits(deps: JobDeps, now: Date): Promise<number> {
  return forEachDuePage(deps, { field: 'nextCheckAt', row: dueRow, columns: COLUMNS, joins: 'LEFT JOIN "Cadre" a ON a.id = c."assigneeId"' }, now, (client, rows) =>
    checkPage(client, deps, rows, now),
  );
}

async function checkPage(client: PoolClient, deps: JobDeps, rows: Due[], now: Date): Promise<number> {
  const plans = rows.map((c) => ({ c, plan: planWatch(c, deps.district.priority(c.priority), now, deps.remindFraction) }));
  await storePlans(client, plans.map(({ c, plan }) => ({ id: c.id, plan })));
  const acting = plans.filter(({ plan }) => plan.action);
  const escalating = acting.filter(({ plan }) => plan.action!.type === 'escalate');
  const leads = escalating.length ? await leadsAbove(client, escalating.map(({ c }) => c.areaId)) : new Map();
  const events: SystemEvent[] = [];
  const outbox: OutboxItem[] = [];
  for (const { c, plan } of acting) {
    const action = plan.action!;
    const dueText = formatShortDateTime(action.due, deps.district.timeZone);
    const keyBase = `case:${c.id}:${action.phase}:${action.due.toISOString()}`;
    const urgent = c.priority === 'URGENT';
    if (action.type === 'remind') {
      events.push({ caseId: c.id, type: 'REMINDED', note: `${action.phase === 'ACCEPT' ? '受理' : '办结'}期限${dueText}` });
      if (c.assigneeId !== null) {
        outbox.push({ key: `${keyBase}:remind`, recipient: { kind: 'CADRE', id: c.assigneeId }, caseId: c.id, kind: 'cadre.reminder', text: scheduled.cadreReminder(c.caseNumber, action.phase, dueText), urgent });
      }
      continue;
    }
    const target = pickEscalationTarget(leads.get(c.areaId) ?? [], action.level, c.assigneeId);
    // The system escalates; the lead it calls on is the event's target, not its actor.
    events.push({ caseId: c.id, type: 'ESCALATED', targetCadreId: target?.id ?? null, note: target ? `报${target.name}督办` : '无上级可报' });
    if (target) {
      outbox.push({
        key: `${keyBase}:escalate:${action.level}`,
        recipient: { kind: 'CADRE', id: target.id },
        caseId: c.id,
        kind: 'cadre.escalation',
        text: scheduled.escalation({ caseNumber: c.caseNumber, phase: action.phase, due: dueText, assigneeName: c.assigneeName ?? '未派单', level: action.level, summary: c.description }),
        urgent,
      });
    }
  }
  await insertSystemEvents(client, events, now);
  await enqueue(client, outbox, now);
  return acting.length;
}

/** The page's new watch states, in one UPDATE … FROM unnest. */
async function storePlans(client: PoolClient, plans: { id: number; plan: WatchPlan }[]): Promise<void> {
  await client.query(
    `UPDATE "Case" c SET "watchPhase" = t.phase, reminded = t.reminded, "escalationLevel" = t.level, "nextCheckAt" = t.next, "updatedAt" = $6::timestamp
     FROM unnest($1::int[], $2::text[], $3::boolean[], $4::int[], $5::timestamp[]) AS t(id, phase, reminded, level, next)
     WHERE c.id = t.id`,
    [
      plans.map((p) => p.id),
      plans.map((p) => p.plan.watchPhase),
      plans.map((p) => p.plan.reminded),
      plans.map((p) => p.plan.escalationLevel),
      plans.map((p) => p.plan.nextCheckAt?.toISOString() ?? null),
      wallClock(),
    ],
  );
}
