import type { CaseStatus } from '../generated/prisma/enums';
import type { PriorityRule } from '../config/district-schema';

/**
 * Time limits, as pure arithmetic. A case is watched against one deadline at a time: acceptance
 * until accepted, then resolution. Before the deadline its assignee is reminded (at 75 % of the
 * time by default); after it, the case is escalated a level at a time: the area lead at the
 * deadline, the town half a period later, the district a full period later.
 */
export type WatchPhase = 'ACCEPT' | 'RESOLVE';
export const MAX_ESCALATION = 3;

export function phaseOf(status: CaseStatus): WatchPhase | null {
  if (status === 'FILED' || status === 'ASSIGNED' || status === 'REOPENED') return 'ACCEPT';
  if (status === 'ACCEPTED' || status === 'IN_PROGRESS') return 'RESOLVE';
  return null;
}

export type WatchState = {
  status: CaseStatus;
  acceptDueAt: Date;
  resolveDueAt: Date;
  watchPhase: string | null;
  reminded: boolean;
  escalationLevel: number;
};

export type WatchPlan = {
  action: { type: 'remind'; phase: WatchPhase; due: Date } | { type: 'escalate'; phase: WatchPhase; level: number; due: Date } | null;
  /** The state to store after the action. */
  watchPhase: WatchPhase | null;
  reminded: boolean;
  escalationLevel: number;
  nextCheckAt: Date | null;
};

const HOUR = 3_600_000;

export function planWatch(state: WatchState, rule: PriorityRule, now: Date, remindFraction = 0.75): WatchPlan {
  const phase = phaseOf(state.status);
  if (!phase) return { action: null, watchPhase: null, reminded: false, escalationLevel: 0, nextCheckAt: null };
  const samePhase = state.watchPhase === phase;
  let reminded = samePhase && state.reminded;
  let level = samePhase ? state.escalationLevel : 0;
  const due = phase === 'ACCEPT' ? state.acceptDueAt : state.resolveDueAt;
  const length = (phase === 'ACCEPT' ? rule.acceptWithinHours : rule.resolveWithinHours) * HOUR;
  const remindAt = due.getTime() - (1 - remindFraction) * length;
  const escalateAt = (k: number) => due.getTime() + ((k - 1) * length) / 2;
  const t = now.getTime();

  let action: WatchPlan['action'] = null;
  if (level === 0 && !reminded && t >= remindAt && t < due.getTime()) {
    action = { type: 'remind', phase, due };
    reminded = true;
  } else if (level < MAX_ESCALATION && t >= escalateAt(level + 1)) {
    level += 1;
    action = { type: 'escalate', phase, level, due };
  }

  let next: number | null = null;
  if (level === 0 && !reminded && remindAt > t) next = remindAt;
  else if (level < MAX_ESCALATION) next = escalateAt(level + 1);
  return { action, watchPhase: phase, reminded, escalationLevel: level, nextCheckAt: next === null ? null : new Date(Math.max(next, t)) };
}
