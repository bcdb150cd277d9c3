import type { Stores } from '../stores/stores';

/** What the router asks of its store for each message, in one round trip. */
export type Admission = {
  /** False when this message id was already handled (a redelivery). */
  fresh: boolean;
  /** False when the sender is over the rate limit for this window. */
  allowed: boolean;
  /** True for the first message over the limit: the sender is told once, then ignored. */
  tellSlowDown: boolean;
  /** The stored session, as saved (unparsed), or null; null too when `saved`. */
  rawSession: string | null;
  /** True when the admission also saved the session `next` (see InboundStore.admit). */
  saved: boolean;
};

/**
 * A turn worked out before its admission: when the stored session is still `expected`, `next`
 * replaces it in the admission's own step (a fresh message within the rate limit only); `pending`
 * adds the sender to the index of unfinished filings too (a confirmation, saved before its filing).
 */
export type NextSession = { expected: string; next: string; pending?: boolean; written?: unknown };

export interface InboundStore {
  admit(messageKey: string, senderKey: string, now: number, next?: NextSession): Promise<Admission>;
  /**
   * `pending`: true adds the sender to the index of unfinished filings, false removes them,
   * undefined (an ordinary turn) leaves the index alone, so such a turn costs one command.
   * `written`: the value `raw` was made from (JSON.stringify), for a router that keeps it
   * (saved-sessions.ts); a store keeps only the text.
   */
  saveSession(senderKey: string, raw: string, pending?: boolean, written?: unknown): Promise<void>;
  loadSession(senderKey: string): Promise<string | null>;
  /** Senders whose stored session holds a filing not yet written (for the retrier). */
  pendingSenders(): Promise<string[]>;
  forgetPending(senderKey: string): Promise<void>;
}

/** A set of sender keys: small (only unfinished filings), so listing it is cheap. */
const PENDING_INDEX = 'filings:pending';

export type InboundStoreLimits = { dedupTtlMs: number; rateLimit: number; rateWindowMs: number; sessionTtlMs: number };

/**
 * De-duplication (a claim), a fixed-window rate counter (its expiry set once) and the session
 * read are one atomic store operation (one Redis command), so on Redis a turn costs two commands,
 * the admission and the session write; a plain turn worked out before its admission costs one
 * (the admission saves it: `next`).
 */
export function createInboundStore(stores: Pick<Stores, 'sessions' | 'admissions'>, limits: InboundStoreLimits): InboundStore {
  const { sessions, admissions } = stores;
  return {
    async admit(messageKey, senderKey, now, next) {
      const window = Math.floor(now / limits.rateWindowMs);
      const rateKey = `rate:${senderKey}:${window}`;
      const { claimed: fresh, count, value: rawSession, swapped } = await admissions.admit(
        { key: `seen:${messageKey}`, ttlMs: limits.dedupTtlMs },
        { key: rateKey, ttlMs: limits.rateWindowMs },
        `session:${senderKey}`,
        next && {
          limit: limits.rateLimit, expected: next.expected, next: next.next, ttlMs: limits.sessionTtlMs,
          index: next.pending ? { name: PENDING_INDEX, member: senderKey } : undefined,
        },
      );
      return { fresh, allowed: count <= limits.rateLimit, tellSlowDown: count === limits.rateLimit + 1, rawSession, saved: swapped };
    },
    async saveSession(senderKey, raw, pending) {
      if (pending === undefined) return sessions.put(`session:${senderKey}`, raw, limits.sessionTtlMs);
      await sessions.putIndexed(`session:${senderKey}`, raw, limits.sessionTtlMs, { name: PENDING_INDEX, member: senderKey, present: pending });
    },
    loadSession: (senderKey) => sessions.get(`session:${senderKey}`),
    pendingSenders: () => sessions.members(PENDING_INDEX),
    forgetPending: (senderKey) => sessions.unindex(PENDING_INDEX, senderKey),
  };
}
