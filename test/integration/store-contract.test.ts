import { openStores } from '../../src/stores/open-stores';
import type { AdmitSwap, Stores } from '../../src/stores/stores';
import { eventually } from '../support/eventually';

/**
 * One contract for both implementations of the stores (src/stores/): the Redis ones that
 * production runs and the in-process ones of embedded mode. The same assertions run against
 * each, so embedded mode cannot drift from production. When the tests themselves run without
 * Redis (LIANXIN_TEST_SERVICES=embedded), only the in-process stores can be checked.
 */
const redisUrl = process.env.REDIS_URL?.startsWith('redis') ? process.env.REDIS_URL : undefined;
const prefix = `${process.env.REDIS_KEY_PREFIX ?? 'lxtest:'}contract:${process.pid}:${Date.now()}:`;

const implementations: [string, () => Stores][] = [
  ['in process', () => openStores(`memory://contract-${process.pid}`, prefix)],
  ...(redisUrl ? [['Redis', () => openStores(redisUrl, prefix)] as [string, () => Stores]] : []),
];

describe.each(implementations)('the stores (%s)', (_name, open) => {
  let stores: Stores;
  let n = 0;
  /** A fresh key per use: the Redis database outlives the test. */
  const k = (what: string) => `${what}:${++n}`;

  beforeAll(() => {
    stores = open();
  });
  afterAll(async () => {
    await stores.close();
  });

  it('answers a ping', async () => {
    await expect(stores.ping()).resolves.toBeUndefined();
  });

  describe('session store', () => {
    it('puts, gets and deletes values; a missing key is null', async () => {
      const key = k('s');
      expect(await stores.sessions.get(key)).toBeNull();
      await stores.sessions.put(key, '{"a":1}', 60_000);
      expect(await stores.sessions.get(key)).toBe('{"a":1}');
      await stores.sessions.put(key, 'second', 60_000);
      expect(await stores.sessions.get(key)).toBe('second');
      await stores.sessions.delete(key);
      expect(await stores.sessions.get(key)).toBeNull();
      await expect(stores.sessions.delete(key)).resolves.toBeUndefined();
    });

    it('forgets a value when its time is up', async () => {
      const key = k('s');
      await stores.sessions.put(key, 'brief', 30);
      await eventually(() => stores.sessions.get(key), (v) => v === null, 2_000);
    });

    it('keeps an index of members beside the values, changed in the same step as the value', async () => {
      const index = k('index');
      const [a, b] = [k('s'), k('s')];
      expect(await stores.sessions.members(index)).toEqual([]);
      await stores.sessions.putIndexed(a, 'A', 60_000, { name: index, member: 'alice', present: true });
      await stores.sessions.putIndexed(b, 'B', 60_000, { name: index, member: 'bob', present: true });
      await stores.sessions.putIndexed(b, 'B2', 60_000, { name: index, member: 'bob', present: true });
      expect(await stores.sessions.get(a)).toBe('A');
      expect(await stores.sessions.get(b)).toBe('B2');
      expect((await stores.sessions.members(index)).sort()).toEqual(['alice', 'bob']);
      await stores.sessions.putIndexed(a, 'A2', 60_000, { name: index, member: 'alice', present: false });
      expect(await stores.sessions.get(a)).toBe('A2');
      expect(await stores.sessions.members(index)).toEqual(['bob']);
      await stores.sessions.unindex(index, 'bob');
      await stores.sessions.unindex(index, 'nobody');
      expect(await stores.sessions.members(index)).toEqual([]);
    });
  });

  describe('rate counters', () => {
    it('adds in order and reports each value; a counter never raised reads 0', async () => {
      const [a, b] = [k('c'), k('c')];
      expect(await stores.rates.read(a)).toBe(0);
      expect(await stores.rates.add([])).toEqual([]);
      expect(await stores.rates.add([{ key: a, by: 3, ttlMs: 60_000 }, { key: b, by: 1 }, { key: a, by: 2, ttlMs: 60_000 }])).toEqual([3, 1, 5]);
      expect(await stores.rates.add([{ key: a, by: -4 }])).toEqual([1]);
      expect(await stores.rates.read(a)).toBe(1);
      await stores.rates.reset(a);
      expect(await stores.rates.read(a)).toBe(0);
      expect(await stores.rates.read(b)).toBe(1);
    });

    it('lets a counter lapse with its window; ttlIfNone does not extend a window already set', async () => {
      const key = k('c');
      await stores.rates.add([{ key, by: 1, ttlMs: 40, ttlIfNone: true }]);
      // A longer expiry asked only-if-none leaves the 40 ms window as it is.
      expect(await stores.rates.add([{ key, by: 1, ttlMs: 60_000, ttlIfNone: true }])).toEqual([2]);
      await eventually(() => stores.rates.read(key), (v) => v === 0, 2_000);
      // A plain ttl replaces the expiry: this one stays.
      const kept = k('c');
      await stores.rates.add([{ key: kept, by: 1, ttlMs: 40 }]);
      await stores.rates.add([{ key: kept, by: 1, ttlMs: 60_000 }]);
      const lapsed = k('c');
      await stores.rates.add([{ key: lapsed, by: 1, ttlMs: 40 }]);
      await eventually(() => stores.rates.read(lapsed), (v) => v === 0, 2_000);
      expect(await stores.rates.read(kept)).toBe(2);
    });

    it('keeps the expiry when a step gives no ttl', async () => {
      const key = k('c');
      await stores.rates.add([{ key, by: 5, ttlMs: 40 }]);
      await stores.rates.add([{ key, by: -1 }]);
      await eventually(() => stores.rates.read(key), (v) => v === 0, 2_000);
    });
  });

  describe('job coordinator', () => {
    it('lets one owner claim a key until it is released', async () => {
      const key = k('j');
      expect(await stores.coordinator.holder(key)).toBeNull();
      expect(await stores.coordinator.claim(key, 'one', 60_000)).toBe(true);
      expect(await stores.coordinator.claim(key, 'two', 60_000)).toBe(false);
      expect(await stores.coordinator.holder(key)).toBe('one');
      await stores.coordinator.release(key);
      expect(await stores.coordinator.holder(key)).toBeNull();
      expect(await stores.coordinator.claim(key, 'two', 60_000)).toBe(true);
      expect(await stores.coordinator.holder(key)).toBe('two');
    });

    it('frees a claim when its lease runs out, unless extended', async () => {
      const lapsing = k('j');
      const extended = k('j');
      await stores.coordinator.claim(lapsing, 'one', 40);
      await stores.coordinator.claim(extended, 'one', 40);
      await stores.coordinator.extend(extended, 60_000);
      await eventually(() => stores.coordinator.claim(lapsing, 'two', 60_000), (took) => took, 2_000);
      expect(await stores.coordinator.holder(lapsing)).toBe('two');
      expect(await stores.coordinator.holder(extended)).toBe('one');
    });

    it('extends nothing for a key nobody holds', async () => {
      const key = k('j');
      await stores.coordinator.extend(key, 60_000);
      expect(await stores.coordinator.holder(key)).toBeNull();
      expect(await stores.coordinator.claim(key, 'one', 60_000)).toBe(true);
    });

    it('grants a key to exactly one of many concurrent claims', async () => {
      const key = k('j');
      const results = await Promise.all(Array.from({ length: 20 }, (_, i) => stores.coordinator.claim(key, `owner-${i}`, 60_000)));
      expect(results.filter(Boolean)).toHaveLength(1);
      expect(await stores.coordinator.holder(key)).toBe(`owner-${results.indexOf(true)}`);
    });
  });

  describe('admissions', () => {
    it('claims, steps the counter and reads a value in one operation, as the three calls would', async () => {
      const [seen, counter, session] = [k('seen'), k('c'), k('s')];
      expect(await stores.admissions.admit({ key: seen, ttlMs: 60_000 }, { key: counter, ttlMs: 60_000 }, session)).toEqual({ claimed: true, count: 1, value: null, swapped: false });
      await stores.sessions.put(session, '{"a":1}', 60_000);
      // The same message again: not claimed, yet the counter still steps.
      expect(await stores.admissions.admit({ key: seen, ttlMs: 60_000 }, { key: counter, ttlMs: 60_000 }, session)).toEqual({ claimed: false, count: 2, value: '{"a":1}', swapped: false });
      expect(await stores.coordinator.holder(seen)).toBe('1');
      expect(await stores.rates.read(counter)).toBe(2);
    });

    it('sets the counter window once (a later admission does not extend it) and lets the claim lapse', async () => {
      const [seen, counter] = [k('seen'), k('c')];
      await stores.admissions.admit({ key: seen, ttlMs: 40 }, { key: counter, ttlMs: 40 }, k('s'));
      expect((await stores.admissions.admit({ key: k('seen'), ttlMs: 60_000 }, { key: counter, ttlMs: 60_000 }, k('s'))).count).toBe(2);
      await eventually(() => stores.rates.read(counter), (v) => v === 0, 2_000);
      await eventually(() => stores.coordinator.holder(seen), (v) => v === null, 2_000);
    });

    it('admits exactly one of many concurrent copies of a message, and counts them all', async () => {
      const [seen, counter] = [k('seen'), k('c')];
      const results = await Promise.all(Array.from({ length: 20 }, () => stores.admissions.admit({ key: seen, ttlMs: 60_000 }, { key: counter, ttlMs: 60_000 }, k('s'))));
      expect(results.filter((r) => r.claimed)).toHaveLength(1);
      expect(results.map((r) => r.count).sort((a, b) => a - b)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    });

    it('answers each of many residents admitted at once with their own claim, count and session (Redis sends them as one script)', async () => {
      const senders = Array.from({ length: 60 }, (_, i) => ({ seen: k(`seen${i}`), counter: k(`c${i}`), session: k(`s${i}`) }));
      await Promise.all(senders.map((x, i) => (i % 2 ? stores.sessions.put(x.session, `v${i}`, 60_000) : Promise.resolve())));
      await stores.admissions.admit({ key: senders[5]!.seen, ttlMs: 60_000 }, { key: senders[5]!.counter, ttlMs: 60_000 }, senders[5]!.session);
      const results = await Promise.all(senders.map((x) => stores.admissions.admit({ key: x.seen, ttlMs: 60_000 }, { key: x.counter, ttlMs: 60_000 }, x.session)));
      expect(results).toEqual(senders.map((_, i) => ({ claimed: i !== 5, count: i === 5 ? 2 : 1, value: i % 2 ? `v${i}` : null, swapped: false })));
      // Writes of one turn land together, each with its own value; indexed ones change their index in the same step.
      const index = k('pending');
      await Promise.all(senders.map((x, i) => (i % 3 ? stores.sessions.put(x.session, `w${i}`, 60_000) : stores.sessions.putIndexed(x.session, `w${i}`, 60_000, { name: index, member: `m${i}`, present: true }))));
      expect(await Promise.all(senders.map((x) => stores.sessions.get(x.session)))).toEqual(senders.map((_, i) => `w${i}`));
      expect((await stores.sessions.members(index)).sort()).toEqual(senders.flatMap((_, i) => (i % 3 ? [] : [`m${i}`])).sort());
    });
  });

  describe('admissions that save the next session (swap)', () => {
    const admit = (seen: string, counter: string, session: string, swap?: AdmitSwap) =>
      stores.admissions.admit({ key: seen, ttlMs: 60_000 }, { key: counter, ttlMs: 60_000 }, session, swap);

    it('saves the next value in the same step when the message is fresh, within the limit and the value is the one expected', async () => {
      const [seen, counter, session] = [k('seen'), k('c'), k('s')];
      await stores.sessions.put(session, 'turn 1', 60_000);
      expect(await admit(seen, counter, session, { limit: 5, expected: 'turn 1', next: 'turn 2', ttlMs: 60_000 })).toEqual({ claimed: true, count: 1, value: null, swapped: true });
      expect(await stores.sessions.get(session)).toBe('turn 2');
    });

    it('compares the whole stored text, Chinese and all: one character off is another writer\'s value', async () => {
      const session = k('s');
      const mine = JSON.stringify({ session: { step: 'location', draft: { description: '花园路1栋阴沟堵塞，污水外流😟' } } });
      await stores.sessions.put(session, mine, 60_000);
      const swap = { limit: 5, expected: mine.replace('外流', '外溢'), next: 'next', ttlMs: 60_000 };
      expect(await admit(k('seen'), k('c'), session, swap)).toEqual({ claimed: true, count: 1, value: mine, swapped: false });
      expect(await admit(k('seen'), k('c'), session, { ...swap, expected: mine })).toEqual({ claimed: true, count: 1, value: null, swapped: true });
      expect(await stores.sessions.get(session)).toBe('next');
    });

    it('leaves the value alone for another writer\'s value, no value, a duplicate or a sender over the limit', async () => {
      const [counter, session] = [k('c'), k('s')];
      await stores.sessions.put(session, 'theirs', 60_000);
      const swap = { limit: 3, expected: 'mine', next: 'next', ttlMs: 60_000 };
      expect(await admit(k('seen'), counter, session, swap)).toEqual({ claimed: true, count: 1, value: 'theirs', swapped: false });
      expect(await admit(k('seen'), k('c'), k('none'), swap)).toEqual({ claimed: true, count: 1, value: null, swapped: false });
      const seen = k('seen');
      const ours = { ...swap, expected: 'theirs' };
      expect((await admit(seen, counter, session, ours)).swapped).toBe(true);
      await stores.sessions.put(session, 'theirs', 60_000);
      // The same message again: not claimed, so not saved.
      expect(await admit(seen, counter, session, ours)).toEqual({ claimed: false, count: 3, value: 'theirs', swapped: false });
      // Over the limit (count 4 > 3).
      expect(await admit(k('seen'), counter, session, ours)).toEqual({ claimed: true, count: 4, value: 'theirs', swapped: false });
      expect(await stores.sessions.get(session)).toBe('theirs');
    });

    it('adds the member to the index in the same step when asked, and only when it saves', async () => {
      const [counter, session, index] = [k('c'), k('s'), k('pending')];
      await stores.sessions.put(session, 'confirm', 60_000);
      const filing = { limit: 5, expected: 'confirm', next: 'confirm + filing', ttlMs: 60_000, index: { name: index, member: 'resident-1' } };
      expect((await admit(k('seen'), counter, session, { ...filing, expected: 'stale', index: { name: index, member: 'resident-0' } })).swapped).toBe(false);
      expect(await stores.sessions.members(index)).toEqual([]);
      expect((await admit(k('seen'), counter, session, filing)).swapped).toBe(true);
      expect(await stores.sessions.get(session)).toBe('confirm + filing');
      expect(await stores.sessions.members(index)).toEqual(['resident-1']);
    });

    it('answers each of many residents admitted at once, some saving and some not', async () => {
      const senders = Array.from({ length: 40 }, (_, i) => ({ seen: k(`seen${i}`), counter: k(`c${i}`), session: k(`s${i}`) }));
      await Promise.all(senders.map((x, i) => stores.sessions.put(x.session, `v${i}`, 60_000)));
      const results = await Promise.all(
        senders.map((x, i) => admit(x.seen, x.counter, x.session, i % 4 === 3 ? undefined : { limit: 5, expected: i % 4 === 2 ? 'stale' : `v${i}`, next: `n${i}`, ttlMs: 60_000 })),
      );
      const swapped = (i: number) => i % 4 < 2;
      expect(results).toEqual(senders.map((_, i) => ({ claimed: true, count: 1, value: swapped(i) ? null : `v${i}`, swapped: swapped(i) })));
      expect(await Promise.all(senders.map((x) => stores.sessions.get(x.session)))).toEqual(senders.map((_, i) => (swapped(i) ? `n${i}` : `v${i}`)));
    });
  });

  it('shares one key space between the three stores, as Redis does (the same prefix sees the same keys)', async () => {
    const key = k('shared');
    await stores.coordinator.claim(key, '7', 60_000);
    expect(await stores.sessions.get(key)).toBe('7');
    expect(await stores.rates.read(key)).toBe(7);
  });
});

it('opens Redis stores only for a redis:// URL', () => {
  const inProcess = openStores(undefined, 'x:');
  expect(inProcess.shared).toBe(false);
  expect(inProcess.httpRateLimit).toEqual({});
  void inProcess.close();
});
