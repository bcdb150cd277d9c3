import type { RedisClient } from '../redis/client';

/**
 * What Lianxin keeps outside the database, as the three small interfaces the code uses, so a
 * command outside them does not compile. Each has a Redis implementation (production, shared by
 * every process) and an in-process one (embedded mode, one process); the contract test
 * test/integration/store-contract.test.ts runs the same assertions against both.
 */

/** Values that expire: sessions, chat history, cached tokens, flags. */
export interface SessionStore {
  get(key: string): Promise<string | null>;
  put(key: string, value: string, ttlMs: number): Promise<void>;
  delete(key: string): Promise<void>;
  /** `put`, and in the same atomic step adds `member` to the set `index` (or removes it). */
  putIndexed(key: string, value: string, ttlMs: number, index: { name: string; member: string; present: boolean }): Promise<void>;
  /** The members of a set (small sets only: the pending-filings index). */
  members(index: string): Promise<string[]>;
  unindex(index: string, member: string): Promise<void>;
}

/**
 * One step on a counter: add `by` (negative gives back). `ttlMs` sets its expiry; with
 * `ttlIfNone` only when it has none yet (a fixed window that a later step must not extend).
 */
export type CounterStep = { key: string; by: number; ttlMs?: number; ttlIfNone?: boolean };

/** Counters in fixed windows, for rate limits and failure counts. */
export interface RateCounters {
  /** Applies every step atomically, in order; the counters' values after each step. */
  add(steps: CounterStep[]): Promise<number[]>;
  /** 0 for a counter never raised or expired. */
  read(key: string): Promise<number>;
  reset(key: string): Promise<void>;
}

/** Claims that expire: job elections, dispatch-lane leases, locks and de-duplication. */
export interface JobCoordinator {
  /** True when `owner` took the key (nobody held it); held for `ttlMs` unless extended. */
  claim(key: string, owner: string, ttlMs: number): Promise<boolean>;
  holder(key: string): Promise<string | null>;
  /** Holds the key `ttlMs` from now, if anyone still holds it. */
  extend(key: string, ttlMs: number): Promise<void>;
  release(key: string): Promise<void>;
}

/**
 * The router's first step for each message, as ONE atomic operation (one Redis command): the
 * same as `coordinator.claim(claim.key, '1', claim.ttlMs)`, `rates.add([{ key: counter.key,
 * by: 1, ttlMs: counter.ttlMs, ttlIfNone: true }])` and `sessions.get(readKey)` run together.
 * The counter steps even when the claim fails, as the three calls would.
 *
 * `swap`: when the message is claimed, the count is at most `limit` and `readKey` holds exactly
 * `expected`, it is set to `next` (for `ttlMs`) in the same step and `swapped` is true; `value`
 * is then null (the caller knows it); `index`: the member is added to that set in the same step.
 * A turn worked out before its admission is saved this way without a second round trip.
 */
export type AdmitSwap = { limit: number; expected: string; next: string; ttlMs: number; index?: { name: string; member: string } };

export interface Admissions {
  admit(
    claim: { key: string; ttlMs: number },
    counter: { key: string; ttlMs: number },
    readKey: string,
    swap?: AdmitSwap,
  ): Promise<{ claimed: boolean; count: number; value: string | null; swapped: boolean }>;
}

export type Stores = {
  sessions: SessionStore;
  rates: RateCounters;
  coordinator: JobCoordinator;
  admissions: Admissions;
  /** False in process: nothing is shared with another process (HTTP rate limits stay in memory too). */
  shared: boolean;
  /** Options for @fastify/rate-limit, which speaks Redis itself: the connection when shared, else none (its own memory). */
  httpRateLimit: { redis: RedisClient } | Record<string, never>;
  ping(): Promise<void>;
  close(): Promise<void>;
};
