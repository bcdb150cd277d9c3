import type { RedisClient } from '../redis/client';

const MINUTE = 60_000;

export type RateLimits = { globalPerMinute: number; perRecipientPerMinute: number };

/** The start of the minute after `now`: when a refused send may try again. */
export function nextWindow(now: Date): Date {
  return new Date((Math.floor(now.getTime() / MINUTE) + 1) * MINUTE);
}

/** A recipient's wish for `n` sends in this minute. */
export type SlotRequest = { key: string; n: number };

/**
 * Fixed one-minute windows in Redis, shared by every dispatcher (WeChat restricts accounts that
 * send too fast). A whole claimed batch asks at once, in one MULTI: the global counter is raised by
 * the batch's total and each recipient's counter by their number of rows; what the counters held
 * before (the value returned minus our own increment) decides how many each recipient gets, in the
 * order asked (oldest first), and what is not granted is given back at once.
 *
 * Never more than the limits across dispatchers: a concurrent batch's reservation only makes this
 * one see a higher count (it may be refused a slot the other then gives back, never granted one
 * too many).
 */
export function createRateLimiter(redis: RedisClient, limits: RateLimits) {
  const keys = (now: Date) => {
    const window = Math.floor(now.getTime() / MINUTE);
    return { all: `dispatch:all:${window}`, mine: (recipientKey: string) => `dispatch:${recipientKey}:${window}` };
  };

  /** Gives back slots that were granted but not used (by key; the global count by their sum). */
  async function giveBack(unused: Map<string, number>, now: Date): Promise<void> {
    const k = keys(now);
    let total = 0;
    const m = redis.multi();
    for (const [key, n] of unused) {
      if (n <= 0) continue;
      total += n;
      m.decrby(k.mine(key), n);
    }
    if (total === 0) return;
    m.decrby(k.all, total);
    await m.exec();
  }

  return {
    /** How many of each recipient's sends may go now (0 … n). One Redis round trip unless some are refused. */
    async takeMany(requests: SlotRequest[], now: Date): Promise<Map<string, number>> {
      const granted = new Map<string, number>();
      const total = requests.reduce((s, r) => s + r.n, 0);
      if (total === 0) return granted;
      const k = keys(now);
      const m = redis.multi().incrby(k.all, total).pexpire(k.all, 2 * MINUTE);
      for (const r of requests) m.incrby(k.mine(r.key), r.n).pexpire(k.mine(r.key), 2 * MINUTE);
      const res = await m.exec();
      const counted = (i: number) => Number(res?.[i]?.[1] ?? Number.POSITIVE_INFINITY);
      let globalLeft = Math.max(0, limits.globalPerMinute - (counted(0) - total));
      const refused = new Map<string, number>();
      requests.forEach((r, i) => {
        const mineLeft = Math.max(0, limits.perRecipientPerMinute - (counted(2 + 2 * i) - r.n));
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
