import { createDb, type Db } from '../../src/db/client';
import { createRedis, type RedisClient } from '../../src/redis/client';
import { createLogger } from '../../src/logging/logger';
import { enqueue, type OutboxItem } from '../../src/outbox/enqueue';
import { createDispatcher, type OutboundChannel, type Recipient, RecipientUnreachable } from '../../src/dispatcher/dispatcher';
import { retryDelayMs } from '../../src/dispatcher/backoff';
import { uniqueKey } from '../support/test-service';
import { scratchDb } from '../support/scratch-db';

const logger = createLogger({ silent: true });
let db: Db;
let db2: Db;
let redis: RedisClient;
let dropDb: () => Promise<void>;

beforeAll(async () => {
  const scratch = await scratchDb('disp', { migrate: true });
  dropDb = scratch.drop;
  db = createDb(scratch.url, { poolSize: 4 });
  db2 = createDb(scratch.url, { poolSize: 4 });
  redis = createRedis(process.env.REDIS_URL!, `${process.env.REDIS_KEY_PREFIX}disp:${Date.now()}:`);
});
afterAll(async () => {
  await db.$disconnect();
  await db2.$disconnect();
  await redis.quit();
  await dropDb();
});

class FakeClock {
  constructor(public now = new Date('2026-03-01T02:00:00Z')) {}
  read = () => new Date(this.now);
  advance(ms: number) {
    this.now = new Date(this.now.getTime() + ms);
  }
}

/** Records what was sent; `failures` makes the next N sends throw. */
class RecordingChannel implements OutboundChannel {
  sent: { to: Recipient; text: string }[] = [];
  failures = 0;
  async send(to: Recipient, text: string) {
    if (this.failures > 0) {
      this.failures--;
      throw new Error('WeChat refused: 发送消息过于频繁');
    }
    this.sent.push({ to, text });
  }
}

async function newResident(): Promise<number> {
  const area = await db.area.findFirstOrThrow({ where: { kind: 'COMMUNITY' } });
  const r = await db.resident.create({ data: { channel: 'wechat', channelKey: uniqueKey('LX'), contactRef: uniqueKey('wxid'), areaId: area.id } });
  return r.id;
}

async function put(items: OutboxItem[]) {
  await db.$transaction((tx) => enqueue(tx, items));
}

const item = (residentId: number, n: number, at?: Date): OutboxItem => ({
  key: uniqueKey(`test:${n}`),
  recipient: { kind: 'RESIDENT', id: residentId },
  kind: 'test',
  text: `消息${n}`,
  notBefore: at,
});

const statusOf = async (residentId: number) =>
  db.outboxMessage.findMany({ where: { recipientKind: 'RESIDENT', recipientId: residentId }, orderBy: { id: 'asc' } });

describe('the outbox dispatcher', () => {
  it('sends a due message once and marks it sent', async () => {
    const clock = new FakeClock();
    const resident = await newResident();
    await put([item(resident, 1, clock.read())]);
    const channel = new RecordingChannel();
    const d = createDispatcher({ db, redis, channel, logger, clock: clock.read, perRecipientPerMinute: 100, globalPerMinute: 10_000 });
    while ((await d.runOnce()).claimed > 0);
    expect(channel.sent.filter((s) => s.to.id === resident).map((s) => s.text)).toEqual(['消息1']);
    expect((await statusOf(resident)).map((r) => [r.status, r.attempts])).toEqual([['SENT', 1]]);
    await d.runOnce();
    expect(channel.sent.filter((s) => s.to.id === resident)).toHaveLength(1);
  });

  it('delivers once after the channel fails twice, backing off between tries', async () => {
    const clock = new FakeClock(new Date('2026-03-02T02:00:00Z'));
    const resident = await newResident();
    await put([item(resident, 1, clock.read())]);
    const channel = new RecordingChannel();
    channel.failures = 2;
    const d = createDispatcher({ db, redis, channel, logger, clock: clock.read, baseRetryMs: 30_000, perRecipientPerMinute: 100, globalPerMinute: 10_000 });
    await d.runOnce();
    let [row] = await statusOf(resident);
    expect(row).toMatchObject({ status: 'PENDING', attempts: 1, lastError: expect.stringContaining('频繁') });
    // Not due again yet: nothing happens.
    await d.runOnce();
    expect((await statusOf(resident))[0]!.attempts).toBe(1);
    clock.advance(40_000);
    await d.runOnce();
    [row] = await statusOf(resident);
    expect(row).toMatchObject({ status: 'PENDING', attempts: 2 });
    clock.advance(80_000);
    await d.runOnce();
    [row] = await statusOf(resident);
    expect(row).toMatchObject({ status: 'SENT', attempts: 3 });
    expect(channel.sent.filter((s) => s.to.id === resident)).toHaveLength(1);
  });

  it('marks a message failed after the configured attempts, and keeps the row', async () => {
    const clock = new FakeClock(new Date('2026-03-03T02:00:00Z'));
    const resident = await newResident();
    await put([item(resident, 1, clock.read())]);
    const channel = new RecordingChannel();
    channel.failures = 1_000;
    const d = createDispatcher({ db, redis, channel, logger, clock: clock.read, maxAttempts: 4, baseRetryMs: 1000, perRecipientPerMinute: 100, globalPerMinute: 10_000 });
    for (let i = 0; i < 10; i++) {
      await d.runOnce();
      clock.advance(3_600_000);
    }
    const [row] = await statusOf(resident);
    expect(row).toMatchObject({ status: 'FAILED', attempts: 4, lastError: expect.stringContaining('WeChat refused') });
    expect(channel.sent.filter((s) => s.to.id === resident)).toHaveLength(0);
  });

  it('with two dispatchers on the same database, sends each of 240 messages exactly once', async () => {
    const clock = new FakeClock(new Date('2026-03-04T02:00:00Z'));
    const residents = await Promise.all(Array.from({ length: 24 }, () => newResident()));
    await put(residents.flatMap((r) => Array.from({ length: 10 }, (_, n) => item(r, n, clock.read()))));
    const channel = new RecordingChannel();
    const common = { redis, channel, logger, clock: clock.read, batchSize: 20, perRecipientPerMinute: 1000, globalPerMinute: 100_000 };
    const a = createDispatcher({ ...common, db });
    const b = createDispatcher({ ...common, db: db2 });
    const drain = async (d: typeof a) => {
      while ((await d.runOnce()).claimed > 0);
    };
    await Promise.all([drain(a), drain(b), drain(a), drain(b)]);
    const mine = channel.sent.filter((s) => residents.includes(s.to.id));
    expect(mine).toHaveLength(240);
    expect(new Set(mine.map((s) => `${s.to.id}:${s.text}`)).size).toBe(240);
    // Each resident heard their ten messages in order.
    for (const r of residents) expect(mine.filter((s) => s.to.id === r).map((s) => s.text)).toEqual(Array.from({ length: 10 }, (_, n) => `消息${n}`));
    const rows = await db.outboxMessage.findMany({ where: { recipientId: { in: residents }, recipientKind: 'RESIDENT' } });
    expect(rows.every((r) => r.status === 'SENT' && r.attempts === 1)).toBe(true);
  });

  it('re-sends a row left SENDING by a dispatcher that crashed, once its lease has passed', async () => {
    const clock = new FakeClock(new Date('2026-03-05T02:00:00Z'));
    const resident = await newResident();
    await put([item(resident, 1, clock.read())]);
    const key = (await statusOf(resident))[0]!.id;
    // The crashed dispatcher had claimed it.
    await db.outboxMessage.update({ where: { id: key }, data: { status: 'SENDING', attempts: 1, lockedUntil: new Date(clock.now.getTime() + 60_000) } });
    const channel = new RecordingChannel();
    const d = createDispatcher({ db, redis, channel, logger, clock: clock.read, perRecipientPerMinute: 100, globalPerMinute: 10_000 });
    await d.runOnce();
    expect(channel.sent.filter((s) => s.to.id === resident)).toHaveLength(0);
    clock.advance(61_000);
    await d.runOnce();
    expect(channel.sent.filter((s) => s.to.id === resident)).toHaveLength(1);
    expect((await statusOf(resident))[0]).toMatchObject({ status: 'SENT', attempts: 2 });
  });

  it('holds messages over the per-recipient rate limit for the next minute, without counting attempts, in order', async () => {
    const clock = new FakeClock(new Date('2026-03-06T02:00:10Z'));
    const resident = await newResident();
    await put(Array.from({ length: 5 }, (_, n) => item(resident, n, clock.read())));
    const channel = new RecordingChannel();
    const d = createDispatcher({ db, redis, channel, logger, clock: clock.read, perRecipientPerMinute: 2, globalPerMinute: 10_000 });
    await d.runOnce();
    expect(channel.sent.filter((s) => s.to.id === resident).map((s) => s.text)).toEqual(['消息0', '消息1']);
    const held = (await statusOf(resident)).filter((r) => r.status === 'PENDING');
    expect(held.map((r) => r.attempts)).toEqual([0, 0, 0]);
    expect(held.every((r) => r.nextAttemptAt.getTime() === new Date('2026-03-06T02:01:00Z').getTime())).toBe(true);
    clock.advance(60_000);
    await d.runOnce();
    clock.advance(60_000);
    await d.runOnce();
    expect(channel.sent.filter((s) => s.to.id === resident).map((s) => s.text)).toEqual(['消息0', '消息1', '消息2', '消息3', '消息4']);
  });

  it('waits for a cadre who has not bound WeChat yet, without using up attempts', async () => {
    const clock = new FakeClock(new Date('2026-03-07T02:00:00Z'));
    const area = await db.area.findFirstOrThrow({ where: { kind: 'VILLAGE' } });
    const cadre = await db.cadre.create({ data: { code: uniqueKey('c'), name: '新干部', phone: '13800009999', role: 'GRID_WORKER', areaId: area.id } });
    await put([{ key: uniqueKey('c'), recipient: { kind: 'CADRE', id: cadre.id }, kind: 'test', text: '新案件', notBefore: clock.read() }]);
    const channel = new RecordingChannel();
    const d = createDispatcher({ db, redis, channel, logger, clock: clock.read, perRecipientPerMinute: 100, globalPerMinute: 10_000 });
    await d.runOnce();
    let row = await db.outboxMessage.findFirstOrThrow({ where: { recipientKind: 'CADRE', recipientId: cadre.id } });
    expect(row).toMatchObject({ status: 'PENDING', attempts: 0 });
    await db.cadre.update({ where: { id: cadre.id }, data: { wechatKey: uniqueKey('LX'), contactRef: 'wxid_new' } });
    clock.advance(11 * 60_000);
    await d.runOnce();
    row = await db.outboxMessage.findFirstOrThrow({ where: { id: row.id } });
    expect(row.status).toBe('SENT');
    expect(channel.sent.find((s) => s.to.kind === 'CADRE' && s.to.id === cadre.id)?.to.contactRef).toBe('wxid_new');
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
    const d = createDispatcher({ db, redis, channel, logger, clock: clock.read, perRecipientPerMinute: 100, globalPerMinute: 10_000 });
    await d.runOnce();
    expect((await statusOf(resident))[0]).toMatchObject({ status: 'PENDING', attempts: 0, lastError: 'no contact' });
  });

  it('enqueues nothing twice for the same key', async () => {
    const resident = await newResident();
    const one = item(resident, 1);
    await put([one]);
    await put([one, { ...one, text: 'changed' }]);
    expect((await statusOf(resident)).map((r) => r.text)).toEqual(['消息1']);
  });

  it('starts and stops its loop cleanly', async () => {
    const resident = await newResident();
    await put([item(resident, 1, new Date())]);
    const channel = new RecordingChannel();
    const d = createDispatcher({ db, redis, channel, logger, idleMs: 10, perRecipientPerMinute: 100, globalPerMinute: 10_000 });
    d.start();
    const deadline = Date.now() + 5000;
    while (!channel.sent.some((s) => s.to.id === resident) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
    await d.stop();
    expect(channel.sent.some((s) => s.to.id === resident)).toBe(true);
  });
});

describe('retry back-off', () => {
  it('doubles from the base with jitter and is capped at an hour', () => {
    expect(retryDelayMs(1, 30_000, () => 0.5)).toBe(30_000);
    expect(retryDelayMs(2, 30_000, () => 0.5)).toBe(60_000);
    expect(retryDelayMs(3, 30_000, () => 0)).toBe(96_000);
    expect(retryDelayMs(30, 30_000, () => 1)).toBe(3_600_000);
  });
});
