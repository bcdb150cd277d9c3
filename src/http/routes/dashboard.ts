import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Service } from '../../service';
import type { Logger } from '../../logging/logger';
import { dayEnd, dayStart } from '../../domain/time';
import type { Viewer } from '../../cases/case-visibility';
import { orderTree } from '../../assessment/assess-areas';
import { buildLedgerCsv, buildLedgerWorkbook } from '../../export/ledger-export';
import { dashboardTexts as t, deskSafetyTexts as safety } from '../../messages/zh-CN';
import { cardsPage } from '../web/dashboard/pages';
import { BondCardError } from '../../cards/bond-cards';
import { renderCardSheetPng } from '../../cards/card-sheet';
import { strictDay } from '../schemas/strict';
import { deskDoor } from './desk-door';
import { ledgerRoute } from './desk-ledger';
import { caseRoutes } from './desk-case';
import { assessmentRoute } from './desk-assessment';

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

  /** The viewer's villages and communities with their bond cards; each area's printable sheet. */
  app.get('/cards', async (req, reply) => {
    const desk = deskOf(req);
    const [areas, counts, ids] = await Promise.all([
      areaOptions(desk.viewer),
      db.$queryRaw<{ areaId: number; active: bigint; residents: bigint }[]>`
        SELECT c."areaId", count(DISTINCT c.id) FILTER (WHERE c."revokedAt" IS NULL) AS active, count(r.id) AS residents
        FROM "BondCard" c LEFT JOIN "Resident" r ON r."bondCardId" = c.id GROUP BY c."areaId"`,
      db.area.findMany({ select: { id: true, code: true } }),
    ]);
    const idOf = new Map(ids.map((a) => [a.code, a.id]));
    const rows = areas
      .filter((a) => district.grassroots.some((g) => g.code === a.code))
      .map((a) => {
        const n = counts.find((c) => c.areaId === idOf.get(a.code));
        return { ...a, active: Number(n?.active ?? 0), residents: Number(n?.residents ?? 0) };
      });
    return send(reply, 200, t.cards.heading, 'cards', cardsPage({ areas: rows }), desk);
  });

  app.get('/cards/sheet.png', async (req, reply) => {
    const desk = deskOf(req);
    const q = z.object({ area: z.string().min(1).max(40) }).safeParse(req.query);
    if (!q.success) return message(reply, 400, t.badRequest, desk);
    const area = await db.area.findUnique({ where: { code: q.data.area }, select: { id: true } });
    if (!area || !(desk.viewer.supervisor || desk.viewer.areaIds.includes(area.id))) return message(reply, 404, t.cards.noCards, desk);
    try {
      const png = await renderCardSheetPng({ db, publicBaseUrl }, { areaCode: q.data.area });
      return reply.type('image/png').header('content-disposition', `attachment; filename="bond-cards-${q.data.area}.png"`).send(png);
    } catch (err) {
      if (err instanceof BondCardError) return message(reply, 404, t.cards.noCards, desk);
      throw err;
    }
  });

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
