import { readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { type AreaInput, type DistrictData, districtDataSchema } from './district-schema';
import { ConfigError } from './config-error';

export const DEFAULT_DISTRICT_FILE = path.resolve(__dirname, '../../data/districts/gongjing.json');

/** Reads and validates a district data file; a bad file stops start-up with every problem named. */
export function loadDistrictData(file: string = DEFAULT_DISTRICT_FILE): DistrictData {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new ConfigError(`cannot read district data file ${file}: ${(err as Error).message}`);
  }
  const parsed = districtDataSchema.safeParse(raw);
  if (!parsed.success) {
    throw new ConfigError(`district data file ${file} is invalid:\n${z.prettifyError(parsed.error)}`);
  }
  return parsed.data;
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
  return flattenAreas(root).filter((a) => a.kind === 'VILLAGE' || a.kind === 'COMMUNITY');
}
