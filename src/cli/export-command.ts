import { writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { loadDotEnv } from '../config/env';
import { subtreeIds } from '../assessment/assess-areas';
import { ledgerCsv, ledgerWorkbook, loadLedgerRows } from '../export/ledger-export';
import { addVisitSheet, loadVisitRows } from '../export/visit-sheet';
import { findArea, InputError, parsePeriod } from './command-input';
import { withDatabase } from './with-database';

const USAGE = `usage:
  lianxin export --out ledger.xlsx [--format xlsx|csv] [--from 2026-01-01] [--to 2026-06-30] [--area <code or name>] [--show-phones]
Cases filed in the period (days in the district's time zone, --to inclusive), one sheet per ledger.
Names and phone numbers are masked unless --show-phones. The format defaults to the file's extension.`;

type Io = { stdout: NodeJS.WritableStream; stderr: NodeJS.WritableStream };

type ExportArgs = { out: string; format: 'xlsx' | 'csv'; from?: string; to?: string; area?: string; showPhones: boolean };

function parseExportArgs(args: string[]): ExportArgs {
  const { values } = parseArgs({
    args,
    options: {
      out: { type: 'string' },
      format: { type: 'string' },
      from: { type: 'string' },
      to: { type: 'string' },
      area: { type: 'string' },
      'show-phones': { type: 'boolean' },
    },
  });
  if (!values.out) throw new InputError('--out is required');
  const format = (values.format ?? (values.out.toLowerCase().endsWith('.csv') ? 'csv' : 'xlsx')).toLowerCase();
  if (format !== 'xlsx' && format !== 'csv') throw new InputError(`--format must be xlsx or csv, not "${values.format}"`);
  return { out: values.out, format, from: values.from, to: values.to, area: values.area, showPhones: values['show-phones'] ?? false };
}

/** `lianxin export`: the ledgers as an Excel workbook or one CSV. Exit code 2 for bad input. */
export async function runExportCommand(args: string[], io: Io, env: NodeJS.ProcessEnv = process.env): Promise<number> {
  loadDotEnv();
  let opts: ExportArgs;
  try {
    opts = parseExportArgs(args);
  } catch (err) {
    io.stderr.write(`lianxin export: ${(err as Error).message}\n${USAGE}\n`);
    return 2;
  }
  return withDatabase(env, async ({ district, db }) => {
    try {
      const period = parsePeriod({ from: opts.from, to: opts.to }, district.timeZone);
      let areaIds: number[] | undefined;
      if (opts.area) {
        const area = await findArea(db, opts.area);
        const all = await db.area.findMany({ select: { id: true, code: true, name: true, kind: true, parentId: true } });
        areaIds = subtreeIds(all, area.id);
      }
      const rows = await loadLedgerRows(db, district, { ...period, areaIds, showPhones: opts.showPhones });
      if (opts.format === 'csv') await writeFile(opts.out, ledgerCsv(rows), 'utf8');
      else {
        const wb = ledgerWorkbook(rows);
        addVisitSheet(wb, await loadVisitRows(db, district, { ...period, areaIds, showPhones: opts.showPhones }));
        await wb.xlsx.writeFile(opts.out);
      }
      io.stdout.write(`wrote ${rows.length} cases to ${opts.out}${opts.showPhones ? ' (names and phone numbers shown in full)' : ''}\n`);
      return 0;
    } catch (err) {
      if (err instanceof InputError) {
        io.stderr.write(`lianxin export: ${err.message}\n`);
        return 2;
      }
      throw err;
    }
  });
}
