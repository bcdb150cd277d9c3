import { randomUUID } from 'node:crypto';
import type { FastifyPluginAsync, FastifyReply } from 'fastify';
import type { Service } from '../../service';
import type { Logger } from '../../logging/logger';
import { open311ClientForKey } from '../../access/api-tokens';
import { open311Schemas as S } from '../schemas/open311';
import { type Format, Open311Error, send, sendError, splitFormat, useOpen311Errors } from '../open311/reply';
import { asFields, readListQuery, readPostFields, requestIdFromPath, textField } from '../open311/params';
import { clientResidentPrefix, listRequests, oneRequest, type Open311Reader } from '../open311/read-requests';
import { OPEN311_CHANNEL } from '../../cases/case-change';
import { reportSlot } from '../open311/duplicates';

/**
 * Open311 GeoReport v2 (https://wiki.open311.org/GeoReport_v2): services, requests, one request,
 * in .json and .xml. Errors in the spec's shape: [{code, description}] / <errors><error>…, for
 * every refusal under this prefix (see useOpen311Errors).
 */
export const open311Routes: FastifyPluginAsync<{ service: Service; clock: () => Date; logger: Logger }> = async (app, { service, clock, logger }) => {
  const { district, db } = service;
  useOpen311Errors(app, logger);

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

  type Req = { query: unknown; body: unknown; params: Record<string, string> };
  const withFormat = (handler: (format: Format, name: string, req: Req, reply: FastifyReply) => Promise<unknown>) =>
    async (req: { query: unknown; body: unknown; params: unknown }, reply: FastifyReply) => {
      const params = req.params as Record<string, string>;
      const parsed = splitFormat(params.file ?? '');
      if (!parsed) return sendError(reply, 'json', 404, 'use a .json or .xml path');
      try {
        return await handler(parsed.format, parsed.name, { query: req.query, body: req.body, params }, reply);
      } catch (err) {
        if (err instanceof Open311Error) return sendError(reply, parsed.format, err.status, err.message);
        throw err;
      }
    };

  /** Reads need an Open311 client key unless the district opened them (OPEN311_PUBLIC_READS). */
  async function readerFor(apiKey: string | undefined): Promise<Open311Reader> {
    if (apiKey === undefined) {
      if (service.open311.publicReads) return { kind: 'public' };
      throw new Open311Error(403, 'api_key is required');
    }
    const client = await open311ClientForKey(db, apiKey);
    if (!client) throw new Open311Error(403, 'api_key is not valid');
    return { kind: 'client', tokenId: client.tokenId };
  }

  app.get('/:file', withFormat(async (format, name, req, reply) => {
    if (name === 'services') return send(reply, format, 200, S.service, 'services', 'service', services());
    if (name !== 'requests') throw new Open311Error(404, 'no such resource; see services.json');
    const q = readListQuery(req.query);
    const reader = await readerFor(q.apiKey);
    const rows = await listRequests(db, district, reader, q, clock());
    return send(reply, format, 200, S.request, 'service_requests', 'request', rows);
  }));

  app.post('/:file', withFormat(async (format, name, req, reply) => {
    if (name !== 'requests') throw new Open311Error(404, 'no such resource; see services.json');
    const fields = asFields(req.body, 'body');
    const apiKey = textField(fields, 'api_key', { max: 200 });
    if (!apiKey) throw new Open311Error(403, 'api_key is required');
    const client = await open311ClientForKey(db, apiKey);
    if (!client) throw new Open311Error(403, 'api_key is not valid');
    const body = readPostFields(fields);
    const category = district.categories.find((c) => c.code === body.serviceCode);
    if (!category) throw new Open311Error(404, `service_code ${body.serviceCode} not found`);
    const area = findArea(body.addressId, body.addressString);
    if (!area) throw new Open311Error(400, 'address_string (naming a village or community) or address_id is required');
    const at = clock();
    const slot = await reportSlot(service.stores.coordinator, logger, { clientTokenId: client.tokenId, ...body }, service.open311.duplicateWindowMs, at);
    const suggestion = district.classify(body.description);
    const who = body.phone ?? body.accountId ?? body.deviceId ?? body.email ?? randomUUID();
    const filed = await service.cases.fileCase({
      channel: OPEN311_CHANNEL,
      residentKey: `${clientResidentPrefix(client.tokenId)}${who}`,
      residentName: [body.lastName, body.firstName].filter(Boolean).join('') || undefined,
      // The same report again within the window has the same slot: fileCase gives the first case back.
      confirmMessageId: `open311:${slot}`,
      description: body.description,
      categoryCode: category.code,
      areaCode: area.code,
      locationText: (body.addressString ?? '').replace(area.name, '').trim(),
      latitude: body.lat ?? null,
      longitude: body.long ?? null,
      households: null,
      priority: suggestion.emergency ? 'URGENT' : category.defaultPriority,
      phone: body.phone,
      classifierWords: suggestion.words,
      attachments: [],
      at,
    });
    // A repeat is answered with the request already filed: 200 rather than 201, nothing new was made.
    return send(reply, format, filed.created ? 201 : 200, S.created, 'service_requests', 'request', [
      { service_request_id: filed.caseNumber, service_notice: `已登记，交${filed.areaName}办理`, account_id: null },
    ]);
  }));

  app.get('/services/:file', withFormat(async (format, code, _req, reply) => {
    if (!district.categories.some((c) => c.code === code)) throw new Open311Error(404, `service_code ${cleanCode(code)} not found`);
    // No extra attributes are asked for (metadata false), so the definition lists none.
    return send(reply, format, 200, S.definition, 'service_definition', 'service', [{ service_code: code, attributes: '' }]);
  }));

  app.get('/requests/:file', withFormat(async (format, name, req, reply) => {
    const q = readListQuery(req.query);
    const reader = await readerFor(q.apiKey);
    const id = requestIdFromPath(name);
    const row = id === null ? null : await oneRequest(db, district, reader, id);
    if (!row) throw new Open311Error(404, `service_request_id ${cleanCode(name)} not found`);
    return send(reply, format, 200, S.request, 'service_requests', 'request', [row]);
  }));

  function findArea(id: string | undefined, address: string | undefined) {
    if (id) return district.grassroots.find((a) => a.code === id) ?? null;
    if (!address) return null;
    const names = district.grassroots.flatMap((a) => [a.name, ...a.aliases].map((n) => ({ a, n })));
    return names.filter(({ n }) => address.includes(n)).sort((x, y) => y.n.length - x.n.length)[0]?.a ?? null;
  }
};

/** A code or id echoed in an error: what the client sent, cut short and without control characters. */
function cleanCode(text: string): string {
  return text.replace(/[^\p{L}\p{N}_-]/gu, '').slice(0, 40);
}
