import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { Db } from '../db/client';
import { sqlRows, sqlTime } from '../db/typed-sql';
import { Prisma } from '../generated/prisma/client';
import type { Logger } from '../logging/logger';
import type { JobCoordinator } from '../stores/stores';
import type { JobDefinition, JobWork } from './jobs';
import { metrics } from '../observability/metrics';

export type RunCoordinator = { shouldRun(key: string, ttlMs: number): Promise<boolean> };

/**
 * One instance per slot: a claim on `job:<key>` in the job coordinator (Redis `SET NX PX`). The key names the job and its slot,
 * so every instance asks about the same run; the first one wins, the others skip. Same contract
 * as node-cron 4's RunCoordinator.
 */
export function storeRunCoordinator(coordinator: JobCoordinator, instance: string): RunCoordinator {
  return { shouldRun: (key, ttlMs) => coordinator.claim(`job:${key}`, instance, ttlMs) };
}

export type JobRunnerDeps = { db: Db; logger: Logger; coordinator: RunCoordinator; instance: string; work: JobWork };

const LEASE_MS = 10 * 60_000;

/**
 * Runs a job for its slot if this instance is elected, and records the run (start, end, items,
 * error) in JobRun, whose unique (name, slot) is a second guard should Redis forget the election.
 */
export async function runJobSlot(deps: JobRunnerDeps, job: JobDefinition, slot: Date, now: Date = slot): Promise<'ran' | 'skipped' | 'failed'> {
  const slotIso = new Date(Math.floor(slot.getTime() / 60_000) * 60_000).toISOString();
  if (!(await deps.coordinator.shouldRun(`${job.name}:${slotIso}`, LEASE_MS))) return 'skipped';
  const claimed = await sqlRows(
    deps.db,
    z.object({ id: z.number() }),
    Prisma.sql`
      INSERT INTO "JobRun" (name, slot, instance, "startedAt") VALUES (${job.name}, ${slotIso}::timestamp, ${deps.instance}, ${sqlTime(new Date())}::timestamp)
      ON CONFLICT (name, slot) DO NOTHING RETURNING id`,
  );
  const run = claimed[0];
  if (!run) return 'skipped';
  const started = Date.now();
  try {
    const items = await job.run(deps.work, now);
    await deps.db.jobRun.update({ where: { id: run.id }, data: { finishedAt: new Date(), items } });
    deps.logger.info('job run', { job: job.name, slot: slotIso, items, ms: Date.now() - started });
    metrics.jobDuration.observe({ job: job.name, outcome: 'ok' }, (Date.now() - started) / 1000);
    return 'ran';
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    await deps.db.jobRun.update({ where: { id: run.id }, data: { finishedAt: new Date(), error: message } }).catch(() => undefined);
    deps.logger.error('job failed', { job: job.name, slot: slotIso, ms: Date.now() - started, err });
    metrics.jobDuration.observe({ job: job.name, outcome: 'error' }, (Date.now() - started) / 1000);
    return 'failed';
  }
}

export const newInstanceId = () => `lx-${process.pid}-${randomUUID().slice(0, 8)}`;
