import { scratchDb } from '../support/scratch-db';
import { startTestService, uniqueKey, type TestService } from '../support/test-service';
import type { ScheduledCaseWork } from '../../src/cases/case-service';
import { cadreStep } from '../support/cadre-step';

/**
 * Two job instances (each a service with its own connection pool, as two processes would be)
 * run the same job at the same moment over the same due items, without the Redis election that
 * normally gives a slot to one of them: each item must still be handled exactly once, one event
 * and one outbox row per item, and the two runs' counts must add up to the items.
 */
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
// Monday 2 March 2026, 10:00 in Zigong (no quiet hours in play).
const T0 = new Date('2026-03-02T02:00:00Z');
const after = (ms: number) => new Date(T0.getTime() + ms);
const CASES = 40;
// The follow-up periods both instances run with (set below, not left to the defaults).
const FOLLOW_UP_REMIND_MS = 3 * DAY;
const FOLLOW_UP_CLOSE_MS = 3 * DAY;
const FOLLOW_UPS = { FOLLOW_UP_REMIND_DAYS: '3', FOLLOW_UP_CLOSE_DAYS: '3' };

let scratch: { url: string; drop: () => Promise<void> };
let one: TestService;
let two: TestService;

beforeAll(async () => {
  scratch = await scratchDb('once', { migrate: true });
  const prefix = `${process.env.REDIS_KEY_PREFIX}once:${uniqueKey('r')}:`;
  one = await startTestService({ DATABASE_URL: scratch.url, REDIS_KEY_PREFIX: prefix, ...FOLLOW_UPS });
  two = await startTestService({ DATABASE_URL: scratch.url, REDIS_KEY_PREFIX: prefix, ...FOLLOW_UPS });
  for (const c of await one.db.cadre.findMany()) await one.db.cadre.update({ where: { id: c.id }, data: { wechatKey: `LX-${c.code}`, contactRef: c.code } });
}, 60_000);
beforeEach(async () => {
  // Each test starts from the seeded district alone: only its own cases are due.
  await one.db.$executeRawUnsafe('TRUNCATE "Case", "Resident", "OutboxMessage", "FollowUp", "CaseNumberCounter" RESTART IDENTITY CASCADE');
});
afterAll(async () => {
  await one?.close();
  await two?.close();
  await scratch.drop();
});

async function fileMany(n: number, priority: 'URGENT' | 'SERIOUS'): Promise<number[]> {
  const ids: number[] = [];
  for (let i = 0; i < n; i++) {
    const residentKey = uniqueKey('LX');
    const filed = await one.cases.fileCase({
      channel: 'wechat', residentKey, contactRef: residentKey, confirmMessageId: uniqueKey('m'), description: `阴沟堵塞 ${i}`,
      categoryCode: 'DRAINAGE', areaCode: 'GJ-XX-XY', locationText: `花园路${i}栋`, households: 10, phone: '13812345678',
      classifierWords: [], attachments: [], priority, at: T0,
    });
    ids.push(filed.caseId);
  }
  return ids;
}

/**
 * Both instances run `job` at `now` at once, claiming 3 items a page (so that their pages
 * interleave, each skipping what the other holds); returns what each said it handled.
 */
async function race(job: keyof ScheduledCaseWork, now: Date): Promise<[number, number]> {
  const [a, b] = await Promise.all([one.cases.scheduled[job](now, { duePage: 3 }), two.cases.scheduled[job](now, { duePage: 3 })]);
  return [a, b];
}

async function perCase(ids: number[], count: (id: number) => Promise<number>): Promise<number[]> {
  return Promise.all(ids.map(count));
}

const eventsOf = (ids: number[], type: 'REMINDED' | 'ESCALATED' | 'CLOSED') =>
  perCase(ids, (caseId) => one.db.caseEvent.count({ where: { caseId, type } }));
const outboxOf = (ids: number[], kind: string) => perCase(ids, (caseId) => one.db.outboxMessage.count({ where: { caseId, kind } }));

describe('two job instances over the same due items', () => {
  it('time limits: each case is reminded once, then escalated once, whoever claims it', async () => {
    const ids = await fileMany(CASES, 'URGENT');
    // 急: 2 h to accept, reminded at 75 %: at 1 h 40 min every case is due for its reminder.
    const reminded = await race('watchTimeLimits', after(100 * 60_000));
    expect(reminded[0] + reminded[1]).toBe(CASES);
    expect(await eventsOf(ids, 'REMINDED')).toEqual(ids.map(() => 1));
    expect(await outboxOf(ids, 'cadre.reminder')).toEqual(ids.map(() => 1));
    // Just past the deadline: one level (the area lead), the next only half a period later.
    const escalated = await race('watchTimeLimits', after(2 * HOUR + 60_000));
    expect(escalated[0] + escalated[1]).toBe(CASES);
    expect(await eventsOf(ids, 'ESCALATED')).toEqual(ids.map(() => 1));
    expect(await outboxOf(ids, 'cadre.escalation')).toEqual(ids.map(() => 1));
    const events = await one.db.caseEvent.findMany({ where: { caseId: { in: ids }, type: { in: ['REMINDED', 'ESCALATED'] } } });
    expect(events.every((e) => e.actorKind === 'SYSTEM' && e.actorId === null)).toBe(true);
    expect(events.filter((e) => e.type === 'ESCALATED').every((e) => e.targetCadreId !== null)).toBe(true);
    const rows = await one.db.case.findMany({ where: { id: { in: ids } } });
    expect(rows.every((r) => r.escalationLevel === 1 && r.reminded && r.nextCheckAt!.getTime() > after(2 * HOUR + 60_000).getTime())).toBe(true);
  }, 120_000);

  it('resident updates: each resident hears once', async () => {
    const ids = await fileMany(CASES, 'SERIOUS');
    const [a, b] = await race('updateResidents', after(3 * DAY + HOUR));
    expect(a + b).toBe(CASES);
    expect(await outboxOf(ids, 'resident.update')).toEqual(ids.map(() => 1));
  }, 120_000);

  it('follow-ups: asked once, reminded once, closed once as "no reply"', async () => {
    const ids = await fileMany(CASES, 'SERIOUS');
    const actor = (cadreId: number) => ({ kind: 'CADRE' as const, cadreId, supervisor: false });
    for (const id of ids) {
      const c = await one.db.case.findUniqueOrThrow({ where: { id } });
      await cadreStep(one.cases, actor(c.assigneeId!), c.caseNumber, { type: 'accept' }, after(HOUR));
      await cadreStep(one.cases, actor(c.assigneeId!), c.caseNumber, { type: 'resolve', note: '已疏通' }, after(2 * HOUR));
    }
    const asked = await race('runFollowUps', after(27 * HOUR));
    expect(asked[0] + asked[1]).toBe(CASES);
    expect(await perCase(ids, (caseId) => one.db.followUp.count({ where: { caseId } }))).toEqual(ids.map(() => 1));
    expect(await outboxOf(ids, 'resident.followUp')).toEqual(ids.map(() => 1));
    const reminded = await race('runFollowUps', after(27 * HOUR + FOLLOW_UP_REMIND_MS + HOUR));
    expect(reminded[0] + reminded[1]).toBe(CASES);
    expect(await outboxOf(ids, 'resident.followUpReminder')).toEqual(ids.map(() => 1));
    const closed = await race('runFollowUps', after(28 * HOUR + FOLLOW_UP_REMIND_MS + FOLLOW_UP_CLOSE_MS + HOUR));
    expect(closed[0] + closed[1]).toBe(CASES);
    expect(await eventsOf(ids, 'CLOSED')).toEqual(ids.map(() => 1));
    const rows = await one.db.case.findMany({ where: { id: { in: ids } }, include: { followUps: true } });
    expect(rows.every((r) => r.status === 'CLOSED' && r.closeReason === 'NO_REPLY' && r.followUps[0]?.answer === 'NO_REPLY')).toBe(true);
  }, 180_000);
});
