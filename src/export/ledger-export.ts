import { xmlSafe } from '../domain/inbound-text';
import ExcelJS from 'exceljs';
import type { Db } from '../db/client';
import type { District } from '../domain/district';
import { dayOf } from '../domain/time';
import { LEDGER_NAMES, LEDGERS, type Ledger } from '../domain/ledger';
import { maskName, maskPhone } from '../domain/masking';
import { caseScope, type Viewer } from '../cases/case-visibility';
import { messages } from '../messages/zh-CN';
import { addVisitSheet, loadVisitRows } from './visit-sheet';

/** The columns of every ledger sheet, in order, with a width (in characters) that fits the usual content. */
export const LEDGER_COLUMNS = [
  { header: '序号', width: 6 },
  { header: '案件编号', width: 18 },
  { header: '登记日期', width: 12 },
  { header: '反映人', width: 10 },
  { header: '联系电话', width: 14 },
  { header: '村/社区', width: 12 },
  { header: '地点', width: 20 },
  { header: '类别', width: 10 },
  { header: '轻重缓急', width: 9 },
  { header: '问题描述', width: 40, wrap: true },
  { header: '责任人', width: 10 },
  { header: '状态', width: 12 },
  { header: '办理情况', width: 40, wrap: true },
  { header: '办结日期', width: 12 },
  { header: '满意度', width: 9 },
] as const;

const ANSWER_TEXT: Record<string, string> = { SATISFIED: '满意', PARTLY: '基本满意', UNSATISFIED: '不满意', NO_REPLY: '未回复' };

/**
 * `viewer`: a signed-in cadre (web): only the cases they may see (hardship and dispute cases only
 * as assignee), and names and phones in full only on their own cases. Without a viewer (the
 * operator's CLI), `showPhones` decides for every row.
 */
export type ExportOptions = { from?: Date; to?: Date; areaIds?: number[]; showPhones: boolean; viewer?: Viewer };

/** One case as a ledger line: every column but 序号, which is numbered per sheet when written. */
export type LedgerRow = { ledger: Ledger; values: string[] };


/** The cases filed in [from, to) in the areas, oldest first, as ledger lines. */
export async function loadLedgerRows(db: Db, district: District, opts: ExportOptions): Promise<LedgerRow[]> {
  const createdAt = opts.from || opts.to ? { ...(opts.from ? { gte: opts.from } : {}), ...(opts.to ? { lt: opts.to } : {}) } : undefined;
  const cases = await db.case.findMany({
    where: { ...(createdAt ? { createdAt } : {}), ...(opts.areaIds ? { areaId: { in: opts.areaIds } } : {}), ...(opts.viewer ? { AND: [caseScope(opts.viewer)] } : {}) },
    orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
    select: {
      caseNumber: true, ledger: true, category: true, priority: true, status: true, description: true, locationText: true,
      contactPhone: true, createdAt: true, resolvedAt: true, assigneeId: true,
      resident: { select: { displayName: true, phone: true } },
      area: { select: { name: true } },
      assignee: { select: { name: true } },
      events: {
        where: { type: { in: ['PROGRESS', 'RESOLVED'] }, note: { not: null } },
        orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
        take: 1,
        select: { note: true },
      },
      followUps: { where: { answer: { not: null } }, orderBy: [{ answeredAt: 'desc' }, { id: 'desc' }], take: 1, select: { answer: true } },
    },
  });
  const tz = district.timeZone;
  return cases.map((c) => {
    const name = c.resident?.displayName ?? '';
    const phone = c.contactPhone ?? c.resident?.phone ?? '';
    const answer = c.followUps[0]?.answer;
    const inFull = opts.viewer ? c.assigneeId === opts.viewer.cadreId : opts.showPhones;
    return {
      ledger: c.ledger,
      values: [
        c.caseNumber,
        dayOf(c.createdAt, tz),
        inFull || !name ? name : maskName(name),
        inFull || !phone ? phone : maskPhone(phone),
        c.area.name,
        c.locationText,
        district.category(c.category).name,
        district.priority(c.priority).char,
        c.description,
        c.assignee?.name ?? '',
        messages.statusText(c.status),
        c.events[0]?.note ?? '',
        c.resolvedAt ? dayOf(c.resolvedAt, tz) : '',
        answer ? (ANSWER_TEXT[answer] ?? '') : '',
      ],
    };
  });
}

/** Lines per ledger, each numbered from 1. */
function numbered(rows: LedgerRow[], ledger: Ledger): (string | number)[][] {
  // A workbook is XML: a control character kept from older data would make exceljs refuse the whole file.
  return rows.filter((r) => r.ledger === ledger).map((r, i) => [i + 1, ...r.values.map(xmlSafe)]);
}

/** One sheet per ledger, all six even when empty: the district files them as a set. */
export function ledgerWorkbook(rows: LedgerRow[]): ExcelJS.Workbook {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Lianxin';
  for (const ledger of LEDGERS) {
    const ws = wb.addWorksheet(LEDGER_NAMES[ledger], { views: [{ state: 'frozen', ySplit: 1 }] });
    ws.columns = LEDGER_COLUMNS.map((c) => ({ header: c.header, width: c.width }));
    LEDGER_COLUMNS.forEach((c, i) => {
      if ('wrap' in c) ws.getColumn(i + 1).alignment = { wrapText: true, vertical: 'top' };
    });
    ws.getRow(1).font = { bold: true };
    ws.addRows(numbered(rows, ledger));
  }
  return wb;
}

/**
 * One CSV cell. A text starting with = + - @ (or a tab / CR) would run as a formula in Excel, so it
 * gets a leading apostrophe; then quoting as RFC 4180 wants.
 */
export function csvCell(value: string | number): string {
  let s = String(value);
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** All ledgers in one CSV: a 台账 column first, CRLF lines, and a BOM so Excel reads it as UTF-8. */
export function ledgerCsv(rows: LedgerRow[]): string {
  const lines = [['台账', ...LEDGER_COLUMNS.map((c) => c.header)].map(csvCell).join(',')];
  for (const ledger of LEDGERS) {
    for (const cells of numbered(rows, ledger)) lines.push([LEDGER_NAMES[ledger], ...cells].map(csvCell).join(','));
  }
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}

export async function buildLedgerWorkbook(db: Db, district: District, opts: ExportOptions): Promise<ExcelJS.Workbook> {
  const wb = ledgerWorkbook(await loadLedgerRows(db, district, opts));
  // The seventh sheet: the visits (五访五问) of the same period and areas.
  addVisitSheet(wb, await loadVisitRows(db, district, opts));
  return wb;
}

export async function buildLedgerCsv(db: Db, district: District, opts: ExportOptions): Promise<string> {
  return ledgerCsv(await loadLedgerRows(db, district, opts));
}
