import { createDb, type Db } from '../../src/db/client';
import { openStores } from '../../src/stores/open-stores';
import type { Stores } from '../../src/stores/stores';
import { createLogger } from '../../src/logging/logger';
import { enqueue, type OutboxItem } from '../../src/outbox/enqueue';
import { createDispatcher, type DispatcherOptions, type OutboundChannel, type Recipient, RecipientUnreachable } from '../../src/dispatcher/dispatcher';
import { parseQuietHours } from '../../src/domain/quiet-hours';
import { uniqueKey } from '../support/test-service';
import { scratchDb } from '../support/scratch-db';
import { eventually } from '../support/eventually';

/*
 * A database of this file's own: a dispatcher claims every due row in its database, and would
 * otherwise take (and "send") the rows other test files write at the same time.
 */
const logger = createLogger({ silent: true });
let db: Db;
let db2: Db;
let stores: Stores;
let dropDb: () => Promise<void>;

beforeAll(async () => {
  const scratch = await scratchDb('disp', { migrate: true });
  dropDb = scratch.drop;
  db = createDb(scratch.url, { poolSize: 4 });
  db2 = createDb(scratch.url, { poolSize: 4 });
  stores = openStores(process.env.REDIS_URL!, `${process.env.REDIS_KEY_PREFIX}disp:${Date.now()}:`);
});
// Each test starts with nothing due: what one test leaves waiting must not count in the next.
afterEach(async () => {
  await db.outboxMessage.updateMany({ where: { status: { in: ['PENDING', 'SENDING'] } }, data: { status: 'FAILED', lastError: 'left over by a test' } });
});
afterAll(async () => {
  await db.$disconnect();
  await db2.$disconnect();
  await stores.close();
  await dropDb();
});

/** Each test starts on a day of its own, so the Redis rate-limit windows of tests never meet. */
class FakeClock {
  constructor(public now: Date) {}
  read = () => new Date(this.now);
  advance(ms: number) {
    this.now = new Date(this.now.getTime() + ms);
  }
}

/**
 * Records what was sent. `failures` makes the next N sends throw, `failuresOf` the next N sends of
 * one text; `jitterMs` makes sends take a while.
 */
class RecordingChannel implements OutboundChannel {
  sent: { to: Recipient; text: string }[] = [];
  failures = 0;
  failuresOf = new Map<string, number>();
  jitterMs = 0;
  async send(to: Recipient, text: string) {
    const ofText = this.failuresOf.get(text) ?? 0;
    if (this.failures > 0 || ofText > 0) {
      if (ofText > 0) this.failuresOf.set(text, ofText - 1);
      else this.failures--;
      throw new Error('WeChat refused: 发送消息过于频繁');
    }
    if (this.jitterMs > 0) await new Promise((r) => setTimeout(r, Math.random() * this.jitterMs));
    this.sent.push({ to, text });
  }
  textsTo(kind: 'RESIDENT' | 'CADRE', id: number): string[] {
    return this.sent.filter((s) => s.to.kind === kind && s.to.id === id).map((s) => s.text);
  }
}

/** Generous limits unless a test is about them. */
function dispatcher(channel: OutboundChannel, clock: FakeClock | null, more: Partial<DispatcherOptions> = {}) {
  return createDispatcher({
    db,
    rates: stores.rates,
    channel,
    logger,
    ...(clock ? { clock: clock.read } : {}),
    perRecipientPerMinute: 1000,
    globalPerMinute: 100_000,
    ...more,
  });
}

async function drain(d: ReturnType<typeof createDispatcher>) {
  while ((await d.runOnce()).claimed > 0);
}

async function newResident(): Promise<number> {
  const area = await db.area.findFirstOrThrow({ where: { kind: 'COMMUNITY' } });
  const r = await db.resident.create({ data: { channel: 'wechat', channelKey: uniqueKey('LX'), contactRef: uniqueKey('wxid'), areaId: area.id } });
  return r.id;
}

async function put(items: OutboxItem[], at = new Date()) {
  await db.$transaction((tx) => enqueue(tx, items, at));
}

const item = (residentId: number, n: number, at?: Date, more: Partial<OutboxItem> = {}): OutboxItem => ({
  key: uniqueKey(`test:${n}`),
  recipient: { kind: 'RESIDENT', id: residentId },
  kind: 'test',
  text: `消息${n}`,
  notBefore: at,
  ...more,
});

const rowsOf = (residentId: number) =>
  db.outboxMessage.findMany({ where: { recipientKind: 'RESIDENT', recipientId: residentId }, orderBy: { id: 'asc' } });

describe('the outbox dispatcher', () => {
  it('sends a due message once and marks it sent', async () => {
    const clock = new FakeClock(new Date('2026-03-01T02:00:00Z'));
    const resident = await newResident();
    await put([item(resident, 1, clock.read())]);
    const channel = new RecordingChannel();
    const d = dispatcher(channel, clock);
    expect(await d.runOnce()).toMatchObject({ claimed: 1, sent: 1, failed: 0, retried: 0, deferred: 0 });
    await d.runOnce();
    expect(channel.textsTo('RESIDENT', resident)).toEqual(['消息1']);
    expect(channel.sent[0]!.to).toMatchObject({ kind: 'RESIDENT', id: resident, channel: 'wechat' });
    const [row] = await rowsOf(resident);
    expect(row).toMatchObject({ status: 'SENT', attempts: 1, lockedUntil: null, sentAt: clock.read() });
  });

  it('does not send a message before its time', async () => {
    const clock = new FakeClock(new Date('2026-03-01T03:00:00Z'));
    const resident = await newResident();
    await put([item(resident, 1, new Date(clock.now.getTime() + 3_600_000))]);
    const channel = new RecordingChannel();
    const d = dispatcher(channel, clock);
    await d.runOnce();
    expect(channel.textsTo('RESIDENT', resident)).toEqual([]);
    clock.advance(3_600_000);
    await d.runOnce();
    expect(channel.textsTo('RESIDENT', resident)).toEqual(['消息1']);
  });

  it('delivers once after the channel fails twice, backing off between tries', async () => {
    const clock = new FakeClock(new Date('2026-03-02T02:00:00Z'));
    const resident = await newResident();
    await put([item(resident, 1, clock.read())]);
    const channel = new RecordingChannel();
    channel.failures = 2;
    const d = dispatcher(channel, clock, { baseRetryMs: 30_000 });
    expect(await d.runOnce()).toMatchObject({ claimed: 1, retried: 1 });
    let [row] = await rowsOf(resident);
    expect(row).toMatchObject({ status: 'PENDING', attempts: 1, lastError: expect.stringContaining('频繁') });
    // Back-off: 30 s ± 20 %, so not due yet after 20 s.
    expect(row!.nextAttemptAt.getTime() - clock.now.getTime()).toBeGreaterThanOrEqual(24_000);
    clock.advance(20_000);
    expect((await d.runOnce()).claimed).toBe(0);
    clock.advance(20_000);
    await d.runOnce();
    [row] = await rowsOf(resident);
    expect(row).toMatchObject({ status: 'PENDING', attempts: 2 });
    clock.advance(80_000);
    await d.runOnce();
    [row] = await rowsOf(resident);
    expect(row).toMatchObject({ status: 'SENT', attempts: 3 });
    await d.runOnce();
    expect(channel.textsTo('RESIDENT', resident)).toEqual(['消息1']);
  });

  it('marks a message failed after the configured attempts, and keeps the row', async () => {
    const clock = new FakeClock(new Date('2026-03-03T02:00:00Z'));
    const resident = await newResident();
    await put([item(resident, 1, clock.read())]);
    const channel = new RecordingChannel();
    channel.failures = 1_000;
    const d = dispatcher(channel, clock, { maxAttempts: 4, baseRetryMs: 1000 });
    for (let i = 0; i < 10; i++) {
      await d.runOnce();
      clock.advance(3_600_000);
    }
    const [row] = await rowsOf(resident);
    expect(row).toMatchObject({ status: 'FAILED', attempts: 4, lockedUntil: null, lastError: expect.stringContaining('WeChat refused') });
    expect(channel.textsTo('RESIDENT', resident)).toEqual([]);
    // Four tries were made, then no more.
    expect(channel.failures).toBe(1_000 - 4);
  });

  it('with two dispatchers on the same database, sends each of 240 messages exactly once, each person in order', async () => {
    const clock = new FakeClock(new Date('2026-03-04T02:00:00Z'));
    const residents = await Promise.all(Array.from({ length: 24 }, () => newResident()));
    // Interleaved, so each person's ten messages fall into different batches and dispatchers.
    await put(Array.from({ length: 10 }, (_, n) => residents.map((r) => item(r, n, clock.read()))).flat());
    const channel = new RecordingChannel();
    channel.jitterMs = 3;
    const a = dispatcher(channel, clock, { batchSize: 20 });
    const b = createDispatcher({ db: db2, rates: stores.rates, channel, logger, clock: clock.read, batchSize: 20, perRecipientPerMinute: 1000, globalPerMinute: 100_000 });
    await Promise.all([drain(a), drain(b), drain(a), drain(b)]);
    const mine = channel.sent.filter((s) => residents.includes(s.to.id));
    expect(mine).toHaveLength(240);
    expect(new Set(mine.map((s) => `${s.to.id}:${s.text}`)).size).toBe(240);
    for (const r of residents) expect(channel.textsTo('RESIDENT', r)).toEqual(Array.from({ length: 10 }, (_, n) => `消息${n}`));
    const rows = await db.outboxMessage.findMany({ where: { recipientId: { in: residents }, recipientKind: 'RESIDENT' } });
    expect(rows.map((r) => `${r.status}/${r.attempts}`).filter((s) => s !== 'SENT/1')).toEqual([]);
  });

  it('re-sends a row left SENDING by a dispatcher that crashed, once its lease has passed', async () => {
    const clock = new FakeClock(new Date('2026-03-05T02:00:00Z'));
    const resident = await newResident();
    await put([item(resident, 1, clock.read())]);
    const id = (await rowsOf(resident))[0]!.id;
    // The crashed dispatcher had claimed it.
    await db.outboxMessage.update({ where: { id }, data: { status: 'SENDING', attempts: 1, lockedUntil: new Date(clock.now.getTime() + 60_000) } });
    const channel = new RecordingChannel();
    const d = dispatcher(channel, clock);
    await d.runOnce();
    expect(channel.textsTo('RESIDENT', resident)).toEqual([]);
    clock.advance(61_000);
    await d.runOnce();
    expect(channel.textsTo('RESIDENT', resident)).toEqual(['消息1']);
    expect((await rowsOf(resident))[0]).toMatchObject({ status: 'SENT', attempts: 2 });
  });

  it('holds messages over the per-recipient rate limit for the next minute, without counting attempts, in order', async () => {
    const clock = new FakeClock(new Date('2026-03-06T02:00:10Z'));
    const resident = await newResident();
    await put(Array.from({ length: 5 }, (_, n) => item(resident, n, clock.read())));
    const channel = new RecordingChannel();
    const d = dispatcher(channel, clock, { perRecipientPerMinute: 2 });
    expect(await d.runOnce()).toMatchObject({ claimed: 5, sent: 2, deferred: 3 });
    expect(channel.textsTo('RESIDENT', resident)).toEqual(['消息0', '消息1']);
    const held = (await rowsOf(resident)).filter((r) => r.status === 'PENDING');
    expect(held.map((r) => r.attempts)).toEqual([0, 0, 0]);
    expect(held.map((r) => r.nextAttemptAt.toISOString())).toEqual(Array(3).fill('2026-03-06T02:01:00.000Z'));
    clock.advance(60_000);
    await d.runOnce();
    clock.advance(60_000);
    await d.runOnce();
    expect(channel.textsTo('RESIDENT', resident)).toEqual(['消息0', '消息1', '消息2', '消息3', '消息4']);
    expect((await rowsOf(resident)).map((r) => r.attempts)).toEqual([1, 1, 1, 1, 1]);
  });

  it('gives back the rate-limit slots a batch took but did not use (a failed send holds back the rest)', async () => {
    const clock = new FakeClock(new Date('2026-03-06T03:00:10Z'));
    const resident = await newResident();
    await put(Array.from({ length: 3 }, (_, n) => item(resident, n, clock.read())));
    const channel = new RecordingChannel();
    channel.failuresOf.set('消息0', 1);
    const d = dispatcher(channel, clock, { perRecipientPerMinute: 3, globalPerMinute: 3, baseRetryMs: 1000 });
    expect(await d.runOnce()).toMatchObject({ claimed: 3, sent: 0, retried: 1, deferred: 2 });
    // One send was tried: one slot used, two given back, so the three fit in this same minute.
    const window = Math.floor(clock.now.getTime() / 60_000);
    expect(await stores.rates.read(`dispatch:RESIDENT:${resident}:${window}`)).toBe(1);
    expect(await stores.rates.read(`dispatch:all:${window}`)).toBe(1);
    clock.advance(5_000);
    expect(await d.runOnce()).toMatchObject({ claimed: 3, sent: 2, deferred: 1 });
    expect(channel.textsTo('RESIDENT', resident)).toEqual(['消息0', '消息1']);
    clock.advance(60_000);
    await drain(d);
    expect(channel.textsTo('RESIDENT', resident)).toEqual(['消息0', '消息1', '消息2']);
  });

  it('holds messages over the global rate limit for the next minute', async () => {
    const clock = new FakeClock(new Date('2026-03-06T05:00:00Z'));
    const residents = await Promise.all(Array.from({ length: 5 }, () => newResident()));
    await put(residents.map((r) => item(r, 1, clock.read())));
    const channel = new RecordingChannel();
    const d = dispatcher(channel, clock, { globalPerMinute: 3 });
    expect(await d.runOnce()).toMatchObject({ claimed: 5, sent: 3, deferred: 2 });
    clock.advance(60_000);
    expect(await d.runOnce()).toMatchObject({ claimed: 2, sent: 2 });
    const rows = await db.outboxMessage.findMany({ where: { recipientKind: 'RESIDENT', recipientId: { in: residents } } });
    expect(rows.map((r) => `${r.status}/${r.attempts}`)).toEqual(Array(5).fill('SENT/1'));
  });

  it('waits for a cadre who has not bound WeChat yet, without using up attempts', async () => {
    const clock = new FakeClock(new Date('2026-03-07T02:00:00Z'));
    const area = await db.area.findFirstOrThrow({ where: { kind: 'VILLAGE' } });
    const cadre = await db.cadre.create({ data: { code: uniqueKey('c'), name: '新干部', phone: '13800009999', role: 'GRID_WORKER', areaId: area.id } });
    await put([{ key: uniqueKey('c'), recipient: { kind: 'CADRE', id: cadre.id }, kind: 'test', text: '新案件', notBefore: clock.read() }]);
    const channel = new RecordingChannel();
    const d = dispatcher(channel, clock);
    expect(await d.runOnce()).toMatchObject({ claimed: 1, deferred: 1 });
    let row = await db.outboxMessage.findFirstOrThrow({ where: { recipientKind: 'CADRE', recipientId: cadre.id } });
    expect(row).toMatchObject({ status: 'PENDING', attempts: 0, lastError: expect.stringContaining('not bound') });
    expect(row.nextAttemptAt).toEqual(new Date(clock.now.getTime() + 10 * 60_000));
    await db.cadre.update({ where: { id: cadre.id }, data: { wechatKey: uniqueKey('LX'), contactRef: 'wxid_new' } });
    clock.advance(11 * 60_000);
    await d.runOnce();
    row = await db.outboxMessage.findFirstOrThrow({ where: { id: row.id } });
    expect(row).toMatchObject({ status: 'SENT', attempts: 1 });
    const sent = channel.sent.find((s) => s.to.kind === 'CADRE' && s.to.id === cadre.id);
    expect(sent?.to).toMatchObject({ channel: 'wechat', contactRef: 'wxid_new' });
  });

  it('treats a channel that cannot find the person as unreachable, not as a failed attempt', async () => {
    const clock = new FakeClock(new Date('2026-03-08T02:00:00Z'));
    const resident = await newResident();
    await put([item(resident, 1, clock.read())]);
    const channel: OutboundChannel = {
      send: async () => {
        throw new RecipientUnreachable('no contact');
      },
    };
    const d = dispatcher(channel, clock);
    await d.runOnce();
    expect((await rowsOf(resident))[0]).toMatchObject({ status: 'PENDING', attempts: 0, lastError: 'no contact' });
  });

  it('gives up at once on a recipient who no longer exists', async () => {
    const clock = new FakeClock(new Date('2026-03-08T04:00:00Z'));
    const resident = await newResident();
    await put([item(resident, 1, clock.read())]);
    await db.resident.delete({ where: { id: resident } });
    const d = dispatcher(new RecordingChannel(), clock);
    expect(await d.runOnce()).toMatchObject({ claimed: 1, failed: 1 });
    expect((await rowsOf(resident))[0]).toMatchObject({ status: 'FAILED', lastError: 'recipient not found' });
  });

  it('when a message fails, holds back the same person’s later messages so they arrive in order', async () => {
    const clock = new FakeClock(new Date('2026-03-09T02:00:00Z'));
    const resident = await newResident();
    const other = await newResident();
    await put([item(resident, 0, clock.read()), item(resident, 1, clock.read()), item(other, 9, clock.read()), item(resident, 2, clock.read())]);
    const channel = new RecordingChannel();
    channel.failuresOf.set('消息0', 1);
    const d = dispatcher(channel, clock, { baseRetryMs: 30_000 });
    expect(await d.runOnce()).toMatchObject({ claimed: 4, sent: 1, retried: 1, deferred: 2 });
    // Another person is not held up.
    expect(channel.textsTo('RESIDENT', other)).toEqual(['消息9']);
    expect(channel.textsTo('RESIDENT', resident)).toEqual([]);
    const rows = await rowsOf(resident);
    expect(rows.map((r) => `${r.status}/${r.attempts}`)).toEqual(['PENDING/1', 'PENDING/0', 'PENDING/0']);
    clock.advance(60_000);
    await d.runOnce();
    expect(channel.textsTo('RESIDENT', resident)).toEqual(['消息0', '消息1', '消息2']);
  });

  it('a message written while an earlier one to the same person is retrying waits for it', async () => {
    const clock = new FakeClock(new Date('2026-03-10T02:00:00Z'));
    const resident = await newResident();
    await put([item(resident, 0, clock.read(), { text: '已受理' })]);
    const channel = new RecordingChannel();
    channel.failures = 1;
    const d = dispatcher(channel, clock, { baseRetryMs: 30_000 });
    await d.runOnce();
    clock.advance(5_000);
    await put([item(resident, 1, clock.read(), { text: '已办结' })]);
    expect((await d.runOnce()).claimed).toBe(0);
    clock.advance(60_000);
    await drain(d);
    expect(channel.textsTo('RESIDENT', resident)).toEqual(['已受理', '已办结']);
  });

  it('a message being sent by another dispatcher holds back the same person’s next one', async () => {
    const clock = new FakeClock(new Date('2026-03-10T05:00:00Z'));
    const resident = await newResident();
    await put([item(resident, 0, clock.read()), item(resident, 1, clock.read())]);
    const [first] = await rowsOf(resident);
    await db.outboxMessage.update({ where: { id: first!.id }, data: { status: 'SENDING', attempts: 1, lockedUntil: new Date(clock.now.getTime() + 60_000) } });
    const channel = new RecordingChannel();
    const d = dispatcher(channel, clock);
    expect((await d.runOnce()).claimed).toBe(0);
    // The other dispatcher finishes.
    await db.outboxMessage.update({ where: { id: first!.id }, data: { status: 'SENT', lockedUntil: null } });
    await d.runOnce();
    expect(channel.textsTo('RESIDENT', resident)).toEqual(['消息1']);
  });

  it('in quiet hours sends only urgent messages, and an ordinary one waiting for morning does not hold an urgent one back', async () => {
    const clock = new FakeClock(new Date('2026-03-11T15:00:00Z')); // 23:00 in Asia/Shanghai
    const resident = await newResident();
    await put([item(resident, 0, clock.read(), { text: '进展' }), item(resident, 1, clock.read(), { text: '紧急', urgent: true })]);
    const channel = new RecordingChannel();
    const d = dispatcher(channel, clock, { quietHours: parseQuietHours('21:00-08:00', 'Asia/Shanghai') });
    await d.runOnce();
    expect(channel.textsTo('RESIDENT', resident)).toEqual(['紧急']);
    expect((await rowsOf(resident))[0]).toMatchObject({ status: 'PENDING', attempts: 0 });
    clock.advance(9.5 * 3_600_000); // 08:30
    await d.runOnce();
    expect(channel.textsTo('RESIDENT', resident)).toEqual(['紧急', '进展']);
  });

  it('starts and stops its loop cleanly', async () => {
    const resident = await newResident();
    await put([item(resident, 1, new Date())]);
    const channel = new RecordingChannel();
    const d = dispatcher(channel, null, { idleMs: 10 });
    d.start();
    await eventually(async () => channel.textsTo('RESIDENT', resident), (texts) => texts.length > 0, 5_000);
    await d.stop();
    expect(channel.textsTo('RESIDENT', resident)).toEqual(['消息1']);
  });
});

describe('enqueue', () => {
  it('adds nothing for a key already in the outbox', async () => {
    const resident = await newResident();
    const one = item(resident, 1);
    await put([one]);
    await put([one, { ...one, text: 'changed' }]);
    expect((await rowsOf(resident)).map((r) => r.text)).toEqual(['消息1']);
  });

  it('writes nothing when the change’s transaction rolls back', async () => {
    const resident = await newResident();
    await expect(
      db.$transaction(async (tx) => {
        await enqueue(tx, [item(resident, 1)], new Date());
        throw new Error('the change failed');
      }),
    ).rejects.toThrow('the change failed');
    expect(await rowsOf(resident)).toEqual([]);
  });

  it('is due at the change’s own time, or at its notBefore', async () => {
    const resident = await newResident();
    const at = new Date('2026-04-01T01:00:00Z');
    const later = new Date('2026-04-01T09:00:00Z');
    await put([item(resident, 1, undefined, { caseId: null, urgent: true }), item(resident, 2, later)], at);
    const rows = await rowsOf(resident);
    expect(rows.map((r) => [r.nextAttemptAt, r.createdAt, r.urgent, r.status, r.attempts])).toEqual([
      [at, at, true, 'PENDING', 0],
      [later, at, false, 'PENDING', 0],
    ]);
  });
});
