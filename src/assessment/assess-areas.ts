import type { Db } from '../db/client';
import { addCounts, type Counts, emptyCounts, type Figures, type Period, sumAreas, toFigures } from './counts';
import { countsBy, countsByAreaAndCadre } from './rates';

/**
 * Assessment per area and per cadre. The definitions are those of counts.ts (response, resolution and
 * satisfaction rates; filed per ledger, resolved, disputes resolved, overdue, reopened, households).
 * Counts are grouped by area in SQL (three queries: cases, follow-ups, visits), then rolled up the area tree in memory.
 */

export type AreaNode = { id: number; code: string; name: string; kind: string; parentId: number | null };

export type AreaFigures = {
  areaId: number;
  code: string;
  name: string;
  kind: string;
  parentId: number | null;
  /** 0 for the district, 1 for a town, 2 for a village. */
  depth: number;
  /** This area's cases and all its descendants'. */
  figures: Figures;
};

export type CadreFigures = {
  cadreId: number;
  code: string;
  name: string;
  areaId: number;
  areaName: string;
  /** The cases currently assigned to this cadre. */
  figures: Figures;
};

/** The tree in depth-first order, parents before their children, siblings by id. */
export function orderTree<T extends { id: number; parentId: number | null }>(nodes: T[]): { node: T; depth: number }[] {
  const children = new Map<number | null, T[]>();
  const ids = new Set(nodes.map((n) => n.id));
  for (const n of [...nodes].sort((a, b) => a.id - b.id)) {
    // A node whose parent is not in the list is a root here (a subtree was asked for).
    const parent = n.parentId !== null && ids.has(n.parentId) ? n.parentId : null;
    const list = children.get(parent) ?? [];
    list.push(n);
    children.set(parent, list);
  }
  const out: { node: T; depth: number }[] = [];
  const walk = (parent: number | null, depth: number) => {
    for (const n of children.get(parent) ?? []) {
      out.push({ node: n, depth });
      walk(n.id, depth + 1);
    }
  };
  walk(null, 0);
  return out;
}

/** The ids of an area and all its descendants. */
export function subtreeIds(areas: AreaNode[], rootId: number): number[] {
  const out = [rootId];
  for (let i = 0; i < out.length; i++) {
    for (const a of areas) if (a.parentId === out[i]) out.push(a.id);
  }
  return out;
}

/**
 * Every area's figures, each including its descendants', in tree order. `byArea`: the period's
 * per-area counts (countsBy 'areaId', unrestricted) when the caller already has them.
 */
export async function assessAreas(db: Db, opts: Period, byArea?: Map<number, Counts>): Promise<AreaFigures[]> {
  const [areas, own] = await Promise.all([
    db.area.findMany({ select: { id: true, code: true, name: true, kind: true, parentId: true } }),
    byArea ?? countsBy(db, 'areaId', opts),
  ]);
  const ordered = orderTree(areas);
  // Children come after parents, so walking backwards adds each subtree into its parent.
  const total = new Map(areas.map((a) => [a.id, addCounts(emptyCounts(), own.get(a.id) ?? emptyCounts())]));
  for (let i = ordered.length - 1; i >= 0; i--) {
    const { node } = ordered[i]!;
    if (node.parentId !== null) addCounts(total.get(node.parentId)!, total.get(node.id)!);
  }
  return ordered.map(({ node, depth }) => ({
    areaId: node.id,
    code: node.code,
    name: node.name,
    kind: node.kind,
    parentId: node.parentId,
    depth,
    figures: toFigures(total.get(node.id)!),
  }));
}

/** Every cadre's figures over the cases assigned to them (cadres with no cases get zeros and null rates). */
export async function assessCadres(db: Db, opts: Period & { areaIds?: number[] }, byCadre?: Map<number, Counts>): Promise<CadreFigures[]> {
  const [cadres, own] = await Promise.all([
    db.cadre.findMany({
      where: opts.areaIds ? { areaId: { in: opts.areaIds } } : {},
      select: { id: true, code: true, name: true, areaId: true, area: { select: { name: true } } },
      orderBy: { id: 'asc' },
    }),
    byCadre ?? countsBy(db, 'assigneeId', { from: opts.from, to: opts.to, now: opts.now, roles: opts.roles }),
  ]);
  return cadres.map((c) => ({
    cadreId: c.id,
    code: c.code,
    name: c.name,
    areaId: c.areaId,
    areaName: c.area.name,
    figures: toFigures(own.get(c.id) ?? emptyCounts()),
  }));
}

/**
 * What the admin API's assessment shows, with each count computed once: one fetch of the period's
 * rows grouped by area and assignee (countsByAreaAndCadre) gives the total (the district, or the
 * caller's `areaIds`), every area's rolled-up figures and every cadre's. Same figures as assess(),
 * assessAreas() and assessCadres() called one by one.
 */
export async function assessAll(
  db: Db,
  opts: Period & { areaIds?: number[] },
): Promise<{ figures: Figures; areas: AreaFigures[]; cadres: CadreFigures[] }> {
  const period = { from: opts.from, to: opts.to, now: opts.now, roles: opts.roles };
  const { byArea, byCadre } = await countsByAreaAndCadre(db, period);
  const [areas, cadres] = await Promise.all([assessAreas(db, period, byArea), assessCadres(db, opts, byCadre)]);
  return { figures: sumAreas(byArea, opts.areaIds), areas, cadres };
}
