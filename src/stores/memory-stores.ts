import type { Admissions, JobCoordinator, RateCounters, SessionStore, Stores } from './stores';

/**
 * The stores in process memory, for the single-instance embedded mode (no REDIS_URL): the same
 * behaviour as the Redis ones (the contract test holds both to it), nothing shared between
 * processes, hence "single instance". Every method runs to completion synchronously, so each
 * call is atomic as Redis's MULTI is.
 */
type Entry = { value: string; expiresAt: number | null };

/** The keys themselves; several clients (each with its own prefix) may share one. */
export class MemoryStore {
  readonly data = new Map<string, Entry>();
  /** Sets, without expiry: the pending-filings index is the only one. */
  readonly sets = new Map<string, Set<string>>();
}

export function memoryStores(keyPrefix = '', store = new MemoryStore()): Stores {
  const { data, sets } = store;
  const live = (key: string): Entry | undefined => {
    const k = keyPrefix + key;
    const entry = data.get(k);
    if (entry && entry.expiresAt !== null && entry.expiresAt <= Date.now()) {
      data.delete(k);
      return undefined;
    }
    return entry;
  };
  const write = (key: string, value: string, expiresAt: number | null) => data.set(keyPrefix + key, { value, expiresAt });
  const setOf = (index: string, create: boolean) => {
    const k = keyPrefix + index;
    let set = sets.get(k);
    if (!set && create) sets.set(k, (set = new Set()));
    return set;
  };
  const unindex = (index: string, member: string) => {
    const set = setOf(index, false);
    if (set?.delete(member) && set.size === 0) sets.delete(keyPrefix + index);
  };

  // Expired keys are dropped when read; the sweep keeps unread ones from piling up.
  const sweeper = setInterval(() => {
    const now = Date.now();
    for (const [k, e] of data) if (e.expiresAt !== null && e.expiresAt <= now) data.delete(k);
  }, 60_000);
  sweeper.unref();

  const sessions: SessionStore = {
    get: async (key) => live(key)?.value ?? null,
    async put(key, value, ttlMs) {
      write(key, value, Date.now() + ttlMs);
    },
    async delete(key) {
      data.delete(keyPrefix + key);
    },
    async putIndexed(key, value, ttlMs, index) {
      write(key, value, Date.now() + ttlMs);
      if (index.present) setOf(index.name, true)!.add(index.member);
      else unindex(index.name, index.member);
    },
    members: async (index) => [...(setOf(index, false) ?? [])],
    async unindex(index, member) {
      unindex(index, member);
    },
  };

  const rates: RateCounters = {
    async add(steps) {
      return steps.map((s) => {
        const entry = live(s.key);
        const next = Number(entry?.value ?? 0) + s.by;
        const keep = entry?.expiresAt ?? null;
        const expiresAt = s.ttlMs === undefined || (s.ttlIfNone && keep !== null) ? keep : Date.now() + s.ttlMs;
        write(s.key, String(next), expiresAt);
        return next;
      });
    },
    read: async (key) => Number(live(key)?.value ?? 0),
    async reset(key) {
      data.delete(keyPrefix + key);
    },
  };

  const coordinator: JobCoordinator = {
    async claim(key, owner, ttlMs) {
      if (live(key)) return false;
      write(key, owner, Date.now() + ttlMs);
      return true;
    },
    holder: async (key) => live(key)?.value ?? null,
    async extend(key, ttlMs) {
      const entry = live(key);
      if (entry) entry.expiresAt = Date.now() + ttlMs;
    },
    async release(key) {
      data.delete(keyPrefix + key);
    },
  };

  // The three steps in one synchronous run (no await between them), so together they are atomic too.
  const admissions: Admissions = {
    async admit(claim, counter, readKey, swap) {
      const claimed = !live(claim.key);
      if (claimed) write(claim.key, '1', Date.now() + claim.ttlMs);
      const entry = live(counter.key);
      const count = Number(entry?.value ?? 0) + 1;
      write(counter.key, String(count), entry?.expiresAt ?? Date.now() + counter.ttlMs);
      const value = live(readKey)?.value ?? null;
      if (swap && claimed && count <= swap.limit && value === swap.expected) {
        write(readKey, swap.next, Date.now() + swap.ttlMs);
        if (swap.index) setOf(swap.index.name, true)!.add(swap.index.member);
        return { claimed, count, value: null, swapped: true };
      }
      return { claimed, count, value, swapped: false };
    },
  };

  return {
    sessions,
    rates,
    coordinator,
    admissions,
    shared: false,
    httpRateLimit: {},
    async ping() {},
    async close() {
      clearInterval(sweeper);
    },
  };
}
