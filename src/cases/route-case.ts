import type { DbTx } from '../db/client';
import { OPEN_STATUSES } from './case-status';

export type Assignee = { id: number; name: string; phone: string };

/**
 * Who gets a case (routing as data: the cadres' areas, categories and lead flags):
 * a preferred cadre (e.g. from a bond card) if active; else the area's cadre who handles the
 * category and has the fewest open cases; else the area's lead; else the lead of the town,
 * then of the district (its supervisor).
 */
export async function chooseAssignee(
  tx: DbTx,
  opts: { areaId: number; category: string; preferCadreId?: number | null; excludeCadreId?: number | null },
): Promise<Assignee | null> {
  const exclude = opts.excludeCadreId ?? -1;
  if (opts.preferCadreId && opts.preferCadreId !== exclude) {
    const preferred = await tx.cadre.findFirst({
      where: { id: opts.preferCadreId, active: true },
      select: { id: true, name: true, phone: true },
    });
    if (preferred) return preferred;
  }
  const matching = await tx.$queryRaw<Assignee[]>`
    SELECT c.id, c.name, c.phone
    FROM "Cadre" c
    LEFT JOIN "Case" k ON k."assigneeId" = c.id AND k.status::text = ANY(${[...OPEN_STATUSES]}::text[])
    WHERE c."areaId" = ${opts.areaId} AND c.active AND ${opts.category} = ANY(c.categories) AND c.id <> ${exclude}
    GROUP BY c.id
    ORDER BY count(k.id), c.id
    LIMIT 1`;
  if (matching[0]) return matching[0];
  const leads = await tx.$queryRaw<Assignee[]>`
    WITH RECURSIVE up AS (
      SELECT id, "parentId", 0 AS depth FROM "Area" WHERE id = ${opts.areaId}
      UNION ALL
      SELECT a.id, a."parentId", up.depth + 1 FROM "Area" a JOIN up ON a.id = up."parentId"
    )
    SELECT c.id, c.name, c.phone
    FROM up JOIN "Cadre" c ON c."areaId" = up.id AND c."isLead" AND c.active AND c.id <> ${exclude}
    ORDER BY up.depth, c.id
    LIMIT 1`;
  return leads[0] ?? null;
}

/**
 * Level 1 is the lead of the case's own area, 2 of the area above (town), 3 of the district.
 * Someone never escalates to themselves: if that lead is the assignee, the next one up is told.
 */
export async function escalationTarget(tx: DbTx, areaId: number, level: number, assigneeId: number | null) {
  const leads = await tx.$queryRaw<{ id: number; name: string; depth: number }[]>`
    WITH RECURSIVE up AS (
      SELECT id, "parentId", 0 AS depth FROM "Area" WHERE id = ${areaId}
      UNION ALL
      SELECT a.id, a."parentId", up.depth + 1 FROM "Area" a JOIN up ON a.id = up."parentId"
    )
    SELECT DISTINCT ON (up.depth) c.id, c.name, up.depth
    FROM up JOIN "Cadre" c ON c."areaId" = up.id AND c."isLead" AND c.active
    ORDER BY up.depth, c.id`;
  return leads.find((l) => l.depth >= level - 1 && l.id !== assigneeId) ?? null;
}
