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
  /**
   * `pending`: true adds the sender to the index of unfinished filings, false removes them,
   * undefined (an ordinary turn) leaves the index alone, so such a turn costs one command.
   */
  saveSession(senderKey: string, raw: string, pending?: boolean): Promise<void>;
  loadSession(senderKey: string): Promise<string | null>;
  /** Senders whose stored session holds a filing not yet written (for the retrier). */
  pendingSenders(): Promise<string[]>;
  forgetPending(senderKey: string): Promise<void>;
}

/** A Redis set of sender keys: small (only unfinished filings), so SMEMBERS is cheap. */
const PENDING_INDEX = 'filings:pending';

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
    async saveSession(senderKey, raw, pending) {
      if (pending === undefined) {
        await redis.set(`session:${senderKey}`, raw, 'PX', limits.sessionTtlMs);
        return;
      }
      const batch = redis.multi().set(`session:${senderKey}`, raw, 'PX', limits.sessionTtlMs);
      const results = await (pending ? batch.sadd(PENDING_INDEX, senderKey) : batch.srem(PENDING_INDEX, senderKey)).exec();
      for (const [err] of results ?? []) if (err) throw err;
    },
    loadSession: (senderKey) => redis.get(`session:${senderKey}`),
    pendingSenders: () => redis.smembers(PENDING_INDEX),
    async forgetPending(senderKey) {
      await redis.srem(PENDING_INDEX, senderKey);
    },
  };
}
