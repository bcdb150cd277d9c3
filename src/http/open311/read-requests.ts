import { z } from 'zod';
import { type Db, sqlPool } from '../../db/client';
import { pgRows, sqlTime } from '../../db/typed-sql';
import { OPEN311_CHANNEL } from '../../cases/case-change';
import type { District } from '../../domain/district';
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


/** Statement parameters, numbered as they are added. */
class Params {
  readonly values: unknown[] = [];
  add(value: unknown): string {
    this.values.push(value);
    return `$${this.values.length}`;
  }
}

/**
 * What the reader may see of the categories asked for (none asked: all), as a condition on the
 * case `c`; null when nothing can match. Worked out here rather than left to the planner: a page
 * of one public category needs no look at who filed it, and a page of a private one only the
 * client's own reports (an index range on channel and date), never the window's whole history.
 */
function visibleTo(reader: Open311Reader, district: District, p: Params, asked: readonly string[] = []): string | null {
  const publicCodes = district.categories.filter((c) => c.public).map((c) => c.code);
  const pub = asked.length ? asked.filter((c) => publicCodes.includes(c)) : publicCodes;
  const priv = asked.length ? asked.filter((c) => !publicCodes.includes(c)) : null;
  // Made only when used: a parameter the statement does not use has no type, and is refused.
  const isPublic = () => `c.category = ANY(${p.add(pub)}::text[])`;
  if (reader.kind === 'public') return pub.length ? isPublic() : null;
  if (priv && priv.length === 0) return isPublic();
  const channel = p.add(OPEN311_CHANNEL);
  const ownReports = `(c.channel = ${channel} AND EXISTS (SELECT 1 FROM "Resident" r WHERE r.id = c."residentId" AND r.channel = ${channel}
    AND r."channelKey" LIKE ${p.add(`${clientResidentPrefix(reader.tokenId)}%`)})${priv ? ` AND c.category = ANY(${p.add(priv)}::text[])` : ''})`;
  return pub.length ? `(${isPublic()} OR ${ownReports})` : ownReports;
}

// Plain SQL, one statement: the page of cases first (on the Case indexes alone), then what a
// request shows of each. A page of 100 at 1,000,000 cases: the whole read p50 16 ms (5 ms of it this
// statement, the rest the redaction) where Prisma's nested selects took 36 ms.
const requestRow = z.object({
  caseNumber: z.string(),
  status: z.string(),
  category: z.string(),
  description: z.string(),
  locationText: z.string(),
  latitude: z.number().nullable(),
  longitude: z.number().nullable(),
  createdAt: z.date(),
  updatedAt: z.date(),
  resolveDueAt: z.date(),
  areaCode: z.string(),
  areaName: z.string(),
  // Only to remove their names from the texts; never sent.
  residentName: z.string().nullable(),
  assigneeName: z.string().nullable(),
  reporterNames: z.array(z.string().nullable()),
  events: z.array(z.object({ type: z.string(), note: z.string().nullable() })),
});
type Row = z.output<typeof requestRow>;

async function readPage(db: Db, p: Params, where: string, offset: number, limit: number): Promise<Row[]> {
  return pgRows(
    sqlPool(db),
    requestRow,
    `WITH page AS (
       SELECT c.id, c."createdAt" FROM "Case" c WHERE ${where}
       ORDER BY c."createdAt" DESC, c.id DESC OFFSET ${p.add(offset)} LIMIT ${p.add(limit)}
     )
     SELECT c."caseNumber", c.status::text AS status, c.category, c.description, c."locationText", c.latitude, c.longitude,
       c."createdAt" AT TIME ZONE 'UTC' AS "createdAt", c."updatedAt" AT TIME ZONE 'UTC' AS "updatedAt",
       c."resolveDueAt" AT TIME ZONE 'UTC' AS "resolveDueAt", a.code AS "areaCode", a.name AS "areaName",
       r."displayName" AS "residentName", k.name AS "assigneeName",
       ARRAY(SELECT rr."displayName" FROM "CaseReporter" cr JOIN "Resident" rr ON rr.id = cr."residentId" WHERE cr."caseId" = c.id) AS "reporterNames",
       COALESCE((SELECT json_agg(json_build_object('type', e.type, 'note', e.note) ORDER BY e.id) FROM "CaseEvent" e WHERE e."caseId" = c.id), '[]') AS events
     FROM page JOIN "Case" c ON c.id = page.id JOIN "Area" a ON a.id = c."areaId"
     LEFT JOIN "Resident" r ON r.id = c."residentId" LEFT JOIN "Cadre" k ON k.id = c."assigneeId"
     ORDER BY page."createdAt" DESC, page.id DESC`,
    p.values,
  );
}

export async function listRequests(db: Db, district: District, reader: Open311Reader, q: ListQuery, now: Date): Promise<Open311Request[]> {
  const p = new Params();
  // A code that is not the district's can match nothing (and one with a NUL, which PostgreSQL
  // refuses in text, must not reach it): it is left out, and a filter of nothing else matches nothing.
  // Case numbers arrive checked against their pattern (params.ts).
  const serviceCodes = q.serviceCodes.filter((c) => district.categories.some((k) => k.code === c));
  const ids = q.ids;
  if ((ids && ids.length === 0) || (!ids && q.serviceCodes.length > 0 && serviceCodes.length === 0)) return [];
  const visible = visibleTo(reader, district, p, ids ? [] : serviceCodes);
  if (!visible) return [];
  const where = [visible];
  if (ids) {
    // The spec: when ids are given, the other filters are ignored.
    where.push(`c."caseNumber" = ANY(${p.add(ids)}::text[])`);
  } else {
    const end = q.endDate ?? now;
    const start = q.startDate ?? new Date(end.getTime() - DEFAULT_WINDOW);
    if (start > end) throw new Open311Error(400, 'start_date must be before end_date');
    where.push(`c."createdAt" >= ${p.add(sqlTime(start))}::timestamp AND c."createdAt" <= ${p.add(sqlTime(end))}::timestamp`);
    if (serviceCodes.length > 0) where.push(`c.category = ANY(${p.add(serviceCodes)}::text[])`);
    // `status IN (…)` named one by one: an index range on (category, status, createdAt).
    if (q.status) where.push(`c.status = ANY(${p.add(q.status === 'closed' ? [...CLOSED_STATUSES] : OPEN311_OPEN)}::"CaseStatus"[])`);
  }
  const [rows, cadreNames] = await Promise.all([readPage(db, p, where.join(' AND '), (q.page - 1) * q.pageSize, q.pageSize), allCadreNames(db)]);
  return rows.map((r) => present(r, district, cadreNames));
}

/** One request; a case the reader may not see is "not found", exactly as one that does not exist. */
export async function oneRequest(db: Db, district: District, reader: Open311Reader, caseNumber: string): Promise<Open311Request | null> {
  const p = new Params();
  const visible = visibleTo(reader, district, p);
  if (!visible) return null;
  const [rows, cadreNames] = await Promise.all([readPage(db, p, `${visible} AND c."caseNumber" = ${p.add(caseNumber)}`, 0, 1), allCadreNames(db)]);
  return rows[0] ? present(rows[0], district, cadreNames) : null;
}

function present(r: Row, district: District, cadreNames: string[]): Open311Request {
  const names = [r.residentName, r.assigneeName, ...r.reporterNames, ...cadreNames];
  return toOpen311({ ...r, area: { code: r.areaCode, name: r.areaName } }, district, names);
}

/** Cadres write each other's names into notes (转给王小明): every cadre's name is removed, not only the assignee's. */
async function allCadreNames(db: Db): Promise<string[]> {
  const rows = await db.cadre.findMany({ select: { name: true } });
  return rows.map((r) => r.name);
}
