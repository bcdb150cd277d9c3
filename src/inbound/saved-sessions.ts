import { isDeepStrictEqual } from 'node:util';
import type { InboundStore } from './inbound-store';
import { parseStored, type Stored } from './stored-session';

/**
 * What this process last saved for each sender: the text, and its reading. When an
 * admission brings back exactly that text, the reading is reused, so the router can read it and
 * work out the turn's step while the admission is still on its way (step-ahead.ts). Another
 * process's write, a failed write or an expired session shows as different text, which is read as
 * before: a stale entry costs a miss, never a wrong answer.
 *
 * The reading of a text this process wrote is a copy of the value it was written from (saveStored
 * passes it along), not the text parsed and checked by the schema again: that was a tenth of a
 * turn's CPU in the middle of an intake. `jsonCopy` gives what JSON.parse(JSON.stringify(value))
 * gives, without the text, and the schema's reading of that is the same value again, because the
 * sessions the dialogue makes hold only the schema's keys with its defaults filled in.
 *
 * Under test (NODE_ENV=test) both are checked: every reuse is compared with parseStored of its
 * text (a difference fails the turn), and every reading is frozen, so a turn that changed a
 * reading it shares with the step worked out ahead fails too. Production does neither (they cost
 * about as much as the copy saves).
 */
export type SavedSessions = {
  /** The reading of the last text saved for a sender (undefined: none kept). */
  last(senderKey: string): Stored | null | undefined;
  /** That text itself. */
  lastText(senderKey: string): string | undefined;
  /** The stored value for an admission's text: the kept reading when the text is the same. */
  read(senderKey: string, raw: string | null): Stored | null;
  /** The store, with every session write remembered. */
  remembering(store: InboundStore): InboundStore;
};

/** Senders kept (the oldest written first out): a few KB each, so some tens of MB at most. */
export const SAVED_SESSIONS_KEPT = 10_000;

/** Whether readings are checked and frozen (the whole test suite runs so). */
const CHECKING = process.env.NODE_ENV === 'test';

type Entry = { raw: string; written?: unknown; stored?: Stored | null; error?: Error };

export function createSavedSessions(kept = SAVED_SESSIONS_KEPT, checking = CHECKING): SavedSessions {
  const entries = new Map<string, Entry>();
  const freeze = checking ? deepFreeze : <T>(value: T) => value;
  // A copy of the value written (else the text read as an admission's is, by parseStored).
  const readingOf = (e: Entry): Stored | null => {
    if (e.error) throw e.error;
    if (e.stored !== undefined) return e.stored;
    if (e.written === undefined) return (e.stored = freeze(parseStored(e.raw)));
    const reading = freeze(jsonCopy(e.written) as Stored);
    e.written = undefined;
    if (checking && !isDeepStrictEqual(reading, parseStored(e.raw))) {
      e.error = new Error('a saved session does not read back as the value it was written from');
      throw e.error;
    }
    return (e.stored = reading);
  };

  const remember = (senderKey: string, raw: string, written: unknown) => {
    const entry: Entry = { raw, written };
    entries.delete(senderKey);
    entries.set(senderKey, entry);
    if (entries.size > kept) entries.delete(entries.keys().next().value!);
    // Read on the next turn of the event loop, after the write has left (its group goes first):
    // while Redis answers, the process would otherwise wait, and the sender's next message finds
    // the reading made.
    setImmediate(() => {
      try {
        if (entries.get(senderKey) === entry) readingOf(entry);
      } catch {
        // Kept in the entry: the turn that reads it fails with it.
      }
    });
  };

  return {
    last(senderKey) {
      const e = entries.get(senderKey);
      return e && readingOf(e);
    },
    lastText: (senderKey) => entries.get(senderKey)?.raw,
    read(senderKey, raw) {
      const e = entries.get(senderKey);
      return e && raw !== null && e.raw === raw ? readingOf(e) : parseStored(raw);
    },
    remembering: (store) => ({
      async admit(messageKey, senderKey, now, next) {
        const admission = await store.admit(messageKey, senderKey, now, next);
        if (next && admission.saved) remember(senderKey, next.next, next.written);
        return admission;
      },
      loadSession: (senderKey) => store.loadSession(senderKey),
      pendingSenders: () => store.pendingSenders(),
      forgetPending: (senderKey) => store.forgetPending(senderKey),
      async saveSession(senderKey, raw, pending, written) {
        remember(senderKey, raw, written);
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

/**
 * JSON.parse(JSON.stringify(value)) without the text, for the plain values a session holds: keys
 * whose value is undefined (or a function) left out, undefined in an array and non-finite numbers
 * made null, toJSON (a Date) used.
 */
export function jsonCopy(value: unknown): unknown {
  if (value === null || typeof value !== 'object') {
    if (typeof value === 'number') return Number.isFinite(value) ? value + 0 : null; // + 0: -0 is written 0
    return value === null || typeof value === 'string' || typeof value === 'boolean' ? value : undefined;
  }
  if (typeof (value as { toJSON?: unknown }).toJSON === 'function') return jsonCopy((value as { toJSON(): unknown }).toJSON());
  if (Array.isArray(value)) {
    const out = new Array<unknown>(value.length);
    for (let i = 0; i < value.length; i++) out[i] = jsonCopy(value[i]) ?? null;
    return out;
  }
  const out: Record<string, unknown> = {};
  for (const key in value) {
    if (!Object.prototype.hasOwnProperty.call(value, key)) continue;
    const v = jsonCopy((value as Record<string, unknown>)[key]);
    if (v !== undefined) out[key] = v;
  }
  return out;
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}
