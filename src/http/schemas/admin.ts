import { z } from 'zod';
import { LEDGERS, PRIORITIES } from '../../domain/ledger';

const isoDate = z.string().refine((s) => !Number.isNaN(Date.parse(s)), { error: 'must be an ISO 8601 date' });
const STATUSES = ['FILED', 'ASSIGNED', 'ACCEPTED', 'IN_PROGRESS', 'RESOLVED', 'CLOSED', 'REOPENED', 'DUPLICATE'] as const;

/** The admin API's inputs, one place: validation at the edge, types inside. */
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
    page: z.coerce.number().int().min(1).max(100_000).default(1),
    pageSize: z.coerce.number().int().min(1).max(200).default(50),
  }),
  caseParams: z.object({ caseNumber: z.string().regex(/^[A-Z]{1,6}-\d{8}-\d{4,}$/, { error: 'not a case number' }) }),
  noteBody: z.strictObject({ note: z.string().trim().min(1, { error: 'note is required' }).max(500) }),
  transferBody: z.strictObject({ target: z.string().trim().min(1).max(40), reason: z.string().trim().min(1).max(500) }),
  periodQuery: z.object({ from: isoDate, to: isoDate }),
  exportQuery: z.object({ from: isoDate.optional(), to: isoDate.optional() }),
};
