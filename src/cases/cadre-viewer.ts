import { z } from 'zod';
import type { Db } from '../db/client';
import { sqlRows } from '../db/typed-sql';
import { Prisma } from '../generated/prisma/client';
import type { Viewer } from './case-visibility';

/** A cadre as a viewer of cases: their role, and their area with every area below it. */
export async function cadreViewer(db: Db, cadreId: number): Promise<Viewer | null> {
  const cadre = await db.cadre.findUnique({ where: { id: cadreId }, select: { id: true, role: true, areaId: true } });
  if (!cadre) return null;
  const areaIds = await areasAtAndBelow(db, cadre.areaId);
  return { cadreId: cadre.id, supervisor: cadre.role === 'SUPERVISOR', areaIds };
}

const idRow = z.object({ id: z.number() });

/** An area and every area below it (a town and its villages), as ids. */
export async function areasAtAndBelow(db: Db, areaId: number): Promise<number[]> {
  const rows = await sqlRows(
    db,
    idRow,
    Prisma.sql`
    WITH RECURSIVE down AS (
      SELECT id FROM "Area" WHERE id = ${areaId}
      UNION ALL SELECT a.id FROM "Area" a JOIN down ON a."parentId" = down.id
    ) SELECT id FROM down`,
  );
  return rows.map((r) => r.id);
}
