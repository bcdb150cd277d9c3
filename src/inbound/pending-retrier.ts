import type { Logger } from '../logging/logger';
import type { InboundHandler } from './handle-inbound';

export type RetrierOptions = { intervalMs?: number; maxIntervalMs?: number };

/**
 * Retries pending filings every few seconds, so a report confirmed while the database was down
 * (or cut short by a crash) is filed when the database is back, without the resident writing
 * again. While the database (or Redis) stays down the interval doubles, up to a minute.
 */
export function startPendingRetrier(inbound: Pick<InboundHandler, 'retryPending'>, logger: Logger, opts: RetrierOptions = {}) {
  const base = opts.intervalMs ?? 5_000;
  const max = opts.maxIntervalMs ?? 60_000;
  let delay = base;
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<void> | null = null;
  let stopped = false;

  const round = async () => {
    try {
      const { failed } = await inbound.retryPending();
      delay = failed ? Math.min(delay * 2, max) : base;
    } catch (err) {
      delay = Math.min(delay * 2, max);
      logger.warn('pending filings not retried', { err, nextInSeconds: delay / 1000 });
    }
  };
  const schedule = () => {
    if (stopped) return;
    timer = setTimeout(() => {
      running = round().finally(() => {
        running = null;
        schedule();
      });
    }, delay);
    timer.unref();
  };
  schedule();

  return {
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await running;
    },
  };
}
