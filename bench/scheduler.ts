import { randomBytes } from 'node:crypto';
import { JOBS } from '../src/schedules/jobs';
import { startService } from '../src/service';
import { benchConfig, benchLogger } from './lib/env';
import { deleteRedisPrefix } from './lib/redis-keys';
import { ensureSeeded, JOB_SHAPES, resetLiveWork, TAIL } from './lib/seed';
import { round } from './lib/stats';

export type SchedulerResult = {
  scales: number[];
  dueNote: string;
  databases: { name: string; cases: number; reused: boolean; seededInSeconds: number }[];
  jobs: { job: string; ms: Record<string, number>; items: string; itemsPerSecond: Record<string, number>; ratio: number | null }[];
};

/**
 * One run of each scheduled job (src/schedules/jobs.ts, called directly with the seed's "now",
 * without the Redis election) against each database size, the live work reset before each run.
 */
export async function benchScheduler(scales: number[], opts: { reseed: boolean; log: (s: string) => void; jobs?: string[] }): Promise<SchedulerResult> {
  const only = opts.jobs?.length ? opts.jobs : null;
  const jobs = only ? JOBS.filter((j) => only.includes(j.name)) : JOBS;
  if (only && jobs.length !== only.length) throw new Error(`--jobs: known jobs are ${JOBS.map((j) => j.name).join(', ')}`);
  const result: SchedulerResult = {
    scales,
    dueNote: `per size: the last ${TAIL} cases are live work, shaped per job — 10,000 due for time limits and for resident updates, 6,000 follow-ups to ask + 2,000 to remind + 2,000 to close, 1,000 closed cases due for retention; the rest closed (and, if older than a year, already anonymised)`,
    databases: [],
    jobs: jobs.map((j) => ({ job: j.name, ms: {}, items: '', itemsPerSecond: {}, ratio: null })),
  };
  const items: Record<string, string[]> = {};
  for (const cases of scales) {
    const seeded = await ensureSeeded(cases, opts);
    result.databases.push({ name: seeded.name, cases, reused: seeded.reused, seededInSeconds: seeded.meta.seededInSeconds });
    const prefix = `lxbench:${Date.now().toString(36)}${randomBytes(2).toString('hex')}:`;
    const service = await startService(benchConfig(seeded.name, prefix), benchLogger());
    try {
      const now = new Date(seeded.meta.t0);
      for (const [i, job] of jobs.entries()) {
        await resetLiveWork(seeded.name, seeded.meta, JOB_SHAPES[job.name] ?? 'open');
        const began = performance.now();
        const handled = await job.run(service.jobRunner.work, now);
        const ms = round(performance.now() - began, 1);
        result.jobs[i]!.ms[String(cases)] = ms;
        const perSecond = ms > 0 ? Math.round((handled * 1000) / ms) : 0;
        result.jobs[i]!.itemsPerSecond[String(cases)] = perSecond;
        (items[job.name] ??= []).push(String(handled));
        opts.log(`  ${job.name} at ${cases} cases: ${ms} ms, ${handled} items, ${perSecond} items/s`);
      }
      await resetLiveWork(seeded.name, seeded.meta);
    } finally {
      await service.close();
      await deleteRedisPrefix(prefix);
    }
  }
  const [small, large] = [String(scales[0]), String(scales[scales.length - 1])];
  for (const j of result.jobs) {
    j.items = (items[j.job] ?? []).join(' / ');
    const a = j.ms[small];
    const b = j.ms[large];
    j.ratio = scales.length > 1 && a && b ? round(b / a, 2) : null;
  }
  return result;
}
