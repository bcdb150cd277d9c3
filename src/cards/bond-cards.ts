import { z } from 'zod';
import type { Db } from '../db/client';
import { sqlCount, sqlRows } from '../db/typed-sql';
import { Prisma } from '../generated/prisma/client';
import { newBondCardCode } from './bond-card-code';

/** A refusal an operator can read (unknown area or cadre …). */
export class BondCardError extends Error {
  override name = 'BondCardError';
}

export type BondCardView = {
  code: string;
  areaCode: string;
  areaName: string;
  cadreCode: string;
  cadreName: string;
  createdAt: Date;
  revokedAt: Date | null;
  residents: number;
};

const VIEW = {
  code: true,
  createdAt: true,
  revokedAt: true,
  area: { select: { code: true, name: true } },
  cadre: { select: { code: true, name: true } },
  _count: { select: { residents: true } },
} as const;

type ViewRow = Prisma.BondCardGetPayload<{ select: typeof VIEW }>;

const toView = (r: ViewRow): BondCardView => ({
  code: r.code,
  areaCode: r.area.code,
  areaName: r.area.name,
  cadreCode: r.cadre.code,
  cadreName: r.cadre.name,
  createdAt: r.createdAt,
  revokedAt: r.revokedAt,
  residents: r._count.residents,
});

/** Finds an area by code or name (as operators type it). */
async function findArea(db: Db, codeOrName: string) {
  const area = await db.area.findFirst({ where: { OR: [{ code: codeOrName }, { name: codeOrName }] }, select: { id: true, code: true, name: true } });
  if (!area) throw new BondCardError(`no area "${codeOrName}"`);
  return area;
}

/** `count` new cards for an area and its cadre; codes are unique (a rare clash is drawn again). */
export async function createBondCards(db: Db, opts: { area: string; cadreCode: string; count: number; at: Date }): Promise<BondCardView[]> {
  const area = await findArea(db, opts.area);
  const cadre = await db.cadre.findUnique({ where: { code: opts.cadreCode }, select: { id: true, active: true } });
  if (!cadre || !cadre.active) throw new BondCardError(`no active cadre "${opts.cadreCode}"`);
  const made: BondCardView[] = [];
  while (made.length < opts.count) {
    try {
      const row = await db.bondCard.create({ data: { code: newBondCardCode(), areaId: area.id, cadreId: cadre.id, createdAt: opts.at }, select: VIEW });
      made.push(toView(row));
    } catch (err) {
      if (!(err instanceof Prisma.PrismaClientKnownRequestError && err.code === 'P2002')) throw err;
    }
  }
  return made;
}

/** Cards of an area (or all), oldest first. */
export async function listBondCards(db: Db, opts: { area?: string; activeOnly?: boolean } = {}): Promise<BondCardView[]> {
  const area = opts.area ? await findArea(db, opts.area) : null;
  const rows = await db.bondCard.findMany({
    where: { ...(area ? { areaId: area.id } : {}), ...(opts.activeOnly ? { revokedAt: null } : {}) },
    orderBy: { id: 'asc' },
    select: VIEW,
  });
  return rows.map(toView);
}

/** Revokes a card: its code is refused from now on, and residents tied by it no longer prefer its cadre. */
export async function revokeBondCard(db: Db, opts: { code: string; at: Date }): Promise<boolean> {
  const done = await db.bondCard.updateMany({ where: { code: opts.code, revokedAt: null }, data: { revokedAt: opts.at } });
  return done.count === 1;
}

export type BondCardRedemption =
  | { ok: true; code: string; areaCode: string; areaName: string; cadreName: string }
  | { ok: false; reason: 'unknown' | 'revoked' };

/**
 * Ties a resident (who has agreed to the privacy notice) to a card's area and cadre: kept on
 * their Resident row, so routing prefers that cadre for cases in that area.
 */
export async function redeemBondCard(
  db: Db,
  opts: { channel: string; residentKey: string; code: string; contactRef?: string | null; at: Date },
): Promise<BondCardRedemption> {
  const card = await db.bondCard.findUnique({
    where: { code: opts.code },
    select: { id: true, code: true, revokedAt: true, areaId: true, area: { select: { code: true, name: true } }, cadre: { select: { name: true, active: true } } },
  });
  if (!card) return { ok: false, reason: 'unknown' };
  if (card.revokedAt || !card.cadre.active) return { ok: false, reason: 'revoked' };
  await db.resident.upsert({
    where: { channel_channelKey: { channel: opts.channel, channelKey: opts.residentKey } },
    create: { channel: opts.channel, channelKey: opts.residentKey, contactRef: opts.contactRef ?? null, areaId: card.areaId, bondCardId: card.id, consentAt: opts.at },
    update: { areaId: card.areaId, bondCardId: card.id, ...(opts.contactRef ? { contactRef: opts.contactRef } : {}) },
  });
  return { ok: true, code: card.code, areaCode: card.area.code, areaName: card.area.name, cadreName: card.cadre.name };
}

/** Per area: its cards still valid, and the residents who came through any of its cards (the desk's overview). */
export async function bondCardCountsByArea(db: Db): Promise<{ areaId: number; active: number; residents: number }[]> {
  return sqlRows(
    db,
    z.object({ areaId: z.number(), active: sqlCount, residents: sqlCount }),
    Prisma.sql`
      SELECT c."areaId", count(DISTINCT c.id) FILTER (WHERE c."revokedAt" IS NULL) AS active, count(r.id) AS residents
      FROM "BondCard" c LEFT JOIN "Resident" r ON r."bondCardId" = c.id GROUP BY c."areaId"`,
  );
}
