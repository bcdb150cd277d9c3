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
  /**
   * Whether this category's cases may be shown outside the district's own staff (Open311 reads,
   * anything public later). Unset means no: a district opts a category in, never out by accident.
   */
  public: z.boolean().default(false),
});

/**
 * What some categories stand for in the district's figures, by category code. Left out, a role
 * names the category codes of the bundled districts; a district whose categories differ must
 * declare its own (an empty list for none), or it does not load (see the check below).
 */
const categoryCode = z.string().regex(/^[A-Z_]+$/);
export const DEFAULT_CATEGORY_ROLES = { dispute: ['DISPUTE'], suggestion: ['SUGGESTION'] };
const categoryRolesSchema = z.strictObject({
  /** 矛盾纠纷: resolved, they are the disputes settled (化解矛盾纠纷) of the assessment and the report. */
  dispute: z.array(categoryCode).default(DEFAULT_CATEGORY_ROLES.dispute),
  /** 意见建议: filed, they count as opinions collected (收集意见建议) in the district report. */
  suggestion: z.array(categoryCode).default(DEFAULT_CATEGORY_ROLES.suggestion),
});
export type CategoryRoles = z.infer<typeof categoryRolesSchema>;

const priorityRuleSchema = z.strictObject({
  code: z.enum(PRIORITIES),
  /** The single character residents and cadres use: 急 重 缓 轻. */
  char: z.string().length(1),
  label: z.string().min(1),
  acceptWithinHours: z.number().positive(),
  resolveWithinHours: z.number().positive(),
});

/**
 * The Official Account's custom menu (自定义菜单), pushed with `lianxin wechat-mp menu`: a button
 * either says something to the bot for the resident (`says`, sent as a click event with `key`)
 * or opens a page (`url`); a button with `items` opens a sub-menu. WeChat's limits: three
 * buttons, five items each.
 */
const menuLeaf = z.union([
  z.strictObject({ name: z.string().min(1).max(8), key: z.string().regex(/^[A-Z0-9_]{1,32}$/), says: z.string().min(1).max(40) }),
  z.strictObject({ name: z.string().min(1).max(8), url: z.string().regex(/^https?:\/\/\S{1,1000}$/) }),
]);
const menuButton = z.union([menuLeaf, z.strictObject({ name: z.string().min(1).max(4), items: z.array(menuLeaf).min(1).max(5) })]);
export type MenuButton = z.infer<typeof menuButton>;

export const DEFAULT_OFFICIAL_ACCOUNT_MENU: MenuButton[] = [
  { name: '我要反映', key: 'REPORT', says: '你好' },
  { name: '我的案件', key: 'MY_CASES', says: '我的案件' },
  { name: '连心卡', key: 'BOND_CARD', says: '连心卡' },
];

const officialAccountSchema = z.strictObject({
  menu: z.array(menuButton).min(1).max(3).default(DEFAULT_OFFICIAL_ACCOUNT_MENU),
  /** The notice template's field names (订阅通知/模板消息) for the case number, its step and the time. */
  noticeFields: z
    .strictObject({ caseNumber: z.string().regex(/^[a-z_]+\d*$/), step: z.string().regex(/^[a-z_]+\d*$/), time: z.string().regex(/^[a-z_]+\d*$/) })
    .default({ caseNumber: 'character_string1', step: 'thing2', time: 'time3' }),
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
    categoryRoles: categoryRolesSchema.default(DEFAULT_CATEGORY_ROLES),
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
    /**
     * What residents are told of the cadres on their case. `actorName: "name"` (the default): the
     * person who acted or handles it, by area and name ("向阳社区 杨秀英"), never a phone number;
     * `"generic"`: only their area's cadres ("向阳社区的干部"), for a district that keeps names inside.
     */
    notices: z.strictObject({ actorName: z.enum(['name', 'generic']).default('name') }).default({ actorName: 'name' }),
    /**
     * What the printed bond cards (干群连心卡) show besides the cadre's name, role and area:
     * `printPhone` puts the cadre's mobile number on the card, as districts that hand out such
     * cards do; off unless the district turns it on, since the card is handed to anyone.
     */
    bondCards: z.strictObject({ printPhone: z.boolean().default(false) }).default({ printPhone: false }),
    /** The WeChat Official Account's menu and notice template fields. */
    officialAccount: officialAccountSchema.default({ menu: DEFAULT_OFFICIAL_ACCOUNT_MENU, noticeFields: { caseNumber: 'character_string1', step: 'thing2', time: 'time3' } }),
  })
  .superRefine((data, ctx) => {
    const codes = new Set(data.categories.map((c) => c.code));
    if (!codes.has('OTHER')) ctx.addIssue({ code: 'custom', message: 'a category OTHER is required', path: ['categories'] });
    for (const [role, named] of Object.entries(data.categoryRoles)) {
      for (const code of named) {
        if (!codes.has(code)) {
          const message = `categoryRoles.${role} names unknown category ${code} (declare categoryRoles.${role} with this district's codes, [] for none)`;
          ctx.addIssue({ code: 'custom', message, path: ['categoryRoles', role] });
        }
      }
    }
    const walk = (area: AreaInput, path: (string | number)[]) => {
      for (const cadre of area.cadres ?? []) {
        for (const cat of cadre.categories) {
          if (!codes.has(cat)) ctx.addIssue({ code: 'custom', message: `cadre ${cadre.code} names unknown category ${cat}`, path });
        }
      }
      (area.children ?? []).forEach((child, i) => walk(child, [...path, 'children', i]));
    };
    walk(data.areas, ['areas']);
    const keys = data.officialAccount.menu.flatMap((b) => ('items' in b ? b.items : [b])).flatMap((b) => ('key' in b ? [b.key] : []));
    if (new Set(keys).size !== keys.length) ctx.addIssue({ code: 'custom', message: 'menu keys must be unique', path: ['officialAccount', 'menu'] });
    const seen = new Set(data.priorities.map((p) => p.code));
    if (seen.size !== PRIORITIES.length) ctx.addIssue({ code: 'custom', message: 'each priority must appear once', path: ['priorities'] });
  });

export type DistrictData = z.infer<typeof districtDataSchema>;
export type CategoryDef = DistrictData['categories'][number];
export type PriorityRule = DistrictData['priorities'][number];
export type CadreInput = z.infer<typeof cadreSchema>;
