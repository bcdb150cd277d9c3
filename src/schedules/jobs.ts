import type { JobDeps } from '../jobs/job-deps';
import { watchTimeLimits } from '../jobs/watch-time-limits';
import { updateResidents } from '../jobs/update-residents';
import { runFollowUps } from '../jobs/follow-ups';
import { sendCadreDigests, sendWeeklySummary } from '../jobs/digests';
import { anonymiseClosedCases } from '../jobs/anonymise-closed-cases';

/** A scheduled job: when (cron, in the district's time zone) and what (a function of deps and time). */
export type JobDefinition = { name: string; cron: string; run: (deps: JobDeps, now: Date) => Promise<number> };

export const JOBS: readonly JobDefinition[] = [
  { name: 'time-limits', cron: '*/5 * * * *', run: watchTimeLimits },
  { name: 'resident-updates', cron: '0 10 * * *', run: updateResidents },
  { name: 'follow-ups', cron: '0,30 * * * *', run: runFollowUps },
  { name: 'cadre-digest', cron: '30 8 * * *', run: sendCadreDigests },
  { name: 'weekly-summary', cron: '0 9 * * 1', run: sendWeeklySummary },
  { name: 'retention', cron: '15 3 * * *', run: anonymiseClosedCases },
];
