import { z } from 'zod';
import { LEDGERS, PRIORITIES } from '../domain/ledger';

/** The kinds of danger (the same list as HAZARDS in src/understanding/types.ts). */
const HAZARD_KINDS = ['fire', 'gas', 'electricity', 'water', 'collapse', 'trapped', 'violence', 'medical', 'missing'] as const;
type HazardKey = (typeof HAZARD_KINDS)[number];

/**
 * A district's own data: its areas, cadres, categories and time limits.
 * Another district runs the same build with another file of this shape.
 */
const areaKind = z.enum(['DISTRICT', 'TOWN', 'SUBDISTRICT', 'VILLAGE', 'COMMUNITY']);

const cadreSchema = z.strictObject({
  code: z.string().regex(/^[A-Za-z0-9_-]+$/),
  name: z.string().min(1),
  phone: z.string().regex(/^1[3-9]\d{9}$/, { error: 'phone must be an 11-digit mobile number' }),
  role: z.enum(['GRID_WORKER', 'VILLAGE_CADRE', 'BRANCH_SECRETARY', 'TOWN_CADRE', 'SUPERVISOR']),
  /** Category codes this cadre handles; empty means none in particular. */
  categories: z.array(z.string()).default([]),
  /** The area's lead: gets what no one else matches, and escalations. */
  lead: z.boolean().default(false),
});

export type AreaInput = {
  code: string;
  name: string;
  kind: z.infer<typeof areaKind>;
  aliases?: string[];
  /** Streets, roads, estates, village groups …: how residents name a place in this area ("花园路1栋" is in 向阳社区). */
  places?: string[];
  cadres?: z.infer<typeof cadreSchema>[];
  children?: AreaInput[];
};

const areaSchema: z.ZodType<AreaInput> = z.lazy(() =>
  z.strictObject({
    code: z.string().regex(/^[A-Za-z0-9_-]+$/),
    name: z.string().min(1),
    kind: areaKind,
    aliases: z.array(z.string().min(1)).optional(),
    places: z.array(z.string().min(1)).optional(),
    cadres: z.array(cadreSchema).optional(),
    children: z.array(areaSchema).optional(),
  }),
);

const categorySchema = z.strictObject({
  code: z.string().regex(/^[A-Z_]+$/),
  name: z.string().min(1),
  ledger: z.enum(LEDGERS),
  defaultPriority: z.enum(PRIORITIES),
  /** Words that point to this category; longer, more specific words weigh more. */
  keywords: z.array(z.string().min(1)).min(1),
});

const priorityRuleSchema = z.strictObject({
  code: z.enum(PRIORITIES),
  /** The single character residents and cadres use: 急 重 缓 轻. */
  char: z.string().length(1),
  label: z.string().min(1),
  acceptWithinHours: z.number().positive(),
  resolveWithinHours: z.number().positive(),
});

export const districtDataSchema = z
  .strictObject({
    district: z.strictObject({
      code: z.string().regex(/^[A-Za-z0-9_-]+$/),
      name: z.string().min(1),
      /** Case numbers read `<prefix>-YYYYMMDD-NNNN`. */
      caseNumberPrefix: z.string().regex(/^[A-Z]{1,6}$/),
      timezone: z.string().default('Asia/Shanghai'),
    }),
    areas: areaSchema,
    categories: z.array(categorySchema).min(1),
    priorities: z.array(priorityRuleSchema).length(PRIORITIES.length),
    /** Words that mean danger now (fire, collapse, someone hurt …): the case is urgent. */
    emergencyWords: z.array(z.string().min(1)).min(1),
    /** Words that make a case serious (many affected, overflowing …). */
    seriousWords: z.array(z.string().min(1)).default([]),
    /** Words that, just before a keyword, deny it (不是, 没有 …). */
    negationWords: z.array(z.string().min(1)).default([]),
    /**
     * Words that mean danger now, by kind of hazard (fire, gas …), for emergency detection on the raw
     * text; each list may be left out. Worry, past, hypothetical and negated mentions are read as such.
     */
    hazardWords: z
      .strictObject(Object.fromEntries(HAZARD_KINDS.map((h) => [h, z.array(z.string().min(1)).optional()])) as Record<HazardKey, z.ZodOptional<z.ZodArray<z.ZodString>>>)
      .default({}),
    /** Other local place names that may contain category words (masked before classifying). */
    placeNames: z.array(z.string().min(1)).default([]),
  })
  .superRefine((data, ctx) => {
    const codes = new Set(data.categories.map((c) => c.code));
    if (!codes.has('OTHER')) ctx.addIssue({ code: 'custom', message: 'a category OTHER is required', path: ['categories'] });
    const walk = (area: AreaInput, path: (string | number)[]) => {
      for (const cadre of area.cadres ?? []) {
        for (const cat of cadre.categories) {
          if (!codes.has(cat)) ctx.addIssue({ code: 'custom', message: `cadre ${cadre.code} names unknown category ${cat}`, path });
        }
      }
      (area.children ?? []).forEach((child, i) => walk(child, [...path, 'children', i]));
    };
    walk(data.areas, ['areas']);
    const seen = new Set(data.priorities.map((p) => p.code));
    if (seen.size !== PRIORITIES.length) ctx.addIssue({ code: 'custom', message: 'each priority must appear once', path: ['priorities'] });
  });

export type DistrictData = z.infer<typeof districtDataSchema>;
export type CategoryDef = DistrictData['categories'][number];
export type PriorityRule = DistrictData['priorities'][number];
export type CadreInput = z.infer<typeof cadreSchema>;
