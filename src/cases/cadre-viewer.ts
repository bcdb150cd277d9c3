import type { Db } from '../db/client';
import type { Viewer } from './case-visibility';

/** A cadre as a viewer of cases: their role, and their area with every area below it. */
export async function cadreViewer(db: Db, cadreId: number): Promise<Viewer | null> {
  const cadre = await db.cadre.findUnique({ where: { id: cadreId }, select: { id: true, role: true, areaId: true } });
  if (!cadre) return null;
  const areas = await db.$queryRaw<{ id: number }[]>`
    WITH RECURSIVE down AS (
      SELECT id FROM "Area" WHERE id = ${cadre.areaId}
      UNION ALL SELECT a.id FROM "Area" a JOIN down ON a."parentId" = down.id
    ) SELECT id FROM down`;
  return { cadreId: cadre.id, supervisor: cadre.role === 'SUPERVISOR', areaIds: areas.map((a) => a.id) };
}
