import { hash } from 'node:crypto';
import { createGroupCommit } from '../cases/group-commit';
import type { RedisClient } from '../redis/client';
import type { Admissions, AdmitSwap, CounterStep, JobCoordinator, RateCounters, SessionStore, Stores } from './stores';

type Replies = [Error | null, unknown][] | null;

/** A MULTI's replies, or its first error thrown (ioredis reports them per command). */
function values(replies: Replies): unknown[] {
  if (!replies) throw new Error('redis transaction returned nothing');
  for (const [err] of replies) if (err) throw err;
  return replies.map(([, value]) => value);
}

/**
 * Admission (claim: SET NX PX; the counter step: INCRBY, PEXPIRE NX, the window's expiry set once;
 * the read; a Lua false becomes a nil reply; the swap of Admissions.admit) and the session writes,
 * each as one script for all the items of one event-loop turn, in order (keys in fours — claim,
 * counter, session, and the index set or the session again — and arguments in sevens for
 * admissions, keys in twos for writes). Fifty residents answering at once
 * cost two commands, not a hundred: ioredis builds, writes and parses one command, and Redis runs
 * one script, where each command was ~10 µs of the intake's CPU (its profile).
 */
const ADMIT_MANY_SCRIPT = `
local out = {}
for i = 0, #KEYS / 4 - 1 do
  local k = 4 * i
  local a = 7 * i
  local claimed = redis.call('SET', KEYS[k + 1], '1', 'PX', ARGV[a + 1], 'NX')
  local count = redis.call('INCRBY', KEYS[k + 2], 1)
  redis.call('PEXPIRE', KEYS[k + 2], ARGV[a + 2], 'NX')
  local value = redis.call('GET', KEYS[k + 3])
  local swapped = 0
  if claimed and ARGV[a + 3] ~= '-' and count <= tonumber(ARGV[a + 3]) and value and redis.sha1hex(value) == ARGV[a + 4] then
    redis.call('SET', KEYS[k + 3], ARGV[a + 5], 'PX', ARGV[a + 6])
    if ARGV[a + 7] ~= '' then redis.call('SADD', KEYS[k + 4], ARGV[a + 7]) end
    value = false
    swapped = 1
  end
  out[4 * i + 1] = claimed and 1 or 0
  out[4 * i + 2] = count
  out[4 * i + 3] = value
  out[4 * i + 4] = swapped
end
return out
`;

/**
 * Session writes: per item two keys (the value's, and the index set's or the value's again) and four
 * arguments (value, ttl, then '1' adds the member to the index, '0' removes it, '-' leaves it).
 */
const PUT_MANY_SCRIPT = `
for i = 1, #KEYS / 2 do
  redis.call('SET', KEYS[2 * i - 1], ARGV[4 * i - 3], 'PX', ARGV[4 * i - 2])
  local mode = ARGV[4 * i - 1]
  if mode == '1' then redis.call('SADD', KEYS[2 * i], ARGV[4 * i]) elseif mode == '0' then redis.call('SREM', KEYS[2 * i], ARGV[4 * i]) end
end
return #KEYS
`;

/**
 * The swap's expected session goes to Redis as its SHA-1 (the script compares redis.sha1hex of
 * the stored value): the whole text doubled what an admission wrote, and writing the intake's
 * commands to the socket was 7 % of its CPU (a turn's session is about 600 bytes of UTF-8).
 */
const sha1 = (text: string) => hash('sha1', text, 'hex');

/** Items of one turn gathered into one command: a group leaves after the turn, up to 8 in flight. */
const BATCH = { maxInFlight: 8, maxGroup: 200 };

type Admit = { claim: { key: string; ttlMs: number }; counter: { key: string; ttlMs: number }; readKey: string; swap?: AdmitSwap };
type Put = { key: string; value: string; ttlMs: number; index?: { name: string; member: string; present: boolean } };

type WithScripts = RedisClient & {
  /** Dynamic key count: numkeys first, then the keys, then the arguments. */
  lianxinAdmitMany(numKeys: number, ...keysThenArgs: (string | number)[]): Promise<(number | string | null)[]>;
  lianxinPutMany(numKeys: number, ...keysThenArgs: (string | number)[]): Promise<number>;
};

/**
 * The stores on one ioredis connection. Calls made in the same tick go out together on that
 * connection (Redis answers in order), so callers that need several stores at once use
 * Promise.all and still pay one round trip.
 */
export function redisStores(redis: RedisClient): Stores {
  // defineCommand runs EVALSHA (loading the script once on NOSCRIPT); keys get the client's prefix.
  if (!('lianxinAdmitMany' in redis)) redis.defineCommand('lianxinAdmitMany', { lua: ADMIT_MANY_SCRIPT });
  if (!('lianxinPutMany' in redis)) redis.defineCommand('lianxinPutMany', { lua: PUT_MANY_SCRIPT });
  const scripted = redis as WithScripts;
  const puts = createGroupCommit<Put, void>({
    ...BATCH,
    async write(group) {
      const keys = group.flatMap((p) => [p.key, p.index?.name ?? p.key]);
      const args = group.flatMap((p) => [p.value, p.ttlMs, p.index ? (p.index.present ? '1' : '0') : '-', p.index?.member ?? '']);
      await scripted.lianxinPutMany(keys.length, ...keys, ...args);
      return group.map(() => undefined);
    },
  });
  const admits = createGroupCommit<Admit, { claimed: boolean; count: number; value: string | null; swapped: boolean }>({
    ...BATCH,
    async write(group) {
      const keys = group.flatMap((a) => [a.claim.key, a.counter.key, a.readKey, a.swap?.index?.name ?? a.readKey]);
      const args = group.flatMap((a) => [
        a.claim.ttlMs, a.counter.ttlMs, ...(a.swap ? [a.swap.limit, sha1(a.swap.expected), a.swap.next, a.swap.ttlMs, a.swap.index?.member ?? ''] : ['-', '', '', 0, '']),
      ]);
      const replies = await scripted.lianxinAdmitMany(keys.length, ...keys, ...args);
      return group.map((_, i) => ({
        claimed: replies[4 * i] === 1, count: Number(replies[4 * i + 1]), value: (replies[4 * i + 2] as string | null) ?? null, swapped: replies[4 * i + 3] === 1,
      }));
    },
  });
  const sessions: SessionStore = {
    get: (key) => redis.get(key),
    put: (key, value, ttlMs) => puts.submit({ key, value, ttlMs }),
    async delete(key) {
      await redis.del(key);
    },
    putIndexed: (key, value, ttlMs, index) => puts.submit({ key, value, ttlMs, index }),
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
    admit: (claim, counter, readKey, swap) => admits.submit({ claim, counter, readKey, swap }),
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
