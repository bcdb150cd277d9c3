import type { FastifyInstance } from 'fastify';
import { XMLParser } from 'fast-xml-parser';
import { buildApp } from '../../src/http/app';
import { issueApiToken } from '../../src/access/api-tokens';
import { startTestService, uniqueKey, type TestService } from '../support/test-service';
import { CASE_NUMBER_PATTERN } from '../../src/domain/case-number';
import { cadreStep } from '../support/cadre-step';

let service: TestService;
let app: FastifyInstance;
let apiKey: string;

beforeAll(async () => {
  service = await startTestService();
  app = await buildApp({ service, logger: service.logger });
  apiKey = await issueApiToken(service.db, { kind: 'OPEN311', label: '12345 hotline' });
});
afterAll(async () => {
  await app.close();
  await service.close();
});

const W3C = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}[+-]\d{2}:\d{2}$/;
const form = (fields: Record<string, string>) => ({
  method: 'POST' as const,
  url: '/open311/v2/requests.json',
  headers: { 'content-type': 'application/x-www-form-urlencoded' },
  payload: new URLSearchParams(fields).toString(),
});

/** A read with the client's api_key (reads need one unless OPEN311_PUBLIC_READS is on). */
const read = (url: string) => app.inject({ url: `${url}${url.includes('?') ? '&' : '?'}api_key=${encodeURIComponent(apiKey)}` });

async function post(fields: Record<string, string>) {
  return app.inject(form({ api_key: apiKey, service_code: 'DRAINAGE', description: '花园路阴沟堵塞，污水外流', address_string: '向阳社区花园路1栋', phone: '13912345678', first_name: '小兵', last_name: '张', ...fields }));
}

describe('Open311 GeoReport v2', () => {
  it('lists the services (the categories) in JSON and XML', async () => {
    const json = await app.inject({ url: '/open311/v2/services.json' });
    expect(json.statusCode).toBe(200);
    const services = json.json();
    expect(services.map((s: { service_code: string }) => s.service_code)).toEqual(service.district.categories.map((c) => c.code));
    expect(services[0]).toMatchObject({ service_code: 'DRAINAGE', service_name: '排水污水', metadata: false, type: 'realtime', group: 'LIVELIHOOD' });
    const xml = await app.inject({ url: '/open311/v2/services.xml' });
    expect(xml.headers['content-type']).toMatch(/application\/xml/);
    const parsed = new XMLParser().parse(xml.body);
    expect(parsed.services.service).toHaveLength(services.length);
    expect(parsed.services.service[0].service_code).toBe('DRAINAGE');
  });

  it('gives a service definition, or a 404 in the spec’s error shape', async () => {
    expect((await app.inject({ url: '/open311/v2/services/DRAINAGE.json' })).json()).toEqual([{ service_code: 'DRAINAGE', attributes: '' }]);
    const missing = await app.inject({ url: '/open311/v2/services/NOPE.json' });
    expect(missing.statusCode).toBe(404);
    expect(missing.json()).toEqual([{ code: 404, description: 'service_code NOPE not found' }]);
    const xml = await app.inject({ url: '/open311/v2/services/NOPE.xml' });
    expect(new XMLParser().parse(xml.body)).toEqual({ '?xml': '', errors: { error: { code: 404, description: 'service_code NOPE not found' } } });
  });

  it('files a request like any other case, and gives it back with every field in format, without the resident', async () => {
    const res = await post({});
    expect(res.statusCode).toBe(201);
    const [created] = res.json();
    expect(created.service_request_id).toMatch(CASE_NUMBER_PATTERN);
    const row = await service.db.case.findUniqueOrThrow({ where: { caseNumber: created.service_request_id }, include: { assignee: true, area: true } });
    expect(row).toMatchObject({ channel: 'open311', category: 'DRAINAGE', ledger: 'LIVELIHOOD', status: 'ASSIGNED', contactPhone: '13912345678' });
    expect(row.area.name).toBe('向阳社区');
    expect(row.assignee?.code).toBe('xy-grid');
    expect(await service.db.outboxMessage.count({ where: { caseId: row.id, kind: 'cadre.newCase' } })).toBe(1);

    const one = await read(`/open311/v2/requests/${created.service_request_id}.json`);
    const [r] = one.json();
    expect(Object.keys(r).sort()).toEqual(
      ['address', 'address_id', 'agency_responsible', 'description', 'expected_datetime', 'lat', 'long', 'media_url', 'requested_datetime', 'service_code', 'service_name', 'service_notice', 'service_request_id', 'status', 'status_notes', 'updated_datetime', 'zipcode'].sort(),
    );
    expect(r).toMatchObject({ service_request_id: created.service_request_id, status: 'open', service_code: 'DRAINAGE', service_name: '排水污水', address: '向阳社区 花园路1栋', address_id: 'GJ-XX-XY', agency_responsible: '贡井区向阳社区' });
    expect(r.requested_datetime).toMatch(W3C);
    expect(r.requested_datetime).toMatch(/\+08:00$/);
    expect(r.updated_datetime).toMatch(W3C);
    expect(r.expected_datetime).toMatch(W3C);
    expect(one.body).not.toMatch(/13912345678|张小兵|小兵/);
    const xml = new XMLParser({ parseTagValue: false }).parse((await read(`/open311/v2/requests/${created.service_request_id}.xml`)).body);
    expect(xml.service_requests.request.service_request_id).toBe(created.service_request_id);
    expect(xml.service_requests.request.status).toBe('open');
  });

  it('gives coordinates as numbers and the latest note as status_notes, and closed once resolved', async () => {
    const id = (await post({ lat: '29.3456', long: '104.7123' })).json()[0].service_request_id as string;
    const actor = { kind: 'CADRE' as const, cadreId: (await service.db.cadre.findUniqueOrThrow({ where: { code: 'gj-sup-1' } })).id, supervisor: true };
    await cadreStep(service.cases, actor, id, { type: 'accept' }, new Date());
    await cadreStep(service.cases, actor, id, { type: 'resolve', note: '管道已疏通' }, new Date());
    const [r] = (await read(`/open311/v2/requests/${id}.json`)).json();
    expect(r).toMatchObject({ lat: 29.3456, long: 104.7123, status: 'closed', status_notes: '管道已疏通', service_notice: null, zipcode: null, media_url: null, expected_datetime: null });
    expect(typeof r.lat).toBe('number');
  });

  it('filters requests by id, service, status and dates, and pages them', async () => {
    const a = (await post({ description: '阴沟堵塞一' })).json()[0].service_request_id;
    const b = (await post({ description: '路灯坏了好几个', service_code: 'ROADS' })).json()[0].service_request_id;
    const byId = (await read(`/open311/v2/requests.json?service_request_id=${a},${b}`)).json();
    expect(byId.map((r: { service_request_id: string }) => r.service_request_id).sort()).toEqual([a, b].sort());
    const roads = (await read('/open311/v2/requests.json?service_code=ROADS&status=open')).json();
    expect(roads.every((r: { service_code: string; status: string }) => r.service_code === 'ROADS' && r.status === 'open')).toBe(true);
    expect(roads.some((r: { service_request_id: string }) => r.service_request_id === b)).toBe(true);
    const closed = (await read('/open311/v2/requests.json?status=closed')).json();
    expect(closed.every((r: { status: string }) => r.status === 'closed')).toBe(true);
    const old = (await read('/open311/v2/requests.json?start_date=2020-01-01T00:00:00Z&end_date=2020-02-01T00:00:00Z')).json();
    expect(old).toEqual([]);
    const page = (await read('/open311/v2/requests.json?page_size=1&page=2')).json();
    expect(page).toHaveLength(1);
  });

  it.each([
    [{ api_key: '' }, 403, /api_key is required/],
    [{ api_key: 'lx_wrong' }, 403, /not valid/],
    [{ service_code: 'NOPE' }, 404, /service_code NOPE/],
    [{ description: '' }, 400, /description/],
    [{ address_string: '月球' }, 400, /address/],
    [{ phone: '12345' }, 400, /phone/],
  ])('refuses a bad request %j with the spec’s error, filing nothing', async (fields, status, message) => {
    const description = `拒绝测试阴沟堵塞${uniqueKey('d')}`;
    const res = await post({ description, ...(fields as Record<string, string>) });
    expect(res.statusCode).toBe(status);
    expect(res.json()[0]).toMatchObject({ code: status, description: expect.stringMatching(message) });
    expect(await service.db.case.count({ where: { description } })).toBe(0);
  });

  it('refuses bad list parameters and unknown requests', async () => {
    expect((await read('/open311/v2/requests.json?status=pending')).statusCode).toBe(400);
    expect((await read('/open311/v2/requests.json?start_date=yesterday')).statusCode).toBe(400);
    expect((await read('/open311/v2/requests/GJ-20990101-0001.json')).json()).toEqual([{ code: 404, description: 'service_request_id GJ-20990101-0001 not found' }]);
  });

  it('refuses a 1 MB body before reading it', async () => {
    const res = await app.inject({ method: 'POST', url: '/open311/v2/requests.json', headers: { 'content-type': 'application/json' }, payload: JSON.stringify({ api_key: apiKey, description: 'x'.repeat(1024 * 1024) }) });
    expect(res.statusCode).toBe(413);
  });

  it('slows a client that sends too many requests, with 429', async () => {
    const strict = await buildApp({ service, logger: service.logger, rateLimitPerMinute: 3, rateLimitNamespace: `rl-test-${uniqueKey('n')}:` });
    try {
      const codes = [];
      for (let i = 0; i < 5; i++) codes.push((await strict.inject({ url: '/open311/v2/services.json' })).statusCode);
      expect(codes).toEqual([200, 200, 200, 429, 429]);
    } finally {
      await strict.close();
    }
  });

  it('answers health, readiness and metrics', async () => {
    expect((await app.inject({ url: '/healthz' })).json()).toEqual({ status: 'ok' });
    const ready = await app.inject({ url: '/readyz' });
    expect(ready.statusCode).toBe(200);
    expect(ready.json()).toMatchObject({ status: 'ready', database: 'ok', redis: 'ok', wechat: 'not-running' });
    const metrics = await app.inject({ url: '/metrics' });
    expect(metrics.body).toMatch(/lianxin_cases_filed_total|lianxin_messages_in_total/);
    expect(metrics.headers['x-content-type-options']).toBe('nosniff');
  });
});
