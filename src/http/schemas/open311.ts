import { z } from 'zod';

/** GeoReport v2 response shapes: every Open311 answer is checked against them before it is sent. */
const w3c = z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}[+-]\d{2}:\d{2}$/);

export const open311Schemas = {
  service: z.strictObject({
    service_code: z.string(),
    service_name: z.string(),
    description: z.string(),
    metadata: z.boolean(),
    type: z.enum(['realtime', 'batch', 'blackbox']),
    keywords: z.string(),
    group: z.string(),
  }),
  definition: z.strictObject({ service_code: z.string(), attributes: z.string() }),
  request: z.strictObject({
    service_request_id: z.string(),
    status: z.enum(['open', 'closed']),
    status_notes: z.string().nullable(),
    service_name: z.string(),
    service_code: z.string(),
    description: z.string(),
    agency_responsible: z.string(),
    service_notice: z.string().nullable(),
    requested_datetime: w3c,
    updated_datetime: w3c,
    expected_datetime: w3c.nullable(),
    address: z.string(),
    address_id: z.string(),
    zipcode: z.string().nullable(),
    lat: z.number().nullable(),
    long: z.number().nullable(),
    media_url: z.string().nullable(),
  }),
  created: z.strictObject({ service_request_id: z.string(), service_notice: z.string().nullable(), account_id: z.string().nullable() }),
  error: z.strictObject({ code: z.number().int(), description: z.string() }),
};
