import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Db } from '../../db/client';
import type { District } from '../../domain/district';
import type { Viewer } from '../../cases/case-visibility';
import { orderTree } from '../../assessment/assess-areas';
import { BondCardError, bondCardCountsByArea, createBondCards, listBondCards, revokeBondCard } from '../../cards/bond-cards';
import { normaliseBondCardCode } from '../../cards/bond-card-code';
import { renderCardSheetPng } from '../../cards/card-sheet';
import { renderCardSheetPdf } from '../../cards/card-sheet-pdf';
import { cardDeskTexts as c, dashboardTexts as t } from '../../messages/zh-CN';
import { cardsAreaPage, cardsOverviewPage } from '../web/dashboard/cards-page';
import type { Html } from '../web/html';
import type { Nav } from '../web/dashboard/layout';
import type { Desk } from './desk-door';

type Door = {
  send: (reply: FastifyReply, status: number, title: string, nav: Nav, body: Html, desk?: Desk, flash?: { kind: 'ok' | 'error'; text: string } | null) => FastifyReply;
  message: (reply: FastifyReply, status: number, text: string, desk?: Desk) => FastifyReply;
  formToken: (reply: FastifyReply, desk?: Desk) => string;
};

const areaCode = z.string().min(1).max(40);
const MAX_AT_ONCE = 100;

/**
 * The cards page of the dashboard: supervisors for every village and community, other cadres for
 * those in their own area, create bond cards for a cadre there, revoke them, and download the A4
 * PDF to print. Registered inside the dashboard's plugin, so the desk's door (session, form
 * tokens, error pages) guards every route here.
 */
export function dashboardCardRoutes(app: FastifyInstance, deps: { db: Db; district: District; publicBaseUrl: string; clock: () => Date; door: Door }): void {
  const { db, district, publicBaseUrl, clock, door } = deps;
  const deskOf = (req: FastifyRequest) => req.desk!;
  const grassroots = new Set(district.grassroots.map((g) => g.code));

  /** The villages and communities the viewer may manage, in tree order. */
  const managedAreas = async (viewer: Viewer) => {
    const nodes = await db.area.findMany({ select: { id: true, code: true, name: true, kind: true, parentId: true } });
    return orderTree(nodes)
      .filter(({ node }) => grassroots.has(node.code) && (viewer.supervisor || viewer.areaIds.includes(node.id)))
      .map(({ node, depth }) => ({ id: node.id, code: node.code, name: node.name, depth }));
  };
  /** One area the viewer may manage, or null (unknown and not theirs read the same). */
  const managedArea = async (viewer: Viewer, code: string) => (await managedAreas(viewer)).find((a) => a.code === code) ?? null;

  const overview = async (reply: FastifyReply, desk: Desk) => {
    const [areas, counts] = await Promise.all([
      managedAreas(desk.viewer),
      bondCardCountsByArea(db),
    ]);
    const rows = areas.map((a) => {
      const n = counts.find((x) => x.areaId === a.id);
      return { ...a, active: Number(n?.active ?? 0), residents: Number(n?.residents ?? 0) };
    });
    return door.send(reply, 200, c.heading, 'cards', cardsOverviewPage({ areas: rows }), desk);
  };

  const areaPage = async (reply: FastifyReply, desk: Desk, area: { id: number; code: string; name: string }, status: number, flash: { kind: 'ok' | 'error'; text: string } | null) => {
    const [cadres, cards] = await Promise.all([
      db.cadre.findMany({ where: { areaId: area.id, active: true }, select: { code: true, name: true }, orderBy: { id: 'asc' } }),
      listBondCards(db, { area: area.code }),
    ]);
    const body = cardsAreaPage({ area, cadres, cards: cards.reverse(), formToken: door.formToken(reply, desk), timeZone: district.timeZone });
    return door.send(reply, status, c.areaHeading(area.name), 'cards', body, desk, flash);
  };

  app.get('/cards', async (req, reply) => {
    const desk = deskOf(req);
    const q = z.object({ area: areaCode.optional(), created: z.coerce.number().int().min(1).max(MAX_AT_ONCE).optional(), revoked: z.string().max(10).optional() }).safeParse(req.query);
    if (!q.success) return door.message(reply, 400, t.badRequest, desk);
    if (!q.data.area) return overview(reply, desk);
    const area = await managedArea(desk.viewer, q.data.area);
    if (!area) return door.message(reply, 404, c.noCards, desk);
    const revoked = q.data.revoked ? normaliseBondCardCode(q.data.revoked) : null;
    const flash = q.data.created ? { kind: 'ok' as const, text: c.created(q.data.created) } : revoked ? { kind: 'ok' as const, text: c.revoked(revoked) } : null;
    return areaPage(reply, desk, area, 200, flash);
  });

  app.post('/cards/create', async (req, reply) => {
    const desk = deskOf(req);
    const body = z.object({ area: areaCode, cadre: z.string().min(1).max(60), count: z.string().max(10) }).safeParse(req.body);
    if (!body.success) return door.message(reply, 400, t.badRequest, desk);
    const area = await managedArea(desk.viewer, body.data.area);
    if (!area) return door.message(reply, 404, c.noCards, desk);
    const count = /^\d{1,3}$/.test(body.data.count.trim()) ? Number(body.data.count.trim()) : NaN;
    if (!(count >= 1 && count <= MAX_AT_ONCE)) return areaPage(reply, desk, area, 200, { kind: 'error', text: c.badCount });
    // Only a cadre of this very area, still in post, may be the one on its cards.
    const cadre = await db.cadre.findFirst({ where: { code: body.data.cadre, areaId: area.id, active: true }, select: { code: true } });
    if (!cadre) return areaPage(reply, desk, area, 200, { kind: 'error', text: c.badCadre });
    try {
      await createBondCards(db, { area: area.code, cadreCode: cadre.code, count, at: clock() });
    } catch (err) {
      if (err instanceof BondCardError) return areaPage(reply, desk, area, 200, { kind: 'error', text: c.badCadre });
      throw err;
    }
    return reply.redirect(`/cards?area=${encodeURIComponent(area.code)}&created=${count}`, 303);
  });

  app.post('/cards/revoke', async (req, reply) => {
    const desk = deskOf(req);
    const body = z.object({ code: z.string().min(1).max(20) }).safeParse(req.body);
    const code = body.success ? normaliseBondCardCode(body.data.code) : null;
    if (!code) return door.message(reply, 400, t.badRequest, desk);
    const card = await db.bondCard.findUnique({ where: { code }, select: { area: { select: { code: true } } } });
    const area = card ? await managedArea(desk.viewer, card.area.code) : null;
    if (!area) return door.message(reply, 404, c.notRevoked, desk);
    if (!(await revokeBondCard(db, { code, at: clock() }))) return areaPage(reply, desk, area, 200, { kind: 'error', text: c.notRevoked });
    return reply.redirect(`/cards?area=${encodeURIComponent(area.code)}&revoked=${code}`, 303);
  });

  /** The sheet to print: `pdf` (A4, in Chinese) or `png` (the older sheet for pre-printed stock). */
  app.get('/cards/sheet.:format', async (req, reply) => {
    const desk = deskOf(req);
    const format = z.enum(['pdf', 'png']).safeParse((req.params as { format: string }).format);
    const q = z.object({ area: areaCode }).safeParse(req.query);
    if (!format.success || !q.success) return door.message(reply, 400, t.badRequest, desk);
    const area = await managedArea(desk.viewer, q.data.area);
    if (!area) return door.message(reply, 404, c.noCards, desk);
    try {
      if (format.data === 'png') {
        const png = await renderCardSheetPng({ db, publicBaseUrl }, { areaCode: area.code });
        return reply.type('image/png').header('content-disposition', `attachment; filename="bond-cards-${area.code}.png"`).send(png);
      }
      const sheet = await renderCardSheetPdf({ db, publicBaseUrl, printPhone: district.data.bondCards.printPhone }, { areaCode: area.code });
      return reply
        .type('application/pdf')
        .header('cache-control', 'no-store')
        .header('content-disposition', `attachment; filename="bond-cards-${area.code}.pdf"`)
        .send(sheet.pdf);
    } catch (err) {
      if (err instanceof BondCardError) return door.message(reply, 404, c.noCards, desk);
      throw err;
    }
  });
}
