import { CaseStatus as CaseStatusEnum } from '../generated/prisma/enums';

type CaseStatus = CaseStatusEnum;

/**
 * The one status machine: every change of a case's status goes through `nextStatus`.
 *
 *   FILED → ASSIGNED → ACCEPTED → IN_PROGRESS → RESOLVED → CLOSED
 *   transfer: ASSIGNED | ACCEPTED | IN_PROGRESS → ASSIGNED (another cadre or area)
 *   reopen:   RESOLVED | CLOSED → REOPENED → ASSIGNED
 */
export type CaseAction = 'assign' | 'accept' | 'progress' | 'resolve' | 'transfer' | 'close' | 'reopen';

const RULES: Record<CaseAction, { from: readonly CaseStatus[]; to: CaseStatus }> = {
  assign: { from: ['FILED', 'REOPENED'], to: 'ASSIGNED' },
  accept: { from: ['ASSIGNED'], to: 'ACCEPTED' },
  progress: { from: ['ACCEPTED', 'IN_PROGRESS'], to: 'IN_PROGRESS' },
  resolve: { from: ['ACCEPTED', 'IN_PROGRESS'], to: 'RESOLVED' },
  transfer: { from: ['ASSIGNED', 'ACCEPTED', 'IN_PROGRESS'], to: 'ASSIGNED' },
  close: { from: ['RESOLVED'], to: 'CLOSED' },
  reopen: { from: ['RESOLVED', 'CLOSED'], to: 'REOPENED' },
};

/** Still someone's work: counted in to-do lists and for routing to the least-loaded cadre. */
export const OPEN_STATUSES: readonly CaseStatus[] = ['FILED', 'ASSIGNED', 'ACCEPTED', 'IN_PROGRESS', 'REOPENED'];

/** Every status, from the Prisma enum (the schema is the one list). */
export const CASE_STATUSES = Object.values(CaseStatusEnum) as [CaseStatus, ...CaseStatus[]];

/** Open and not yet accepted: the acceptance deadline is the one that counts. */
export const AWAITING_ACCEPT_STATUSES: readonly CaseStatus[] = ['FILED', 'ASSIGNED', 'REOPENED'];

/** Accepted and being worked on: the resolution deadline counts. */
export const IN_HAND_STATUSES: readonly CaseStatus[] = ['ACCEPTED', 'IN_PROGRESS'];

/** Resolved (and possibly closed by the resident's answer): counted as done. */
export const RESOLVED_STATUSES: readonly CaseStatus[] = ['RESOLVED', 'CLOSED'];

export type Transition = { ok: true; to: CaseStatus } | { ok: false; from: CaseStatus; action: CaseAction };

export function nextStatus(from: CaseStatus, action: CaseAction): Transition {
  const rule = RULES[action];
  return rule.from.includes(from) ? { ok: true, to: rule.to } : { ok: false, from, action };
}

export function isOpen(status: CaseStatus): boolean {
  return OPEN_STATUSES.includes(status);
}
