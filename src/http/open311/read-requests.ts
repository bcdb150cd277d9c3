import type { Db } from '../../db/client';
import { OPEN311_CHANNEL } from '../../cases/case-change';
import type { District } from '../../domain/district';
import type { Prisma } from '../../generated/prisma/client';
import { CaseStatus } from '../../generated/prisma/enums';
import { CLOSED_STATUSES, type Open311Request, toOpen311 } from './representation';
import type { ListQuery } from './params';
import { Open311Error } from './reply';

/**
 * Who reads Open311, and so which cases they see:
 * - the public (no api_key, only when OPEN311_PUBLIC_READS is on): the cases of the categories the
 *   district file marks public;
 * - an Open311 client (a valid api_key): the same, plus the cases it filed itself, of any category
 *   (a hotline that forwarded a hardship report must be able to follow it: its caller has no chat).
 * Neither is the district's staff: a key is handed to another organisation's system and ends up in
 * its logs and screens, so every text is redacted for both, and names never leave.
 */
export type Open311Reader = { kind: 'public' } | { kind: 'client'; tokenId: number };

const DAY = 24 * 3_600_000;

/**
 * Open311's "open": every status that is not closed, named one by one. `status IN (…)` is an
 * index range on (category, status, createdAt); `NOT IN` is not, and the planner then walks the
 * whole window's (mostly closed) history by date to find the few open cases of a category.
 */
const OPEN311_OPEN: CaseStatus[] = Object.values(CaseStatus).filter((s) => !(CLOSED_STATUSES as readonly string[]).includes(s));
const DEFAULT_WINDOW = 90 * DAY;

/** The resident key of a report a client filed starts with its token id (see the POST route). */
export const clientResidentPrefix = (tokenId: number) => `${tokenId}:`;


/**
 * What the reader may see of the categories asked for (none asked: all), as a filter; null when
 * nothing can match. Worked out here rather than left to the planner: a page of one public
 * category needs no look at who filed it, and a page of a private one only the client's own
 * reports (an index range on channel and date), never the window's whole history.
 */
function visibleTo(reader: Open311Reader, district: District, asked: readonly string[] = []): Prisma.CaseWhereInput | null {
  const publicCodes = district.categories.filter((c) => c.public).map((c) => c.code);
  const pub = asked.length ? asked.filter((c) => publicCodes.includes(c)) : publicCodes;
  const priv = asked.length ? asked.filter((c) => !publicCodes.includes(c)) : null;
  const isPublic: Prisma.CaseWhereInput = { category: { in: pub } };
  if (reader.kind === 'public') return pub.length ? isPublic : null;
  if (priv && priv.length === 0) return isPublic;
  const ownReports: Prisma.CaseWhereInput = {
    channel: OPEN311_CHANNEL,
    resident: { channel: OPEN311_CHANNEL, channelKey: { startsWith: clientResidentPrefix(reader.tokenId) } },
    ...(priv ? { category: { in: priv } } : {}),
  };
  return pub.length ? { OR: [isPublic, ownReports] } : ownReports;
}

const caseSelect = {
  caseNumber: true,
  status: true,
  category: true,
  description: true,
  locationText: true,
  latitude: true,
  longitude: true,
  createdAt: true,
  updatedAt: true,
  resolveDueAt: true,
  area: { select: { code: true, name: true } },
  events: { orderBy: { id: 'asc' }, select: { type: true, note: true } },
  // Only to remove their names from the texts above; never sent.
  resident: { select: { displayName: true } },
  reporters: { select: { resident: { select: { displayName: true } } } },
  assignee: { select: { name: true } },
} as const satisfies Prisma.CaseSelect;

type Row = Prisma.CaseGetPayload<{ select: typeof caseSelect }>;

export async function listRequests(db: Db, district: District, reader: Open311Reader, q: ListQuery, now: Date): Promise<Open311Request[]> {
  const visible = visibleTo(reader, district, q.ids ? [] : q.serviceCodes);
  if (!visible) return [];
  const where: Prisma.CaseWhereInput = { AND: [visible] };
  if (q.ids) {
    // The spec: when ids are given, the other filters are ignored.
    where.caseNumber = { in: q.ids };
  } else {
    const end = q.endDate ?? now;
    const start = q.startDate ?? new Date(end.getTime() - DEFAULT_WINDOW);
    if (start > end) throw new Open311Error(400, 'start_date must be before end_date');
    where.createdAt = { gte: start, lte: end };
    if (q.serviceCodes.length > 0) where.category = { in: q.serviceCodes };
    if (q.status) where.status = { in: q.status === 'closed' ? [...CLOSED_STATUSES] : OPEN311_OPEN };
  }
  const [rows, cadreNames] = await Promise.all([
    db.case.findMany({ where, orderBy: [{ createdAt: 'desc' }, { id: 'desc' }], skip: (q.page - 1) * q.pageSize, take: q.pageSize, select: caseSelect }),
    allCadreNames(db),
  ]);
  return rows.map((r) => present(r, district, cadreNames));
}

/** One request; a case the reader may not see is "not found", exactly as one that does not exist. */
export async function oneRequest(db: Db, district: District, reader: Open311Reader, caseNumber: string): Promise<Open311Request | null> {
  const visible = visibleTo(reader, district);
  if (!visible) return null;
  const [row, cadreNames] = await Promise.all([
    db.case.findFirst({ where: { AND: [{ caseNumber }, visible] }, select: caseSelect }),
    allCadreNames(db),
  ]);
  return row ? present(row, district, cadreNames) : null;
}

function present(r: Row, district: District, cadreNames: string[]): Open311Request {
  const names = [r.resident?.displayName, r.assignee?.name, ...r.reporters.map((x) => x.resident?.displayName), ...cadreNames];
  return toOpen311(r, district, names);
}

/** Cadres write each other's names into notes (转给王小明): every cadre's name is removed, not only the assignee's. */
async function allCadreNames(db: Db): Promise<string[]> {
  const rows = await db.cadre.findMany({ select: { name: true } });
  return rows.map((r) => r.name);
}
