import type { CategoryDef, DistrictData, PriorityRule } from '../config/district-schema';
import { type FlatArea, flattenAreas } from '../config/district';
import type { Priority } from './ledger';
import { type Classification, createClassifier } from './classifier';

/** A district's data, compiled once at start for fast lookups on every message. */
export type District = {
  data: DistrictData;
  prefix: string;
  timeZone: string;
  categories: CategoryDef[];
  category: (code: string) => CategoryDef;
  priorities: PriorityRule[];
  priority: (code: Priority) => PriorityRule;
  areas: FlatArea[];
  /** Villages and communities: where residents report from. */
  grassroots: FlatArea[];
  area: (code: string) => FlatArea | undefined;
  classify: (text: string) => Classification;
  /** How residents hear of cadres: by area and name, or only as their area's cadres (district file, `notices`). */
  cadreNames: 'name' | 'generic';
};

export function compileDistrict(data: DistrictData): District {
  const categories = new Map(data.categories.map((c) => [c.code, c]));
  const priorities = new Map(data.priorities.map((p) => [p.code, p]));
  const areas = flattenAreas(data.areas);
  const areaByCode = new Map(areas.map((a) => [a.code, a]));
  const other = categories.get('OTHER')!;
  return {
    data,
    prefix: data.district.caseNumberPrefix,
    timeZone: data.district.timezone,
    categories: data.categories,
    category: (code) => categories.get(code) ?? other,
    priorities: data.priorities,
    priority: (code) => priorities.get(code)!,
    areas,
    grassroots: areas.filter((a) => a.kind === 'VILLAGE' || a.kind === 'COMMUNITY'),
    area: (code) => areaByCode.get(code),
    classify: createClassifier(data),
    // Hand-built data (tests, older files) may lack the section: names, as the schema's default.
    cadreNames: data.notices?.actorName ?? 'name',
  };
}

/** The time limits a case gets from `from` (filing or reopening). */
export function deadlinesFor(rule: PriorityRule, from: Date): { acceptDueAt: Date; resolveDueAt: Date } {
  const hour = 3_600_000;
  return {
    acceptDueAt: new Date(from.getTime() + rule.acceptWithinHours * hour),
    resolveDueAt: new Date(from.getTime() + rule.resolveWithinHours * hour),
  };
}
