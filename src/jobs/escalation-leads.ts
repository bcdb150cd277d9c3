import type { PoolClient } from 'pg';
import { z } from 'zod';
import { pgRows } from '../db/typed-sql';

export type Lead = { id: number; name: string; depth: number };
const leadRow = z.object({ areaId: z.number(), id: z.number(), name: z.string(), depth: z.number() });

/**
 * For each area, the active leads up its chain (the area itself at depth 0, its town at 1, …), one
 * per depth (the lowest id), as escalationTarget (src/cases/route-case.ts) reads them for one case:
 * here in one query for a whole page of cases.
 */
export async function leadsAbove(client: PoolClient, areaIds: number[]): Promise<Map<number, Lead[]>> {
  const rows = await pgRows(
    client,
    leadRow,
    `WITH RECURSIVE up AS (
       SELECT id AS start, id, "parentId", 0 AS depth FROM "Area" WHERE id = ANY($1::int[])
       UNION ALL
       SELECT up.start, a.id, a."parentId", up.depth + 1 FROM "Area" a JOIN up ON a.id = up."parentId"
     )
     SELECT DISTINCT ON (up.start, up.depth) up.start AS "areaId", c.id, c.name, up.depth
     FROM up JOIN "Cadre" c ON c."areaId" = up.id AND c."isLead" AND c.active
     ORDER BY up.start, up.depth, c.id`,
    [[...new Set(areaIds)]],
  );
  const byArea = new Map<number, Lead[]>();
  for (const r of rows) {
    const list = byArea.get(r.areaId) ?? [];
    list.push({ id: r.id, name: r.name, depth: r.depth });
    byArea.set(r.areaId, list);
  }
  return byArea;
}

/** The lead a case at `level` is escalated to: the first at or above that level who is not its assignee. */
export function pickEscalationTarget(leads: readonly Lead[], level: number, assigneeId: number | null): Lead | null {
  return leads.find((l) => l.depth >= level - 1 && l.id !== assigneeId) ?? null;
}
