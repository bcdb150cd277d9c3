import type { CaseDetail, CaseStatus, CaseSummary } from '../domain/case-views';
import { z } from 'zod';
import type { InboundContent } from '../domain/inbound-content';
import type { CategoryDef, PriorityRule } from '../config/district-schema';
import type { FlatArea } from '../domain/areas';
import { PRIORITIES, type Priority } from '../domain/ledger';
import type { EmergencyReading, HazardKind, IntentReading } from '../domain/understanding-fallback';

const HAZARD_KINDS = ['fire', 'gas', 'electricity', 'water', 'collapse', 'trapped', 'violence', 'medical', 'missing'] as const satisfies readonly HazardKind[];

/** The intake's steps, in the order a resident goes through them. */
export const STEPS = ['describe', 'category', 'location', 'sameCase', 'households', 'urgency', 'phone', 'confirm'] as const;
export type Step = (typeof STEPS)[number];

export const MAX_ATTACHMENTS = 9;

export type Attachment = { ref: string; mime: string };

/** What the resident has told us so far; every slot is optional until the summary. */
export type Draft = {
  description?: string;
  categoryCode?: string;
  /** The classifier's suggestion (or the chosen category's default), offered at the urgency step. */
  suggestedPriority?: Priority;
  emergency?: boolean;
  classifierWords?: string[];
  /** The classifier's reading of the description (category and priority), kept for a change of category. */
  classified?: { category: string; priority: Priority };
  areaCode?: string;
  locationText?: string;
  latitude?: number;
  longitude?: number;
  /** null: the resident did not know or skipped. */
  households?: number | null;
  priority?: Priority;
  /** null: the resident chose not to leave one. */
  phone?: string | null;
  attachments: Attachment[];
  /** 我也遇到: the open case offered as the same problem; null once looked up and none found (or declined). */
  similar?: SimilarOffer | null;
  /** The resident said it is the same problem: after the households they join this case instead of filing. */
  joinCaseNumber?: string;
  /** The hazard of an emergency (fire, gas …), for the advice that names the right number. */
  hazard?: HazardKind;
  /**
   * Slots taken from the first message (a place, households, an urgency hint, a phone): shown at
   * the category step for confirmation and then not asked again. Cleared when the resident says 不对.
   */
  prefilled?: { place?: boolean; households?: boolean; priority?: boolean; phone?: boolean };
  /** Places offered after an answer the location step could not pin down (area codes), with the detail typed. */
  placeChoices?: string[];
  placeDetail?: string;
};

/**
 * An open case shown to the resident as maybe the same problem (src/cases/similar-cases.ts finds
 * it): a neutral summary, never another resident's own words. `households` is what its reporters
 * gave (null: nobody said); reporters are people, households are homes.
 */
export type SimilarOffer = { caseNumber: string; place: string; categoryName: string; reporters: number; households: number | null; open: string };

/** A draft ready to be filed: what the summary showed and the resident confirmed. */
export type CompleteDraft = Draft & {
  description: string;
  categoryCode: string;
  areaCode: string;
  locationText: string;
  households: number | null;
  priority: Priority;
  phone: string | null;
};

export type Intake = {
  step: Step;
  draft: Draft;
  /** Steps already answered, most recent last: 上一步 pops one. */
  history: Step[];
  /** Wrong answers at the current step; reset when the step changes. */
  wrongAnswers: number;
  startedAt: number;
  /** Set after a failed filing, so confirming again retries under the same id (idempotent). */
  confirmMessageId?: string;
};

/** The bond card (连心卡) that ties the resident to an area and its cadre, as the dialogue uses it. */
export type BondCardTie = { code: string; areaCode: string; areaName: string; cadreName: string };

/**
 * The privacy notice: when the resident agreed; whether the notice was shown and not yet answered
 * (with the message that came before it, answered once they agree); whether 删除我的信息 waits for
 * its confirmation.
 */
export type Privacy = { agreedAt?: number; asked?: boolean; held?: InboundContent | null; erasing?: boolean };

export type Session = {
  v: 1;
  profile: { lastPhone?: string; areaCode?: string; bondCard?: BondCardTie };
  privacy?: Privacy;
  intake: Intake | null;
  lastActiveAt: number;
  /**
   * The intake being filed, between `step` (which clears `intake`) and `afterEffect`: a failed
   * filing restores it, a filed one fills the profile from it. Dropped at the next turn.
   */
  filing?: Intake | null;
};

const priority = z.enum(PRIORITIES);
const step = z.enum(STEPS);

const draftSchema = z.object({
  description: z.string().optional(),
  categoryCode: z.string().optional(),
  suggestedPriority: priority.optional(),
  emergency: z.boolean().optional(),
  classifierWords: z.array(z.string()).optional(),
  classified: z.object({ category: z.string(), priority }).optional(),
  areaCode: z.string().optional(),
  locationText: z.string().optional(),
  latitude: z.number().optional(),
  longitude: z.number().optional(),
  households: z.number().int().nonnegative().nullable().optional(),
  priority: priority.optional(),
  phone: z.string().nullable().optional(),
  attachments: z.array(z.object({ ref: z.string(), mime: z.string() })).max(MAX_ATTACHMENTS),
  similar: z
    .object({
      caseNumber: z.string(),
      place: z.string(),
      categoryName: z.string().default(''),
      reporters: z.number().int().nonnegative().default(1),
      households: z.number().int().nonnegative().nullable().default(null),
      open: z.string(),
    })
    .nullable()
    .optional(),
  joinCaseNumber: z.string().optional(),
  hazard: z.enum(HAZARD_KINDS).optional(),
  prefilled: z.object({ place: z.boolean().optional(), households: z.boolean().optional(), priority: z.boolean().optional(), phone: z.boolean().optional() }).optional(),
  placeChoices: z.array(z.string()).max(20).optional(),
  placeDetail: z.string().optional(),
});

const intakeSchema = z.object({
  step,
  draft: draftSchema,
  history: z.array(step),
  wrongAnswers: z.number().int().nonnegative(),
  startedAt: z.number(),
  confirmMessageId: z.string().optional(),
});

const bondCardTieSchema = z.object({ code: z.string(), areaCode: z.string(), areaName: z.string(), cadreName: z.string() });

const heldSchema: z.ZodType<InboundContent> = z.union([
  z.object({ kind: z.literal('text'), text: z.string() }),
  z.object({ kind: z.literal('location'), address: z.string(), latitude: z.number().nullable(), longitude: z.number().nullable() }),
  z.object({ kind: z.literal('image'), ref: z.string(), mime: z.string() }),
  z.object({ kind: z.literal('unsupported'), what: z.enum(['voice', 'video', 'file', 'sticker', 'other']) }),
]);

const privacySchema = z.object({
  agreedAt: z.number().optional(),
  asked: z.boolean().optional(),
  held: heldSchema.nullable().optional(),
  erasing: z.boolean().optional(),
});

/** What the router reads from Redis; an invalid stored session is treated as none. */
export const sessionSchema: z.ZodType<Session> = z.object({
  v: z.literal(1),
  profile: z.object({ lastPhone: z.string().optional(), areaCode: z.string().optional(), bondCard: bondCardTieSchema.optional() }),
  privacy: privacySchema.optional(),
  intake: intakeSchema.nullable(),
  lastActiveAt: z.number(),
  filing: intakeSchema.nullable().optional(),
});

/** The part of the classifier's answer the dialogue uses (src/domain/classifier.ts gives more). */
export type DialogueClassification = {
  category: string;
  priority: Priority;
  words: string[];
  emergency: boolean;
};

export type DialogueContext = {
  /** Epoch ms, from the injected clock. */
  now: number;
  messageId: string;
  idleTimeoutMs: number;
  categories: CategoryDef[];
  priorities: PriorityRule[];
  /** Grassroots areas: villages and communities (the numbered list residents pick from). */
  areas: FlatArea[];
  /** Every area, towns, subdistricts and the district included: a town is a valid place too. Default: `areas`. */
  allAreas?: FlatArea[];
  classify: (text: string) => DialogueClassification;
  /** Recall-first emergency reading of the raw text (default: rules over `classify`'s emergency flag). */
  detectEmergency?: (text: string, answer?: boolean) => EmergencyReading;
  /** What a short message means at any step (default: the word lists of src/domain/understanding-fallback.ts). */
  recogniseIntent?: (text: string) => IntentReading;
  /** Who a resident asking for a person (找干部) may contact in an area; phone null when the district does not show it. */
  areaContact?: (areaCode: string) => { areaName: string; cadreName: string; phone: string | null } | null;
  /** For dates in replies; the district's zone. */
  timeZone?: string;
  /** Residents must agree to the privacy notice before anything is kept (the router sets it; pure tests may not). */
  requireConsent?: boolean;
  /** 我也遇到: after the location step, ask the router for an open case like this report (the router sets it when the feature is on). */
  meToo?: boolean;
};

export type Effect =
  | { type: 'fileCase'; draft: CompleteDraft; confirmMessageId: string }
  | { type: 'listMyCases' }
  | { type: 'lookupCase'; caseNumber: string }
  /** 我也遇到: look for an open case like this report (once, after the location step). */
  | { type: 'findSimilarCase'; areaCode: string; categoryCode: string; description: string; locationText: string }
  | { type: 'joinCase'; caseNumber: string; households: number | null; phone: string | null }
  | { type: 'recordConsent' }
  | { type: 'redeemBondCard'; code: string }
  | { type: 'eraseMyData' };

export type { CaseDetail, CaseStatus, CaseSummary };

export type EffectResult =
  | { type: 'caseFiled'; caseNumber: string; priority: Priority; emergency: boolean; areaName: string }
  | { type: 'fileFailed' }
  /** The database could not be reached: the report is kept and filed by the router when it can. */
  | { type: 'fileDeferred' }
  | { type: 'myCases'; cases: CaseSummary[] }
  | { type: 'caseLookup'; caseNumber: string; found: CaseDetail | null }
  | { type: 'similarCase'; found: SimilarOffer | null }
  | {
      type: 'caseJoined';
      outcome: 'joined' | 'alreadyReporter' | 'closed' | 'failed';
      caseNumber: string;
      reporterCount?: number;
      households?: number | null;
    }
  | { type: 'consentRecorded' }
  | { type: 'bondCard'; code: string; tie: BondCardTie | null; refused?: 'unknown' | 'revoked' }
  | { type: 'dataErased'; erased: boolean };

export type TurnResult = { session: Session; replies: string[]; effects: Effect[] };
