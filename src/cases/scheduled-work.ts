import type { JobDeps } from '../jobs/job-deps';
import { watchTimeLimits } from '../jobs/watch-time-limits';
import { updateResidents } from '../jobs/update-residents';
import { runFollowUps } from '../jobs/follow-ups';
import { anonymiseClosedCases } from '../jobs/anonymise-closed-cases';

/**
 * Tuning a caller may give one run: the page size (tests make it small so that two instances
 * interleave) and, for retention, the period. Everything else comes from the service's settings.
 */
export type ScheduledRunOptions = { duePage?: number; retentionMs?: number };

/** The case use cases that run on a schedule, each over everything due at `now`, a page at a time. */
export type ScheduledCaseWork = {
  /** 时限: remind the assignee, escalate what is overdue. */
  watchTimeLimits(now: Date, opts?: ScheduledRunOptions): Promise<number>;
  /** Tell residents how their open cases are going (PROGRESS_UPDATE_DAYS). */
  updateResidents(now: Date, opts?: ScheduledRunOptions): Promise<number>;
  /** 回访: ask, ask again, close as "no reply". */
  runFollowUps(now: Date, opts?: ScheduledRunOptions): Promise<number>;
  /** Retention: anonymise closed cases past RETENTION_DAYS. */
  anonymiseClosedCases(now: Date, opts?: ScheduledRunOptions): Promise<number>;
};

export function scheduledCaseWork(deps: JobDeps): ScheduledCaseWork {
  const withOpts = (opts?: ScheduledRunOptions): JobDeps => (opts ? { ...deps, ...opts } : deps);
  return {
    watchTimeLimits: (now, opts) => watchTimeLimits(withOpts(opts), now),
    updateResidents: (now, opts) => updateResidents(withOpts(opts), now),
    runFollowUps: (now, opts) => runFollowUps(withOpts(opts), now),
    anonymiseClosedCases: (now, opts) => anonymiseClosedCases(withOpts(opts), now),
  };
}
