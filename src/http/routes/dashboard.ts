import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Service } from '../../service';
import type { Logger } from '../../logging/logger';
import { dayEnd, dayStart } from '../../domain/time';
import type { Viewer } from '../../cases/case-visibility';
import { orderTree } from '../../assessment/assess-areas';
import { buildLedgerCsv, buildLedgerWorkbook } from '../../export/ledger-export';
import { dashboardTexts as t, deskSafetyTexts as safety } from '../../messages/zh-CN';
import { strictDay } from '../schemas/strict';
import { deskDoor } from './desk-door';
import { ledgerRoute } from './desk-ledger';
import { caseRoutes } from './desk-case';
import { assessmentRoute } from './desk-assessment';
import { dashboardCardRoutes } from './dashboard-cards';

const optional = <T extends z.ZodType>(schema: T) => z.preprocess((v) => (v === '' ? undefined : v), schema.optional());
const day = strictDay;

/**
 * The supervisors' dashboard, server-rendered: the ledger, a case with its timeline and actions,
 * the assessment as charts, exports. Sign-in is with a cadre's API token; the session is a record
 * on the server (see session.ts) that sign-out, revoking the token and expiry all end. Every form,
 * the sign-in form too, carries an anti-forgery token (@fastify/csrf-protection) bound to the
 * session. The same use cases and visibility as the admin API.
 */
export const dashboardRoutes: FastifyPluginAsync<{ service: Service; logger: Logger; secret: string; clock: () => Date; publicBaseUrl: string; secureCookies: boolean; attachmentsDir: string }> = async (
  app,
  { service, logger, secret, clock, publicBaseUrl, secureCookies, attachmentsDir },
) => {
  const { db, district } = service;
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

  const pages = { service, clock, send, message };
  ledgerRoute(app, pages);
  caseRoutes(app, { ...pages, formToken, attachmentsDir });
  assessmentRoute(app, pages);

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
      to: q.data.to ? dayEnd(q.data.to, tz) : undefined,
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
