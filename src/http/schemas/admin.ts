import { z } from 'zod';
import { CASE_STATUSES } from '../../domain/case-status';
import { LEDGERS, PRIORITIES } from '../../domain/ledger';
import { strictDateText, strictInt } from './strict';

const isoDate = strictDateText;
const STATUSES = CASE_STATUSES;

const caseView = z.object({
  caseNumber: z.string(),
  ledger: z.enum(LEDGERS),
  category: z.string(),
  categoryName: z.string(),
  priority: z.enum(PRIORITIES),
  status: z.enum(STATUSES),
  statusText: z.string(),
  description: z.string(),
  area: z.object({ code: z.string(), name: z.string() }),
  locationText: z.string(),
  households: z.number().int().nullable(),
  contactPhone: z.string().nullable(),
  assignee: z.object({ code: z.string(), name: z.string() }).nullable(),
  createdAt: z.string(),
  acceptDueAt: z.string(),
  resolveDueAt: z.string(),
  resolvedAt: z.string().nullable(),
  overdue: z.boolean(),
});
const error = z.object({ error: z.object({ code: z.string(), message: z.string() }) });

/** The admin API's inputs and outputs, one place: validation at the edge, types inside. */
export const adminSchemas = {
  caseQuery: z.object({
    ledger: z.enum(LEDGERS).optional(),
    area: z.string().max(40).optional(),
    category: z.string().max(40).optional(),
    priority: z.enum(PRIORITIES).optional(),
    status: z.enum(STATUSES).optional(),
    overdue: z.enum(['true', 'false']).transform((v) => v === 'true').optional(),
    from: isoDate.optional(),
    to: isoDate.optional(),
    q: z.string().max(100).optional(),
    page: strictInt(1, 100_000).default(1),
    pageSize: strictInt(1, 200).default(50),
  }),
  caseParams: z.object({ caseNumber: z.string().regex(/^[A-Z]{1,6}-\d{8}-\d{4,}$/, { error: 'not a case number' }) }),
  noteBody: z.strictObject({ note: z.string().trim().min(1, { error: 'note is required' }).max(500) }),
  transferBody: z.strictObject({ target: z.string().trim().min(1).max(40), reason: z.string().trim().min(1).max(500) }),
  caseView,
  caseList: z.object({ total: z.number().int(), page: z.number().int(), pageSize: z.number().int(), cases: z.array(caseView) }),
  caseDetail: caseView.extend({
    timeline: z.array(
      z.object({
        at: z.string(),
        type: z.string(),
        actorKind: z.string(),
        actorId: z.number().int().nullable(),
        /** Who acted: a cadre (code, name, area), 群众 (a resident, never named) or 系统. */
        actor: z.object({ kind: z.string(), code: z.string().nullable(), name: z.string(), area: z.object({ code: z.string(), name: z.string() }).nullable() }),
        /** The cadre the step handed the case to or called on (assignment, transfer, escalation). */
        target: z.object({ code: z.string(), name: z.string(), area: z.object({ code: z.string(), name: z.string() }) }).nullable(),
        note: z.string().nullable(),
        from: z.string().nullable(),
        to: z.string().nullable(),
      }),
    ),
    /** 我也遇到: how many residents reported it; those who joined after the filer, with their households. */
    reporters: z.object({ count: z.number().int(), joined: z.array(z.object({ at: z.string(), households: z.number().int().nullable() })) }),
  }),
  error,
  areaList: z.array(z.object({ code: z.string(), name: z.string(), kind: z.string(), parentCode: z.string().nullable() })),
  cadreList: z.array(
    z.object({ code: z.string(), name: z.string(), role: z.string(), area: z.object({ code: z.string(), name: z.string() }), categories: z.array(z.string()), lead: z.boolean(), active: z.boolean(), bound: z.boolean(), phone: z.string() }),
  ),
  cadrePatch: z
    .strictObject({
      active: z.boolean().optional(),
      lead: z.boolean().optional(),
      categories: z.array(z.string().toUpperCase()).optional(),
      phone: z.string().regex(/^1[3-9]\d{9}$/, { error: 'phone must be an 11-digit mobile number' }).optional(),
    })
    .refine((b) => Object.keys(b).length > 0, { error: 'nothing to change' }),
  bindingCode: z.object({ bindingCode: z.string(), expiresAt: z.string() }),
  periodQuery: z.object({ from: isoDate, to: isoDate }),
  exportQuery: z.object({ from: isoDate.optional(), to: isoDate.optional() }),
};
