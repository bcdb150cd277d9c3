import type { Db, DbTx } from '../db/client';
import type { District } from '../domain/district';
import type { CaseEventType, CaseStatus } from '../generated/prisma/enums';
import { enqueue } from '../outbox/enqueue';
import { type CaseSnapshot, noticesFor } from '../outbox/case-notices';
import { type CaseAction, nextStatus } from './case-status';
import { isSensitiveLedger } from './case-visibility';

/** The channel of residents a cadre met on a visit and filed for: nothing can be sent to them. */
export const VISIT_CHANNEL = 'visit';

/** Who changes a case. Supervisors may act on any case; a cadre only on their own. */
export type Actor = { kind: 'CADRE'; cadreId: number; supervisor: boolean } | { kind: 'SYSTEM' };

export type RefusalCode = 'notFound' | 'notYours' | 'badTransition' | 'unknownTarget' | 'sameAssignee';

/** A change refused for a reason the person can act on; the caller words it for them. */
export class CaseRefusal extends Error {
  override name = 'CaseRefusal';
  constructor(
    readonly code: RefusalCode,
    readonly info: { caseNumber: string; status?: CaseStatus; action?: CaseAction; assigneeName?: string; target?: string },
  ) {
    super(`${code}: ${info.caseNumber}`);
  }
}

/** How often a resident hears how things stand, and when they are asked whether they are satisfied. */
export type CaseTiming = { progressUpdateMs: number; followUpDelayMs: number };
export const DEFAULT_TIMING: CaseTiming = { progressUpdateMs: 3 * 24 * 3_600_000, followUpDelayMs: 24 * 3_600_000 };

export type CaseDeps = { db: Db; district: District; showCadrePhone: boolean; timing?: CaseTiming };

const caseInclude = {
  assignee: { select: { id: true, name: true, phone: true } },
  area: { select: { id: true, name: true } },
  // 我也遇到: those who joined hear every step too.
  reporters: { select: { residentId: true } },
  // A resident met on a visit (五访五问) has no channel; the visiting cadre tells them in person.
  resident: { select: { channel: true } },
} as const;

export async function loadCaseForUpdate(tx: DbTx, caseNumber: string) {
  // Row lock: two cadres (or a cadre and a job) changing one case are serialised.
  const locked = await tx.$queryRaw<{ id: number }[]>`SELECT id FROM "Case" WHERE "caseNumber" = ${caseNumber} FOR UPDATE`;
  if (!locked[0]) throw new CaseRefusal('notFound', { caseNumber });
  return tx.case.findUniqueOrThrow({ where: { id: locked[0].id }, include: caseInclude });
}

export type LockedCase = Awaited<ReturnType<typeof loadCaseForUpdate>>;

export function authorise(actor: Actor, row: LockedCase): void {
  if (actor.kind === 'CADRE' && !actor.supervisor && row.assigneeId !== actor.cadreId) {
    // A hardship or dispute case is not even named (nor its assignee) to another cadre.
    if (isSensitiveLedger(row.ledger)) throw new CaseRefusal('notFound', { caseNumber: row.caseNumber });
    throw new CaseRefusal('notYours', { caseNumber: row.caseNumber, assigneeName: row.assignee?.name });
  }
}

export function transition(row: LockedCase, action: CaseAction): CaseStatus {
  const t = nextStatus(row.status, action);
  if (!t.ok) throw new CaseRefusal('badTransition', { caseNumber: row.caseNumber, status: row.status, action });
  return t.to;
}

export function snapshotOf(row: LockedCase, district: District): CaseSnapshot {
  return {
    id: row.id,
    caseNumber: row.caseNumber,
    categoryName: district.category(row.category).name,
    priority: row.priority,
    priorityChar: district.priority(row.priority).char,
    description: row.description,
    place: row.locationText ? `${row.area.name} ${row.locationText}` : row.area.name,
    households: row.households,
    contactPhone: row.contactPhone,
    residentId: row.resident?.channel === VISIT_CHANNEL ? null : row.residentId,
    alsoReporterIds: row.reporters.flatMap((r) => (r.residentId === null ? [] : [r.residentId])),
    reporterCount: row.reporterCount,
    resolveDueAt: row.resolveDueAt,
    acceptDueAt: row.acceptDueAt,
    assignee: row.assignee,
  };
}

/**
 * Writes one step of a case's timeline and the notifications it causes, in the caller's
 * transaction: a crash can lose neither without the other.
 */
export async function recordEvent(
  tx: DbTx,
  deps: CaseDeps,
  opts: {
    row: LockedCase;
    type: CaseEventType;
    actor: Actor;
    from: CaseStatus | null;
    to: CaseStatus | null;
    note?: string | null;
    at: Date;
    /** The case as it is after the change (assignee, status). */
    after: CaseSnapshot;
    previousAssignee?: { id: number; name: string } | null;
    /** 我也遇到: the phone a joiner left, for the assignee's notice only (never in the event's note). */
    joinerPhone?: string | null;
  },
): Promise<void> {
  const event = await tx.caseEvent.create({
    data: {
      caseId: opts.row.id,
      type: opts.type,
      actorKind: opts.actor.kind,
      actorId: opts.actor.kind === 'CADRE' ? opts.actor.cadreId : null,
      fromStatus: opts.from,
      toStatus: opts.to,
      note: opts.note ?? null,
      createdAt: opts.at,
    },
    select: { id: true },
  });
  const items = noticesFor(
    { id: event.id, type: opts.type, note: opts.note ?? null, previousAssignee: opts.previousAssignee ?? null, joinerPhone: opts.joinerPhone ?? null },
    opts.after,
    { showCadrePhone: deps.showCadrePhone, timeZone: deps.district.timeZone },
  );
  await enqueue(tx, items, opts.at);
  // The resident just heard something: the "no news" update waits a full cadence again.
  if (items.some((i) => i.recipient.kind === 'RESIDENT')) {
    const every = (deps.timing ?? DEFAULT_TIMING).progressUpdateMs;
    await tx.case.update({ where: { id: opts.row.id }, data: { nextUpdateAt: new Date(opts.at.getTime() + every) } });
  }
}

export const caseRowInclude = caseInclude;

export type CaseOutcome = { caseNumber: string; status: CaseStatus; acceptDueAt: Date; resolveDueAt: Date; assigneeName: string | null };

const outcomeOf = (row: LockedCase): CaseOutcome => ({
  caseNumber: row.caseNumber,
  status: row.status,
  acceptDueAt: row.acceptDueAt,
  resolveDueAt: row.resolveDueAt,
  assigneeName: row.assignee?.name ?? null,
});

/**
 * The common shape of a cadre's step on a case: lock, check who may, check the status machine,
 * update, record the event with its notifications, all in one transaction.
 */
export async function stepCase(
  deps: CaseDeps,
  opts: {
    caseNumber: string;
    actor: Actor;
    action: CaseAction;
    event: CaseEventType;
    note?: string | null;
    at: Date;
    data?: (row: LockedCase) => Record<string, unknown>;
  },
): Promise<CaseOutcome> {
  return deps.db.$transaction(async (tx) => {
    const row = await loadCaseForUpdate(tx, opts.caseNumber);
    authorise(opts.actor, row);
    const to = transition(row, opts.action);
    const updated = await tx.case.update({
      where: { id: row.id },
      // A new status is a new thing to watch: the time-limit job looks at it on its next run.
      data: { status: to, nextCheckAt: opts.at, ...(opts.data?.(row) ?? {}) },
      include: caseInclude,
    });
    await recordEvent(tx, deps, {
      row,
      type: opts.event,
      actor: opts.actor,
      from: row.status,
      to,
      note: opts.note,
      at: opts.at,
      after: snapshotOf(updated, deps.district),
    });
    return outcomeOf(updated);
  });
}
