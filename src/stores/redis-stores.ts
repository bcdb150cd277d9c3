import type { RedisClient } from '../redis/client';
import type { Admissions, CounterStep, JobCoordinator, RateCounters, SessionStore, Stores } from './stores';

type Replies = [Error | null, unknown][] | null;

/** A MULTI's replies, or its first error thrown (ioredis reports them per command). */
function values(replies: Replies): unknown[] {
  if (!replies) throw new Error('redis transaction returned nothing');
  for (const [err] of replies) if (err) throw err;
  return replies.map(([, value]) => value);
}

/**
 * Admission as one script (one command, one reply): claim (SET NX PX), the counter step (INCRBY,
 * PEXPIRE NX: the window's expiry set once) and the read. A Lua false becomes a nil reply.
 */
const ADMIT_SCRIPT = `
local claimed = redis.call('SET', KEYS[1], '1', 'PX', ARGV[1], 'NX')
local count = redis.call('INCRBY', KEYS[2], 1)
redis.call('PEXPIRE', KEYS[2], ARGV[2], 'NX')
return { claimed and 1 or 0, count, redis.call('GET', KEYS[3]) }
`;

/** `putIndexed` as one command (not MULTI, SET, SADD/SREM, EXEC): ARGV[3] '1' adds, '0' removes. */
const PUT_INDEXED_SCRIPT = `
redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
if ARGV[3] == '1' then redis.call('SADD', KEYS[2], ARGV[4]) else redis.call('SREM', KEYS[2], ARGV[4]) end
return 1
`;

type WithScripts = RedisClient & {
  lianxinPutIndexed(key: string, index: string, value: string, ttlMs: number, add: '1' | '0', member: string): Promise<number>;
  lianxinAdmit(claimKey: string, counterKey: string, readKey: string, claimTtlMs: number, counterTtlMs: number): Promise<[number, number, string | null]>;
};

/**
 * The stores on one ioredis connection. Calls made in the same tick go out together on that
 * connection (Redis answers in order), so callers that need several stores at once use
 * Promise.all and still pay one round trip.
 */
export function redisStores(redis: RedisClient): Stores {
  // defineCommand runs EVALSHA (loading the script once on NOSCRIPT); keys get the client's prefix.
  if (!('lianxinAdmit' in redis)) redis.defineCommand('lianxinAdmit', { numberOfKeys: 3, lua: ADMIT_SCRIPT });
  if (!('lianxinPutIndexed' in redis)) redis.defineCommand('lianxinPutIndexed', { numberOfKeys: 2, lua: PUT_INDEXED_SCRIPT });
  const sessions: SessionStore = {
    get: (key) => redis.get(key),
    async put(key, value, ttlMs) {
      await redis.set(key, value, 'PX', ttlMs);
    },
    async delete(key) {
      await redis.del(key);
    },
    async putIndexed(key, value, ttlMs, index) {
      await (redis as WithScripts).lianxinPutIndexed(key, index.name, value, ttlMs, index.present ? '1' : '0', index.member);
    },
    members: (index) => redis.smembers(index),
    async unindex(index, member) {
      await redis.srem(index, member);
    },
  };

  const rates: RateCounters = {
    async add(steps: CounterStep[]) {
      if (steps.length === 0) return [];
      const m = redis.multi();
      const counted: number[] = [];
      let at = 0;
      for (const s of steps) {
        m.incrby(s.key, s.by);
        counted.push(at++);
        if (s.ttlMs !== undefined) {
          if (s.ttlIfNone) m.pexpire(s.key, s.ttlMs, 'NX');
          else m.pexpire(s.key, s.ttlMs);
          at++;
        }
      }
      const replies = values(await m.exec());
      return counted.map((i) => Number(replies[i]));
    },
    async read(key) {
      return Number((await redis.get(key)) ?? 0);
    },
    async reset(key) {
      await redis.del(key);
    },
  };

  const admissions: Admissions = {
    async admit(claim, counter, readKey) {
      const [claimed, count, value] = await (redis as WithScripts).lianxinAdmit(claim.key, counter.key, readKey, claim.ttlMs, counter.ttlMs);
      return { claimed: claimed === 1, count: Number(count), value };
    },
  };

  const coordinator: JobCoordinator = {
    async claim(key, owner, ttlMs) {
      return (await redis.set(key, owner, 'PX', ttlMs, 'NX')) === 'OK';
    },
    holder: (key) => redis.get(key),
    async extend(key, ttlMs) {
      await redis.pexpire(key, ttlMs);
    },
    async release(key) {
      await redis.del(key);
    },
  };

  return {
    sessions,
    rates,
    coordinator,
    admissions,
    shared: true,
    httpRateLimit: { redis },
    async ping() {
      await redis.ping();
    },
    async close() {
      await redis.quit().catch(() => redis.disconnect());
    },
  };
}
