import type { Logger } from '../logging/logger';

/**
 * Runs `runOnce` again and again until stopped, pausing `idleMs` after a run that found nothing
 * (a run that did work is followed at once). `stop` wakes a pause, so no timer is left behind.
 */
export function createPollLoop(runOnce: () => Promise<{ claimed: number }>, idleMs: number, logger: Logger) {
  let running = false;
  let loop: Promise<void> | null = null;
  let wake: (() => void) | null = null;

  const pause = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, ms);
      wake = () => {
        clearTimeout(timer);
        resolve();
      };
    }).finally(() => {
      wake = null;
    });

  async function pollUntilStopped() {
    while (running) {
      let claimed = 0;
      try {
        claimed = (await runOnce()).claimed;
      } catch (err) {
        logger.error('dispatcher run failed', { err });
      }
      if (claimed === 0 && running) await pause(idleMs);
    }
  }

  return {
    start(): void {
      if (running) return;
      running = true;
      loop = pollUntilStopped();
    },
    /** Ends the loop after the current run. */
    async stop(): Promise<void> {
      running = false;
      wake?.();
      await loop;
      loop = null;
    },
  };
}
