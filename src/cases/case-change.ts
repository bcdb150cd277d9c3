import { z } from 'zod';
import type { Db, DbTx } from '../db/client';
import { sqlRows } from '../db/typed-sql';
import { Prisma } from '../generated/prisma/client';
import type { District } from '../domain/district';
import type { CaseEventType, CaseStatus } from '../generated/prisma/enums';
import { enqueue } from '../outbox/enqueue';
import { type ActorView, type CaseSnapshot, noticesFor } from '../outbox/case-notices';
import { type CaseAction, nextStatus } from '../domain/case-status';
import { isSensitiveLedger } from './case-visibility';

/** The channel of residents a cadre met on a visit and filed for: nothing can be sent to them. */
export const VISIT_CHANNEL = 'visit';
/** Residents who reported through an Open311 client (12345 hotline …): their client reads the status there. */
export const OPEN311_CHANNEL = 'open311';
const CHANNELS_WITHOUT_NOTICES: ReadonlySet<string> = new Set([VISIT_CHANNEL, OPEN311_CHANNEL]);

/**
 * Whether a resident of this channel can be sent notices at all. Those who cannot get no outbox
 * rows (which would only fail, once per notice, "no outbound channel").
 */
export const hearsNotices = (channel: string | null | undefined): boolean => !CHANNELS_WITHOUT_NOTICES.has(channel ?? '');

/**
 * Who changes a case, as it is recorded on the timeline: the cadre who acted (supervisors may act
 * on any case, a cadre only on their own), a resident (follow-up answers, 我也遇到), or the system
 * (routing, the jobs). Each entry point builds it from who is signed in, never from the case.
 */
export type Actor =
  | { kind: 'CADRE'; cadreId: number; supervisor: boolean }
  | { kind: 'RESIDENT'; residentId: number }
  | { kind: 'SYSTEM' };

/** The id stored on the event: the cadre's or resident's; the system is nobody. */
export const actorIdOf = (actor: Actor): number | null =>
  actor.kind === 'CADRE' ? actor.cadreId : actor.kind === 'RESIDENT' ? actor.residentId : null;

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
  assignee: { select: { id: true, name: true, phone: true, area: { select: { name: true } } } },
  area: { select: { id: true, name: true } },
  // 我也遇到: those who joined hear every step too.
  reporters: { select: { residentId: true } },
  // A resident met on a visit (五访五问) has no channel, the visiting cadre tells them in person;
  // one who reported through Open311 reads the status through their client.
  resident: { select: { channel: true } },
} as const;

const idRow = z.object({ id: z.number() });

export async function loadCaseForUpdate(tx: DbTx, caseNumber: string) {
  // Row lock: two cadres (or a cadre and a job) changing one case are serialised.
  const locked = await sqlRows(tx, idRow, Prisma.sql`SELECT id FROM "Case" WHERE "caseNumber" = ${caseNumber} FOR UPDATE`);
  if (!locked[0]) throw new CaseRefusal('notFound', { caseNumber });
  return tx.case.findUniqueOrThrow({ where: { id: locked[0].id }, include: caseInclude });
}

export type LockedCase = Awaited<ReturnType<typeof loadCaseForUpdate>>;

export function authorise(actor: Actor, row: LockedCase): void {
  // A resident's own acts (follow-up, joining) have their own use cases, never a cadre's step.
  if (actor.kind === 'RESIDENT') throw new CaseRefusal('notFound', { caseNumber: row.caseNumber });
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
    residentId: hearsNotices(row.resident?.channel) ? row.residentId : null,
    alsoReporterIds: row.reporters.flatMap((r) => (r.residentId === null ? [] : [r.residentId])),
    reporterCount: row.reporterCount,
    resolveDueAt: row.resolveDueAt,
    acceptDueAt: row.acceptDueAt,
    assignee: row.assignee ? { id: row.assignee.id, name: row.assignee.name, phone: row.assignee.phone, areaName: row.assignee.area.name } : null,
  };
}

/** The actor as notices name them: a cadre by area and name (looked up in the transaction). */
export async function actorView(tx: DbTx, actor: Actor): Promise<ActorView> {
  if (actor.kind !== 'CADRE') return { kind: actor.kind };
  const cadre = await tx.cadre.findUniqueOrThrow({ where: { id: actor.cadreId }, select: { id: true, name: true, area: { select: { name: true } } } });
  return { kind: 'CADRE', id: cadre.id, name: cadre.name, areaName: cadre.area.name };
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
    /** The cadre the step hands the case to (assignment, transfer). */
    targetCadreId?: number | null;
    /** 我也遇到: the phone a joiner left, for the assignee's notice only (never in the event's note). */
    joinerPhone?: string | null;
  },
): Promise<void> {
  const event = await tx.caseEvent.create({
    data: {
      caseId: opts.row.id,
      type: opts.type,
      actorKind: opts.actor.kind,
      actorId: actorIdOf(opts.actor),
      targetCadreId: opts.targetCadreId ?? null,
      fromStatus: opts.from,
      toStatus: opts.to,
      note: opts.note ?? null,
      createdAt: opts.at,
    },
    select: { id: true },
  });
  const items = noticesFor(
    { id: event.id, type: opts.type, note: opts.note ?? null, previousAssignee: opts.previousAssignee ?? null, actor: await actorView(tx, opts.actor), joinerPhone: opts.joinerPhone ?? null },
    opts.after,
    { showCadrePhone: deps.showCadrePhone, timeZone: deps.district.timeZone, cadreNames: deps.district.cadreNames },
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
