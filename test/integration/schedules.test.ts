import { scratchDb } from '../support/scratch-db';
import { startTestService, uniqueKey, type TestService } from '../support/test-service';
import { FakeClock, RecordingChannel, Simulation } from '../support/simulation';
import { isQuiet, parseQuietHours } from '../../src/domain/quiet-hours';
import type { FileCaseInput } from '../../src/cases/file-case';
import type { Priority } from '../../src/domain/ledger';
import { renderCase } from '../../src/dialogue/case-replies';
import type { DialogueContext } from '../../src/dialogue/types';
import { cadreStep } from '../support/cadre-step';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const quiet = parseQuietHours('21:00-08:00', 'Asia/Shanghai');
// Monday 2 March 2026, 10:00 in Zigong.
const T0 = new Date('2026-03-02T02:00:00Z');
const after = (ms: number) => new Date(T0.getTime() + ms);

let scratch: { url: string; drop: () => Promise<void> };
let clock: FakeClock;
let service: TestService;
let channel: RecordingChannel;
let sim: Simulation;
const cadre: Record<string, number> = {};

beforeAll(async () => {
  scratch = await scratchDb('sched');
});
afterAll(async () => {
  await scratch.drop();
});

beforeEach(async () => {
  clock = new FakeClock(T0);
  // Each test starts from the seeded district alone (job runs are unique per slot across tests).
  const { Client } = await import('pg');
  const pg = new Client({ connectionString: scratch.url });
  await pg.connect();
  await pg.query('TRUNCATE "Case", "Resident", "OutboxMessage", "JobRun", "FollowUp", "CaseNumberCounter" RESTART IDENTITY CASCADE').catch(() => undefined);
  await pg.end();
  service = await startTestService({ DATABASE_URL: scratch.url, REDIS_KEY_PREFIX: `${process.env.REDIS_KEY_PREFIX}sched:${uniqueKey('r')}:` }, { clock: clock.read });
  // Every seeded cadre is bound to WeChat, so messages to them go out.
  for (const c of await service.db.cadre.findMany()) {
    await service.db.cadre.update({ where: { id: c.id }, data: { wechatKey: `LX-${c.code}`, contactRef: c.code } });
    cadre[c.code] = c.id;
  }
  channel = new RecordingChannel(clock);
  sim = new Simulation(clock, [service], channel);
});
afterEach(async () => {
  await sim.stop();
  await service.close();
});

async function file(overrides: Partial<FileCaseInput> & { priority: Priority }) {
  const residentKey = uniqueKey('LX');
  const filed = await service.cases.fileCase({
    channel: 'wechat',
    residentKey,
    contactRef: residentKey,
    confirmMessageId: uniqueKey('m'),
    description: '阴沟堵塞，污水外流',
    categoryCode: 'DRAINAGE',
    areaCode: 'GJ-XX-XY',
    locationText: '花园路1栋',
    households: 56,
    phone: '13812345678',
    classifierWords: [],
    attachments: [],
    at: clock.read(),
    ...overrides,
  });
  const row = await service.db.case.findUniqueOrThrow({ where: { id: filed.caseId } });
  return { ...filed, residentId: row.residentId!, residentKey };
}

const kinds = (caseId: number) =>
  service.db.outboxMessage.findMany({ where: { caseId }, orderBy: { id: 'asc' } }).then((rows) => rows.map((r) => `${r.kind}→${r.recipientKind === 'CADRE' ? Object.entries(cadre).find(([, id]) => id === r.recipientId)?.[0] : 'resident'}`));

describe('time limits', () => {
  it('reminds an urgent case not accepted at 1.5 h, then escalates to the area lead, the town and the district', async () => {
    const c = await file({ priority: 'URGENT' });
    await sim.run(T0, after(6 * HOUR), 5);
    expect(await kinds(c.caseId)).toEqual([
      'cadre.newCase→xy-grid',
      'resident.assigned→resident',
      'cadre.reminder→xy-grid',
      'cadre.escalation→xy-sec',
      'cadre.escalation→xx-town-1',
      'cadre.escalation→gj-sup-1',
    ]);
    const sentAt = (code: string, kind: RegExp) => channel.to('CADRE', cadre[code]!).find((s) => kind.test(s.text))?.at.toISOString();
    expect(sentAt('xy-grid', /提醒/)).toBe(after(1.5 * HOUR).toISOString());
    expect(sentAt('xy-sec', /督办/)).toBe(after(2 * HOUR).toISOString());
    expect(sentAt('xx-town-1', /督办/)).toBe(after(3 * HOUR).toISOString());
    expect(sentAt('gj-sup-1', /督办/)).toBe(after(4 * HOUR).toISOString());
    const events = await service.db.caseEvent.findMany({ where: { caseId: c.caseId }, orderBy: { id: 'asc' } });
    expect(events.map((e) => e.type)).toEqual(['FILED', 'ASSIGNED', 'REMINDED', 'ESCALATED', 'ESCALATED', 'ESCALATED']);
    // The system escalated: the leads it called on are the events' targets, never their actors.
    const escalations = events.filter((e) => e.type === 'ESCALATED');
    expect(escalations.map((e) => e.targetCadreId)).toEqual([cadre['xy-sec'], cadre['xx-town-1'], cadre['gj-sup-1']]);
    expect(escalations.map((e) => [e.actorKind, e.actorId])).toEqual([['SYSTEM', null], ['SYSTEM', null], ['SYSTEM', null]]);
    // The resident's timeline shows the escalations without naming a person.
    const seen = await service.cases.findResidentCase({ channel: 'wechat', residentKey: c.residentKey }, c.caseNumber);
    const shown = seen!.events.filter((e) => e.type === 'ESCALATED' || e.type === 'REMINDED');
    expect(shown.map((e) => [e.by, e.note])).toEqual([[null, expect.stringMatching(/^受理期限/)], [null, null], [null, null], [null, null]]);
    expect(JSON.stringify(seen)).not.toMatch(/杨秀英|黄丽|周建国/);
  });

  it('stops chasing once the case is accepted in time, and watches the resolution deadline instead', async () => {
    const c = await file({ priority: 'URGENT' });
    await sim.run(T0, after(HOUR), 5);
    await cadreStep(service.cases, { kind: 'CADRE', cadreId: cadre['xy-grid']!, supervisor: false }, c.caseNumber, { type: 'accept' }, after(HOUR));
    await sim.run(after(HOUR), after(19 * HOUR), 15);
    const k = await kinds(c.caseId);
    expect(k.filter((x) => x.startsWith('cadre.escalation'))).toEqual([]);
    // 24 h to resolve from filing: reminded at 18 h.
    expect(k.filter((x) => x.startsWith('cadre.reminder'))).toEqual(['cadre.reminder→xy-grid']);
  });
});

describe('residents hear how things stand', () => {
  // A week simulated in 15-minute steps (672 rounds of jobs and dispatch): long by design, so its own timeout.
  it('gets an update every 3 days without news, never in quiet hours', async () => {
    const c = await file({ priority: 'MINOR', categoryCode: 'SANITATION', areaCode: 'GJ-XX-HY', description: '垃圾没人清' });
    await sim.run(T0, after(7 * DAY), 15);
    const toResident = channel.to('RESIDENT', c.residentId);
    expect(toResident.map((s) => s.at.toISOString())).toEqual([T0, after(3 * DAY), after(6 * DAY)].map((d) => d.toISOString()));
    expect(toResident[1]!.text).toContain(c.caseNumber);
    expect(toResident[1]!.text).toMatch(/孙丽娟/);
    // Nothing that is not urgent went out during quiet hours, to anyone.
    const nonUrgent = await service.db.outboxMessage.findMany({ where: { urgent: false, status: 'SENT' } });
    expect(nonUrgent.length).toBeGreaterThan(0);
    for (const row of nonUrgent) expect(isQuiet(row.sentAt!, quiet)).toBe(false);
  }, 120_000);

  it('holds a message written at night until 08:00, but not an urgent one', async () => {
    const night = new Date('2026-03-02T14:00:00Z'); // 22:00
    clock.set(night);
    const minor = await file({ priority: 'MINOR', categoryCode: 'SANITATION', areaCode: 'GJ-XX-HY' });
    const urgent = await file({ priority: 'URGENT' });
    await sim.dispatch();
    expect(channel.to('RESIDENT', minor.residentId)).toEqual([]);
    expect(channel.to('RESIDENT', urgent.residentId)).toHaveLength(1);
    await sim.run(new Date('2026-03-02T14:05:00Z'), new Date('2026-03-03T00:00:00Z'), 5);
    const held = channel.to('RESIDENT', minor.residentId);
    expect(held).toHaveLength(1);
    expect(held[0]!.at.toISOString()).toBe('2026-03-03T00:00:00.000Z'); // 08:00 in Zigong
  });
});

describe('follow-up visits (回访)', () => {
  async function resolved() {
    const c = await file({ priority: 'SERIOUS' });
    const actor = { kind: 'CADRE' as const, cadreId: cadre['xy-grid']!, supervisor: false };
    await cadreStep(service.cases, actor, c.caseNumber, { type: 'accept' }, after(HOUR));
    await cadreStep(service.cases, actor, c.caseNumber, { type: 'resolve', note: '管道已疏通' }, after(2 * HOUR));
    return c;
  }
  const say = (residentKey: string, text: string) =>
    service.inbound.handle({ id: uniqueKey('in'), channel: 'wechat', senderKey: residentKey, content: { kind: 'text', text }, receivedAt: clock.read() });

  it('asks the resident; 3 (不满意) reopens the case, routes it again and escalates one level', async () => {
    const c = await resolved();
    await sim.run(T0, after(27 * HOUR), 15);
    const question = channel.to('RESIDENT', c.residentId).find((s) => s.text.includes('满意吗'));
    expect(question?.text).toContain('管道已疏通');
    expect(isQuiet(question!.at, quiet)).toBe(false);
    clock.set(after(28 * HOUR));
    const reply = await say(c.residentKey, '3 还是堵，臭');
    expect(reply?.join('')).toMatch(/重新办理/);
    const row = await service.db.case.findUniqueOrThrow({ where: { id: c.caseId }, include: { events: { orderBy: { id: 'asc' } }, followUps: true } });
    expect(row.status).toBe('ASSIGNED');
    expect(row.assigneeId).toBe(cadre['xy-grid']);
    expect(row.reopenedAt?.toISOString()).toBe(after(28 * HOUR).toISOString());
    // Fresh time limits from the reopening (重: 24 h to accept).
    expect(row.acceptDueAt.toISOString()).toBe(after(52 * HOUR).toISOString());
    expect(row.followUps).toMatchObject([{ answer: 'UNSATISFIED', comment: '还是堵，臭' }]);
    expect(row.events.map((e) => e.type).slice(-4)).toEqual(['FOLLOW_UP', 'REOPENED', 'ASSIGNED', 'ESCALATED']);
    // The reopening is the resident's act, credited to them; routing and escalating are the system's.
    expect(row.events.slice(-4).map((e) => [e.actorKind, e.actorId, e.targetCadreId])).toEqual([
      ['RESIDENT', c.residentId, null],
      ['RESIDENT', c.residentId, null],
      ['SYSTEM', null, cadre['xy-grid']],
      ['SYSTEM', null, cadre['xy-sec']],
    ]);
    // What the resident reads says 群众 for their own act, and names nobody for the system's.
    const seen = await service.cases.findResidentCase({ channel: 'wechat', residentKey: c.residentKey }, c.caseNumber);
    const lookup = renderCase(seen!, { timeZone: 'Asia/Shanghai' } as DialogueContext);
    expect(lookup).toMatch(/重新办理（群众）：不满意：还是堵，臭/);
    expect(lookup).toMatch(/督办$/);
    expect(lookup).not.toContain('杨秀英');
    await sim.dispatch();
    expect(channel.to('CADRE', cadre['xy-sec']!).some((s) => s.text.includes(c.caseNumber) && s.text.includes('不满意'))).toBe(true);
    expect(channel.to('CADRE', cadre['xy-grid']!).filter((s) => s.text.includes('新案件') && s.text.includes(c.caseNumber))).toHaveLength(2);
  });

  it('closes the case on 1 (满意), and counts it as satisfied', async () => {
    const c = await resolved();
    await sim.run(T0, after(27 * HOUR), 30);
    expect((await say(c.residentKey, '满意'))?.join('')).toMatch(/谢谢/);
    const row = await service.db.case.findUniqueOrThrow({ where: { id: c.caseId }, include: { followUps: true } });
    expect(row).toMatchObject({ status: 'CLOSED', closeReason: 'SATISFIED' });
    // A second answer finds no follow-up waiting: it is an ordinary message again.
    expect((await say(c.residentKey, '1'))?.join('')).not.toMatch(/谢谢/);
  });

  it('reminds once after 3 days without an answer, then closes the case as "no reply"', async () => {
    const c = await resolved();
    await sim.run(T0, after(9 * DAY), 60);
    const asked = channel.to('RESIDENT', c.residentId).filter((s) => /满意吗|再问一下/.test(s.text));
    expect(asked.map((s) => s.text.startsWith('再问一下'))).toEqual([false, true]);
    expect(asked[1]!.at.getTime() - asked[0]!.at.getTime()).toBeGreaterThanOrEqual(3 * DAY);
    const row = await service.db.case.findUniqueOrThrow({ where: { id: c.caseId }, include: { followUps: true, events: true } });
    expect(row).toMatchObject({ status: 'CLOSED', closeReason: 'NO_REPLY' });
    expect(row.followUps).toMatchObject([{ answer: 'NO_REPLY' }]);
    expect(row.events.filter((e) => e.type === 'CLOSED')).toHaveLength(1);
  });
});

describe('digests', () => {
  it('sends each bound cadre with open cases a morning list, and supervisors a weekly summary with the rates', async () => {
    await file({ priority: 'URGENT' });
    await sim.run(after(-2 * HOUR), after(8 * DAY), 30);
    const digests = channel.to('CADRE', cadre['xy-grid']!).filter((s) => s.text.startsWith('早上好'));
    expect(digests).toHaveLength(9); // 08:30 on each of the nine mornings from 2 to 10 March
    expect(digests[1]!.text).toMatch(/超期/);
    const weekly = channel.to('CADRE', cadre['gj-sup-1']!).filter((s) => s.text.includes('本周民情台账'));
    expect(weekly.map((s) => s.at.toISOString())).toEqual(['2026-03-02T01:00:00.000Z', '2026-03-09T01:00:00.000Z']); // Mondays 09:00
    expect(weekly[0]!.text).toMatch(/响应率[\s\S]*解决率[\s\S]*满意率/);
  });
});

describe('two instances', () => {
  it('over a simulated week with 120 cases, produce every message exactly once', async () => {
    const second = await startTestService({ DATABASE_URL: scratch.url, REDIS_KEY_PREFIX: service.config.REDIS_KEY_PREFIX }, { clock: clock.read });
    const twin = new Simulation(clock, [service, second], channel);
    try {
      const priorities: Priority[] = ['URGENT', 'SERIOUS', 'DEFERRABLE', 'MINOR'];
      const cases: Awaited<ReturnType<typeof file>>[] = [];
      for (let i = 0; i < 120; i++) cases.push(await file({ priority: priorities[i % 4]! }));
      const actor = (code: string) => ({ kind: 'CADRE' as const, cadreId: cadre[code]!, supervisor: false });
      await twin.run(T0, after(7 * DAY), 30, async (at) => {
        // A cadre works through some cases as the week goes on.
        const hour = Math.round((at.getTime() - T0.getTime()) / HOUR);
        if (at.getUTCMinutes() !== 0 || hour % 6 !== 1) return;
        for (const c of cases.filter((_, i) => i % 3 === hour % 3).slice(0, 5)) {
          const row = await service.db.case.findUniqueOrThrow({ where: { id: c.caseId } });
                if (row.status === 'ASSIGNED') await cadreStep(service.cases, actor('xy-grid'), c.caseNumber, { type: 'accept' }, at);
          else if (row.status === 'ACCEPTED') await cadreStep(service.cases, actor('xy-grid'), c.caseNumber, { type: 'resolve', note: '已处理' }, at);
        }
      });
      const rows = await service.db.outboxMessage.findMany({ where: { status: 'SENT' } });
      expect(rows.length).toBeGreaterThan(400);
      expect(channel.sent).toHaveLength(rows.length);
      const sentKeys = channel.sent.map((s) => `${s.to.kind}:${s.to.id}:${s.text}`);
      const rowKeys = rows.map((r) => `${r.recipientKind}:${r.recipientId}:${r.text}`);
      expect(sentKeys.sort()).toEqual(rowKeys.sort());
      // Every kind of scheduled work happened, each slot run by exactly one instance.
      const kindsSent = new Set(rows.map((r) => r.kind));
      for (const k of ['cadre.reminder', 'cadre.escalation', 'resident.update', 'resident.followUp', 'cadre.digest', 'cadre.weekly']) expect(kindsSent).toContain(k);
      const runs = await service.db.jobRun.findMany();
      expect(new Set(runs.map((r) => `${r.name}:${r.slot.toISOString()}`)).size).toBe(runs.length);
      expect(new Set(runs.map((r) => r.instance)).size).toBe(2);
      expect(runs.every((r) => r.finishedAt && !r.error)).toBe(true);
    } finally {
      await twin.stop();
      await second.close();
    }
  }, 180_000);
});

describe('the schedules under node-cron', () => {
  it('start for the jobs role and stop cleanly on shutdown', async () => {
    const schedules = service.startSchedules();
    expect(schedules.tasks.map((t) => t.name)).toEqual(['time-limits', 'resident-updates', 'follow-ups', 'cadre-digest', 'weekly-summary', 'retention']);
    expect(schedules.tasks[0]!.getNextRun()).toBeInstanceOf(Date);
    await schedules.stop();
    expect(schedules.tasks.every((t) => t.getStatus() === 'destroyed')).toBe(true);
  });
});
