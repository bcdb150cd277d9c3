import { z } from 'zod';
import type { Queryable } from '../db/client';
import { pgRows } from '../db/typed-sql';
import { OPEN_STATUSES } from '../domain/case-status';
import { assigneeRow, type Assignee } from './route-case';

/** What routing needs of one filing of a group. */
export type RouteRequest = { areaId: number; category: string; preferCadreId: number | null };

// Module level: built once, not per filing group (this is the intake hot path).
const candidateRow = assigneeRow.extend({ kind: z.enum(['area', 'lead']), forArea: z.number(), categories: z.array(z.string()).nullable(), open: z.number() });
type Candidate = z.output<typeof candidateRow>;

/**
 * chooseAssignee (route-case.ts) for a whole group of filings, from one read: the active cadres
 * of the group's areas with their open-case counts, and the nearest lead up the tree of each
 * area. The group is routed in order in memory, each case counted against its cadre before the
 * next is routed, so a group spreads over an area's cadres as the same filings one after
 * another would. Preferred cadres (bond cards) are one more read, only when a filing has one.
 */
export async function chooseAssignees(q: Queryable, requests: RouteRequest[]): Promise<(Assignee | null)[]> {
  const areaIds = [...new Set(requests.map((r) => r.areaId))];
  const rows = await pgRows(
    q,
    candidateRow,
    `WITH RECURSIVE up AS (
       SELECT id AS root, id, "parentId", 0 AS depth FROM "Area" WHERE id = ANY($1::int[])
       UNION ALL
       SELECT up.root, a.id, a."parentId", up.depth + 1 FROM "Area" a JOIN up ON a.id = up."parentId"
     ), leads AS (
       SELECT DISTINCT ON (up.root) up.root, c.id, c.name, c.phone, a.name AS "areaName"
       FROM up JOIN "Cadre" c ON c."areaId" = up.id AND c."isLead" AND c.active
       JOIN "Area" a ON a.id = up.id
       ORDER BY up.root, up.depth, c.id
     )
     SELECT 'lead' AS kind, root AS "forArea", id, name, phone, "areaName", NULL::text[] AS categories, 0 AS open FROM leads
     UNION ALL
     SELECT 'area', c."areaId", c.id, c.name, c.phone, a.name, c.categories,
       (SELECT count(*)::int FROM "Case" k WHERE k."assigneeId" = c.id AND k.status = ANY($2::"CaseStatus"[]))
     FROM "Cadre" c JOIN "Area" a ON a.id = c."areaId"
     WHERE c."areaId" = ANY($1::int[]) AND c.active`,
    [areaIds, [...OPEN_STATUSES]],
  );
  const preferIds = [...new Set(requests.map((r) => r.preferCadreId).filter((id): id is number => id !== null))];
  const preferred = new Map<number, Assignee>();
  if (preferIds.length > 0) {
    const found = await pgRows(
      q,
      assigneeRow,
      `SELECT c.id, c.name, c.phone, a.name AS "areaName" FROM "Cadre" c JOIN "Area" a ON a.id = c."areaId" WHERE c.id = ANY($1::int[]) AND c.active`,
      [preferIds],
    );
    for (const cadre of found) preferred.set(cadre.id, cadre);
  }
  const leads = new Map(rows.filter((r) => r.kind === 'lead').map((r) => [r.forArea, r]));
  const cadres = rows.filter((r) => r.kind === 'area');
  return requests.map((r) => {
    const chosen = (r.preferCadreId !== null ? preferred.get(r.preferCadreId) : undefined) ?? fewestOpen(cadres, r) ?? leads.get(r.areaId);
    if (!chosen) return null;
    // Counted whoever chose them (as the database would count the committed case), so the next request sees it.
    for (const c of cadres) if (c.id === chosen.id) c.open++;
    return { id: chosen.id, name: chosen.name, phone: chosen.phone, areaName: chosen.areaName };
  });
}

/** The area's cadre for the category with the fewest open cases, the lowest id on a tie. */
function fewestOpen(cadres: Candidate[], r: RouteRequest): Candidate | undefined {
  let best: Candidate | undefined;
  for (const c of cadres) {
    if (c.forArea !== r.areaId || !c.categories?.includes(r.category)) continue;
    if (!best || c.open < best.open || (c.open === best.open && c.id < best.id)) best = c;
  }
  return best;
}
