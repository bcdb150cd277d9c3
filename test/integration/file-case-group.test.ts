import { filingInput, startTestService, uniqueKey, type TestService } from '../support/test-service';
import type { FileCaseInput } from '../../src/cases/file-case';

// Filings that arrive together are written together (group commit, src/cases/group-commit.ts):
// what each filing is promised must not depend on the company it arrives in.
let service: TestService;
beforeAll(async () => {
  service = await startTestService();
});
afterAll(async () => {
  await service.close();
});

const input = (overrides: Partial<FileCaseInput> = {}): FileCaseInput =>
  filingInput({ description: '路灯坏了，晚上看不见路', households: 3, classifierWords: ['路灯'], at: new Date('2026-04-02T03:00:00Z'), ...overrides });

const casesOf = (confirmMessageIds: string[]) =>
  service.db.case.findMany({
    where: { confirmMessageId: { in: confirmMessageIds } },
    include: { events: { orderBy: { id: 'asc' } }, resident: true, outbox: true },
  });

describe('filings arriving together', () => {
  it('each get their own case, number, resident, events and notices', async () => {
    const inputs = Array.from({ length: 30 }, (_, i) => input({ description: `第${i}户：阴沟堵塞`, households: i + 1 }));
    const filed = await Promise.all(inputs.map((x) => service.cases.fileCase(x)));
    expect(filed.every((f) => f.created)).toBe(true);
    expect(new Set(filed.map((f) => f.caseNumber)).size).toBe(30);
    expect(new Set(filed.map((f) => f.caseId)).size).toBe(30);
    const rows = await casesOf(inputs.map((x) => x.confirmMessageId));
    expect(rows).toHaveLength(30);
    for (const [i, x] of inputs.entries()) {
      const row = rows.find((r) => r.confirmMessageId === x.confirmMessageId)!;
      // The reply each filing got is about its own case.
      expect(row).toMatchObject({ id: filed[i]!.caseId, caseNumber: filed[i]!.caseNumber, description: x.description, households: x.households });
      expect(row.resident?.channelKey).toBe(x.residentKey);
      expect(row.events.map((e) => e.type)).toEqual(['FILED', 'ASSIGNED']);
      expect(row.events[0]).toMatchObject({ actorKind: 'RESIDENT', actorId: row.residentId });
      // The cadre hears of it and so does the resident, each once, with this case's number.
      expect(row.outbox.map((o) => o.recipientKind).sort()).toEqual(['CADRE', 'RESIDENT']);
      expect(row.outbox.every((o) => o.text.includes(row.caseNumber) || o.recipientKind === 'RESIDENT')).toBe(true);
    }
  });

  it('keep one resident for two reports of the same person in one group', async () => {
    const residentKey = uniqueKey('resident');
    const [a, b] = await Promise.all([service.cases.fileCase(input({ residentKey })), service.cases.fileCase(input({ residentKey, phone: null, residentName: '张三' }))]);
    expect(a.caseId).not.toBe(b.caseId);
    const residents = await service.db.resident.findMany({ where: { channelKey: residentKey }, include: { cases: true } });
    expect(residents).toHaveLength(1);
    expect(residents[0]!.cases).toHaveLength(2);
    expect(residents[0]).toMatchObject({ phone: '13812345678', displayName: '张三' });
  });
});

describe('a confirmation filed again', () => {
  it('in the same group is one case, created once', async () => {
    const same = input();
    const results = await Promise.all([service.cases.fileCase(same), service.cases.fileCase(input()), service.cases.fileCase(same)]);
    expect(results[0]!.caseNumber).toBe(results[2]!.caseNumber);
    expect(results.filter((r) => r.caseNumber === results[0]!.caseNumber).map((r) => r.created).sort()).toEqual([false, true]);
    expect(await service.db.case.count({ where: { confirmMessageId: same.confirmMessageId } })).toBe(1);
  });

  it('in a later group (a retried 确认) gives back the first case and files nothing', async () => {
    const same = input();
    const first = await service.cases.fileCase(same);
    const retried = await Promise.all([service.cases.fileCase(same), ...Array.from({ length: 5 }, () => service.cases.fileCase(input()))]);
    expect(retried[0]).toMatchObject({ caseId: first.caseId, caseNumber: first.caseNumber, created: false });
    expect(retried.slice(1).every((r) => r.created && r.caseNumber !== first.caseNumber)).toBe(true);
    const rows = await casesOf([same.confirmMessageId]);
    expect(rows).toHaveLength(1);
    expect(rows[0]!.events).toHaveLength(2);
    expect(rows[0]!.outbox).toHaveLength(2);
  });
});

describe('two processes filing at once', () => {
  it('give every case its own number and each confirmation one case', async () => {
    const other = await startTestService();
    try {
      const shared = Array.from({ length: 10 }, () => input());
      const own = (n: number) => Array.from({ length: n }, () => input());
      // Two rounds each, so the second round of a busy process may take numbers from a block.
      const results = [];
      for (let round = 0; round < 2; round++) {
        results.push(...(await Promise.all([
          ...[...shared, ...own(20)].map((x) => service.cases.fileCase(x)),
          ...[...shared, ...own(20)].map((x) => other.cases.fileCase(x)),
        ])));
      }
      const byCase = new Map(results.map((r) => [r.caseId, r.caseNumber]));
      expect(new Set(byCase.values()).size).toBe(byCase.size);
      expect(byCase.size).toBe(10 + 4 * 20);
      const rows = await casesOf(shared.map((x) => x.confirmMessageId));
      expect(rows).toHaveLength(10);
      expect(rows.every((r) => r.events.length === 2)).toBe(true);
    } finally {
      await other.close();
    }
  });
});

describe('a group with one bad filing', () => {
  it('files the others and fails only the bad one', async () => {
    const good = Array.from({ length: 6 }, () => input());
    // A NUL character: PostgreSQL refuses the text, so the group's statement fails as a whole.
    const bad = input({ description: '坏\u0000数据' });
    const settled = await Promise.allSettled([...good.slice(0, 3), bad, ...good.slice(3)].map((x) => service.cases.fileCase(x)));
    expect(settled.map((s) => s.status)).toEqual(['fulfilled', 'fulfilled', 'fulfilled', 'rejected', 'fulfilled', 'fulfilled', 'fulfilled']);
    const rows = await casesOf(good.map((x) => x.confirmMessageId));
    expect(rows).toHaveLength(6);
    expect(rows.every((r) => r.events.length === 2)).toBe(true);
    expect(await service.db.case.count({ where: { confirmMessageId: bad.confirmMessageId } })).toBe(0);
    const numbers = settled.flatMap((s) => (s.status === 'fulfilled' ? [s.value.caseNumber] : []));
    expect(new Set(numbers).size).toBe(6);
  });

  it('rejects an unknown area at once, without holding up the group', async () => {
    const settled = await Promise.allSettled([service.cases.fileCase(input()), service.cases.fileCase(input({ areaCode: 'NOWHERE' })), service.cases.fileCase(input())]);
    expect(settled.map((s) => s.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
  });
});
