import type { RedisClient } from '../redis/client';

/** What the router asks of its store for each message, in one round trip. */
export type Admission = {
  /** False when this message id was already handled (a redelivery). */
  fresh: boolean;
  /** False when the sender is over the rate limit for this window. */
  allowed: boolean;
  /** True for the first message over the limit: the sender is told once, then ignored. */
  tellSlowDown: boolean;
  /** The stored session, as saved (unparsed), or null. */
  rawSession: string | null;
};

export interface InboundStore {
  admit(messageKey: string, senderKey: string, now: number): Promise<Admission>;
  saveSession(senderKey: string, raw: string): Promise<void>;
}

export type InboundStoreLimits = { dedupTtlMs: number; rateLimit: number; rateWindowMs: number; sessionTtlMs: number };

/**
 * Redis: de-duplication (SET NX PX), a fixed-window rate counter (INCR + PEXPIRE NX) and the
 * session read are pipelined, so an ordinary turn costs one round trip plus the session write.
 */
export function createRedisInboundStore(redis: RedisClient, limits: InboundStoreLimits): InboundStore {
  return {
    async admit(messageKey, senderKey, now) {
      const window = Math.floor(now / limits.rateWindowMs);
      const rateKey = `rate:${senderKey}:${window}`;
      const results = await redis
        .pipeline()
        .set(`seen:${messageKey}`, '1', 'PX', limits.dedupTtlMs, 'NX')
        .incr(rateKey)
        .pexpire(rateKey, limits.rateWindowMs, 'NX')
        .get(`session:${senderKey}`)
        .exec();
      if (!results) throw new Error('redis pipeline returned nothing');
      for (const [err] of results) if (err) throw err;
      const count = Number(results[1]![1]);
      return {
        fresh: results[0]![1] === 'OK',
        allowed: count <= limits.rateLimit,
        tellSlowDown: count === limits.rateLimit + 1,
        rawSession: (results[3]![1] as string | null) ?? null,
      };
    },
    async saveSession(senderKey, raw) {
      await redis.set(`session:${senderKey}`, raw, 'PX', limits.sessionTtlMs);
    },
  };
}
