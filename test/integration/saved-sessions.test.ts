import { newSession } from '../../src/dialogue/intake';
import { createInboundStore, type InboundStore } from '../../src/inbound/inbound-store';
import fc from 'fast-check';
import { isDeepStrictEqual } from 'node:util';
import { createSavedSessions, jsonCopy } from '../../src/inbound/saved-sessions';
import { parseStored, type Stored } from '../../src/inbound/stored-session';
import { openStores } from '../../src/stores/open-stores';
import type { Stores } from '../../src/stores/stores';

/**
 * The router's copy of what it last saved per sender (src/inbound/saved-sessions.ts), over the
 * store production runs (Redis; the in-process one when the tests run without Redis).
 */
const redisUrl = process.env.REDIS_URL?.startsWith('redis') ? process.env.REDIS_URL : `memory://saved-${process.pid}`;
const prefix = `${process.env.REDIS_KEY_PREFIX ?? 'lxtest:'}saved:${process.pid}:${Date.now()}:`;
const LIMITS = { dedupTtlMs: 60_000, rateLimit: 100, rateWindowMs: 60_000, sessionTtlMs: 60_000 };

let stores: Stores;
let store: InboundStore;
let n = 0;
const sender = () => `wechat:saved-${++n}`;
const storedAt = (t: number): Stored => ({ session: { ...newSession(t), privacy: { agreedAt: t } }, pending: [] });
const admitted = async (s: InboundStore, senderKey: string) => (await s.admit(`m-${senderKey}-${++n}`, senderKey, Date.now())).rawSession;

beforeAll(() => {
  stores = openStores(redisUrl, prefix);
  store = createInboundStore(stores, LIMITS);
});
afterAll(async () => {
  await stores.close();
});

describe('the sessions a router saved', () => {
  it('reads an admission that brings back the saved text as the one kept reading, equal to reading the text afresh', async () => {
    const saved = createSavedSessions();
    const s = saved.remembering(store);
    const key = sender();
    const value = storedAt(1_000);
    await s.saveSession(key, JSON.stringify(value));
    const raw = await admitted(s, key);
    const first = saved.read(key, raw);
    expect(first).toEqual(parseStored(raw));
    expect(saved.read(key, raw)).toBe(first);
    expect(saved.last(key)).toBe(first);
  });

  it('reads the text afresh when another process wrote since', async () => {
    const saved = createSavedSessions();
    const key = sender();
    await saved.remembering(store).saveSession(key, JSON.stringify(storedAt(1_000)));
    // Another router saves a later turn for the same sender.
    await store.saveSession(key, JSON.stringify(storedAt(2_000)));
    const raw = await admitted(store, key);
    const read = saved.read(key, raw);
    expect(read?.session.lastActiveAt).toBe(2_000);
    expect(read).not.toBe(saved.last(key));
  });

  it('forgets a sender whose write failed, and passes the failure on', async () => {
    const saved = createSavedSessions();
    const key = sender();
    const s = saved.remembering(store);
    await s.saveSession(key, JSON.stringify(storedAt(1_000)));
    const failing = saved.remembering({ ...store, saveSession: () => Promise.reject(new Error('redis down')) });
    await expect(failing.saveSession(key, JSON.stringify(storedAt(2_000)))).rejects.toThrow('redis down');
    expect(saved.last(key)).toBeUndefined();
  });

  it('keeps its readings frozen: a turn cannot change what later turns share', async () => {
    const saved = createSavedSessions();
    const key = sender();
    await saved.remembering(store).saveSession(key, JSON.stringify(storedAt(1_000)));
    const kept = saved.last(key)!;
    expect(() => {
      (kept.session as { lastActiveAt: number }).lastActiveAt = 5;
    }).toThrow(TypeError);
    expect(() => kept.pending.push({} as never)).toThrow(TypeError);
    expect(saved.last(key)!.session.lastActiveAt).toBe(1_000);
  });

  it('keeps at most its number of senders, the least recently written going first', async () => {
    const saved = createSavedSessions(2);
    const s = saved.remembering(store);
    const [x, y, z] = [sender(), sender(), sender()];
    await s.saveSession(x, JSON.stringify(storedAt(1)));
    await s.saveSession(y, JSON.stringify(storedAt(2)));
    await s.saveSession(x, JSON.stringify(storedAt(3)));
    await s.saveSession(z, JSON.stringify(storedAt(4)));
    expect(saved.last(y)).toBeUndefined();
    expect(saved.last(x)?.session.lastActiveAt).toBe(3);
    expect(saved.last(z)?.session.lastActiveAt).toBe(4);
  });

  /** Saves what the dialogue makes (keys left undefined, which the text leaves out) with its value, and reads it back. */
  async function writtenAndRead(checking: boolean) {
    const saved = createSavedSessions(10, checking);
    const s = saved.remembering(store);
    const key = sender();
    const written = { session: { ...newSession(1_000), privacy: { agreedAt: 1_000 }, filing: undefined }, pending: [], cadreId: undefined } as Stored;
    const raw = JSON.stringify(written);
    await s.saveSession(key, raw, undefined, written);
    return { written, raw, read: saved.read(key, await admitted(s, key)) };
  }

  it('reads a session it wrote from the value it was written from, as the text would read', async () => {
    const { written, raw, read } = await writtenAndRead(true);
    expect(isDeepStrictEqual(read, parseStored(raw))).toBe(true);
    expect(read).not.toBe(written);
    expect(Object.isFrozen(read!.session)).toBe(true);
    expect(Object.isFrozen(written.session)).toBe(false);
  });

  it('in production neither checks nor freezes: the reading is a plain copy of the value written', async () => {
    const { written, raw, read } = await writtenAndRead(false);
    expect(isDeepStrictEqual(read, parseStored(raw))).toBe(true);
    expect(read).not.toBe(written);
    expect(Object.isFrozen(read!.session)).toBe(false);
  });

  it('fails the turn, under test, when a value written does not read back as its text', async () => {
    const saved = createSavedSessions(10, true);
    const s = saved.remembering(store);
    const key = sender();
    const raw = JSON.stringify(storedAt(1_000));
    await s.saveSession(key, raw, undefined, storedAt(2_000));
    expect(() => saved.read(key, raw)).toThrow('does not read back');
    // A fresh text from the store is read as ever.
    expect(saved.read(key, JSON.stringify(storedAt(3_000)))?.session.lastActiveAt).toBe(3_000);
  });
});

describe('jsonCopy', () => {
  it('gives what JSON.parse(JSON.stringify(value)) gives', () => {
    const leaf = fc.oneof(fc.string(), fc.double(), fc.integer(), fc.boolean(), fc.constant(null), fc.constant(undefined), fc.date({ noInvalidDate: true }), fc.constant(-0));
    const value = fc.letrec((tie) => ({
      node: fc.oneof({ depthSize: 'small', withCrossShrink: true }, leaf, tie('array'), tie('object')),
      array: fc.array(tie('node'), { maxLength: 5 }),
      object: fc.dictionary(fc.string({ maxLength: 6 }), tie('node'), { maxKeys: 5 }),
    })).node;
    fc.assert(
      fc.property(value, (v) => {
        const text = JSON.stringify(v);
        expect(isDeepStrictEqual(jsonCopy(v), text === undefined ? undefined : JSON.parse(text))).toBe(true);
      }),
      { numRuns: 500 },
    );
  });
});
