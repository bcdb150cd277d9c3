import { parseArgs } from 'node:util';
import { loadDotEnv } from '../config/env';
import type { Db } from '../db/client';
import { LEDGER_NAMES, LEDGERS } from '../domain/ledger';
import { type AreaFigures, assessAreas, assessCadres, type CadreFigures, subtreeIds } from '../assessment/assess-areas';
import { findArea, InputError, parsePeriod } from './command-input';
import { withDatabase } from './with-database';
import { dayOf } from '../domain/time';
import { type DistrictReport, districtReport, formatDistrictReport } from '../assessment/district-report';

const USAGE = `usage:
  lianxin stats [--from 2026-01-01] [--to 2026-06-30] [--area <code or name>] [--json]
Dates are days in the district's time zone; --to includes that whole day. Without dates: this month
so far; with only --from: up to today; with only --to: from the first of that month.`;

type Io = { stdout: NodeJS.WritableStream; stderr: NodeJS.WritableStream };

/**
 * The days asked for, the missing ends filled in: no dates is the current month up to today (the
 * first question a newcomer asks), only --from runs to today, only --to starts on the first of its month.
 */
export function defaultDays(args: { from?: string; to?: string }, now: Date, timeZone: string): { from: string; to: string } {
  const today = dayOf(now, timeZone);
  const to = args.to ?? (args.from && args.from > today ? args.from : today);
  // A malformed --to is left for parsePeriod to name; the month is taken only from a date-shaped one.
  return { from: args.from ?? (/^\d{4}-\d{2}-/.test(to) ? `${to.slice(0, 8)}01` : today.slice(0, 8) + '01'), to };
}

const percent = (r: number | null) => (r === null ? '-' : `${(r * 100).toFixed(1)}%`);

/** Columns on a terminal: a Chinese character takes two cells. */
const width = (s: string) => [...s].reduce((n, ch) => n + (/[\u1100-\u115F\u2E80-\uA4CF\uAC00-\uD7A3\uF900-\uFAFF\uFE30-\uFE4F\uFF00-\uFF60\uFFE0-\uFFE6]/.test(ch) ? 2 : 1), 0);

/** A text table: first column left-aligned, the rest right-aligned. */
export function formatTable(header: string[], rows: string[][]): string {
  const all = [header, ...rows];
  const widths = header.map((_, i) => Math.max(...all.map((r) => width(r[i] ?? ''))));
  const pad = (s: string, i: number) => {
    const fill = ' '.repeat((widths[i] ?? 0) - width(s));
    return i === 0 ? s + fill : fill + s;
  };
  return all.map((r) => r.map(pad).join('  ').trimEnd()).join('\n');
}

function areaTable(areas: AreaFigures[]): string {
  const header = ['区域', '登记', '办结', '超期', '重新办理', '户数', '走访', '意见建议', '响应率', '解决率', '满意率'];
  const minDepth = Math.min(...areas.map((a) => a.depth));
  const rows = areas.map(({ name, depth, figures: f }) => [
    `${'  '.repeat(depth - minDepth)}${name}`,
    String(f.filed), String(f.resolved), String(f.overdue), String(f.reopened), String(f.households), String(f.visits), String(f.opinions),
    percent(f.responseRate), percent(f.resolutionRate), percent(f.satisfactionRate),
  ]);
  return formatTable(header, rows);
}

function cadreTable(cadres: CadreFigures[]): string {
  const header = ['干部', '区域', '登记', '办结', '超期', '走访', '意见建议', '响应率', '解决率', '满意率'];
  const rows = cadres.map(({ name, areaName, figures: f }) => [
    name, areaName, String(f.filed), String(f.resolved), String(f.overdue), String(f.visits), String(f.opinions),
    percent(f.responseRate), percent(f.resolutionRate), percent(f.satisfactionRate),
  ]);
  return formatTable(header, rows);
}

function report(title: string, areas: AreaFigures[], cadres: CadreFigures[], district: DistrictReport): string {
  const root = areas[0]?.figures;
  if (!root) return `${title}\n(no areas)\n`;
  const ledgers = LEDGERS.map((l) => `${LEDGER_NAMES[l]} ${root.byLedger[l]}`).join('，');
  return [
    formatDistrictReport(district, title),
    '',
    areaTable(areas),
    '',
    `各台账登记：${ledgers}`,
    `化解纠纷：${root.disputesResolved}　回访：满意 ${root.satisfied}，基本满意 ${root.partly}，不满意 ${root.unsatisfied}，未回复 ${root.noReply}`,
    '',
    cadreTable(cadres),
    '',
  ].join('\n');
}

/** `lianxin stats`: the assessment figures per area (rolled up) and per cadre. Exit code 2 for bad input. */
export async function runStatsCommand(args: string[], io: Io, env: NodeJS.ProcessEnv = process.env): Promise<number> {
  loadDotEnv();
  let values;
  try {
    values = parseArgs({
      args,
      options: { from: { type: 'string' }, to: { type: 'string' }, area: { type: 'string' }, json: { type: 'boolean' } },
    }).values;
  } catch (err) {
    io.stderr.write(`lianxin stats: ${(err as Error).message}\n${USAGE}\n`);
    return 2;
  }
  return withDatabase(env, async ({ district, db }) => {
    try {
      const days = defaultDays({ from: values.from, to: values.to }, new Date(), district.timeZone);
      const period = parsePeriod(days, district.timeZone);
      const area = values.area ? await findArea(db, values.area) : null;
      const opts = { from: period.from!, to: period.to!, now: new Date(), roles: district.data.categoryRoles };
      let areas = await assessAreas(db, opts);
      let cadres: CadreFigures[];
      let areaIds: number[] | undefined;
      if (area) {
        const ids = new Set(subtreeIds(areas.map((a) => ({ ...a, id: a.areaId })), area.id));
        areaIds = [...ids];
        areas = areas.filter((a) => ids.has(a.areaId));
        cadres = await assessCadres(db, { ...opts, areaIds });
      } else {
        cadres = await assessCadres(db, opts);
      }
      // The figures as the district reports them (visits by kind, opinions, problems solved …).
      const summary = await districtReport(db, { from: opts.from, to: opts.to, roles: opts.roles, areaIds });
      if (values.json) {
        io.stdout.write(`${JSON.stringify({ from: days.from, to: days.to, timeZone: district.timeZone, report: summary, areas, cadres })}\n`);
      } else {
        io.stdout.write(report(`${areas[0]?.name ?? district.data.district.name} 考核统计 ${days.from} 至 ${days.to}`, areas, cadres, summary));
      }
      return 0;
    } catch (err) {
      if (err instanceof InputError) {
        io.stderr.write(`lianxin stats: ${err.message}\n`);
        return 2;
      }
      throw err;
    }
  });
}
