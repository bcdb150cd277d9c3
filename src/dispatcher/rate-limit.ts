import type { RedisClient } from '../redis/client';

const MINUTE = 60_000;

export type RateLimits = { globalPerMinute: number; perRecipientPerMinute: number };

/** The start of the minute after `now`: when a refused send may try again. */
export function nextWindow(now: Date): Date {
  return new Date((Math.floor(now.getTime() / MINUTE) + 1) * MINUTE);
}

/**
 * Fixed one-minute windows in Redis, shared by every dispatcher (WeChat restricts accounts that
 * send too fast). `take` returns true when the send may go now; a refusal gives its slot back.
 */
export function createRateLimiter(redis: RedisClient, limits: RateLimits) {
  return {
    async take(recipientKey: string, now: Date): Promise<boolean> {
      const window = Math.floor(now.getTime() / MINUTE);
      const all = `dispatch:all:${window}`;
      const mine = `dispatch:${recipientKey}:${window}`;
      const res = await redis.multi().incr(all).pexpire(all, 2 * MINUTE).incr(mine).pexpire(mine, 2 * MINUTE).exec();
      const allCount = Number(res?.[0]?.[1] ?? 0);
      const mineCount = Number(res?.[2]?.[1] ?? 0);
      if (allCount <= limits.globalPerMinute && mineCount <= limits.perRecipientPerMinute) return true;
      await redis.multi().decr(all).decr(mine).exec();
      return false;
    },
  };
}

export type RateLimiter = ReturnType<typeof createRateLimiter>;
