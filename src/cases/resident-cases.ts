import type { Db } from '../db/client';
import type { District } from '../domain/district';
import type { CaseDetail, CaseSummary } from '../dialogue/types';

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
      events: { orderBy: { createdAt: 'asc' }, select: { createdAt: true, type: true, note: true } },
    },
  });
  if (!row) return null;
  return {
    caseNumber: row.caseNumber,
    status: row.status,
    categoryName: deps.district.category(row.category).name,
    createdAt: row.createdAt.getTime(),
    description: row.description,
    areaName: row.area.name,
    locationText: row.locationText,
    events: row.events.map((e) => ({ at: e.createdAt.getTime(), type: e.type, note: e.note })),
  };
}
