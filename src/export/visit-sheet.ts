import type ExcelJS from 'exceljs';
import type { Db } from '../db/client';
import type { District } from '../domain/district';
import { maskName } from '../domain/masking';
import { VISIT_KINDS } from '../messages/zh-CN';
import { dayOf } from '../domain/time';

/** The sheet of visits (五访五问) in the ledger workbook: one line a visit, the officials' columns. */
export const VISIT_SHEET_NAME = '五访五问走访台账';

export const VISIT_COLUMNS = [
  { header: '序号', width: 6 },
  { header: '走访日期', width: 12 },
  { header: '走访类别', width: 12 },
  { header: '走访干部', width: 10 },
  { header: '村/社区', width: 12 },
  { header: '走访对象', width: 16 },
  { header: '地点', width: 18 },
  { header: '收集意见建议(条)', width: 10 },
  { header: '意见建议', width: 40, wrap: true },
  { header: '发现问题(个)', width: 10 },
  { header: '发现问题', width: 40, wrap: true },
  { header: '登记案件', width: 22 },
] as const;

/** People visited at home are named in full only where phones are shown; enterprises and branch secretaries always. */
const NAMED_IN_FULL = new Set(['ENTERPRISE', 'BRANCH_SECRETARY']);

export async function loadVisitRows(db: Db, district: District, opts: { from?: Date; to?: Date; areaIds?: number[]; showPhones: boolean }): Promise<(string | number)[][]> {
  const visitedAt = opts.from || opts.to ? { ...(opts.from ? { gte: opts.from } : {}), ...(opts.to ? { lt: opts.to } : {}) } : undefined;
  const visits = await db.visit.findMany({
    where: { ...(visitedAt ? { visitedAt } : {}), ...(opts.areaIds ? { areaId: { in: opts.areaIds } } : {}) },
    orderBy: [{ visitedAt: 'asc' }, { id: 'asc' }],
    select: {
      kind: true, visitee: true, place: true, opinions: true, opinionCount: true, problems: true, problemCount: true, visitedAt: true,
      cadre: { select: { name: true } },
      area: { select: { name: true } },
      cases: { select: { caseNumber: true }, orderBy: { id: 'asc' } },
    },
  });
  const numberedList = (items: string[]) => items.map((t, i) => `${i + 1}. ${t}`).join('\n');
  return visits.map((v, i) => [
    i + 1,
    dayOf(v.visitedAt, district.timeZone),
    VISIT_KINDS.find((k) => k.code === v.kind)?.name ?? v.kind,
    v.cadre.name,
    v.area.name,
    opts.showPhones || NAMED_IN_FULL.has(v.kind) ? v.visitee : maskName(v.visitee),
    v.place,
    v.opinionCount,
    numberedList(v.opinions),
    v.problemCount,
    numberedList(v.problems),
    v.cases.map((c) => c.caseNumber).join('、'),
  ]);
}

export function addVisitSheet(wb: ExcelJS.Workbook, rows: (string | number)[][]): void {
  const ws = wb.addWorksheet(VISIT_SHEET_NAME, { views: [{ state: 'frozen', ySplit: 1 }] });
  ws.columns = VISIT_COLUMNS.map((c) => ({ header: c.header, width: c.width }));
  VISIT_COLUMNS.forEach((c, i) => {
    if ('wrap' in c) ws.getColumn(i + 1).alignment = { wrapText: true, vertical: 'top' };
  });
  ws.getRow(1).font = { bold: true };
  ws.addRows(rows);
}
