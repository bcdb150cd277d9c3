import type { RateCounters } from '../stores/stores';

const MINUTE = 60_000;

export type RateLimits = { globalPerMinute: number; perRecipientPerMinute: number };

/** The start of the minute after `now`: when a refused send may try again. */
export function nextWindow(now: Date): Date {
  return new Date((Math.floor(now.getTime() / MINUTE) + 1) * MINUTE);
}

/** A recipient's wish for `n` sends in this minute. */
export type SlotRequest = { key: string; n: number };

/**
 * Fixed one-minute windows in the shared rate counters, shared by every dispatcher (WeChat restricts accounts that
 * send too fast). A whole claimed batch asks at once, in one atomic step: the global counter is raised by
 * the batch's total and each recipient's counter by their number of rows; what the counters held
 * before (the value returned minus our own increment) decides how many each recipient gets, in the
 * order asked (oldest first), and what is not granted is given back at once.
 *
 * Never more than the limits across dispatchers: a concurrent batch's reservation only makes this
 * one see a higher count (it may be refused a slot the other then gives back, never granted one
 * too many).
 */
export function createRateLimiter(counters: RateCounters, limits: RateLimits) {
  const keys = (now: Date) => {
    const window = Math.floor(now.getTime() / MINUTE);
    return { all: `dispatch:all:${window}`, mine: (recipientKey: string) => `dispatch:${recipientKey}:${window}` };
  };

  /** Gives back slots that were granted but not used (by key; the global count by their sum). */
  async function giveBack(unused: Map<string, number>, now: Date): Promise<void> {
    const k = keys(now);
    let total = 0;
    const steps = [];
    for (const [key, n] of unused) {
      if (n <= 0) continue;
      total += n;
      steps.push({ key: k.mine(key), by: -n });
    }
    if (total === 0) return;
    await counters.add([...steps, { key: k.all, by: -total }]);
  }

  return {
    /** How many of each recipient's sends may go now (0 … n). One round trip unless some are refused. */
    async takeMany(requests: SlotRequest[], now: Date): Promise<Map<string, number>> {
      const granted = new Map<string, number>();
      const total = requests.reduce((s, r) => s + r.n, 0);
      if (total === 0) return granted;
      const k = keys(now);
      const res = await counters.add([{ key: k.all, by: total, ttlMs: 2 * MINUTE }, ...requests.map((r) => ({ key: k.mine(r.key), by: r.n, ttlMs: 2 * MINUTE }))]);
      const counted = (i: number) => res[i] ?? Number.POSITIVE_INFINITY;
      let globalLeft = Math.max(0, limits.globalPerMinute - (counted(0) - total));
      const refused = new Map<string, number>();
      requests.forEach((r, i) => {
        const mineLeft = Math.max(0, limits.perRecipientPerMinute - (counted(1 + i) - r.n));
        const g = Math.min(r.n, mineLeft, globalLeft);
        globalLeft -= g;
        granted.set(r.key, g);
        if (g < r.n) refused.set(r.key, r.n - g);
      });
      await giveBack(refused, now);
      return granted;
    },
    giveBack,
  };
}

export type RateLimiter = ReturnType<typeof createRateLimiter>;
