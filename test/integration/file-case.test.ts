import { filingInput, startTestService, uniqueKey, type TestService } from '../support/test-service';
import type { FileCaseInput } from '../../src/cases/file-case';
import { CASE_NUMBER_IN_TEXT } from '../../src/domain/case-number';

let service: TestService;
beforeAll(async () => {
  service = await startTestService();
});
afterAll(async () => {
  await service.close();
});

const input = (overrides: Partial<FileCaseInput> = {}): FileCaseInput =>
  filingInput({ attachments: [{ ref: 'data/attachments/a.jpg', mime: 'image/jpeg' }], ...overrides });

describe('filing a case', () => {
  it('writes it into its category ledger with deadlines, its FILED and ASSIGNED events and attachments', async () => {
    const filed = await service.cases.fileCase(input());
    expect(filed.caseNumber).toMatch(/^GJ-20260226-\d{4}$/);
    expect(filed.created).toBe(true);
    const row = await service.db.case.findUniqueOrThrow({
      where: { caseNumber: filed.caseNumber },
      include: { events: true, attachments: true, area: true, resident: true },
    });
    expect(row).toMatchObject({ ledger: 'LIVELIHOOD', category: 'DRAINAGE', priority: 'SERIOUS', status: 'ASSIGNED', households: 56 });
    expect(row.area.name).toBe('向阳社区');
    expect(row.resident?.phone).toBe('13812345678');
    // 重: accept within 24 h, resolve within 7 days.
    expect(row.acceptDueAt.toISOString()).toBe('2026-02-27T02:00:00.000Z');
    expect(row.resolveDueAt.toISOString()).toBe('2026-03-05T02:00:00.000Z');
    expect(row.events.map((e) => [e.type, e.actorKind, e.toStatus])).toEqual([
      ['FILED', 'RESIDENT', 'FILED'],
      ['ASSIGNED', 'SYSTEM', 'ASSIGNED'],
    ]);
    expect(row.attachments).toHaveLength(1);
  });

  it('is idempotent on the message that confirmed it', async () => {
    const same = input();
    const [a, b] = await Promise.all([service.cases.fileCase(same), service.cases.fileCase(same)]);
    expect(a.caseNumber).toBe(b.caseNumber);
    const again = await service.cases.fileCase(same);
    expect(again).toMatchObject({ caseNumber: a.caseNumber, created: false });
    expect(await service.db.case.count({ where: { confirmMessageId: same.confirmMessageId } })).toBe(1);
  });

  it('gives concurrent filings distinct numbers from a per-day sequence', async () => {
    const at = new Date('2026-03-01T04:00:00Z');
    const filed = await Promise.all(Array.from({ length: 40 }, () => service.cases.fileCase(input({ at }))));
    const numbers = filed.map((f) => f.caseNumber);
    expect(new Set(numbers).size).toBe(40);
    const sequence = numbers.map((n) => Number(n.split('-')[2])).sort((x, y) => x - y);
    expect(sequence[sequence.length - 1]! - sequence[0]!).toBe(39);
  });

  it('keeps one resident per channel identity across cases', async () => {
    const residentKey = uniqueKey('resident');
    await service.cases.fileCase(input({ residentKey }));
    await service.cases.fileCase(input({ residentKey, phone: null }));
    const residents = await service.db.resident.findMany({ where: { channelKey: residentKey }, include: { cases: true } });
    expect(residents).toHaveLength(1);
    expect(residents[0]!.cases).toHaveLength(2);
    expect(residents[0]!.phone).toBe('13812345678');
  });

  it('refuses an unknown area and writes nothing', async () => {
    const bad = input({ areaCode: 'NOWHERE' });
    await expect(service.cases.fileCase(bad)).rejects.toThrow(/unknown area/);
    expect(await service.db.case.count({ where: { confirmMessageId: bad.confirmMessageId } })).toBe(0);
  });

  it("shows a resident their own cases only", async () => {
    const mine = input();
    const theirs = input();
    const a = await service.cases.fileCase(mine);
    const b = await service.cases.fileCase(theirs);
    const who = { channel: 'wechat', residentKey: mine.residentKey };
    expect((await service.cases.listResidentCases(who)).map((c) => c.caseNumber)).toEqual([a.caseNumber]);
    expect(await service.cases.findResidentCase(who, a.caseNumber)).toMatchObject({ caseNumber: a.caseNumber, areaName: '向阳社区' });
    expect(await service.cases.findResidentCase(who, b.caseNumber)).toBeNull();
  });
});

describe('a filing interrupted by a crash', () => {
  it('is finished on the resident’s next message, once, with its number', async () => {
    const { newSession } = await import('../../src/dialogue/intake');
    const residentKey = uniqueKey('LX');
    const draft = {
      description: '阴沟堵塞，污水外流', categoryCode: 'DRAINAGE', areaCode: 'GJ-XX-XY', locationText: '2栋',
      households: 5, priority: 'SERIOUS' as const, phone: null, attachments: [], classifierWords: [],
    };
    // What the router saved just before filing, as if the process died right after.
    const session = { ...newSession(Date.now()), filing: null };
    const stored = { session, pending: [{ type: 'fileCase', draft, confirmMessageId: 'crash-confirm-1' + residentKey }] };
    await service.stores.sessions.put(`session:wechat:${residentKey}`, JSON.stringify(stored), 3_600_000);
    const replies = await service.inbound.handle({ id: uniqueKey('m'), channel: 'wechat', senderKey: residentKey, content: { kind: 'text', text: '你好' }, receivedAt: new Date() });
    expect(replies?.join('')).toMatch(CASE_NUMBER_IN_TEXT);
    const again = await service.inbound.handle({ id: uniqueKey('m'), channel: 'wechat', senderKey: residentKey, content: { kind: 'text', text: '你好' }, receivedAt: new Date() });
    expect(again?.join('')).not.toMatch(CASE_NUMBER_IN_TEXT);
    expect(await service.db.case.count({ where: { resident: { channelKey: residentKey } } })).toBe(1);
  });
});
