import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Service } from '../../service';
import { LEDGER_NAMES, LEDGERS, PRIORITIES } from '../../domain/ledger';
import { dashboardTexts as t } from '../../messages/zh-CN';
import { CASE_SORTS, caseWhere, isOverdue } from '../../cases/case-queries';
import { LEDGER_VIEWS, ledgerCounters, viewWhere } from '../../cases/ledger-counters';
import { withoutGreeting } from '../../cases/case-summary';
import { OPEN_STATUSES } from '../../domain/case-status';
import type { Viewer } from '../../cases/case-visibility';
import { orderTree } from '../../assessment/assess-areas';
import { strictInt } from '../schemas/strict';
import { LEDGER_STATUSES, ledgerPage, type LedgerLine } from '../web/dashboard/ledger-page';
import type { Html } from '../web/html';
import type { Desk } from './desk-door';

const PAGE_SIZE = 25;
const optional = <T extends z.ZodType>(schema: T) => z.preprocess((v) => (v === '' ? undefined : v), schema.optional());
const ledgerQuery = z.object({
  ledger: optional(z.enum(LEDGERS)),
  status: optional(z.enum(LEDGER_STATUSES)),
  priority: optional(z.enum(PRIORITIES)),
  area: optional(z.string().max(40)),
  overdue: optional(z.literal('true')),
  view: optional(z.enum(LEDGER_VIEWS)),
  q: optional(z.string().trim().max(100)),
  sort: optional(z.enum(CASE_SORTS)),
  dir: optional(z.enum(['asc', 'desc'])),
  page: optional(strictInt(1, 100_000)),
});

export type DeskPages = {
  service: Service;
  clock: () => Date;
  send: (reply: FastifyReply, status: number, title: string, nav: 'ledger' | 'assessment', body: Html, desk?: Desk, flash?: { kind: 'ok' | 'error'; text: string } | null) => unknown;
  message: (reply: FastifyReply, status: number, text: string, desk?: Desk) => unknown;
};

/** Areas the viewer may filter by, indented as a tree. */
export async function areaOptions(service: Service, viewer: Viewer) {
  const nodes = await service.db.area.findMany({ select: { id: true, code: true, name: true, kind: true, parentId: true } });
  return orderTree(nodes)
    .filter(({ node }) => viewer.supervisor || viewer.areaIds.includes(node.id))
    .map(({ node, depth }) => ({ code: node.code, name: node.name, depth }));
}

/**
 * The ledger: counters that are also filters, what is due first, both deadlines with the time left,
 * reporters and households, the problem without greetings; one card per case on a phone (CSS).
 */
export function ledgerRoute(app: FastifyInstance, { service, clock, send, message }: DeskPages) {
  const { db, district } = service;
  app.get('/ledger', async (req: FastifyRequest, reply) => {
    const desk = req.desk!;
    const parsed = ledgerQuery.safeParse(req.query);
    if (!parsed.success) return message(reply, 400, t.badRequest, desk);
    const d = parsed.data;
    const sort = d.sort ?? 'due';
    const q = { ...d, overdue: d.overdue === 'true', sort, dir: d.dir ?? (sort === 'due' ? 'asc' : 'desc'), page: d.page ?? 1 } as const;
    const now = clock();
    const filter = { ledger: q.ledger, status: q.status, priority: q.priority, area: q.area, overdue: q.overdue || undefined, q: q.q };
    const base = caseWhere(desk.viewer, filter, now);
    const where = q.view ? { AND: [base, viewWhere(q.view, now, district.timeZone)] } : base;
    const [{ total, rows }, areas, counters] = await Promise.all([
      service.cases.listCases(desk.viewer, {}, { page: q.page, pageSize: PAGE_SIZE, sort: q.sort, dir: q.dir }, now, where),
      areaOptions(service, desk.viewer),
      ledgerCounters(db, caseWhere(desk.viewer, { ledger: q.ledger, area: q.area }, now), now, district.timeZone),
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
      summary: withoutGreeting(r.description),
      households: r.households,
      reporterCount: r.reporterCount,
      assigneeName: r.assignee?.name ?? null,
      createdAt: r.createdAt,
      clockStart: r.reopenedAt ?? r.createdAt,
      acceptDueAt: r.acceptDueAt,
      acceptedAt: r.acceptedAt,
      resolveDueAt: r.resolveDueAt,
      resolvedAt: r.resolvedAt,
      open: (OPEN_STATUSES as readonly string[]).includes(r.status),
      overdue: isOverdue(r, now),
    }));
    const body = ledgerPage({ district, query: q, total, pageSize: PAGE_SIZE, lines, areas, counters, now });
    return send(reply, 200, q.ledger ? LEDGER_NAMES[q.ledger] : t.ledger.all, 'ledger', body, desk);
  });
}
