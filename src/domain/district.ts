import type { AreaInput, CategoryDef, DistrictData, PriorityRule } from '../config/district-schema';
import { type FlatArea, flattenAreas, isGrassroots } from './areas';
import type { Priority } from './ledger';
import { type EmergencyReading, type IntentReading, loadUnderstanding, type Understanding, type UnderstoodClassification } from '../understanding';

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
  /** How residents hear of cadres: by area and name, or only as their area's cadres (district file, `notices`). */
  cadreNames: 'name' | 'generic';
  /** Category, ledger and priority (through the trained reader; `emergency` as detectEmergency). */
  classify: (text: string) => UnderstoodClassification;
  /** Emergencies, intents and categories as residents say them (src/understanding). */
  understanding: Understanding;
  /** Recall-first emergency reading of the raw text (UNDERSTANDING-CONTRACT.md). */
  detectEmergency: (text: string) => EmergencyReading;
  /** What a short message means at any step; 'report' for descriptions and answers. */
  recogniseIntent: (text: string) => IntentReading;
  /** The area's lead cadre (or the nearest one up the tree), for a resident who asks for a person. */
  contactFor: (areaCode: string) => { areaName: string; cadreName: string; phone: string } | null;
};

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
  const understanding = loadUnderstanding(data, { extraExamplesDir: opts.extraExamplesDir });
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

/** The time limits a case gets from `from` (filing or reopening). */
export function deadlinesFor(rule: PriorityRule, from: Date): { acceptDueAt: Date; resolveDueAt: Date } {
  const hour = 3_600_000;
  return {
    acceptDueAt: new Date(from.getTime() + rule.acceptWithinHours * hour),
    resolveDueAt: new Date(from.getTime() + rule.resolveWithinHours * hour),
  };
}
