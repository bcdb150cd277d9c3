import type { Db } from '../db/client';
import type { District } from '../domain/district';
import type { CaseDetail, CaseSummary } from '../domain/case-views';
import { actorForResidents, cadresOnEvents, noteForResidents, timelineSelect } from './event-actors';

/** A resident's own cases, newest first. Nobody else's are ever returned. */
export async function listResidentCases(
  deps: { db: Db; district: District },
  who: { channel: string; residentKey: string },
  limit = 10,
): Promise<CaseSummary[]> {
  const rows = await deps.db.case.findMany({
    where: { resident: { channel: who.channel, channelKey: who.residentKey } },
    orderBy: { createdAt: 'desc' },
    take: limit,
    select: { caseNumber: true, status: true, category: true, createdAt: true, description: true },
  });
  return rows.map((r) => ({
    caseNumber: r.caseNumber,
    status: r.status,
    categoryName: deps.district.category(r.category).name,
    createdAt: r.createdAt.getTime(),
    description: r.description,
  }));
}

/** One of the resident's cases with its timeline; another resident's number gives null. */
export async function findResidentCase(
  deps: { db: Db; district: District },
  who: { channel: string; residentKey: string },
  caseNumber: string,
): Promise<CaseDetail | null> {
  const row = await deps.db.case.findFirst({
    where: { caseNumber, resident: { channel: who.channel, channelKey: who.residentKey } },
    select: {
      caseNumber: true,
      status: true,
      category: true,
      createdAt: true,
      description: true,
      locationText: true,
      area: { select: { name: true } },
      events: { orderBy: [{ createdAt: 'asc' }, { id: 'asc' }], select: timelineSelect },
    },
  });
  if (!row) return null;
  const cadres = await cadresOnEvents(deps.db, row.events);
  const naming = deps.district.cadreNames;
  return {
    caseNumber: row.caseNumber,
    status: row.status,
    categoryName: deps.district.category(row.category).name,
    createdAt: row.createdAt.getTime(),
    description: row.description,
    areaName: row.area.name,
    locationText: row.locationText,
    // Who acted, as residents may hear of them; never another cadre's name in their place.
    events: row.events.map((e) => ({
      at: e.createdAt.getTime(),
      type: e.type,
      by: actorForResidents(e, cadres, naming),
      note: noteForResidents(e, cadres, naming),
    })),
  };
}
