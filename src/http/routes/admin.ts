import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Service } from '../../service';
import { type Caller, callerForToken } from '../../access/api-tokens';
import type { CadreStep, StaffCase } from '../../cases/case-service';
import { RegistrationError, registerCadre, registerCadreSchema } from '../../cadre/register-cadre';
import { issueBindingCode } from '../../cadre/binding-codes';
import { assessAll } from '../../assessment/assess-areas';
import { buildLedgerCsv, buildLedgerWorkbook } from '../../export/ledger-export';
import { phoneFor } from '../../cases/case-visibility';
import { isOverdue } from '../../cases/case-queries';
import { messages } from '../../messages/zh-CN';
import { adminSchemas as S } from '../schemas/admin';
import { actorForStaff, cadresOnEvents, type CadresById, type StoredEvent } from '../../cases/event-actors';
import { cleanRequestText } from '../clean-request';
import { dateOf } from '../schemas/strict';

type CadreCaller = Extract<Caller, { kind: 'CADRE' }>;
declare module 'fastify' {
  interface FastifyRequest {
    caller?: CadreCaller;
  }
}

/**
 * The admin API: a supervisor sees the district, a cadre their own area and below. The same use
 * cases as WeChat (same rules, same notifications); a case outside the caller's areas is "not found".
 */
export const adminRoutes: FastifyPluginAsync<{ service: Service; clock: () => Date }> = async (plain, { service, clock }) => {
  const app = plain.withTypeProvider<ZodTypeProvider>();
  const { db, district, cases } = service;

  // Every query, path and body string is cleaned before the schemas see it (NUL, controls, lone surrogates).
  app.addHook('preValidation', cleanRequestText);
  app.addHook('preHandler', async (req: FastifyRequest, reply: FastifyReply) => {
    const header = req.headers.authorization ?? '';
    const token = /^Bearer\s+(\S+)$/i.exec(header)?.[1];
    if (!token) return reply.status(401).send({ error: { code: 'unauthorized', message: 'an Authorization: Bearer <token> header is required' } });
    const caller = await callerForToken(db, token);
    if (!caller) return reply.status(401).send({ error: { code: 'unauthorized', message: 'the token is not valid' } });
    if (caller.kind !== 'CADRE') return reply.status(403).send({ error: { code: 'forbidden', message: 'this token may only file Open311 requests' } });
    req.caller = caller;
  });

  const callerOf = (req: FastifyRequest): CadreCaller => req.caller!;
  const supervisorOnly = (req: FastifyRequest, reply: FastifyReply) => {
    if (!callerOf(req).supervisor) {
      void reply.status(403).send({ error: { code: 'forbidden', message: 'only a supervisor may do this' } });
      return false;
    }
    return true;
  };

  const view = (c: CadreCaller, row: Omit<StaffCase, 'events' | 'reporters'>, now: Date) => ({
    caseNumber: row.caseNumber,
    ledger: row.ledger,
    category: row.category,
    categoryName: district.category(row.category).name,
    priority: row.priority,
    status: row.status,
    statusText: messages.statusText(row.status),
    description: row.description,
    area: row.area,
    locationText: row.locationText,
    households: row.households,
    contactPhone: phoneFor(c, row),
    assignee: row.assignee,
    createdAt: row.createdAt.toISOString(),
    acceptDueAt: row.acceptDueAt.toISOString(),
    resolveDueAt: row.resolveDueAt.toISOString(),
    resolvedAt: row.resolvedAt?.toISOString() ?? null,
    overdue: isOverdue(row, now),
  });

  app.get('/cases', { schema: { querystring: S.caseQuery, response: { 200: S.caseList } } }, async (req) => {
    const c = callerOf(req);
    const q = req.query;
    const now = clock();
    const filter = { ...q, from: q.from ? dateOf(q.from) : undefined, to: q.to ? dateOf(q.to) : undefined };
    const { total, rows } = await cases.listCases(c, filter, { page: q.page, pageSize: q.pageSize }, now);
    return { total, page: q.page, pageSize: q.pageSize, cases: rows.map((r) => view(c, r, now)) };
  });

  app.get('/cases/:caseNumber', { schema: { params: S.caseParams, response: { 200: S.caseDetail, 404: S.error } } }, async (req, reply) => {
    const c = callerOf(req);
    const row = await cases.lookUpCase(c, req.params.caseNumber);
    if (!row) return reply.status(404).send({ error: { code: 'not_found', message: `case ${req.params.caseNumber} not found` } });
    const cadres = await cadresOnEvents(db, row.events);
    return {
      ...view(c, row, clock()),
      timeline: row.events.map((e) => ({
        at: e.createdAt.toISOString(),
        type: e.type,
        actorKind: e.actorKind,
        // A resident's id stays inside (who they are is WeChat's); a cadre's is the one who acted.
        actorId: e.actorKind === 'CADRE' ? e.actorId : null,
        actor: actorOut(e, cadres),
        target: targetOut(e, cadres),
        note: e.note,
        from: e.fromStatus,
        to: e.toStatus,
      })),
      // 我也遇到: one case, its filer and those who joined (households only: who they are stays in WeChat).
      reporters: { count: row.reporterCount, joined: row.reporters.map((r) => ({ at: r.createdAt.toISOString(), households: r.households })) },
    };
  });

  /** Who acted on a step: a cadre by code, name and area; a resident only as 群众; the system as nobody. */
  const actorOut = (e: StoredEvent, cadres: CadresById) => {
    const cadre = e.actorKind === 'CADRE' && e.actorId !== null ? cadres.get(e.actorId) : undefined;
    return { kind: e.actorKind, code: cadre?.code ?? null, name: actorForStaff(e, cadres), area: cadre ? { code: cadre.areaCode, name: cadre.areaName } : null };
  };
  /** The cadre a step handed the case to or called on (assignment, transfer, escalation). */
  const targetOut = (e: StoredEvent, cadres: CadresById) => {
    const cadre = e.targetCadreId !== null ? cadres.get(e.targetCadreId) : undefined;
    return cadre ? { code: cadre.code, name: cadre.name, area: { code: cadre.areaCode, name: cadre.areaName } } : null;
  };

  /** Runs a cadre's step through the case service (the WeChat rules); refusals become 404/403/409 with the reason. */
  const act = async (req: FastifyRequest, reply: FastifyReply, step: CadreStep) => {
    const c = callerOf(req);
    const { caseNumber } = req.params as { caseNumber: string };
    const done = await cases.step(c, caseNumber, step, clock());
    if (!done.ok && done.refusal === 'notVisible') return reply.status(404).send({ error: { code: 'not_found', message: `case ${caseNumber} not found` } });
    if (!done.ok) {
      const status = done.refusal === 'notFound' ? 404 : done.refusal === 'notYours' ? 403 : 409;
      return reply.status(status).send({ error: { code: done.refusal, message: done.text } });
    }
    // A transfer may have moved it out of the caller's areas: they still see the outcome of their own act.
    const row = await cases.lookUpCase(c, caseNumber, { anyArea: true });
    if (!row) return reply.status(404).send({ error: { code: 'not_found', message: `case ${caseNumber} not found` } });
    return reply.send(view(c, row, clock()));
  };

  app.post('/cases/:caseNumber/accept', { schema: { params: S.caseParams, response: { 200: S.caseView, '4xx': S.error } } }, (req, reply) =>
    act(req, reply, { type: 'accept' }));
  app.post('/cases/:caseNumber/progress', { schema: { params: S.caseParams, body: S.noteBody, response: { 200: S.caseView, '4xx': S.error } } }, (req, reply) =>
    act(req, reply, { type: 'progress', note: req.body.note }));
  app.post('/cases/:caseNumber/resolve', { schema: { params: S.caseParams, body: S.noteBody, response: { 200: S.caseView, '4xx': S.error } } }, (req, reply) =>
    act(req, reply, { type: 'resolve', note: req.body.note }));
  app.post('/cases/:caseNumber/transfer', { schema: { params: S.caseParams, body: S.transferBody, response: { 200: S.caseView, '4xx': S.error } } }, (req, reply) =>
    act(req, reply, { type: 'transfer', target: req.body.target, reason: req.body.reason }));

  app.get('/areas', { schema: { response: { 200: S.areaList } } }, async () =>
    district.areas.map((a) => ({ code: a.code, name: a.name, kind: a.kind, parentCode: a.parentCode })),
  );

  app.get('/cadres', { schema: { response: { 200: S.cadreList } } }, async (req) => {
    const c = callerOf(req);
    const rows = await db.cadre.findMany({
      where: c.supervisor ? {} : { areaId: { in: c.areaIds } },
      include: { area: { select: { code: true, name: true } } },
      orderBy: { id: 'asc' },
    });
    return rows.map((r) => ({ code: r.code, name: r.name, role: r.role, area: r.area, categories: r.categories, lead: r.isLead, active: r.active, bound: r.wechatKey !== null, phone: r.phone }));
  });

  app.post('/cadres', { schema: { body: registerCadreSchema } }, async (req, reply) => {
    if (!supervisorOnly(req, reply)) return reply;
    try {
      const result = await registerCadre({ db, district }, req.body, { at: clock(), codeTtlHours: service.bindingCodeTtlHours });
      return reply.status(201).send({ code: result.cadre.code, name: result.cadre.name, area: result.cadre.areaName, bindingCode: result.bindingCode, expiresAt: result.expiresAt.toISOString() });
    } catch (err) {
      if (err instanceof RegistrationError) return reply.status(400).send({ error: { code: 'invalid_request', message: err.message } });
      throw err;
    }
  });

  app.patch('/cadres/:code', { schema: { params: z.object({ code: z.string().max(40) }), body: S.cadrePatch } }, async (req, reply) => {
    if (!supervisorOnly(req, reply)) return reply;
    const unknown = (req.body.categories ?? []).filter((code) => !district.categories.some((c) => c.code === code));
    if (unknown.length) return reply.status(400).send({ error: { code: 'invalid_request', message: `unknown categories: ${unknown.join(', ')}` } });
    const done = await db.cadre.updateMany({
      where: { code: req.params.code },
      data: {
        ...(req.body.active !== undefined ? { active: req.body.active } : {}),
        ...(req.body.lead !== undefined ? { isLead: req.body.lead } : {}),
        ...(req.body.categories !== undefined ? { categories: req.body.categories } : {}),
        ...(req.body.phone !== undefined ? { phone: req.body.phone } : {}),
        // Retiring a cadre also unbinds their WeChat: that account can no longer act as them.
        ...(req.body.active === false ? { wechatKey: null, contactRef: null } : {}),
      },
    });
    if (done.count !== 1) return reply.status(404).send({ error: { code: 'not_found', message: `cadre ${req.params.code} not found` } });
    return reply.send({ code: req.params.code, updated: true });
  });

  app.post('/cadres/:code/binding-code', { schema: { params: z.object({ code: z.string().max(40) }), response: { 201: S.bindingCode, '4xx': S.error } } }, async (req, reply) => {
    if (!supervisorOnly(req, reply)) return reply;
    const cadre = await db.cadre.findUnique({ where: { code: req.params.code }, select: { id: true } });
    if (!cadre) return reply.status(404).send({ error: { code: 'not_found', message: `cadre ${req.params.code} not found` } });
    const { code, expiresAt } = await issueBindingCode(db, { cadreId: cadre.id, at: clock(), ttlHours: service.bindingCodeTtlHours });
    return reply.status(201).send({ bindingCode: code, expiresAt: expiresAt.toISOString() });
  });

  app.get('/assessment', { schema: { querystring: S.periodQuery } }, async (req) => {
    const c = callerOf(req);
    const period = { from: dateOf(req.query.from), to: dateOf(req.query.to), now: clock(), roles: district.data.categoryRoles };
    const all = await assessAll(db, { ...period, areaIds: c.supervisor ? undefined : c.areaIds });
    const areas = all.areas.filter((a) => c.supervisor || c.areaIds.includes(a.areaId));
    return { from: req.query.from, to: req.query.to, ...all.figures, areas, cadres: all.cadres };
  });

  /** The ledger workbook (or CSV) of the cases the caller may see; names and phones in full only on their own cases. */
  app.get('/export.:format', { schema: { params: z.object({ format: z.enum(['xlsx', 'csv']) }), querystring: S.exportQuery } }, async (req, reply) => {
    const c = callerOf(req);
    const opts = {
      from: req.query.from ? dateOf(req.query.from) : undefined,
      to: req.query.to ? dateOf(req.query.to) : undefined,
      areaIds: c.supervisor ? undefined : c.areaIds,
      showPhones: false,
      viewer: c,
    };
    if (req.params.format === 'csv') {
      return reply.type('text/csv; charset=utf-8').header('content-disposition', 'attachment; filename="ledger.csv"').send(await buildLedgerCsv(db, district, opts));
    }
    const book = await buildLedgerWorkbook(db, district, opts);
    const buffer = Buffer.from(await book.xlsx.writeBuffer());
    return reply
      .type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
      .header('content-disposition', 'attachment; filename="ledger.xlsx"')
      .send(buffer);
  });
};
