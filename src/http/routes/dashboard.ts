import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Service } from '../../service';
import type { Logger } from '../../logging/logger';
import { LEDGERS, PRIORITIES } from '../../domain/ledger';
import { dayOf, dayStart } from '../../domain/time-format';
import { CaseRefusal, type Actor } from '../../cases/case-change';
import { nextStatus, type CaseAction } from '../../cases/case-status';
import { acceptCase } from '../../cases/accept-case';
import { postProgress } from '../../cases/post-progress';
import { resolveCase } from '../../cases/resolve-case';
import { transferCase } from '../../cases/transfer-case';
import { CASE_SORTS, isOverdue, listCases } from '../../cases/case-queries';
import { caseScope, phoneFor, type Viewer } from '../../cases/case-visibility';
import { assessAll, orderTree } from '../../assessment/assess-areas';
import { buildLedgerCsv, buildLedgerWorkbook, LEDGER_NAMES } from '../../export/ledger-export';
import { dashboardTexts as t, deskSafetyTexts as safety, messages } from '../../messages/zh-CN';
import { refusalText } from './refusal-text';
import { actorForStaff, cadresOnEvents, timelineSelect } from '../../cases/event-actors';
import { assessmentPage, casePage, ledgerPage, type LedgerLine } from '../web/dashboard/pages';
import { districtReport, formatDistrictReport } from '../../assessment/district-report';
import { strictDay, strictInt } from '../schemas/strict';
import { deskDoor, type Desk } from './desk-door';
import { dashboardCardRoutes } from './dashboard-cards';

const PAGE_SIZE = 25;
const optional = <T extends z.ZodType>(schema: T) => z.preprocess((v) => (v === '' ? undefined : v), schema.optional());
const ledgerQuery = z.object({
  ledger: optional(z.enum(LEDGERS)),
  status: optional(z.enum(['FILED', 'ASSIGNED', 'ACCEPTED', 'IN_PROGRESS', 'RESOLVED', 'CLOSED', 'REOPENED', 'DUPLICATE'])),
  priority: optional(z.enum(PRIORITIES)),
  area: optional(z.string().max(40)),
  overdue: optional(z.literal('true')),
  q: optional(z.string().trim().max(100)),
  sort: optional(z.enum(CASE_SORTS)),
  dir: optional(z.enum(['asc', 'desc'])),
  page: optional(strictInt(1, 100_000)),
});
const day = strictDay;
const periodQuery = z.object({ from: optional(day), to: optional(day) });
const caseNumber = z.string().regex(/^[A-Z]{1,8}-\d{8}-\d{4,6}$/);
const actionBody = z.object({ note: optional(z.string().trim().max(500)), target: optional(z.string().max(60)), reason: optional(z.string().trim().max(200)) });

/**
 * The supervisors' dashboard, server-rendered: the ledger, a case with its timeline and actions,
 * the assessment as charts, exports. Sign-in is with a cadre's API token; the session is a record
 * on the server (see session.ts) that sign-out, revoking the token and expiry all end. Every form,
 * the sign-in form too, carries an anti-forgery token (@fastify/csrf-protection) bound to the
 * session. The same use cases and visibility as the admin API.
 */
export const dashboardRoutes: FastifyPluginAsync<{ service: Service; logger: Logger; secret: string; clock: () => Date; publicBaseUrl: string; secureCookies: boolean }> = async (
  app,
  { service, logger, secret, clock, publicBaseUrl, secureCookies },
) => {
  const { db, district } = service;
  const deps = service.jobRunner.jobDeps;
  const tz = district.timeZone;
  const { send, message, formToken } = await deskDoor(app, { service, logger, secret, clock, secureCookies });
  const deskOf = (req: FastifyRequest) => req.desk!;

  app.get('/', async (_req, reply) => reply.redirect('/ledger', 303));

  /** Areas the viewer may filter by, indented as a tree. */
  const areaOptions = async (viewer: Viewer) => {
    const nodes = await db.area.findMany({ select: { id: true, code: true, name: true, kind: true, parentId: true } });
    return orderTree(nodes)
      .filter(({ node }) => viewer.supervisor || viewer.areaIds.includes(node.id))
      .map(({ node, depth }) => ({ code: node.code, name: node.name, depth }));
  };

  app.get('/ledger', async (req, reply) => {
    const desk = deskOf(req);
    const parsed = ledgerQuery.safeParse(req.query);
    if (!parsed.success) return message(reply, 400, t.badRequest, desk);
    const q = { ...parsed.data, overdue: parsed.data.overdue === 'true', sort: parsed.data.sort ?? 'createdAt', dir: parsed.data.dir ?? 'desc', page: parsed.data.page ?? 1 } as const;
    const now = clock();
    const filter = { ledger: q.ledger, status: q.status, priority: q.priority, area: q.area, overdue: q.overdue || undefined, q: q.q };
    const [{ total, rows }, areas] = await Promise.all([
      listCases(db, desk.viewer, filter, { page: q.page, pageSize: PAGE_SIZE, sort: q.sort, dir: q.dir }, now),
      areaOptions(desk.viewer),
    ]);
    const lines: LedgerLine[] = rows.map((r) => ({
      caseNumber: r.caseNumber,
      ledger: r.ledger,
      categoryName: district.category(r.category).name,
      priority: r.priority,
      priorityChar: district.priority(r.priority).char,
      status: r.status,
      areaName: r.area.name,
      locationText: r.locationText,
      description: r.description,
      households: r.households,
      assigneeName: r.assignee?.name ?? null,
      createdAt: r.createdAt,
      resolveDueAt: r.resolveDueAt,
      overdue: isOverdue(r, now),
    }));
    return send(reply, 200, q.ledger ? LEDGER_NAMES[q.ledger] : t.ledger.all, 'ledger', ledgerPage({ district, query: q, total, pageSize: PAGE_SIZE, lines, areas }), desk);
  });

  const ACTIONS = ['accept', 'progress', 'resolve', 'transfer'] as const;
  type DeskAction = (typeof ACTIONS)[number];

  const renderCase = async (reply: FastifyReply, desk: Desk, number: string, status: number, flash: { kind: 'ok' | 'error'; text: string } | null) => {
    const row = await db.case.findFirst({
      where: { caseNumber: number, ...caseScope(desk.viewer) },
      include: { area: { select: { name: true } }, assignee: { select: { name: true } }, events: { orderBy: { id: 'asc' }, select: timelineSelect } },
    });
    if (!row) return message(reply, 404, t.caseDetail.notFound(number), desk);
    const actors = await cadresOnEvents(db, row.events);
    const now = clock();
    const mine = desk.viewer.supervisor || row.assigneeId === desk.viewer.cadreId;
    const can = Object.fromEntries(ACTIONS.map((a) => [a, mine && nextStatus(row.status, a as CaseAction).ok])) as Record<DeskAction, boolean>;
    const cadres = can.transfer
      ? await db.cadre.findMany({ where: { active: true, id: { not: row.assigneeId ?? -1 } }, select: { code: true, name: true, area: { select: { name: true } } }, orderBy: { id: 'asc' } })
      : [];
    const view = {
      caseNumber: row.caseNumber,
      ledger: row.ledger,
      ledgerName: LEDGER_NAMES[row.ledger],
      categoryName: district.category(row.category).name,
      priority: row.priority,
      priorityChar: district.priority(row.priority).char,
      priorityLabel: district.priority(row.priority).label,
      status: row.status,
      areaName: row.area.name,
      locationText: row.locationText,
      description: row.description,
      households: row.households,
      assigneeName: row.assignee?.name ?? null,
      phone: phoneFor(desk.viewer, row),
      reporterCount: row.reporterCount,
      createdAt: row.createdAt,
      acceptDueAt: row.acceptDueAt,
      resolveDueAt: row.resolveDueAt,
      resolvedAt: row.resolvedAt,
      overdue: isOverdue(row, now),
      timeline: row.events.map((e) => ({ at: e.createdAt, what: messages.eventText(e.type), by: actorForStaff(e, actors), note: e.note })),
      can,
      transferTargets: [
        ...cadres.map((c) => ({ value: c.code, label: `${c.name}（${c.area.name}）` })),
        ...district.grassroots.map((a) => ({ value: a.name, label: a.name })),
      ],
    };
    return send(reply, status, row.caseNumber, 'ledger', casePage(view, tz, formToken(reply, desk)), desk, flash);
  };

  app.get('/cases/:caseNumber', async (req, reply) => {
    const desk = deskOf(req);
    const number = caseNumber.safeParse((req.params as { caseNumber: string }).caseNumber);
    if (!number.success) return message(reply, 404, t.caseDetail.notFound(String((req.params as { caseNumber: string }).caseNumber).slice(0, 40)), desk);
    const done = z.enum(ACTIONS).safeParse((req.query as { done?: string }).done);
    return renderCase(reply, desk, number.data, 200, done.success ? { kind: 'ok', text: t.caseDetail.done[done.data] } : null);
  });

  app.post('/cases/:caseNumber/:action', async (req, reply) => {
    const desk = deskOf(req);
    const params = z.object({ caseNumber, action: z.enum(ACTIONS) }).safeParse(req.params);
    const body = actionBody.safeParse(req.body);
    if (!params.success || !body.success) return message(reply, 400, t.badRequest, desk);
    const { caseNumber: number, action } = params.data;
    if (!(await db.case.count({ where: { caseNumber: number, ...caseScope(desk.viewer) } }))) return message(reply, 404, t.caseDetail.notFound(number), desk);
    const { note, target, reason } = body.data;
    if ((action === 'progress' || action === 'resolve') && !note) return renderCase(reply, desk, number, 200, { kind: 'error', text: t.caseDetail.noteRequired });
    if (action === 'transfer' && (!target || !reason)) return renderCase(reply, desk, number, 200, { kind: 'error', text: t.badRequest });
    const actor: Actor = { kind: 'CADRE', cadreId: desk.viewer.cadreId, supervisor: desk.viewer.supervisor };
    const at = clock();
    try {
      if (action === 'accept') await acceptCase(deps, { caseNumber: number, actor, at });
      if (action === 'progress') await postProgress(deps, { caseNumber: number, actor, note: note!, at });
      if (action === 'resolve') await resolveCase(deps, { caseNumber: number, actor, note: note!, at });
      if (action === 'transfer') await transferCase(deps, { caseNumber: number, actor, target: target!, reason: reason!, at });
    } catch (err) {
      if (err instanceof CaseRefusal) return renderCase(reply, desk, number, 200, { kind: 'error', text: refusalText(err) });
      throw err;
    }
    return reply.redirect(`/cases/${number}?done=${action}`, 303);
  });

  /** The period as calendar days in the district: from its first day to the end of its last. */
  const period = (q: { from?: string; to?: string }) => {
    const today = dayOf(clock(), tz);
    const from = q.from ?? `${today.slice(0, 5)}${String(Math.floor((Number(today.slice(5, 7)) - 1) / 3) * 3 + 1).padStart(2, '0')}-01`;
    const to = q.to ?? today;
    const start = dayStart(from, tz);
    const end = new Date(dayStart(to, tz).getTime() + 24 * 3600_000);
    const ok = !Number.isNaN(start.getTime()) && !Number.isNaN(end.getTime()) && start < end && end.getTime() - start.getTime() <= 732 * 24 * 3600_000;
    return { from, to, start, end, ok };
  };

  app.get('/assessment', async (req, reply) => {
    const desk = deskOf(req);
    const parsed = periodQuery.safeParse(req.query);
    const p = period(parsed.success ? parsed.data : {});
    const valid = parsed.success && p.ok;
    const range = valid ? p : period({});
    const opts = { from: range.start, to: range.end, now: clock() };
    const areaIds = desk.viewer.supervisor ? undefined : desk.viewer.areaIds;
    const [all, report] = await Promise.all([assessAll(db, { ...opts, areaIds }), districtReport(db, { from: range.start, to: range.end, areaIds })]);
    const { figures, cadres } = all;
    const areas = all.areas.filter((a) => desk.viewer.supervisor || desk.viewer.areaIds.includes(a.areaId));
    const reportText = formatDistrictReport(report, t.assessment.reportTitle(range.from, range.to));
    const body = assessmentPage({ from: range.from, to: range.to, figures, areas, cadres, report: reportText, error: valid ? null : t.assessment.badPeriod });
    return send(reply, 200, t.assessment.heading, 'assessment', body, desk);
  });

  dashboardCardRoutes(app, { db, district, publicBaseUrl, clock, door: { send, message, formToken } });

  app.get('/ledger/export.:format', async (req, reply) => {
    const desk = deskOf(req);
    const format = z.enum(['xlsx', 'csv']).safeParse((req.params as { format: string }).format);
    const q = z.object({ from: optional(day), to: optional(day), area: optional(z.string().max(40)) }).safeParse(req.query);
    if (!format.success || !q.success) return message(reply, 400, format.success ? safety.badPeriod : t.badRequest, desk);
    const areaIds = q.data.area
      ? (await db.area.findMany({ where: { code: q.data.area }, select: { id: true } })).map((a) => a.id).filter((id) => desk.viewer.supervisor || desk.viewer.areaIds.includes(id))
      : desk.viewer.supervisor
        ? undefined
        : desk.viewer.areaIds;
    const opts = {
      from: q.data.from ? dayStart(q.data.from, tz) : undefined,
      to: q.data.to ? new Date(dayStart(q.data.to, tz).getTime() + 24 * 3600_000) : undefined,
      areaIds,
      showPhones: false,
      viewer: desk.viewer,
    };
    if (format.data === 'csv') {
      return reply.type('text/csv; charset=utf-8').header('content-disposition', 'attachment; filename="ledger.csv"').send(await buildLedgerCsv(db, district, opts));
    }
    const book = await buildLedgerWorkbook(db, district, opts);
    return reply
      .type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
      .header('content-disposition', 'attachment; filename="ledger.xlsx"')
      .send(Buffer.from(await book.xlsx.writeBuffer()));
  });
};
