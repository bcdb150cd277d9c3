import { z } from 'zod';
import { Prisma } from '../generated/prisma/client';
import { asQueryable, type DbTx, type Queryable } from '../db/client';
import { pgRows, sqlRows } from '../db/typed-sql';
import { OPEN_STATUSES } from '../domain/case-status';

/** The chosen cadre, with their own area's name (residents hear of them as "<area> <name>"). */
export const assigneeRow = z.object({ id: z.number(), name: z.string(), phone: z.string(), areaName: z.string() });
export type Assignee = z.output<typeof assigneeRow>;
const leadRow = z.object({ id: z.number(), name: z.string(), depth: z.number() });

/**
 * Who gets a case (routing as data: the cadres' areas, categories and lead flags):
 * a preferred cadre (e.g. from a bond card) if active; else the area's cadre who handles the
 * category and has the fewest open cases; else the area's lead; else the lead of the town,
 * then of the district (its supervisor).
 */
export async function chooseAssignee(
  tx: DbTx | Queryable,
  opts: { areaId: number; category: string; preferCadreId?: number | null; excludeCadreId?: number | null },
): Promise<Assignee | null> {
  const q = asQueryable(tx);
  const exclude = opts.excludeCadreId ?? -1;
  if (opts.preferCadreId && opts.preferCadreId !== exclude) {
    const preferred = await pgRows(q, assigneeRow, `SELECT c.id, c.name, c.phone, a.name AS "areaName" FROM "Cadre" c JOIN "Area" a ON a.id = c."areaId" WHERE c.id = $1 AND c.active`, [opts.preferCadreId]);
    if (preferred[0]) return preferred[0];
  }
  const matching = await pgRows(
    q,
    assigneeRow,
    `SELECT c.id, c.name, c.phone, min(a.name) AS "areaName"
     FROM "Cadre" c
     JOIN "Area" a ON a.id = c."areaId"
     LEFT JOIN "Case" k ON k."assigneeId" = c.id AND k.status = ANY($1::"CaseStatus"[])
     WHERE c."areaId" = $2 AND c.active AND $3 = ANY(c.categories) AND c.id <> $4
     GROUP BY c.id
     ORDER BY count(k.id), c.id
     LIMIT 1`,
    [[...OPEN_STATUSES], opts.areaId, opts.category, exclude],
  );
  if (matching[0]) return matching[0];
  const leads = await pgRows(
    q,
    assigneeRow,
    `WITH RECURSIVE up AS (
       SELECT id, "parentId", 0 AS depth FROM "Area" WHERE id = $1
       UNION ALL
       SELECT a.id, a."parentId", up.depth + 1 FROM "Area" a JOIN up ON a.id = up."parentId"
     )
     SELECT c.id, c.name, c.phone, a.name AS "areaName"
     FROM up JOIN "Cadre" c ON c."areaId" = up.id AND c."isLead" AND c.active AND c.id <> $2
     JOIN "Area" a ON a.id = up.id
     ORDER BY up.depth, c.id
     LIMIT 1`,
    [opts.areaId, exclude],
  );
  return leads[0] ?? null;
}

/**
 * Level 1 is the lead of the case's own area, 2 of the area above (town), 3 of the district.
 * Someone never escalates to themselves: if that lead is the assignee, the next one up is told.
 */
export async function escalationTarget(tx: DbTx, areaId: number, level: number, assigneeId: number | null) {
  const leads = await sqlRows(
    tx,
    leadRow,
    Prisma.sql`
    WITH RECURSIVE up AS (
      SELECT id, "parentId", 0 AS depth FROM "Area" WHERE id = ${areaId}
      UNION ALL
      SELECT a.id, a."parentId", up.depth + 1 FROM "Area" a JOIN up ON a.id = up."parentId"
    )
    SELECT DISTINCT ON (up.depth) c.id, c.name, up.depth
    FROM up JOIN "Cadre" c ON c."areaId" = up.id AND c."isLead" AND c.active
    ORDER BY up.depth, c.id`,
  );
  return leads.find((l) => l.depth >= level - 1 && l.id !== assigneeId) ?? null;
}
