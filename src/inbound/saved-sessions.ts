import type { InboundStore } from './inbound-store';
import { parseStored, type Stored } from './stored-session';

/**
 * What this process last saved for each sender: the text, and its reading. When an
 * admission brings back exactly that text, the reading is reused, so the router can read it and
 * work out the turn's step while the admission is still on its way (step-ahead.ts). Another
 * process's write, a failed write or an expired session shows as different text, which is read as
 * before: a stale entry costs a miss, never a wrong answer.
 */
export type SavedSessions = {
  /** The reading of the last text saved for a sender (undefined: none kept). */
  last(senderKey: string): Stored | null | undefined;
  /** The stored value for an admission's text: the kept reading when the text is the same. */
  read(senderKey: string, raw: string | null): Stored | null;
  /** The store, with every session write remembered. */
  remembering(store: InboundStore): InboundStore;
};

/** Senders kept (the oldest written first out): a few KB each, so some tens of MB at most. */
export const SAVED_SESSIONS_KEPT = 10_000;

type Entry = { raw: string; stored?: Stored | null };

export function createSavedSessions(kept = SAVED_SESSIONS_KEPT): SavedSessions {
  const entries = new Map<string, Entry>();
  // Read the way an admission's text is read (parseStored), so a reused reading is the very value
  // the text gives; frozen, because later turns share it.
  const readingOf = (e: Entry) => (e.stored === undefined ? (e.stored = deepFreeze(parseStored(e.raw))) : e.stored);

  return {
    last(senderKey) {
      const e = entries.get(senderKey);
      return e && readingOf(e);
    },
    read(senderKey, raw) {
      const e = entries.get(senderKey);
      return e && raw !== null && e.raw === raw ? readingOf(e) : parseStored(raw);
    },
    remembering: (store) => ({
      admit: (messageKey, senderKey, now) => store.admit(messageKey, senderKey, now),
      loadSession: (senderKey) => store.loadSession(senderKey),
      pendingSenders: () => store.pendingSenders(),
      forgetPending: (senderKey) => store.forgetPending(senderKey),
      async saveSession(senderKey, raw, pending) {
        const entry: Entry = { raw };
        entries.delete(senderKey);
        entries.set(senderKey, entry);
        if (entries.size > kept) entries.delete(entries.keys().next().value!);
        // Read on the next turn of the event loop, after the write has left (its group goes
        // first): while Redis answers, the process would otherwise wait, and the sender's next
        // message finds the reading made.
        setImmediate(() => {
          if (entries.get(senderKey) === entry) readingOf(entry);
        });
        try {
          await store.saveSession(senderKey, raw, pending);
        } catch (err) {
          // Not written: the entry must not stand for what Redis holds.
          if (entries.get(senderKey)?.raw === raw) entries.delete(senderKey);
          throw err;
        }
      },
    }),
  };
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}
