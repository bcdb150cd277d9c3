import cluster, { type Worker } from 'node:cluster';
import type { Logger } from '../logging/logger';

export type HttpWorkers = {
  /** Forks the workers: the first alone (it applies migrations and seeds), then the rest; resolves once all listen. */
  start(): Promise<void>;
  /** SIGTERM to every worker, then waits for all to exit (SIGKILL after `stopTimeoutMs`). No restarts after this. */
  stop(): Promise<void>;
  /** The live workers' process ids. */
  pids(): number[];
  /** Sends a message to every live worker and to every worker started later (the latest of each `type` is kept). */
  tell(message: { type: string } & Record<string, unknown>): void;
};

export type HttpWorkersOptions = {
  count: number;
  /** Set in each worker's environment over the primary's (ROLES=http). */
  env: Record<string, string>;
  logger: Logger;
  /** The worker's own stop is forced at 15 s; this is the primary's last resort. */
  stopTimeoutMs?: number;
  /** First delay before restarting a worker that died young; doubles while they keep dying young. */
  restartDelayMs?: number;
};

/** A worker that lived less than this is counted as dying young: its replacement waits (crash loops back off). */
const YOUNG_MS = 10_000;
const MAX_RESTART_DELAY_MS = 30_000;

/**
 * The primary's side of HTTP_PROCESSES > 1 (node:cluster): N workers that share the listening
 * port (the primary accepts and hands connections out in turn), each a whole HTTP process of its
 * own. A worker that dies is replaced; one that keeps dying at start is replaced ever more slowly.
 */
export function createHttpWorkers(opts: HttpWorkersOptions): HttpWorkers {
  const live = new Map<number, { worker: Worker; startedAt: number }>();
  const told = new Map<string, { type: string } & Record<string, unknown>>();
  const timers = new Set<NodeJS.Timeout>();
  let stopping = false;
  let started = false;
  let delay = opts.restartDelayMs ?? 1_000;

  const fork = (): Worker => {
    const worker = cluster.fork(opts.env);
    live.set(worker.id, { worker, startedAt: Date.now() });
    worker.on('online', () => {
      for (const m of told.values()) worker.send(m);
    });
    worker.on('exit', (code, signal) => {
      const entry = live.get(worker.id);
      live.delete(worker.id);
      if (stopping || !started) return;
      const young = entry ? Date.now() - entry.startedAt < YOUNG_MS : true;
      const wait = young ? delay : 0;
      delay = young ? Math.min(delay * 2, MAX_RESTART_DELAY_MS) : (opts.restartDelayMs ?? 1_000);
      opts.logger.warn('an HTTP process exited; starting another', { pid: worker.process.pid, code, signal, inMs: wait });
      const timer = setTimeout(() => {
        timers.delete(timer);
        if (!stopping) fork();
      }, wait);
      timers.add(timer);
    });
    return worker;
  };

  const listening = (worker: Worker) =>
    new Promise<void>((resolve, reject) => {
      const onExit = (code: number | null, signal: string | null) => reject(new Error(`an HTTP process exited while starting (code ${code}${signal ? `, signal ${signal}` : ''})`));
      worker.once('exit', onExit);
      worker.once('listening', () => {
        worker.off('exit', onExit);
        resolve();
      });
    });

  return {
    async start() {
      if (stopping) return;
      await listening(fork());
      const rest: Promise<void>[] = [];
      for (let i = 1; i < opts.count && !stopping; i++) rest.push(listening(fork()));
      await Promise.all(rest);
      started = true;
    },
    async stop() {
      stopping = true;
      for (const t of timers) clearTimeout(t);
      timers.clear();
      const workers = [...live.values()].map((e) => e.worker);
      await Promise.all(
        workers.map(
          (w) =>
            new Promise<void>((resolve) => {
              if (w.isDead()) return resolve();
              const force = setTimeout(() => w.process.kill('SIGKILL'), opts.stopTimeoutMs ?? 20_000);
              w.once('exit', () => {
                clearTimeout(force);
                resolve();
              });
              w.process.kill('SIGTERM');
            }),
        ),
      );
    },
    pids: () => [...live.values()].flatMap((e) => (e.worker.process.pid ? [e.worker.process.pid] : [])),
    tell(message) {
      told.set(message.type, message);
      for (const { worker } of live.values()) if (worker.isConnected()) worker.send(message);
    },
  };
}
