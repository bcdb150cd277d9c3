import { runCli } from '../support/run-cli';
import { scratchDb } from '../support/scratch-db';
import { createDb, type Db } from '../../src/db/client';
import { loadDistrictData } from '../../src/config/district';
import { compileDistrict } from '../../src/config/compile-district';
import type { FileCaseDeps } from '../../src/cases/file-case';
import { fileCase } from '../../src/cases/file-case';
import { joinCase } from '../../src/cases/join-case';
import { acceptCase } from '../../src/cases/accept-case';
import { resolveCase } from '../../src/cases/resolve-case';
import { recordVisit } from '../../src/visits/record-visit';
import { districtReport } from '../../src/assessment/district-report';
import { assessAreas, assessCadres } from '../../src/assessment/assess-areas';
import { runStatsCommand } from '../../src/cli/stats-command';
import { buildLedgerWorkbook } from '../../src/export/ledger-export';
import { VISIT_SHEET_NAME } from '../../src/export/visit-sheet';
import { CASE_NUMBER_IN_TEXT } from '../../src/domain/case-number';

let db: Db;
let url: string;
let drop: () => Promise<void>;
let deps: FileCaseDeps;

// March 2026 in Beijing time; noon on a day of it.
const FROM = new Date('2026-02-28T16:00:00Z');
const TO = new Date('2026-03-31T16:00:00Z');
const day = (md: string) => new Date(`2026-${md}T04:00:00Z`);
const supervisor = { kind: 'CADRE' as const, cadreId: 0, supervisor: true };

/*
 * The fixture: in March, 向阳社区's secretary visits two enterprises (2 + 1 opinions; the first has one
 * problem, a neighbours' dispute, filed on the spot and later resolved); 团结村's secretary visits a
 * household in hardship (3 opinions, 1 problem not filed). In April another visit (outside the period).
 * Residents file a suggestion (意见建议) and a blocked drain (12 households) that two more residents
 * join (5 households, and one who does not know: 1), resolved in March.
 */
beforeAll(async () => {
  ({ url, drop } = await scratchDb('district_report', { migrate: true }));
  db = createDb(url, { poolSize: 2 });
  const district = compileDistrict(loadDistrictData());
  const areaIds = new Map((await db.area.findMany({ select: { code: true, id: true } })).map((a) => [a.code, a.id]));
  deps = { db, district, areaIds, showCadrePhone: false };
  const cadre = async (code: string) => (await db.cadre.findUniqueOrThrow({ where: { code } })).id;
  supervisor.cadreId = await cadre('gj-sup-1');
  const visit = (n: string, over: Partial<Parameters<typeof recordVisit>[1]>) =>
    recordVisit({ ...deps, cases: { fileCase: (input) => fileCase(deps, input) } }, { cadreId: 0, kind: 'ENTERPRISE', visitee: `企业${n}`, areaCode: 'GJ-XX-XY', place: '', opinions: [], problems: [], toFile: [], confirmMessageId: `v-${n}`, at: day('03-03'), ...over });
  const xy = await cadre('xy-sec');
  const tj = await cadre('tj-sec');
  const first = await visit('1', { cadreId: xy, opinions: ['希望简化办证流程', '建议组织招聘会'], problems: ['厂里工人和邻居为了宅基地边界发生矛盾纠纷'], toFile: [0] });
  await visit('2', { cadreId: xy, opinions: ['希望路灯修一修'], at: day('03-12') });
  await visit('3', { cadreId: tj, kind: 'HARDSHIP_GROUP', visitee: '王大爷家', areaCode: 'GJ-QT-TJ', opinions: ['冬天取暖难', '看病报销慢', '希望有人定期来看看'], problems: ['屋顶漏雨'], at: day('03-20') });
  await visit('4', { cadreId: tj, kind: 'ORDINARY_RESIDENT', opinions: ['建议修路'], at: day('04-02') });

  const file = (n: string, over: Partial<Parameters<typeof fileCase>[1]>) =>
    fileCase(deps, { channel: 'test', residentKey: `r-${n}`, confirmMessageId: `c-${n}`, description: n, categoryCode: 'DRAINAGE', areaCode: 'GJ-XX-XY', locationText: '花园路1栋', households: null, priority: 'SERIOUS', phone: null, classifierWords: [], attachments: [], at: day('03-05'), ...over });
  await file('建议社区门口加几个路灯', { categoryCode: 'SUGGESTION', priority: 'MINOR' });
  const drain = await file('阴沟堵塞，污水外流', { households: 12 });
  await joinCase(deps, { channel: 'test', residentKey: 'r-join-1', caseNumber: drain.caseNumber, households: 5, at: day('03-06') });
  await joinCase(deps, { channel: 'test', residentKey: 'r-join-2', caseNumber: drain.caseNumber, households: null, at: day('03-06') });
  for (const caseNumber of [drain.caseNumber, first.cases[0]!.caseNumber]) {
    await acceptCase(deps, { caseNumber, actor: supervisor, at: day('03-07') });
    await resolveCase(deps, { caseNumber, actor: supervisor, note: '已办好', at: day('03-15') });
  }
});
afterAll(async () => {
  await db.$disconnect();
  await drop();
});

describe("the district's report (五访五问 and what came of it)", () => {
  it('counts visits by kind, opinions, problems found and solved, disputes, households reached and services', async () => {
    const report = await districtReport(db, { from: FROM, to: TO, roles: deps.district.data.categoryRoles });
    expect(report).toMatchObject({
      visitsByKind: { BRANCH_SECRETARY: 0, ENTERPRISE: 2, SERVICE_RECIPIENT: 0, HARDSHIP_GROUP: 1, ORDINARY_RESIDENT: 0 },
      visits: 3,
      opinionsOnVisits: 6,
      suggestionsFiled: 1,
      opinions: 7,
      problemsFound: 2,
      problemsSolved: 2,
      disputesResolved: 1,
      householdsOfCases: 18, // the drain: 12 + 5 + 1, counted once
      householdsReached: 21,
      servicesProvided: 1, // the drain (livelihood); the dispute is counted as a dispute
      casesFiled: 3,
    });
    // One area (团结村): its visit only.
    const tj = await db.area.findUniqueOrThrow({ where: { code: 'GJ-QT-TJ' } });
    expect(await districtReport(db, { from: FROM, to: TO, roles: deps.district.data.categoryRoles, areaIds: [tj.id] })).toMatchObject({ visits: 1, opinions: 3, problemsSolved: 0 });
  });

  it('puts visits and opinions in the assessment per area (rolled up) and per cadre, and the me-too case once with all its households', async () => {
    const areas = await assessAreas(db, { from: FROM, to: TO, now: day('04-15'), roles: deps.district.data.categoryRoles });
    const by = (code: string) => areas.find((a) => a.code === code)!.figures;
    expect(by('GJ-XX-XY')).toMatchObject({ visits: 2, opinions: 3, filed: 3, households: 18, reporters: 5 });
    expect(by('GJ-QT-TJ')).toMatchObject({ visits: 1, opinions: 3 });
    expect(areas[0]!.figures).toMatchObject({ visits: 3, opinions: 6 });
    const cadres = await assessCadres(db, { from: FROM, to: TO, now: day('04-15'), roles: deps.district.data.categoryRoles });
    expect(cadres.find((c) => c.code === 'xy-sec')!.figures).toMatchObject({ visits: 2, opinions: 3 });
    expect(cadres.find((c) => c.code === 'tj-sec')!.figures).toMatchObject({ visits: 1, opinions: 3 });
  });

  it('`lianxin stats` prints the figures as the district reports them, and --json gives the same', async () => {
    const run = (args: string[]) => runCli(runStatsCommand, args, { ...process.env, DATABASE_URL: url });
    const text = await run(['--from', '2026-03-01', '--to', '2026-03-31']);
    expect(text.code).toBe(0);
    expect(text.out).toContain('访企业 2 户次');
    expect(text.out).toContain('访困难群体 1 户次');
    expect(text.out).toContain('收集意见建议 7 条');
    expect(text.out).toContain('解决问题 2 个');
    expect(text.out).toContain('化解矛盾纠纷 1 起');
    expect(text.out).toContain('涉及群众 21 户');
    expect(text.out).toContain('办实事好事 1 件');
    const json = await run(['--from', '2026-03-01', '--to', '2026-03-31', '--json']);
    expect(JSON.parse(json.out).report).toMatchObject({ visits: 3, opinions: 7, visitsByKind: { ENTERPRISE: 2 } });
  });

  it('exports a sheet of the visits beside the six ledgers', async () => {
    const wb = await buildLedgerWorkbook(db, deps.district, { from: FROM, to: TO, showPhones: false });
    const ws = wb.getWorksheet(VISIT_SHEET_NAME)!;
    expect(ws.rowCount).toBe(4); // header + the three March visits
    const first = ws.getRow(2).values as unknown[];
    expect(first).toContain('访企业');
    expect(first).toContain(2);
    expect(String(first[12])).toMatch(CASE_NUMBER_IN_TEXT);
  });
});
