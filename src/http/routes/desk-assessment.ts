import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { dayEnd, dayOf, dayStart } from '../../domain/time';
import { dashboardTexts as t, deskViewTexts as dv } from '../../messages/zh-CN';
import { assessAll } from '../../assessment/assess-areas';
import { weeklyTrend } from '../../assessment/weekly-trend';
import { districtReport, formatDistrictReport } from '../../assessment/district-report';
import { OPEN_STATUSES } from '../../domain/case-status';
import { caseScope } from '../../cases/case-visibility';
import { strictDay } from '../schemas/strict';
import { assessmentPage } from '../web/dashboard/assessment-page';
import { spanText } from '../web/dashboard/deadline';
import type { DeskPages } from './desk-ledger';

const optional = <T extends z.ZodType>(schema: T) => z.preprocess((v) => (v === '' ? undefined : v), schema.optional());
const periodQuery = z.object({ from: optional(strictDay), to: optional(strictDay) });
const OVERDUE_LIST = 30;

/**
 * The assessment for a period (ISO days, default this quarter): the rates with their counts, the
 * area tree with roll-ups, the weekly trend, rankings, and the cases overdue now.
 */
export function assessmentRoute(app: FastifyInstance, { service, clock, send }: DeskPages) {
  const { db, district } = service;
  const tz = district.timeZone;

  /** The period as calendar days in the district: from its first day to the end of its last. */
  const period = (q: { from?: string; to?: string }) => {
    const today = dayOf(clock(), tz);
    const from = q.from ?? `${today.slice(0, 5)}${String(Math.floor((Number(today.slice(5, 7)) - 1) / 3) * 3 + 1).padStart(2, '0')}-01`;
    const to = q.to ?? today;
    const start = dayStart(from, tz);
    const end = dayEnd(to, tz);
    const ok = !Number.isNaN(start.getTime()) && !Number.isNaN(end.getTime()) && start < end && end.getTime() - start.getTime() <= 732 * 24 * 3600_000;
    return { from, to, start, end, ok };
  };

  app.get('/assessment', async (req, reply) => {
    const desk = req.desk!;
    const parsed = periodQuery.safeParse(req.query);
    const p = period(parsed.success ? parsed.data : {});
    const valid = parsed.success && p.ok;
    const range = valid ? p : period({});
    const now = clock();
    const opts = { from: range.start, to: range.end, now, roles: district.data.categoryRoles };
    const areaIds = desk.viewer.supervisor ? undefined : desk.viewer.areaIds;
    const [all, report, weeks, overdue] = await Promise.all([
      assessAll(db, { ...opts, areaIds }),
      districtReport(db, { from: range.start, to: range.end, roles: opts.roles, areaIds }),
      weeklyTrend(db, { ...opts, timeZone: tz, areaIds }),
      db.case.findMany({
        where: { AND: [caseScope(desk.viewer), { status: { in: [...OPEN_STATUSES] }, resolveDueAt: { lt: now } }] },
        orderBy: [{ resolveDueAt: 'asc' }, { id: 'asc' }],
        take: OVERDUE_LIST,
        select: { caseNumber: true, category: true, priority: true, resolveDueAt: true, area: { select: { name: true } }, assignee: { select: { name: true } } },
      }),
    ]);
    const areas = all.areas.filter((a) => desk.viewer.supervisor || desk.viewer.areaIds.includes(a.areaId));
    const body = assessmentPage({
      from: range.from,
      to: range.to,
      figures: all.figures,
      areas,
      cadres: all.cadres,
      weeks,
      overdue: overdue.map((c) => ({
        caseNumber: c.caseNumber,
        areaName: c.area.name,
        categoryName: district.category(c.category).name,
        assigneeName: c.assignee?.name ?? null,
        late: dv.assessment.overdueFor(spanText(now.getTime() - c.resolveDueAt.getTime())),
        priority: c.priority,
        priorityChar: district.priority(c.priority).char,
      })),
      report: formatDistrictReport(report, t.assessment.reportTitle(range.from, range.to)),
      error: valid ? null : t.assessment.badPeriod,
    });
    return send(reply, 200, t.assessment.heading, 'assessment', body, desk);
  });
}
