/**
 * The district's areas as the code reads them: the tree flattened, and what kind of area is
 * where a resident lives. Pure; loading the district file is config/district.ts's job.
 */
import type { AreaInput } from '../config/district-schema';

export type AreaKind = AreaInput['kind'];

/** Villages and communities (村/社区): the grassroots areas residents live in and report from. */
export function isGrassroots(kind: AreaKind | string): boolean {
  return kind === 'VILLAGE' || kind === 'COMMUNITY';
}

export type FlatArea = {
  code: string;
  name: string;
  kind: AreaInput['kind'];
  aliases: string[];
  /** Streets, roads, estates, groups in this area (the district data's `places`). */
  places: string[];
  parentCode: string | null;
  /** Codes from the district down to this area, itself included. */
  lineage: string[];
};

/** The area tree as a list, parents before children. */
export function flattenAreas(root: AreaInput): FlatArea[] {
  const out: FlatArea[] = [];
  const walk = (area: AreaInput, parent: FlatArea | null) => {
    const flat: FlatArea = {
      code: area.code,
      name: area.name,
      kind: area.kind,
      aliases: area.aliases ?? [],
      places: area.places ?? [],
      parentCode: parent?.code ?? null,
      lineage: [...(parent?.lineage ?? []), area.code],
    };
    out.push(flat);
    for (const child of area.children ?? []) walk(child, flat);
  };
  walk(root, null);
  return out;
}

/** Villages and communities: the places a resident reports from. */
export function grassrootsAreas(root: AreaInput): FlatArea[] {
  return flattenAreas(root).filter((a) => isGrassroots(a.kind));
}
