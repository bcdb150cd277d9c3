import type { CaseService } from '../cases/case-service';
import { type DigestDeps, sendCadreDigests, sendWeeklySummary } from '../jobs/digests';

/** What jobs act through: the case service for the case use cases, the ledgers for the digests. */
export type JobWork = { cases: CaseService; digests: DigestDeps };

/** A scheduled job: when (cron, in the district's time zone) and what (a function of its work and time). */
export type JobDefinition = { name: string; cron: string; run: (work: JobWork, now: Date) => Promise<number> };

export const JOBS: readonly JobDefinition[] = [
  { name: 'time-limits', cron: '*/5 * * * *', run: (w, now) => w.cases.scheduled.watchTimeLimits(now) },
  { name: 'resident-updates', cron: '0 10 * * *', run: (w, now) => w.cases.scheduled.updateResidents(now) },
  { name: 'follow-ups', cron: '0,30 * * * *', run: (w, now) => w.cases.scheduled.runFollowUps(now) },
  { name: 'cadre-digest', cron: '30 8 * * *', run: (w, now) => sendCadreDigests(w.digests, now) },
  { name: 'weekly-summary', cron: '0 9 * * 1', run: (w, now) => sendWeeklySummary(w.digests, now) },
  { name: 'retention', cron: '15 3 * * *', run: (w, now) => w.cases.scheduled.anonymiseClosedCases(now) },
];
