import cron, { type ScheduledTask } from 'node-cron';
import { JOBS, type JobDefinition } from './jobs';
import { type JobRunnerDeps, runJobSlot } from './run-job';

/**
 * node-cron only decides *when*: at each slot it hands the slot's time to runJobSlot, which
 * elects one instance through Redis and does the work. Stop waits for runs in progress.
 */
export function startSchedules(deps: JobRunnerDeps & { timeZone: string; jobs?: readonly JobDefinition[]; clock?: () => Date }) {
  const running = new Set<Promise<unknown>>();
  const tasks: ScheduledTask[] = (deps.jobs ?? JOBS).map((job) =>
    cron.schedule(
      job.cron,
      (ctx) => {
        const run = runJobSlot(deps, job, ctx.date, deps.clock?.() ?? new Date());
        running.add(run);
        return run.finally(() => running.delete(run));
      },
      { name: job.name, timezone: deps.timeZone, noOverlap: true },
    ),
  );
  deps.logger.info('schedules started', { jobs: tasks.map((t) => t.name), timeZone: deps.timeZone });
  return {
    tasks,
    async stop() {
      await Promise.all(tasks.map((t) => t.destroy()));
      await Promise.all([...running]);
    },
  };
}

export type Schedules = ReturnType<typeof startSchedules>;
