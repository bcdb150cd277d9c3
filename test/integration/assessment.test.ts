import { runCli } from '../support/run-cli';
import { createDb, type Db } from '../../src/db/client';
import { assess } from '../../src/assessment/rates';
import type { Figures } from '../../src/assessment/counts';
import { DEFAULT_CATEGORY_ROLES } from '../../src/config/district-schema';
import { type AreaFigures, assessAreas, assessCadres } from '../../src/assessment/assess-areas';
import { parsePeriod } from '../../src/cli/command-input';
import { runStatsCommand } from '../../src/cli/stats-command';
import type { Prisma } from '../../src/generated/prisma/client';
import { scratchDb } from '../support/scratch-db';

let db: Db;
let url: string;
let drop: () => Promise<void>;

// The period: March 2026 in Beijing time, [2026-03-01 00:00 +08:00, 2026-04-01 00:00 +08:00).
const FROM = new Date('2026-02-28T16:00:00Z');
const TO = new Date('2026-03-31T16:00:00Z');
const roles = DEFAULT_CATEGORY_ROLES;
const NOW = new Date('2026-04-15T04:00:00Z');
/** Noon in Beijing on a day of 2026 ("03-05"), so no time-zone edge is near. */
const day = (md: string) => new Date(`2026-${md}T04:00:00Z`);

type CaseSpec = {
  n: string;
  area: string;
  cadre?: string;
  ledger?: Prisma.CaseCreateManyInput['ledger'];
  category?: string;
  status: Prisma.CaseCreateManyInput['status'];
  created: Date;
  acceptDue: Date;
  accepted?: Date;
  resolveDue: Date;
  resolved?: Date;
  reopened?: Date;
  households?: number;
};

/**
 * The fixture (areas: 桥头镇 GJ-QT ⊃ 团结村 TJ, 水塘村 ST; 筱溪街道 GJ-XX ⊃ 向阳社区 XY; 龙潭镇 GJ-LT ⊃ 火石村 HS):
 * T1 TJ tj-grid LIVELIHOOD: accepted in time, due 03-10, resolved 03-08, CLOSED, 10 households; follow-up SATISFIED
 * T2 TJ tj-grid LIVELIHOOD: accepted late, due 03-20, reopened 03-16 and resolved again 03-18, 5 households;
 *    follow-ups UNSATISFIED (03-15) then PARTLY (03-19)
 * T3 TJ tj-sec DISPUTE/STABILITY: accepted in time, due 03-25, resolved 03-24; follow-up NO_REPLY
 * T4 TJ tj-sec HARDSHIP: not accepted, due 04-05 (after the period: not due, not overdue), 1 household
 * T5 TJ tj-grid: filed 02-10 (before), due 03-15, still IN_PROGRESS: due and overdue, not filed in the period
 * S1 ST unassigned VILLAGE_AFFAIRS: FILED, due 03-30: due and overdue, 20 households
 * S2 ST st-sec DISPUTE/STABILITY: accepted exactly at its limit (in time), due 03-12, resolved 03-11, CLOSED; follow-up PARTLY
 * X1 XY xy-sec PARTY_AFFAIRS: in time, due 03-09, resolved 03-08, CLOSED; follow-up SATISFIED, and one on 04-03 (outside)
 * X2 XY xy-sec SENTIMENT: filed 04-02 (outside), nothing in the period
 * H1 HS SENTIMENT unassigned: filed 2026-03-31 23:59 Beijing (inside); H2 at 04-01 00:00 Beijing and
 * H3 at 02-28 23:59 Beijing (outside); none due in the period.
 */
const CASES: CaseSpec[] = [
  { n: 'T1', area: 'GJ-QT-TJ', cadre: 'tj-grid', status: 'CLOSED', created: day('03-02'), acceptDue: day('03-03'), accepted: day('03-02'), resolveDue: day('03-10'), resolved: day('03-08'), households: 10 },
  { n: 'T2', area: 'GJ-QT-TJ', cadre: 'tj-grid', status: 'RESOLVED', created: day('03-05'), acceptDue: day('03-06'), accepted: day('03-07'), resolveDue: day('03-20'), resolved: day('03-18'), reopened: day('03-16'), households: 5 },
  { n: 'T3', area: 'GJ-QT-TJ', cadre: 'tj-sec', ledger: 'STABILITY', category: 'DISPUTE', status: 'RESOLVED', created: day('03-10'), acceptDue: day('03-11'), accepted: day('03-10'), resolveDue: day('03-25'), resolved: day('03-24') },
  { n: 'T4', area: 'GJ-QT-TJ', cadre: 'tj-sec', ledger: 'HARDSHIP', category: 'HARDSHIP', status: 'ASSIGNED', created: day('03-20'), acceptDue: day('03-21'), resolveDue: day('04-05'), households: 1 },
  { n: 'T5', area: 'GJ-QT-TJ', cadre: 'tj-grid', status: 'IN_PROGRESS', created: day('02-10'), acceptDue: day('02-11'), accepted: day('02-10'), resolveDue: day('03-15') },
  { n: 'S1', area: 'GJ-QT-ST', ledger: 'VILLAGE_AFFAIRS', category: 'VILLAGE_AFFAIRS', status: 'FILED', created: day('03-03'), acceptDue: day('03-04'), resolveDue: day('03-30'), households: 20 },
  { n: 'S2', area: 'GJ-QT-ST', cadre: 'st-sec', ledger: 'STABILITY', category: 'DISPUTE', status: 'CLOSED', created: day('03-04'), acceptDue: day('03-05'), accepted: day('03-05'), resolveDue: day('03-12'), resolved: day('03-11') },
  { n: 'X1', area: 'GJ-XX-XY', cadre: 'xy-sec', ledger: 'PARTY_AFFAIRS', category: 'PARTY_AFFAIRS', status: 'CLOSED', created: day('03-06'), acceptDue: day('03-07'), accepted: day('03-06'), resolveDue: day('03-09'), resolved: day('03-08') },
  { n: 'X2', area: 'GJ-XX-XY', cadre: 'xy-sec', ledger: 'SENTIMENT', category: 'SUGGESTION', status: 'ASSIGNED', created: day('04-02'), acceptDue: day('04-03'), resolveDue: day('04-10') },
  { n: 'H1', area: 'GJ-LT-HS', ledger: 'SENTIMENT', category: 'SUGGESTION', status: 'FILED', created: new Date('2026-03-31T15:59:00Z'), acceptDue: day('05-01'), resolveDue: day('05-10') },
  { n: 'H2', area: 'GJ-LT-HS', ledger: 'SENTIMENT', category: 'SUGGESTION', status: 'FILED', created: new Date('2026-03-31T16:00:00Z'), acceptDue: day('05-01'), resolveDue: day('05-10') },
  { n: 'H3', area: 'GJ-LT-HS', ledger: 'SENTIMENT', category: 'SUGGESTION', status: 'FILED', created: new Date('2026-02-28T15:59:00Z'), acceptDue: day('05-01'), resolveDue: day('05-10') },
];

const FOLLOW_UPS: [string, 'SATISFIED' | 'PARTLY' | 'UNSATISFIED' | 'NO_REPLY', Date][] = [
  ['T1', 'SATISFIED', day('03-09')],
  ['T2', 'UNSATISFIED', day('03-15')],
  ['T2', 'PARTLY', day('03-19')],
  ['T3', 'NO_REPLY', day('03-27')],
  ['S2', 'PARTLY', day('03-13')],
  ['X1', 'SATISFIED', day('03-10')],
  ['X1', 'SATISFIED', day('04-03')],
];

async function insertFixture(): Promise<void> {
  const areas = new Map((await db.area.findMany()).map((a) => [a.code, a.id]));
  const cadres = new Map((await db.cadre.findMany()).map((c) => [c.code, c.id]));
  const resident = await db.resident.create({ data: { channel: 'test', channelKey: 'assess-1', displayName: '王大妈' } });
  await db.case.createMany({
    data: CASES.map((c) => ({
      caseNumber: `GJ-TEST-${c.n}`,
      ledger: c.ledger ?? 'LIVELIHOOD',
      category: c.category ?? 'DRAINAGE',
      priority: 'SERIOUS',
      status: c.status,
      description: c.n,
      areaId: areas.get(c.area)!,
      residentId: resident.id,
      assigneeId: c.cadre ? cadres.get(c.cadre)! : null,
      confirmMessageId: `assess-${c.n}`,
      channel: 'test',
      createdAt: c.created,
      acceptDueAt: c.acceptDue,
      acceptedAt: c.accepted ?? null,
      resolveDueAt: c.resolveDue,
      resolvedAt: c.resolved ?? null,
      closedAt: c.status === 'CLOSED' ? c.resolved : null,
      reopenedAt: c.reopened ?? null,
      households: c.households ?? null,
    })),
  });
  const ids = new Map((await db.case.findMany({ select: { id: true, description: true } })).map((c) => [c.description, c.id]));
  await db.followUp.createMany({
    data: FOLLOW_UPS.map(([n, answer, at]) => ({ caseId: ids.get(n)!, residentId: resident.id, askedAt: at, answeredAt: at, answer })),
  });
}

beforeAll(async () => {
  ({ url, drop } = await scratchDb('assessment', { migrate: true }));
  db = createDb(url, { poolSize: 2 });
  await insertFixture();
});
afterAll(async () => {
  await db.$disconnect();
  await drop();
});

const ledgers = (over: Partial<Figures['byLedger']>): Figures['byLedger'] => ({
  LIVELIHOOD: 0, HARDSHIP: 0, STABILITY: 0, VILLAGE_AFFAIRS: 0, SENTIMENT: 0, PARTY_AFFAIRS: 0, ...over,
});

/*
 * Hand computation.
 * 团结村: filed T1 T2 T3 T4 = 4 (LIVELIHOOD 2, STABILITY 1, HARDSHIP 1); assigned 4; in time T1 T3 = 2 → 2/4.
 *   resolved in period T1 T2 T3 = 3 (dispute T3 = 1); due T1 T2 T3 T5 = 4, resolved and never reopened T1 T3 = 2 → 2/4.
 *   overdue T5 = 1; reopened T2 = 1; answers SAT 1, PARTLY 1, UNSAT 1 → 2/3; NO_REPLY 1; households 10+5+1 = 16.
 * 水塘村: filed S1 S2 = 2; assigned S2 = 1, in time 1 → 1/1; resolved S2 (dispute); due S1 S2 = 2, resolved 1 → 1/2;
 *   overdue S1 = 1; PARTLY 1 → 1/1; households 20.
 * 桥头镇 = 团结村 + 水塘村: filed 6; 3/5; due 6, 3 → 1/2; overdue 2; reopened 1; SAT 1 PARTLY 2 UNSAT 1 → 3/4; households 36.
 * 向阳社区 = 筱溪街道: X1 only: filed 1, 1/1, 1/1, SAT 1 → 1/1 (the 04-03 answer and X2 are outside).
 * 火石村 = 龙潭镇: H1 only (filed 1, SENTIMENT); nothing assigned or due: three null rates.
 * 贡井区: filed 6+1+1 = 8; assigned 6, in time 4 → 4/6; resolved 5, disputes 2; due 7, resolved 4 → 4/7; overdue 2;
 *   reopened 1; SAT 2 PARTLY 2 UNSAT 1 → 4/5; NO_REPLY 1; households 36.
 */
const EXPECTED: Record<string, Partial<Figures>> = {
  'GJ-QT-TJ': {
    filed: 4, byLedger: ledgers({ LIVELIHOOD: 2, STABILITY: 1, HARDSHIP: 1 }), assigned: 4, acceptedInTime: 2, resolved: 3, disputesResolved: 1,
    due: 4, resolvedOfDue: 2, overdue: 1, reopened: 1, answered: 3, satisfied: 1, partly: 1, unsatisfied: 1, noReply: 1, households: 16,
    responseRate: 0.5, resolutionRate: 0.5, satisfactionRate: 2 / 3,
  },
  'GJ-QT-ST': {
    filed: 2, byLedger: ledgers({ VILLAGE_AFFAIRS: 1, STABILITY: 1 }), assigned: 1, acceptedInTime: 1, resolved: 1, disputesResolved: 1,
    due: 2, resolvedOfDue: 1, overdue: 1, reopened: 0, answered: 1, satisfied: 0, partly: 1, unsatisfied: 0, noReply: 0, households: 20,
    responseRate: 1, resolutionRate: 0.5, satisfactionRate: 1,
  },
  'GJ-QT': {
    filed: 6, byLedger: ledgers({ LIVELIHOOD: 2, STABILITY: 2, HARDSHIP: 1, VILLAGE_AFFAIRS: 1 }), assigned: 5, acceptedInTime: 3, resolved: 4,
    disputesResolved: 2, due: 6, resolvedOfDue: 3, overdue: 2, reopened: 1, answered: 4, satisfied: 1, partly: 2, unsatisfied: 1, noReply: 1,
    households: 36, responseRate: 0.6, resolutionRate: 0.5, satisfactionRate: 0.75,
  },
  'GJ-XX-XY': { filed: 1, byLedger: ledgers({ PARTY_AFFAIRS: 1 }), assigned: 1, acceptedInTime: 1, due: 1, resolvedOfDue: 1, answered: 1, responseRate: 1, resolutionRate: 1, satisfactionRate: 1 },
  'GJ-XX': { filed: 1, resolved: 1, overdue: 0, responseRate: 1, resolutionRate: 1, satisfactionRate: 1 },
  'GJ-LT-HS': { filed: 1, byLedger: ledgers({ SENTIMENT: 1 }), assigned: 0, due: 0, answered: 0, responseRate: null, resolutionRate: null, satisfactionRate: null },
  'GJ-LT': { filed: 1, responseRate: null, resolutionRate: null, satisfactionRate: null },
  GJ: {
    filed: 8, byLedger: ledgers({ LIVELIHOOD: 2, STABILITY: 2, HARDSHIP: 1, VILLAGE_AFFAIRS: 1, PARTY_AFFAIRS: 1, SENTIMENT: 1 }), assigned: 6,
    acceptedInTime: 4, resolved: 5, disputesResolved: 2, due: 7, resolvedOfDue: 4, overdue: 2, reopened: 1, answered: 5, satisfied: 2, partly: 2,
    unsatisfied: 1, noReply: 1, households: 36, responseRate: 4 / 6, resolutionRate: 4 / 7, satisfactionRate: 0.8,
  },
};

/** Rates compared to 10 digits; counts exactly. */
function expectFigures(actual: Figures, expected: Partial<Figures>): void {
  for (const [key, value] of Object.entries(expected)) {
    const got = actual[key as keyof Figures];
    if (typeof value === 'number' && key.endsWith('Rate')) expect([key, got]).toEqual([key, expect.closeTo(value, 10)]);
    else expect([key, got]).toEqual([key, value]);
  }
}

describe('assessAreas', () => {
  let areas: AreaFigures[];
  beforeAll(async () => {
    areas = await assessAreas(db, { from: FROM, to: TO, now: NOW, roles });
  });

  it.each(Object.keys(EXPECTED))('gives %s its own and its descendants figures', (code) => {
    const area = areas.find((a) => a.code === code);
    expect(area).toBeDefined();
    expectFigures(area!.figures, EXPECTED[code]!);
  });

  it('lists every area once, parents before children', () => {
    expect(areas.map((a) => a.code)).toEqual(['GJ', 'GJ-QT', 'GJ-QT-TJ', 'GJ-QT-ST', 'GJ-LT', 'GJ-LT-HS', 'GJ-XX', 'GJ-XX-XY', 'GJ-XX-HY']);
    expect(areas.map((a) => a.depth)).toEqual([0, 1, 2, 2, 1, 2, 1, 2, 2]);
  });

  it('agrees with assess for the district and for a subtree', async () => {
    const district = await assess(db, { from: FROM, to: TO, now: NOW, roles });
    expect(district).toEqual(areas[0]!.figures);
    const town = areas.filter((a) => a.code.startsWith('GJ-QT')).map((a) => a.areaId);
    expect(await assess(db, { from: FROM, to: TO, now: NOW, roles, areaIds: town })).toEqual(areas.find((a) => a.code === 'GJ-QT')!.figures);
  });

  it('counts overdue only up to now when the period has not ended', async () => {
    // On 03-20 T5 (due 03-15) is overdue; S1 (due 03-30) is not yet.
    const early = await assessAreas(db, { from: FROM, to: TO, now: day('03-20'), roles });
    expect(early[0]!.figures.overdue).toBe(1);
  });
});

describe('assessCadres', () => {
  /*
   * tj-grid: T1 T2 T5. filed T1 T2 = 2, in time T1 → 1/2; due T1 T2 T5 = 3, resolved and never reopened T1 → 1/3;
   *   overdue T5; answers SAT (T1), UNSAT and PARTLY (T2) → 2/3.
   * tj-sec: T3 T4. in time T3 → 1/2; due T3 → 1/1; only NO_REPLY → null, noReply 1; dispute resolved 1.
   * st-sec: S2 → 1/1, 1/1, 1/1. xy-sec: X1 (X2 outside) → 1/1, 1/1, 1/1. qt-town-1: nothing → nulls.
   */
  it('gives each cadre the figures of the cases assigned to them', async () => {
    const cadres = await assessCadres(db, { from: FROM, to: TO, now: NOW, roles });
    const of = (code: string) => cadres.find((c) => c.code === code)!.figures;
    expectFigures(of('tj-grid'), {
      filed: 2, assigned: 2, acceptedInTime: 1, due: 3, resolvedOfDue: 1, resolved: 2, overdue: 1, reopened: 1, answered: 3, satisfied: 1,
      partly: 1, unsatisfied: 1, households: 15, responseRate: 0.5, resolutionRate: 1 / 3, satisfactionRate: 2 / 3,
    });
    expectFigures(of('tj-sec'), {
      filed: 2, disputesResolved: 1, answered: 0, noReply: 1, responseRate: 0.5, resolutionRate: 1, satisfactionRate: null,
    });
    expectFigures(of('st-sec'), { filed: 1, responseRate: 1, resolutionRate: 1, satisfactionRate: 1 });
    expectFigures(of('xy-sec'), { filed: 1, responseRate: 1, resolutionRate: 1, satisfactionRate: 1 });
    expectFigures(of('qt-town-1'), { filed: 0, responseRate: null, resolutionRate: null, satisfactionRate: null });
  });

  it('can be limited to the cadres of some areas', async () => {
    const areaId = (await db.area.findUniqueOrThrow({ where: { code: 'GJ-QT-TJ' } })).id;
    const cadres = await assessCadres(db, { from: FROM, to: TO, now: NOW, roles, areaIds: [areaId] });
    expect(cadres.map((c) => c.code).sort()).toEqual(['tj-grid', 'tj-sec']);
  });
});

describe('parsePeriod', () => {
  it('takes days in the district zone, --to inclusive', () => {
    expect(parsePeriod({ from: '2026-03-01', to: '2026-03-31' }, 'Asia/Shanghai')).toEqual({ from: FROM, to: TO });
    expect(parsePeriod({ from: '2026-12-31', to: '2026-12-31' }, 'Asia/Shanghai').to).toEqual(new Date('2026-12-31T16:00:00Z'));
  });
  it.each([['2026-02-30'], ['2026-1-1'], ['yesterday']])('refuses %s', (text) => {
    expect(() => parsePeriod({ from: text }, 'Asia/Shanghai')).toThrow(/--from must be a date/);
  });
});

describe('lianxin stats', () => {
  const run = (args: string[]) => runCli(runStatsCommand, args, { ...process.env, DATABASE_URL: url });

  it('prints one JSON object with the same figures (the real clock is past the period)', async () => {
    const { code, out } = await run(['--from', '2026-03-01', '--to', '2026-03-31', '--json']);
    expect(code).toBe(0);
    const parsed = JSON.parse(out) as { areas: AreaFigures[]; cadres: { code: string }[] };
    for (const [areaCode, expected] of Object.entries(EXPECTED)) {
      expectFigures(parsed.areas.find((a) => a.code === areaCode)!.figures, expected);
    }
    expect(parsed.cadres.map((c) => c.code)).toContain('tj-grid');
  });

  it('prints a table for an area given by name: its subtree, rates as percentages', async () => {
    const { code, out } = await run(['--from', '2026-03-01', '--to', '2026-03-31', '--area', '桥头镇']);
    expect(code).toBe(0);
    const lines = out.split('\n');
    const row = (name: string) => lines.find((l) => new RegExp(`^\\s*${name}\\s+\\d`).test(l))!.trim().split(/\s+/);
    // name, filed, resolved, overdue, reopened, households, visits, opinions, response, resolution, satisfaction
    expect(row('桥头镇')).toEqual(['桥头镇', '6', '4', '2', '1', '36', '0', '0', '60.0%', '50.0%', '75.0%']);
    expect(row('团结村')).toEqual(['团结村', '4', '3', '1', '1', '16', '0', '0', '50.0%', '50.0%', '66.7%']);
    expect(out).not.toContain('向阳社区');
    expect(out).toContain('稳定工作台账 2');
    // Cadres of the town's areas only: 水塘村's 刘永福 is listed, 火石村's 赵大勇 is not.
    expect(out).toContain('刘永福');
    expect(out).not.toContain('赵大勇');
  });

  it('counts the whole last day: H1 at 23:59 Beijing time on --to is in, H2 at midnight is not', async () => {
    const { out } = await run(['--from', '2026-03-31', '--to', '2026-03-31', '--area', 'GJ-LT-HS', '--json']);
    const parsed = JSON.parse(out) as { areas: AreaFigures[] };
    expect(parsed.areas.map((a) => [a.code, a.figures.filed])).toEqual([['GJ-LT-HS', 1]]);
  });

  it.each([
    [['--from', '2026-13-01', '--to', '2026-03-31'], /--from must be a date/],
    [['--from', '2026-03-01', '--to', '31/03/2026'], /--to must be a date/],
    [['--from', '2026-04-01', '--to', '2026-03-31'], /--from must not be after --to/],
    [['--from', '2026-03-01', '--to', '2026-03-31', '--area', '月球村'], /no area .*月球村/],
    [['--to', 'soon'], /--to must be a date/],
    [['--bogus'], /Unknown option/],
  ])('refuses bad input with exit code 2: %j', async (args, reason) => {
    const { code, err, out } = await run(args);
    expect(code).toBe(2);
    expect(err).toMatch(reason);
    expect(out).toBe('');
  });
});
