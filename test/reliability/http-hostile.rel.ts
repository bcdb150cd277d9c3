import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { XMLValidator } from 'fast-xml-parser';
import { buildApp } from '../../src/http/app';
import { issueApiToken } from '../../src/access/api-tokens';
import { fileTestCase, startTestService, uniqueKey, type TestService } from '../support/test-service';
import { scratchDb } from '../support/scratch-db';
import { deskBrowser } from '../support/desk-browser';
import { encodeHostile, hostileQuery, hostileString, hostileValue, ID_NUMBER, PHONE } from './support/hostile';

/**
 * Every HTTP route, driven by generated hostile requests (issue 12): no 5xx for any input, every
 * XML response parses, no phone or ID number in any public response, and a refused request
 * changes nothing.
 */
const REQUESTS = Number(process.env.HOSTILE_REQUESTS ?? 6000);
const SECRET_PHONE = '13688889999';
const SECRET_ID = '510321198001011234';

let scratch: { url: string; drop: () => Promise<void> };
let service: TestService;
let app: FastifyInstance;
let admin: string;
let cadre: string;
let open311Key: string;
let desk: { cookie: string; formToken: string };
const caseNumbers: string[] = [];

beforeAll(async () => {
  // A database of its own: other suites file cases at the same time, and the fingerprint reads whole tables.
  scratch = await scratchDb('hostile', { migrate: true });
  service = await startTestService({ DATABASE_URL: scratch.url, HTTP_RATE_LIMIT_PER_MINUTE: '100000', OPEN311_PUBLIC_READS: 'true' });
  app = await buildApp({ service, logger: service.logger, attachmentsDir: mkdtempSync(path.join(os.tmpdir(), 'lx-hostile-photos-')) });
  const sup = await service.db.cadre.findUniqueOrThrow({ where: { code: 'gj-sup-1' } });
  const xy = await service.db.cadre.findUniqueOrThrow({ where: { code: 'xy-grid' } });
  admin = await issueApiToken(service.db, { kind: 'CADRE', cadreId: sup.id, label: 'hostile-sup' });
  cadre = await issueApiToken(service.db, { kind: 'CADRE', cadreId: xy.id, label: 'hostile-xy' });
  open311Key = await issueApiToken(service.db, { kind: 'OPEN311', label: 'hostile-311' });
  // Private words in public and private categories: none of them may reach a public response.
  for (const [categoryCode, description] of [
    ['DRAINAGE', `花园路3栋阴沟堵了，我叫李大妈，电话${SECRET_PHONE}，身份证${SECRET_ID}`],
    ['HARDSHIP', `家里困难，老伴住院，电话 ${SECRET_PHONE.replace(/(\d{3})(\d{4})/, '$1 $2 ')}`],
    ['DISPUTE', `邻居占我家地，他电话${SECRET_PHONE}`],
    ['ROADS', `向阳路路灯坏了${uniqueKey('d')}`],
  ] as const) {
    const filed = await fileTestCase(service, { areaCode: 'GJ-XX-XY', categoryCode, description, locationText: '花园路3栋', households: 3 });
    caseNumbers.push(filed.caseNumber);
  }
  await app.inject({ method: 'POST', url: `/admin/cases/${caseNumbers[0]}/progress`, headers: { authorization: `Bearer ${admin}` }, payload: { note: `已联系李大妈 ${SECRET_PHONE}` } });
  desk = await deskBrowser(app, admin);
});
afterAll(async () => {
  await app?.close();
  await service?.close();
  await scratch?.drop();
});

type Req = { method: 'GET' | 'POST' | 'PATCH'; url: string; headers?: Record<string, string>; payload?: string | object; public: boolean };

const fmt = fc.constantFrom('json', 'xml', 'html', '');
const segment = fc.oneof(hostileString, fc.constant('GJ-20260226-0042')).map(encodeHostile);
const someCase = fc.oneof(fc.constantFrom(...['0', '1', '2', '3']).map((i) => caseNumbers[Number(i)] ?? 'x'), segment);
const auth = fc.oneof(
  fc.constant(undefined),
  fc.constant('admin'),
  fc.constant('cadre'),
  fc.constant('open311'),
  hostileString.map((s) => `raw:${s}`),
);
const bearer = (who: string | undefined): Record<string, string> => {
  if (!who) return {};
  const token = who === 'admin' ? admin : who === 'cadre' ? cadre : who === 'open311' ? open311Key : who.slice(4);
  return { authorization: `Bearer ${encodeHostile(token)}` };
};
const body = fc.oneof(
  { weight: 4, arbitrary: fc.dictionary(fc.constantFrom('note', 'reason', 'target', 'name', 'phone', 'active', 'lead', 'categories', 'areaCode', 'code', 'text', 'id', 'token', '_form', '__proto__'), hostileValue, { maxKeys: 5 }) },
  { weight: 1, arbitrary: hostileString },
);
const contentType = fc.constantFrom('application/json', 'application/x-www-form-urlencoded', 'text/xml', 'text/plain', 'multipart/form-data; boundary=x', '');

function formOrJson(payload: unknown, type: string): string {
  if (typeof payload === 'string') return payload;
  if (type.startsWith('application/x-www-form-urlencoded')) {
    return Object.entries(payload as Record<string, unknown>).map(([k, v]) => `${encodeHostile(k)}=${encodeHostile(String(v))}`).join('&');
  }
  return JSON.stringify(payload);
}

const open311Keys = ['service_request_id', 'service_code', 'start_date', 'end_date', 'status', 'page', 'page_size', 'api_key', 'jurisdiction_id', 'lat', 'long'];
const adminKeys = ['ledger', 'area', 'category', 'priority', 'status', 'overdue', 'from', 'to', 'q', 'page', 'pageSize', 'sort'];
const postKeys = ['api_key', 'service_code', 'description', 'lat', 'long', 'address_string', 'address_id', 'email', 'first_name', 'last_name', 'phone', 'device_id', 'account_id', 'media_url'];

const request: fc.Arbitrary<Req> = fc.oneof(
  // Open311: every resource, every format, hostile filters.
  fc.tuple(fc.constantFrom('services', 'requests', 'discovery'), fmt, hostileQuery(open311Keys)).map(([r, f, q]) => ({ method: 'GET' as const, url: `/open311/v2/${r}.${f}?${q}`, public: true })),
  fc.tuple(fc.constantFrom('services', 'requests'), someCase, fmt, hostileQuery(open311Keys)).map(([r, id, f, q]) => ({ method: 'GET' as const, url: `/open311/v2/${r}/${id}.${f}?${q}`, public: true })),
  fc
    .tuple(fmt, fc.dictionary(fc.constantFrom(...postKeys), hostileValue, { maxKeys: 8 }), fc.boolean(), contentType, fc.constantFrom('valid', 'admin', 'none', 'raw'))
    .map(([f, fields, valid, type, key]) => {
      const payload: Record<string, unknown> = { ...fields };
      if (valid) Object.assign(payload, { service_code: 'ROADS', description: fields.description ?? '路灯坏了', address_string: '向阳社区花园路' });
      if (key === 'valid') payload.api_key = open311Key;
      if (key === 'admin') payload.api_key = admin;
      return { method: 'POST' as const, url: `/open311/v2/requests.${f}`, headers: (type ? { 'content-type': type } : {}) as Record<string, string>, payload: formOrJson(payload, type), public: true };
    }),
  // The admin API, signed in or not.
  fc.tuple(auth, fc.constantFrom('cases', 'areas', 'cadres', 'assessment', 'export.csv', 'export.xlsx', 'export.pdf'), hostileQuery(adminKeys)).map(([who, r, q]) => ({
    method: 'GET' as const, url: `/admin/${r}?${q}`, headers: bearer(who), public: who === undefined,
  })),
  fc.tuple(auth, someCase).map(([who, id]) => ({ method: 'GET' as const, url: `/admin/cases/${id}`, headers: bearer(who), public: who === undefined })),
  fc.tuple(auth, someCase, fc.constantFrom('accept', 'progress', 'resolve', 'transfer', 'reopen'), body).map(([who, id, action, payload]) => ({
    method: 'POST' as const, url: `/admin/cases/${id}/${action}`, headers: { ...bearer(who), 'content-type': 'application/json' }, payload: JSON.stringify(payload), public: who === undefined,
  })),
  fc.tuple(auth, fc.oneof(fc.constantFrom('xy-grid', 'tj-grid'), segment), body).map(([who, code, payload]) => ({
    method: 'PATCH' as const, url: `/admin/cadres/${code}`, headers: { ...bearer(who), 'content-type': 'application/json' }, payload: JSON.stringify(payload), public: who === undefined,
  })),
  fc.tuple(auth, fc.oneof(fc.constantFrom('xy-grid'), segment), body, fc.boolean()).map(([who, code, payload, binding]) => ({
    method: 'POST' as const, url: binding ? `/admin/cadres/${code}/binding-code` : '/admin/cadres', headers: { ...bearer(who), 'content-type': 'application/json' }, payload: JSON.stringify(payload), public: who === undefined,
  })),
  // The dashboard, with the signed-in supervisor's session or none.
  fc.tuple(fc.boolean(), fc.constantFrom('/', '/ledger', '/assessment', '/cards', '/cards/sheet.png', '/ledger/export.csv', '/ledger/export.xlsx', '/signin'), hostileQuery([...adminKeys, 'area', 'period'])).map(([signed, path, q]) => ({
    method: 'GET' as const, url: `${path}?${q}`, headers: (signed ? { cookie: desk.cookie } : {}) as Record<string, string>, public: !signed,
  })),
  fc.tuple(fc.boolean(), someCase).map(([signed, id]) => ({ method: 'GET' as const, url: `/cases/${id}`, headers: (signed ? { cookie: desk.cookie } : {}) as Record<string, string>, public: !signed })),
  fc.tuple(fc.boolean(), someCase, fc.constantFrom('accept', 'progress', 'resolve', 'transfer', 'x'), body, fc.boolean()).map(([signed, id, action, payload, withForm]) => ({
    method: 'POST' as const, url: `/cases/${id}/${action}`, headers: { ...(signed ? { cookie: desk.cookie } : {}), 'content-type': 'application/x-www-form-urlencoded' },
    payload: formOrJson(withForm && typeof payload === 'object' ? { ...payload, _form: desk.formToken } : payload, 'application/x-www-form-urlencoded'), public: !signed,
  })),
  fc.tuple(fc.constantFrom('/signin', '/signout'), body).map(([path, payload]) => ({
    method: 'POST' as const, url: path, headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: formOrJson(payload, 'application/x-www-form-urlencoded'), public: true,
  })),
  // The web chat and health.
  fc.tuple(body, contentType).map(([payload, type]) => ({ method: 'POST' as const, url: '/chat/messages', headers: (type ? { 'content-type': type } : {}) as Record<string, string>, payload: formOrJson(payload, type), public: false })),
  fc.tuple(fc.oneof(fc.uint8Array({ maxLength: 64 }).map((b) => Buffer.from(b)), fc.string({ maxLength: 64 })), fc.constantFrom('image/jpeg', 'image/png', 'application/octet-stream', 'text/html', 'multipart/form-data; boundary=x', 'application/json')).map(([payload, type]) => ({
    method: 'POST' as const, url: '/chat/photos', headers: { 'content-type': type } as Record<string, string>, payload, public: false,
  })),
  fc.tuple(fc.constantFrom('/chat', '/chat/updates', '/chat/history', '/healthz', '/readyz'), hostileQuery(['after', 'card'])).map(([path, q]) => ({ method: 'GET' as const, url: `${path}?${q}`, public: true })),
);

/** Rows a refused request must not have changed. */
async function fingerprint(): Promise<string> {
  const rows = await service.db.$queryRawUnsafe<Record<string, unknown>[]>(`
    SELECT (SELECT md5(coalesce(string_agg(c::text, ',' ORDER BY id), '')) FROM "Case" c) AS cases,
           (SELECT count(*) FROM "CaseEvent")::text AS events, (SELECT count(*) FROM "OutboxMessage")::text AS outbox,
           (SELECT md5(coalesce(string_agg(c::text, ',' ORDER BY id), '')) FROM "Cadre" c) AS cadres,
           (SELECT count(*) FROM "ApiToken")::text AS tokens`);
  return JSON.stringify(rows[0]);
}

function safeDecode(url: string): string {
  try {
    return decodeURIComponent(url);
  } catch {
    return url.replace(/%[0-9A-F]{2}/gi, '');
  }
}

function check(req: Req, res: LightMyRequestResponse): void {
  const where = `${req.method} ${req.url.slice(0, 200)} → ${res.statusCode}`;
  if (res.statusCode >= 500) throw new Error(`5xx: ${where}\n${res.body.slice(0, 500)}`);
  const type = String(res.headers['content-type'] ?? '');
  if (/^(text|application)\/xml\b|\+xml\b/.test(type)) {
    const valid = XMLValidator.validate(res.body);
    if (valid !== true) throw new Error(`XML that does not parse: ${where}\n${JSON.stringify(valid)}`);
  }
  if (/postgres|prisma|P20\d\d|22P05|22021|SQLSTATE/i.test(res.body) && !type.includes('csv') && !type.includes('spreadsheet')) {
    throw new Error(`a database error reached the client: ${where}\n${res.body.slice(0, 300)}`);
  }
  if (req.public && (res.body.includes(SECRET_PHONE) || res.body.includes(SECRET_ID) || /李大妈/.test(res.body))) {
    throw new Error(`private words in a public response: ${where}`);
  }
  // Digits the caller sent may be echoed in an error; anything else that looks personal is a leak.
  if (req.public && !/\d{11}/.test(`${safeDecode(req.url)}${String(req.payload ?? '')}`) && (PHONE.test(res.body) || ID_NUMBER.test(res.body))) {
    throw new Error(`a phone or ID number in a public response: ${where}`);
  }
}

describe('hostile HTTP requests', () => {
  test(`${REQUESTS} generated requests to every route: no 5xx, XML that parses, nothing private in public, and a refused request changes nothing`, async () => {
    let served = 0;
    const statuses = new Map<number, number>();
    await fc.assert(
      fc.asyncProperty(request, async (req) => {
        const before = await fingerprint();
        const res = await app.inject({ method: req.method, url: req.url, headers: req.headers, ...(req.payload !== undefined ? { payload: req.payload } : {}) });
        served += 1;
        statuses.set(res.statusCode, (statuses.get(res.statusCode) ?? 0) + 1);
        check(req, res);
        if (res.statusCode >= 400) {
          const after = await fingerprint();
          if (after !== before) throw new Error(`a refused request changed data: ${req.method} ${req.url.slice(0, 200)} → ${res.statusCode}`);
        }
      }),
      { numRuns: REQUESTS, seed: Number(process.env.FUZZ_SEED ?? Date.now() % 2 ** 31), endOnFailure: true },
    );
    expect(served).toBeGreaterThanOrEqual(REQUESTS);
    // The generator reached both sides: refusals and successes.
    expect([...statuses.keys()].some((s) => s < 300)).toBe(true);
    expect([...statuses.keys()].some((s) => s >= 400)).toBe(true);
  });
});
