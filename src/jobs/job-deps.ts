import type { CaseDeps, CaseTiming } from '../cases/case-change';
import type { Logger } from '../logging/logger';

/** Everything a scheduled job needs; time always comes in as an argument (`now`). */
export type JobDeps = CaseDeps & {
  logger: Logger;
  timing: CaseTiming;
  /** Fraction of a time limit after which the assignee is reminded. */
  remindFraction: number;
  /** An unanswered follow-up is asked again after this long, and closed as "no reply" this long after that. */
  followUpRemindMs: number;
  followUpCloseMs: number;
  /** Closed cases' personal data is anonymised this long after closing (RETENTION_DAYS). */
  retentionMs?: number;
  /** Due items claimed per transaction (default DUE_PAGE); tests make it small so that instances interleave. */
  duePage?: number;
};

/** Rows a job takes per query: work is read in pages of what is due, never the whole table. */
export const JOB_PAGE = 200;
