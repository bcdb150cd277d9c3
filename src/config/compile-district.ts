/**
 * Compiles a district's data into the District the code reads (domain/district.ts), once at
 * start. It lives beside the loader rather than in domain/ because it loads the understanding
 * model from disk: domain/ stays free of I/O.
 */
import type { AreaInput, DistrictData } from './district-schema';
import { flattenAreas, isGrassroots } from '../domain/areas';
import type { District } from '../domain/district';
import { loadUnderstanding } from '../understanding';

export type CompileOptions = {
  /** The district's own labelled examples (examplesDirFor(the district file)), counted into the model at start. */
  extraExamplesDir?: string;
};

export function compileDistrict(data: DistrictData, opts: CompileOptions = {}): District {
  const categories = new Map(data.categories.map((c) => [c.code, c]));
  const priorities = new Map(data.priorities.map((p) => [p.code, p]));
  const areas = flattenAreas(data.areas);
  const areaByCode = new Map(areas.map((a) => [a.code, a]));
  const other = categories.get('OTHER')!;
  const understanding = loadUnderstanding(data, { extraExamplesDir: opts.extraExamplesDir, lean: true });
  const cadres = new Map<string, { name: string; phone: string }>();
  const collect = (area: AreaInput) => {
    const lead = area.cadres?.find((c) => c.lead) ?? area.cadres?.[0];
    if (lead) cadres.set(area.code, { name: lead.name, phone: lead.phone });
    for (const child of area.children ?? []) collect(child);
  };
  collect(data.areas);
  return {
    data,
    prefix: data.district.caseNumberPrefix,
    timeZone: data.district.timezone,
    categories: data.categories,
    category: (code) => categories.get(code) ?? other,
    priorities: data.priorities,
    priority: (code) => priorities.get(code)!,
    areas,
    grassroots: areas.filter((a) => isGrassroots(a.kind)),
    area: (code) => areaByCode.get(code),
    classify: understanding.classify,
    understanding,
    detectEmergency: understanding.detectEmergency,
    recogniseIntent: understanding.recogniseIntent,
    contactFor: (code) => {
      const area = areaByCode.get(code);
      if (!area) return null;
      for (const c of [...area.lineage].reverse()) {
        const cadre = cadres.get(c);
        if (cadre) return { areaName: areaByCode.get(c)?.name ?? area.name, cadreName: cadre.name, phone: cadre.phone };
      }
      return null;
    },
    // Hand-built data (tests, older files) may lack the section: names, as the schema's default.
    cadreNames: data.notices?.actorName ?? 'name',
  };
}
