import { randomUUID } from 'node:crypto';
import type { FastifyPluginAsync, FastifyReply } from 'fastify';
import { z } from 'zod';
import type { Service } from '../../service';
import { callerForToken } from '../api-tokens';
import { CLOSED_STATUSES, toOpen311, toXml } from '../open311/representation';
import { open311Schemas as S } from '../schemas/open311';
import type { Prisma } from '../../generated/prisma/client';

/**
 * Open311 GeoReport v2 (https://wiki.open311.org/GeoReport_v2): services, requests, one request,
 * in .json and .xml. Errors in the spec's shape: [{code, description}] / <errors><error>….
 */
type Format = 'json' | 'xml';
const DAY = 24 * 3_600_000;
const DEFAULT_WINDOW = 90 * DAY;
const MAX_RESULTS = 1000;

class Open311Error extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

const ITEM_SCHEMA = { service: S.service, request: S.request, error: S.error } as const;

function send(reply: FastifyReply, format: Format, status: number, root: string, item: string, rows: Record<string, unknown>[]) {
  const schema = root === 'service_definition' ? S.definition : status === 201 ? S.created : ITEM_SCHEMA[item as keyof typeof ITEM_SCHEMA];
  // The response shape is part of the contract with other systems: a drift fails loudly here.
  for (const row of rows) {
    const checked = schema.safeParse(row);
    if (!checked.success) throw new Error(`Open311 response does not match the spec: ${checked.error.message}`);
  }
  if (format === 'xml') return reply.status(status).type('application/xml; charset=utf-8').send(toXml(root, item, rows));
  return reply.status(status).type('application/json; charset=utf-8').send(JSON.stringify(rows));
}

function sendError(reply: FastifyReply, format: Format, status: number, description: string) {
  return send(reply, format, status, 'errors', 'error', [{ code: status, description }]);
}

/** "requests.json" → ["requests", "json"]; anything else is not a route of ours. */
function splitFormat(file: string): { name: string; format: Format } | null {
  const m = /^(.+)\.(json|xml)$/.exec(file);
  return m ? { name: m[1]!, format: m[2] as Format } : null;
}

const isoDate = z.string().refine((s) => !Number.isNaN(Date.parse(s)), { error: 'must be an ISO 8601 date' });
const listQuery = z.object({
  service_request_id: z.string().max(2000).optional(),
  service_code: z.string().max(40).optional(),
  start_date: isoDate.optional(),
  end_date: isoDate.optional(),
  status: z.string().regex(/^(open|closed)(,(open|closed))?$/, { error: 'must be open, closed or open,closed' }).optional(),
  page: z.coerce.number().int().min(1).max(10_000).default(1),
  page_size: z.coerce.number().int().min(1).max(MAX_RESULTS).default(MAX_RESULTS),
});

const postBody = z.object({
  api_key: z.string().min(1, { error: 'api_key is required' }),
  service_code: z.string().min(1, { error: 'service_code is required' }),
  description: z.string().trim().min(4, { error: 'description is required (at least 4 characters)' }).max(2000),
  address_string: z.string().trim().max(200).optional(),
  address_id: z.string().trim().max(40).optional(),
  lat: z.coerce.number().min(-90).max(90).optional(),
  long: z.coerce.number().min(-180).max(180).optional(),
  phone: z.string().trim().regex(/^(\+?86)?1[3-9]\d{9}$/, { error: 'phone must be a mainland mobile number' }).optional(),
  email: z.string().max(200).optional(),
  device_id: z.string().max(200).optional(),
  account_id: z.string().max(200).optional(),
  first_name: z.string().max(50).optional(),
  last_name: z.string().max(50).optional(),
  media_url: z.string().max(500).optional(),
});

export const open311Routes: FastifyPluginAsync<{ service: Service; clock: () => Date }> = async (app, { service, clock }) => {
  const { district, db } = service;
  const services = () =>
    district.categories.map((c) => ({
      service_code: c.code,
      service_name: c.name,
      description: `${c.name}（${c.keywords.slice(0, 6).join('、')}）`,
      metadata: false,
      type: 'realtime',
      keywords: c.keywords.join(','),
      group: c.ledger,
    }));

  const withFormat = (handler: (format: Format, name: string, req: { query: unknown; body: unknown; params: Record<string, string> }, reply: FastifyReply) => Promise<unknown>) =>
    async (req: { query: unknown; body: unknown; params: unknown }, reply: FastifyReply) => {
      const params = req.params as Record<string, string>;
      const parsed = splitFormat(params.file ?? '');
      if (!parsed) return sendError(reply, 'json', 404, 'use a .json or .xml path');
      try {
        return await handler(parsed.format, parsed.name, { query: req.query, body: req.body, params }, reply);
      } catch (err) {
        if (err instanceof Open311Error) return sendError(reply, parsed.format, err.status, err.message);
        if (err instanceof z.ZodError) return sendError(reply, parsed.format, 400, err.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '));
        throw err;
      }
    };

  app.get('/:file', withFormat(async (format, name, req, reply) => {
    if (name === 'services') return send(reply, format, 200, 'services', 'service', services());
    if (name !== 'requests') throw new Open311Error(404, `no such resource: ${name}`);
    const q = listQuery.parse(req.query);
    const where: Prisma.CaseWhereInput = {};
    if (q.service_request_id) {
      // The spec: when ids are given, the other filters are ignored.
      where.caseNumber = { in: q.service_request_id.split(',').map((s) => s.trim()).filter(Boolean).slice(0, MAX_RESULTS) };
    } else {
      const end = q.end_date ? new Date(q.end_date) : clock();
      const start = q.start_date ? new Date(q.start_date) : new Date(end.getTime() - DEFAULT_WINDOW);
      if (start > end) throw new Open311Error(400, 'start_date must be before end_date');
      where.createdAt = { gte: start, lte: end };
      if (q.service_code) where.category = { in: q.service_code.split(',') };
      const statuses = new Set(q.status?.split(','));
      if (statuses.size === 1) where.status = statuses.has('closed') ? { in: [...CLOSED_STATUSES] } : { notIn: [...CLOSED_STATUSES] };
    }
    const rows = await db.case.findMany({
      where,
      orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
      skip: (q.page - 1) * q.page_size,
      take: q.page_size,
      select: caseSelect,
    });
    return send(reply, format, 200, 'service_requests', 'request', rows.map((r) => toOpen311(r, district)));
  }));

  app.post('/:file', withFormat(async (format, name, req, reply) => {
    if (name !== 'requests') throw new Open311Error(404, `no such resource: ${name}`);
    const raw = (req.body ?? {}) as Record<string, unknown>;
    if (!raw.api_key) throw new Open311Error(403, 'api_key is required');
    const caller = await callerForToken(db, String(raw.api_key));
    if (!caller) throw new Open311Error(403, 'api_key is not valid');
    const body = postBody.parse(raw);
    const category = district.categories.find((c) => c.code === body.service_code);
    if (!category) throw new Open311Error(404, `service_code ${body.service_code} not found`);
    const area = findArea(body.address_id, body.address_string);
    if (!area) throw new Open311Error(400, 'address_string (naming a village or community) or address_id is required');
    const suggestion = district.classify(body.description);
    const priority = suggestion.emergency ? 'URGENT' : category.defaultPriority;
    const phone = body.phone ? body.phone.replace(/^\+?86/, '') : null;
    const who = phone ?? body.account_id ?? body.device_id ?? body.email ?? randomUUID();
    const filed = await service.cases.fileCase({
      channel: 'open311',
      residentKey: `${caller.kind === 'OPEN311' ? caller.tokenId : 'cadre'}:${who}`,
      residentName: [body.last_name, body.first_name].filter(Boolean).join('') || undefined,
      confirmMessageId: `open311:${randomUUID()}`,
      description: body.description,
      categoryCode: category.code,
      areaCode: area.code,
      locationText: (body.address_string ?? '').replace(area.name, '').trim(),
      latitude: body.lat ?? null,
      longitude: body.long ?? null,
      households: null,
      priority,
      phone,
      classifierWords: suggestion.words,
      attachments: [],
      at: clock(),
    });
    return send(reply, format, 201, 'service_requests', 'request', [
      { service_request_id: filed.caseNumber, service_notice: `已登记，交${filed.areaName}办理`, account_id: null },
    ]);
  }));

  app.get('/services/:file', withFormat(async (format, code, _req, reply) => {
    if (!district.categories.some((c) => c.code === code)) throw new Open311Error(404, `service_code ${code} not found`);
    // No extra attributes are asked for (metadata false), so the definition lists none.
    return send(reply, format, 200, 'service_definition', 'service', [{ service_code: code, attributes: '' }]);
  }));

  app.get('/requests/:file', withFormat(async (format, id, _req, reply) => {
    const row = await db.case.findUnique({ where: { caseNumber: id }, select: caseSelect });
    if (!row) throw new Open311Error(404, `service_request_id ${id} not found`);
    return send(reply, format, 200, 'service_requests', 'request', [toOpen311(row, district)]);
  }));

  function findArea(id: string | undefined, address: string | undefined) {
    if (id) return district.grassroots.find((a) => a.code === id) ?? null;
    if (!address) return null;
    const names = district.grassroots.flatMap((a) => [a.name, ...a.aliases].map((n) => ({ a, n })));
    return names.filter(({ n }) => address.includes(n)).sort((x, y) => y.n.length - x.n.length)[0]?.a ?? null;
  }
};

const caseSelect = {
  caseNumber: true,
  status: true,
  category: true,
  description: true,
  locationText: true,
  latitude: true,
  longitude: true,
  createdAt: true,
  updatedAt: true,
  resolveDueAt: true,
  area: { select: { code: true, name: true } },
  events: { orderBy: { id: 'asc' }, select: { type: true, note: true } },
} as const satisfies Prisma.CaseSelect;
