import { runCli } from '../support/run-cli';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { createDb, type Db } from '../../src/db/client';
import { loadDistrictData } from '../../src/config/district';
import { compileDistrict } from '../../src/config/compile-district';
import { buildLedgerCsv, buildLedgerWorkbook, csvCell, LEDGER_COLUMNS } from '../../src/export/ledger-export';
import { LEDGER_NAMES } from '../../src/domain/ledger';
import { VISIT_COLUMNS, VISIT_SHEET_NAME } from '../../src/export/visit-sheet';
import { runExportCommand } from '../../src/cli/export-command';
import { scratchDb } from '../support/scratch-db';

let db: Db;
let url: string;
let drop: () => Promise<void>;
let dir: string;
const district = compileDistrict(loadDistrictData());

const HEADER = ['序号', '案件编号', '登记日期', '反映人', '联系电话', '村/社区', '地点', '类别', '轻重缓急', '问题描述', '责任人', '状态', '办理情况', '办结日期', '满意度'];
const LEDGER_SHEETS = ['民生诉求台账', '困难群众台账', '稳定工作台账', '村情台账', '民情台账', '党情台账'];
/** The six ledgers, then the visits (五访五问). */
const SHEETS = [...LEDGER_SHEETS, VISIT_SHEET_NAME];
const TRICKY = '水渠垮了, 说"很急"\n第二行';
const FORMULA = '=HYPERLINK("http://evil.example","点我")';

/**
 * E1 团结村 LIVELIHOOD, resident 张小明 138 1234 5678, a tricky description, progress then resolved notes, answered PARTLY.
 * E2 团结村 STABILITY, no resident, a formula as description and "+86" as location, assigned to 王德明.
 * E3 团结村 HARDSHIP, filed 2026-03-31 17:00 UTC = 04-01 01:00 Beijing; a progress note, then a reminder (no note counts).
 * E4 向阳社区 LIVELIHOOD. E5 团结村 SENTIMENT, filed 2026-05-10 (outside March–April).
 */
async function insertFixture(): Promise<void> {
  const area = async (code: string) => (await db.area.findUniqueOrThrow({ where: { code } })).id;
  const tj = await area('GJ-QT-TJ');
  const xy = await area('GJ-XX-XY');
  const tjSec = (await db.cadre.findUniqueOrThrow({ where: { code: 'tj-sec' } })).id;
  const resident = await db.resident.create({ data: { channel: 'test', channelKey: 'export-1', displayName: '张小明', phone: '13800000000' } });
  const base = { priority: 'SERIOUS' as const, channel: 'test', acceptDueAt: new Date('2026-06-01Z'), resolveDueAt: new Date('2026-06-10Z') };
  await db.case.createMany({
    data: [
      { ...base, caseNumber: 'GJ-20260302-0001', confirmMessageId: 'e1', ledger: 'LIVELIHOOD', category: 'IRRIGATION', status: 'CLOSED', description: TRICKY,
        locationText: '3组', areaId: tj, residentId: resident.id, contactPhone: '13812345678', assigneeId: tjSec,
        createdAt: new Date('2026-03-02T02:00:00Z'), resolvedAt: new Date('2026-03-05T02:00:00Z') },
      { ...base, caseNumber: 'GJ-20260303-0001', confirmMessageId: 'e2', ledger: 'STABILITY', category: 'DISPUTE', priority: 'URGENT', status: 'ASSIGNED',
        description: FORMULA, locationText: '+86 路口', areaId: tj, assigneeId: tjSec, createdAt: new Date('2026-03-03T02:00:00Z') },
      { ...base, caseNumber: 'GJ-20260401-0001', confirmMessageId: 'e3', ledger: 'HARDSHIP', category: 'HARDSHIP', status: 'IN_PROGRESS',
        description: '独居老人家里漏雨', areaId: tj, residentId: resident.id, createdAt: new Date('2026-03-31T17:00:00Z') },
      { ...base, caseNumber: 'GJ-20260310-0001', confirmMessageId: 'e4', ledger: 'LIVELIHOOD', category: 'DRAINAGE', status: 'FILED',
        description: '花园路阴沟堵了', areaId: xy, createdAt: new Date('2026-03-10T02:00:00Z') },
      { ...base, caseNumber: 'GJ-20260510-0001', confirmMessageId: 'e5', ledger: 'SENTIMENT', category: 'SUGGESTION', status: 'FILED',
        description: '建议多装路灯', areaId: tj, createdAt: new Date('2026-05-10T02:00:00Z') },
    ],
  });
  const id = async (n: string) => (await db.case.findUniqueOrThrow({ where: { caseNumber: n } })).id;
  const e1 = await id('GJ-20260302-0001');
  const e3 = await id('GJ-20260401-0001');
  await db.caseEvent.createMany({
    data: [
      { caseId: e1, type: 'PROGRESS', actorKind: 'CADRE', note: '已联系施工队', createdAt: new Date('2026-03-03T02:00:00Z') },
      { caseId: e1, type: 'RESOLVED', actorKind: 'CADRE', note: '水渠已修好', createdAt: new Date('2026-03-05T02:00:00Z') },
      { caseId: e1, type: 'CLOSED', actorKind: 'SYSTEM', note: '回访后归档', createdAt: new Date('2026-03-07T02:00:00Z') },
      { caseId: e3, type: 'PROGRESS', actorKind: 'CADRE', note: '已上门查看', createdAt: new Date('2026-04-01T02:00:00Z') },
      { caseId: e3, type: 'REMINDED', actorKind: 'SYSTEM', note: '催办', createdAt: new Date('2026-04-02T02:00:00Z') },
    ],
  });
  await db.followUp.createMany({
    data: [
      { caseId: e1, residentId: resident.id, askedAt: new Date('2026-03-06Z'), answeredAt: new Date('2026-03-06T01:00Z'), answer: 'UNSATISFIED' },
      { caseId: e1, residentId: resident.id, askedAt: new Date('2026-03-07Z'), answeredAt: new Date('2026-03-07T01:00Z'), answer: 'PARTLY' },
    ],
  });
}

beforeAll(async () => {
  ({ url, drop } = await scratchDb('export', { migrate: true }));
  db = createDb(url, { poolSize: 2 });
  dir = mkdtempSync(path.join(tmpdir(), 'lianxin-export-'));
  await insertFixture();
});
afterAll(async () => {
  await db.$disconnect();
  await drop();
  rmSync(dir, { recursive: true, force: true });
});

async function roundTrip(wb: ExcelJS.Workbook): Promise<ExcelJS.Workbook> {
  const buffer = await wb.xlsx.writeBuffer();
  const back = new ExcelJS.Workbook();
  await back.xlsx.load(buffer);
  return back;
}

/** A sheet's rows as text, header first. */
function sheetRows(ws: ExcelJS.Worksheet): string[][] {
  const rows: string[][] = [];
  ws.eachRow((row) => rows.push(HEADER.map((_, i) => (row.getCell(i + 1).value === null ? '' : String(row.getCell(i + 1).value)))));
  return rows;
}

/** RFC 4180, enough to read back what we wrote. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') (cell += '"'), i++;
      else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') row.push(cell), (cell = '');
    else if (ch === '\r' && text[i + 1] === '\n') row.push(cell), rows.push(row), (row = []), (cell = ''), i++;
    else cell += ch;
  }
  return rows;
}

describe('buildLedgerWorkbook', () => {
  let wb: ExcelJS.Workbook;
  beforeAll(async () => {
    wb = await roundTrip(await buildLedgerWorkbook(db, district, { showPhones: false }));
  });

  it('has the six ledgers as sheets, each with the header in order, bold and frozen, and the visits after them', () => {
    expect(wb.worksheets.map((w) => w.name)).toEqual(SHEETS);
    expect(LEDGER_COLUMNS.map((c) => c.header)).toEqual(HEADER);
    expect(sheetRows(wb.getWorksheet(VISIT_SHEET_NAME)!)[0]!.slice(0, VISIT_COLUMNS.length)).toEqual(VISIT_COLUMNS.map((c) => c.header));
    for (const ws of wb.worksheets.slice(0, LEDGER_SHEETS.length)) {
      expect(sheetRows(ws)[0]).toEqual(HEADER);
      expect(ws.getRow(1).getCell(1).font?.bold).toBe(true);
      expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
      expect(ws.getColumn(10).width).toBeGreaterThanOrEqual(30);
    }
  });

  it('has one row per case of that ledger, numbered, oldest first', async () => {
    for (const [ledger, name] of Object.entries(LEDGER_NAMES)) {
      const cases = await db.case.findMany({ where: { ledger: ledger as 'LIVELIHOOD' }, orderBy: { createdAt: 'asc' }, select: { caseNumber: true } });
      const rows = sheetRows(wb.getWorksheet(name)!).slice(1);
      expect(rows.map((r) => r[1])).toEqual(cases.map((c) => c.caseNumber));
      expect(rows.map((r) => r[0])).toEqual(cases.map((_, i) => String(i + 1)));
    }
  });

  it('fills the columns from the case, masking name and phone', () => {
    const [, e1] = sheetRows(wb.getWorksheet('民生诉求台账')!);
    expect(e1).toEqual([
      '1', 'GJ-20260302-0001', '2026-03-02', '张**', '138****5678', '团结村', '3组', '灌溉供水', '重', TRICKY, '王德明', '已归档',
      '水渠已修好', '2026-03-05', '基本满意',
    ]);
    const [, e2] = sheetRows(wb.getWorksheet('稳定工作台账')!);
    // No resident, no note, no follow-up: empty cells. The formula stays text in a workbook.
    expect(e2).toEqual(['1', 'GJ-20260303-0001', '2026-03-03', '', '', '团结村', '+86 路口', '矛盾纠纷', '急', FORMULA, '王德明', '已交给干部', '', '', '']);
    expect(wb.getWorksheet('稳定工作台账')!.getRow(2).getCell(10).formula).toBeUndefined();
    const [, e3] = sheetRows(wb.getWorksheet('困难群众台账')!);
    // Filed 01:00 Beijing time on 04-01; the reminder is not a note on how it is handled; falls back to the resident's phone.
    expect(e3?.slice(2, 5)).toEqual(['2026-04-01', '张**', '138****0000']);
    expect(e3?.[12]).toBe('已上门查看');
  });

  it('shows names and phones in full when asked', async () => {
    const full = await roundTrip(await buildLedgerWorkbook(db, district, { showPhones: true }));
    expect(sheetRows(full.getWorksheet('民生诉求台账')!)[1]?.slice(3, 5)).toEqual(['张小明', '13812345678']);
  });

  it('keeps to the period and the areas asked for', async () => {
    const tj = (await db.area.findUniqueOrThrow({ where: { code: 'GJ-QT-TJ' } })).id;
    const some = await roundTrip(
      await buildLedgerWorkbook(db, district, { from: new Date('2026-02-28T16:00Z'), to: new Date('2026-03-31T16:00Z'), areaIds: [tj], showPhones: false }),
    );
    const numbers = some.worksheets.flatMap((ws) => sheetRows(ws).slice(1).map((r) => r[1]));
    expect(numbers).toEqual(['GJ-20260302-0001', 'GJ-20260303-0001']);
  });
});

describe('buildLedgerCsv', () => {
  it('is one UTF-8 file with a BOM, a 台账 column first, CRLF lines and proper quoting', async () => {
    const csv = await buildLedgerCsv(db, district, { showPhones: false });
    expect(csv.startsWith('\uFEFF')).toBe(true);
    const rows = parseCsv(csv.slice(1));
    expect(rows[0]).toEqual(['台账', ...HEADER]);
    expect(rows).toHaveLength(1 + (await db.case.count()));
    const e1 = rows.find((r) => r[2] === 'GJ-20260302-0001')!;
    expect(e1[0]).toBe('民生诉求台账');
    expect(e1[10]).toBe(TRICKY);
    expect(e1[5]).toBe('138****5678');
    expect(csv).toContain('"水渠垮了, 说""很急""\n第二行"');
  });

  it('defuses cells that Excel would run as formulas', async () => {
    const rows = parseCsv((await buildLedgerCsv(db, district, { showPhones: false })).slice(1));
    const e2 = rows.find((r) => r[2] === 'GJ-20260303-0001')!;
    expect(e2[10]).toBe(`'${FORMULA}`);
    expect(e2[7]).toBe("'+86 路口");
  });

  it.each([
    ['plain', 'plain'],
    ['a,b', '"a,b"'],
    ['say "hi"', '"say ""hi"""'],
    ['two\nlines', '"two\nlines"'],
    ['=1+1', "'=1+1"],
    ['-2', "'-2"],
    ['@SUM(A1)', "'@SUM(A1)"],
    ['+1', "'+1"],
    ['=A1,"x"', `"'=A1,""x"""`],
    [7, '7'],
  ])('csvCell(%j) is %s', (value, expected) => {
    expect(csvCell(value)).toBe(expected);
  });
});

describe('lianxin export', () => {
  const run = (args: string[]) => runCli(runExportCommand, args, { ...process.env, DATABASE_URL: url });

  it('writes a workbook for an area and a period (--to inclusive, Beijing time)', async () => {
    const file = path.join(dir, 'ledger.xlsx');
    const { code, out } = await run(['--out', file, '--from', '2026-03-01', '--to', '2026-04-01', '--area', '团结村']);
    expect(code).toBe(0);
    expect(out).toMatch(/wrote 3 cases/);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(file);
    expect(wb.worksheets.map((w) => w.name)).toEqual(SHEETS);
    expect(wb.worksheets.flatMap((ws) => sheetRows(ws).slice(1).map((r) => r[1]))).toEqual(['GJ-20260302-0001', 'GJ-20260401-0001', 'GJ-20260303-0001']);
  });

  it('writes CSV when the file ends in .csv, with phones shown on request', async () => {
    const file = path.join(dir, 'ledger.csv');
    const { code } = await run(['--out', file, '--show-phones']);
    expect(code).toBe(0);
    const text = readFileSync(file, 'utf8');
    expect(text.startsWith('\uFEFF台账,序号')).toBe(true);
    expect(text).toContain('13812345678');
  });

  it.each([
    [[], /--out is required/],
    [['--out', 'x.xlsx', '--format', 'pdf'], /--format must be xlsx or csv/],
    [['--out', 'x.xlsx', '--from', '2026-02-31'], /--from must be a date/],
    [['--out', 'x.xlsx', '--area', '月球村'], /no area/],
    [['--out', 'x.xlsx', '--nope'], /Unknown option/],
  ])('refuses bad input with exit code 2: %j', async (args, reason) => {
    const { code, err } = await run(args);
    expect(code).toBe(2);
    expect(err).toMatch(reason);
  });
});
