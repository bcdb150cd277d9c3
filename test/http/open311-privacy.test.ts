import type { FastifyInstance } from 'fastify';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import fc from 'fast-check';
import { buildApp } from '../../src/http/app';
import { toXml } from '../../src/http/open311/representation';
import { issueApiToken } from '../../src/http/api-tokens';
import { acceptCase } from '../../src/cases/accept-case';
import { postProgress } from '../../src/cases/post-progress';
import { resolveCase } from '../../src/cases/resolve-case';
import { updateResidents } from '../../src/jobs/update-residents';
import { runFollowUps } from '../../src/jobs/follow-ups';
import { fileTestCase, startTestService, uniqueKey, type TestService } from '../support/test-service';
import { scratchDb } from '../support/scratch-db';

/**
 * Issue 12, Open311: private cases never published, personal numbers and names redacted, hostile
 * text never breaking XML or causing a 500, strict parameters, errors in the spec's shape, token
 * kinds apart, duplicate posts, and no undeliverable notices for Open311 residents.
 */
let scratch: Awaited<ReturnType<typeof scratchDb>>;
let service: TestService;
let app: FastifyInstance; // reads need an api_key (the default)
let publicApp: FastifyInstance; // OPEN311_PUBLIC_READS on
let apiKey: string;
let otherKey: string;
let adminToken: string;
let supervisorId: number;

beforeAll(async () => {
  // A database of its own: the generated requests below file hundreds of cases, and the lists
  // asserted here must not meet other files' cases.
  scratch = await scratchDb('open311');
  service = await startTestService({ DATABASE_URL: scratch.url });
  // Own rate-limit counters, high enough for the generated requests below (other test files share 127.0.0.1's).
  const limits = () => ({ rateLimitPerMinute: 100_000, rateLimitNamespace: `o311-${uniqueKey('n')}:` });
  app = await buildApp({ service, logger: service.logger, ...limits() });
  publicApp = await buildApp({ service: { ...service, open311: { ...service.open311, publicReads: true } }, logger: service.logger, ...limits() });
  apiKey = await issueApiToken(service.db, { kind: 'OPEN311', label: '12345 hotline' });
  otherKey = await issueApiToken(service.db, { kind: 'OPEN311', label: 'another client' });
  supervisorId = (await service.db.cadre.findUniqueOrThrow({ where: { code: 'gj-sup-1' } })).id;
  adminToken = await issueApiToken(service.db, { kind: 'CADRE', cadreId: supervisorId, label: 'supervisor' });
});
afterAll(async () => {
  await app.close();
  await publicApp.close();
  await service.close();
  await scratch.drop();
});

const withKey = (url: string, key: string) => `${url}${url.includes('?') ? '&' : '?'}api_key=${encodeURIComponent(key)}`;
const form = (fields: Record<string, string>, url = '/open311/v2/requests.json') => ({
  method: 'POST' as const,
  url,
  headers: { 'content-type': 'application/x-www-form-urlencoded' },
  payload: new URLSearchParams(fields).toString(),
});
const report = (fields: Record<string, string> = {}) => ({
  api_key: apiKey, service_code: 'DRAINAGE', description: `阴沟堵塞，污水外流${uniqueKey('d')}`, address_string: '向阳社区花园路1栋', ...fields,
});
async function post(fields: Record<string, string> = {}, on = app) {
  return on.inject(form(report(fields)));
}
const idOf = (res: { json(): unknown }) => (res.json() as { service_request_id: string }[])[0]!.service_request_id;

/** Any character XML 1.0 does not allow (a strict parser refuses the document). */
const NOT_XML_CHAR = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/u;
function expectWellFormedXml(body: string) {
  expect(XMLValidator.validate(body)).toBe(true);
  expect(body).not.toMatch(NOT_XML_CHAR);
}
/** An Open311 error list, in JSON or in XML. */
function expectOpen311Error(res: { statusCode: number; body: string; headers: Record<string, unknown> }, status: number, format: 'json' | 'xml' = 'json') {
  expect(res.statusCode).toBe(status);
  if (format === 'json') {
    expect(res.headers['content-type']).toMatch(/application\/json/);
    const list = JSON.parse(res.body);
    expect(list).toEqual([{ code: status, description: expect.any(String) }]);
  } else {
    expect(res.headers['content-type']).toMatch(/application\/xml/);
    expectWellFormedXml(res.body);
    const parsed = new XMLParser().parse(res.body);
    expect(parsed.errors.error).toEqual({ code: status, description: expect.any(String) });
  }
  // Nothing of the database: no Postgres code, no Prisma message.
  expect(res.body).not.toMatch(/22021|22P05|23505|P20\d\d|invalid byte sequence|prisma|postgres|constraint/i);
}

/** Seven or more digits (a phone, ID or card number), also full-width or split by spaces and dashes. */
const LONG_DIGITS = /[0-9\uFF10-\uFF19](?:[\s-]?[0-9\uFF10-\uFF19]){6,}/;
/** A body without its case numbers and W3C times, the only long digit runs it may hold. */
const withoutIdsAndTimes = (body: string) => body.replace(/GJ-\d{8}-\d{4}|\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}[+-]\d{2}:\d{2}/g, '');

describe('Open311 reads: what is public', () => {
  let hardship: string;
  let dispute: string;
  beforeAll(async () => {
    hardship = (await fileTestCase(service, { areaCode: 'GJ-XX-XY', categoryCode: 'HARDSHIP', description: '我叫李大妈，电话13612345678，老伴住院了没钱看病', locationText: '花园路2栋', households: 1 })).caseNumber;
    dispute = (await fileTestCase(service, { areaCode: 'GJ-XX-XY', categoryCode: 'DISPUTE', description: '邻居占了我家宅基地，吵了好几次', locationText: '花园路3栋', households: 1 })).caseNumber;
  });

  it('refuses reads without an api_key unless public reads are on, in JSON and XML', async () => {
    expectOpen311Error(await app.inject({ url: '/open311/v2/requests.json' }), 403);
    expectOpen311Error(await app.inject({ url: '/open311/v2/requests.xml' }), 403, 'xml');
    expectOpen311Error(await app.inject({ url: `/open311/v2/requests/${hardship}.json` }), 403);
    expectOpen311Error(await app.inject({ url: `/open311/v2/requests/${hardship}.xml` }), 403, 'xml');
    expectOpen311Error(await app.inject({ url: withKey('/open311/v2/requests.json', 'lx_made_up') }), 403);
  });

  it('with public reads on, lists only public categories, and a private case by id is not found', async () => {
    const open = await post({}, publicApp);
    expect(open.statusCode).toBe(201);
    const list = (await publicApp.inject({ url: '/open311/v2/requests.json' })).json() as { service_request_id: string; service_code: string }[];
    expect(list.map((r) => r.service_request_id)).toContain(idOf(open));
    expect(list.every((r) => ['DRAINAGE', 'IRRIGATION', 'ROADS', 'SANITATION', 'HOUSING_SAFETY', 'SUGGESTION'].includes(r.service_code))).toBe(true);
    const byIds = (await publicApp.inject({ url: `/open311/v2/requests.json?service_request_id=${hardship},${dispute}` })).json();
    expect(byIds).toEqual([]);
    const byCode = (await publicApp.inject({ url: '/open311/v2/requests.json?service_code=HARDSHIP,DISPUTE,VILLAGE_AFFAIRS,PARTY_AFFAIRS' })).json();
    expect(byCode).toEqual([]);
    for (const id of [hardship, dispute]) {
      const one = await publicApp.inject({ url: `/open311/v2/requests/${id}.json` });
      expect(one.json()).toEqual([{ code: 404, description: `service_request_id ${id} not found` }]);
      expect(one.body).not.toMatch(/李大妈|136|宅基地/);
    }
  });

  it('with an api_key, others’ private cases stay hidden; the client follows its own private report', async () => {
    const own = await app.inject(form(report({ service_code: 'HARDSHIP', description: '独居老人生病没人照顾，需要帮扶', phone: '13912340001' })));
    expect(own.statusCode).toBe(201);
    const ownId = idOf(own);
    expect((await app.inject({ url: withKey(`/open311/v2/requests/${hardship}.json`, apiKey) })).statusCode).toBe(404);
    expect((await app.inject({ url: withKey(`/open311/v2/requests/${dispute}.xml`, apiKey) })).statusCode).toBe(404);
    const mine = await app.inject({ url: withKey(`/open311/v2/requests/${ownId}.json`, apiKey) });
    expect(mine.json()[0]).toMatchObject({ service_request_id: ownId, service_code: 'HARDSHIP' });
    expect((await app.inject({ url: withKey(`/open311/v2/requests/${ownId}.json`, otherKey) })).statusCode).toBe(404);
    expect((await publicApp.inject({ url: `/open311/v2/requests/${ownId}.json` })).statusCode).toBe(404);
    const listed = (await app.inject({ url: withKey('/open311/v2/requests.json?service_code=HARDSHIP', apiKey) })).json() as { service_request_id: string }[];
    expect(listed.map((r) => r.service_request_id)).toEqual([ownId]);
  });

  it('redacts phone, ID and card numbers and names in descriptions, addresses and status notes, for every reader', async () => {
    const assignee = await service.db.cadre.findUniqueOrThrow({ where: { code: 'xy-grid' } });
    const description = [
      '我叫李大妈，电话１３６ １２３４ ５６７８，',
      '老伴电话+86 139-1234-5678，家里座机0813－8123456，',
      '身份证51030219900101123X，卡号6222 0212 3456 7890 123，阴沟堵了三天',
    ].join('');
    const res = await post({ description, address_string: '向阳社区花园路1栋 电话13700001111', first_name: '秀英', last_name: '王', phone: '13812345678' });
    expect(res.statusCode).toBe(201);
    const id = idOf(res);
    const actor = { kind: 'CADRE' as const, cadreId: supervisorId, supervisor: true };
    await acceptCase(service.jobRunner.jobDeps, { caseNumber: id, actor, at: new Date() });
    await postProgress(service.jobRunner.jobDeps, { caseNumber: id, actor, note: `${assignee.name}已联系王秀英，她的电话13812345678，明天清掏`, at: new Date() });

    const readers: [FastifyInstance, string][] = [[app, withKey(`/open311/v2/requests/${id}`, apiKey)], [publicApp, `/open311/v2/requests/${id}`]];
    for (const [on, base] of readers) {
      for (const format of ['json', 'xml'] as const) {
        const url = base.replace(`${id}`, `${id}.${format}`);
        const body = (await on.inject({ url })).body;
        expect(body).toContain(id);
        expect(withoutIdsAndTimes(body)).not.toMatch(LONG_DIGITS);
        expect(body).not.toMatch(/李大妈|王秀英|秀英|51030219900101123X/);
        expect(body).not.toContain(assignee.name);
        expect(body).toContain('阴沟堵了三天');
        expect(body).toContain('明天清掏');
      }
    }
    const [r] = (await app.inject({ url: withKey(`/open311/v2/requests/${id}.json`, apiKey) })).json();
    expect(r.description).toBe('我叫某，电话***，老伴电话***，家里座机***，身份证***，卡号***，阴沟堵了三天');
    expect(r.address).toBe('向阳社区 花园路1栋 电话***');
    expect(r.status_notes).toBe('某已联系某，她的电话***，明天清掏');
    // The list says the same as the single request.
    const listed = (await app.inject({ url: withKey(`/open311/v2/requests.json?service_request_id=${id}`, apiKey) })).json();
    expect(listed).toEqual([r]);
  });
});

describe('Open311 XML: hostile text breaks nothing', () => {
  const HOSTILE = 'A\u0000B\u0001C\u0008D\u000BE\u001FF\u007FG\uFFFEH\uFFFFI\uD800J\uDC00K]]>L<![CDATA[M<script>&amp;N';

  it('accepts a hostile description cleaned, and requests.xml stays well-formed', async () => {
    const res = await app.inject({
      method: 'POST',
      url: '/open311/v2/requests.json',
      headers: { 'content-type': 'application/json' },
      payload: JSON.stringify(report({ description: `阴沟堵塞${HOSTILE}` })),
    });
    expect(res.statusCode).toBe(201);
    const row = await service.db.case.findUniqueOrThrow({ where: { caseNumber: idOf(res) } });
    expect(row.description).not.toMatch(/[\u0000-\u0008\u000B-\u001F\u007F\uFFFE\uFFFF]/);
    expect(row.description).toContain(']]>L<![CDATA[M<script>&amp;N');
    for (const url of ['/open311/v2/requests.xml', `/open311/v2/requests/${idOf(res)}.xml`]) {
      const xml = await app.inject({ url: withKey(url, apiKey) });
      expect(xml.statusCode).toBe(200);
      expectWellFormedXml(xml.body);
    }
    const one = new XMLParser({ parseTagValue: false }).parse((await app.inject({ url: withKey(`/open311/v2/requests/${idOf(res)}.xml`, apiKey) })).body);
    expect(one.service_requests.request.description).toContain(']]>L<![CDATA[M<script>&amp;N');
  });

  it('keeps the XML well-formed even for text stored before the boundary cleaned it', () => {
    // Written straight to the XML writer: a row like this in the shared test database would break other files' exports.
    const xml = toXml('service_requests', 'request', [{ description: 'old\u0001row\u007f\uFFFF\uD800]]>', address: 'x\u001Fy', lat: null }]);
    expectWellFormedXml(xml);
    expect(xml).toContain('<description>oldrow\uFFFD]]&gt;</description><address>xy</address><lat></lat>');
  });
});

describe('Open311 parameters: strict, and never a 500', () => {
  it.each([
    '/open311/v2/requests.json?service_code=%00',
    '/open311/v2/requests.json?service_request_id=%00',
    '/open311/v2/requests.json?status=%00',
    '/open311/v2/requests.json?start_date=%00',
    '/open311/v2/requests/%00.json',
    '/open311/v2/requests/%00.xml',
    '/open311/v2/requests/GJ-20260101-0001%00.json',
    '/open311/v2/services/%00.json',
    '/open311/v2/%00.json',
    '/open311/v2/services.json?x=%00',
    '/open311/v2/requests/%E0%A4%A.json',
    '/open311/v2/requests/%.xml',
    '/open311/v2/requests.json?service_code=%E0%A4%A',
    '/open311/v2/requests.json?service_code=a&service_code=b',
    '/open311/v2/requests.json?__proto__=x&constructor=y',
    `/open311/v2/requests/${'GJ'.repeat(200)}.json`,
  ])('answers %s without a 500, in the spec’s shape', async (url) => {
    const res = await app.inject({ url: withKey(url, apiKey) });
    expect(res.statusCode).toBeLessThan(500);
    if (res.statusCode >= 400) expectOpen311Error(res, res.statusCode, url.includes('.xml') ? 'xml' : 'json');
  });

  it.each(['description', 'email', 'first_name', 'last_name', 'address_string', 'account_id', 'device_id'])('files a report with a NUL in %s, the NUL removed', async (field) => {
    const fields = report({ [field]: `${field === 'address_string' ? '向阳社区花园路' : '阴沟堵塞了'}\u0000一${uniqueKey('n')}` });
    for (const req of [form(fields), { method: 'POST' as const, url: '/open311/v2/requests.json', payload: fields }]) {
      const res = await app.inject(req);
      expect(res.statusCode).toBeLessThan(300);
      const row = await service.db.case.findUniqueOrThrow({ where: { caseNumber: idOf(res) }, include: { resident: true } });
      expect(JSON.stringify(row)).not.toContain('\\u0000');
    }
  });

  it('refuses a NUL api_key or service_code in a post with the spec’s error', async () => {
    expectOpen311Error(await app.inject(form(report({ api_key: '\u0000' }))), 403);
    expectOpen311Error(await app.inject(form(report({ service_code: '\u0000' }))), 400);
    expectOpen311Error(await app.inject(form(report({ service_code: 'NOPE\u0000' }))), 404);
  });

  it.each([
    'start_date=-271821-04-20',
    'end_date=275760-09-13T00:00:00Z',
    'start_date=0',
    'end_date=99999',
    'start_date=1999-12-31',
    'end_date=2101-01-01',
    'start_date=2026-02-31',
    'start_date=2026-01-01T25:00:00Z',
    'page=0',
    'page=1.5',
    'page=0x10',
    'page=-1',
    'page_size=1e3',
    'page_size=1001',
    'page=99999999999999999999',
    'status=open,pending',
  ])('refuses %s with a 400 in JSON and XML', async (query) => {
    expectOpen311Error(await app.inject({ url: withKey(`/open311/v2/requests.json?${query}`, apiKey) }), 400);
    expectOpen311Error(await app.inject({ url: withKey(`/open311/v2/requests.xml?${query}`, apiKey) }), 400, 'xml');
  });

  it.each([
    [{ lat: '0x10', long: '104.7' }],
    [{ lat: '29.3', long: '1e2' }],
    [{ lat: '91', long: '104.7' }],
    [{ lat: '29.3', long: '-181' }],
    [{ lat: 'NaN', long: 'Infinity' }],
    [{ lat: '29.3' }],
    [{ lat: '', long: '104.7' }],
    [{ lat: ' ', long: '104.7' }],
  ])('refuses the coordinates %j with a 400, filing nothing', async (coords) => {
    const description = `坐标测试阴沟堵塞${uniqueKey('c')}`;
    expectOpen311Error(await post({ description, ...coords }), 400);
    expectOpen311Error(await app.inject(form(report({ description, ...coords }), '/open311/v2/requests.xml')), 400, 'xml');
    expect(await service.db.case.count({ where: { description } })).toBe(0);
  });

  it('takes empty coordinates as none given, not as 0,0', async () => {
    const res = await post({ lat: '', long: '' });
    expect(res.statusCode).toBe(201);
    const row = await service.db.case.findUniqueOrThrow({ where: { caseNumber: idOf(res) } });
    expect([row.latitude, row.longitude]).toEqual([null, null]);
    const exact = await post({ lat: '29.3456', long: '104.7123' });
    expect(await service.db.case.findUniqueOrThrow({ where: { caseNumber: idOf(exact) } })).toMatchObject({ latitude: 29.3456, longitude: 104.7123 });
  });
});

describe('Open311 under generated hostile input', () => {
  const hostileText = fc.oneof(
    fc.string({ unit: 'binary', maxLength: 40 }),
    fc.constantFrom('\u0000', '\uD800', '\uDFFF', ']]>', '0x10', '1e308', '-271821-04-20', '99999', '', ' ', '__proto__', 'NaN', '-0', '9'.repeat(40)),
    fc.integer().map(String),
    fc.double().map(String),
  );
  const params = fc.dictionary(fc.constantFrom('service_code', 'service_request_id', 'status', 'start_date', 'end_date', 'page', 'page_size', 'lat', 'long', 'description', 'email', 'first_name', 'address_string', 'address_id', 'phone', '__proto__', 'constructor'), hostileText, { maxKeys: 6 });

  // A lone surrogate cannot be percent-encoded: sent as the bytes a careless client would send.
  const encodePath = (s: string) => s.split(/([\uD800-\uDFFF])/).map((p) => (/^[\uD800-\uDFFF]$/.test(p) ? '%ED%A0%80' : encodeURIComponent(p))).join('');

  it('never answers 5xx, every XML parses, every error is an error list', async () => {
    await fc.assert(
      fc.asyncProperty(params, fc.constantFrom('json', 'xml'), fc.constantFrom('list', 'one', 'post-form', 'post-json'), hostileText, async (fields, format, kind, id) => {
        const query = new URLSearchParams({ ...fields, api_key: apiKey }).toString();
        const res =
          kind === 'list' ? await app.inject({ url: `/open311/v2/requests.${format}?${query}` })
          : kind === 'one' ? await app.inject({ url: `/open311/v2/requests/${encodePath(id)}.${format}?${query}` })
          : kind === 'post-form' ? await app.inject(form({ ...report(), ...fields }, `/open311/v2/requests.${format}`))
          : await app.inject({ method: 'POST', url: `/open311/v2/requests.${format}`, payload: { ...report(), ...fields } });
        expect(res.statusCode).toBeLessThan(500);
        if (format === 'xml') expectWellFormedXml(res.body);
        if (res.statusCode >= 400) expectOpen311Error(res, res.statusCode, format);
        else expect(withoutIdsAndTimes(res.body)).not.toMatch(LONG_DIGITS);
      }),
      { numRuns: 300 },
    );
  });
});

describe('Open311 errors: always the spec’s error list', () => {
  it.each([
    ['malformed JSON', 'application/json', '{"api_key": ', 400],
    ['a JSON array', 'application/json', '[1,2]', 400],
    ['a JSON string', 'application/json', '"hello"', 400],
    ['prototype keys', 'application/json', '{"__proto__": {"x": 1}, "api_key": "k"}', 400],
    ['an unsupported content type', 'text/csv', 'a,b', 415],
    ['XML', 'application/xml', '<request/>', 415],
  ])('answers %s as an Open311 error, in JSON and XML', async (_what, contentType, payload, status) => {
    for (const format of ['json', 'xml'] as const) {
      const res = await app.inject({ method: 'POST', url: `/open311/v2/requests.${format}`, headers: { 'content-type': contentType }, payload });
      expectOpen311Error(res, status, format);
    }
  });

  it('answers an unknown path, a too-large body and the rate limit in the spec’s shape', async () => {
    expectOpen311Error(await app.inject({ url: '/open311/v2/nothing/here.json' }), 404);
    expectOpen311Error(await app.inject({ url: '/open311/v2/nothing/here.xml' }), 404, 'xml');
    expectOpen311Error(await app.inject({ url: '/open311/v2/foo.json' }), 404);
    const big = await app.inject({ method: 'POST', url: '/open311/v2/requests.xml', headers: { 'content-type': 'application/json' }, payload: JSON.stringify({ description: 'x'.repeat(100_000) }) });
    expectOpen311Error(big, 413, 'xml');
    const strict = await buildApp({ service, logger: service.logger, rateLimitPerMinute: 1, rateLimitNamespace: `o311-rl-${uniqueKey('n')}:` });
    try {
      await strict.inject({ url: '/open311/v2/services.xml' });
      expectOpen311Error(await strict.inject({ url: '/open311/v2/services.xml' }), 429, 'xml');
    } finally {
      await strict.close();
    }
  });
});

describe('token kinds: admin tokens and Open311 keys apart', () => {
  it('refuses a cadre’s admin token as an Open311 api_key, to post or to read', async () => {
    const description = `干部令牌测试阴沟堵塞${uniqueKey('t')}`;
    expectOpen311Error(await post({ api_key: adminToken, description }), 403);
    expect(await service.db.case.count({ where: { description } })).toBe(0);
    expectOpen311Error(await app.inject({ url: withKey('/open311/v2/requests.json', adminToken) }), 403);
    expectOpen311Error(await app.inject({ url: withKey('/open311/v2/requests/GJ-20260101-0001.xml', adminToken) }), 403, 'xml');
  });

  it('refuses an Open311 key on the admin API, and a revoked key on Open311', async () => {
    expect((await app.inject({ url: '/admin/cases', headers: { authorization: `Bearer ${apiKey}` } })).statusCode).toBe(403);
    const revoked = await issueApiToken(service.db, { kind: 'OPEN311', label: 'revoked client' });
    await service.db.apiToken.updateMany({ where: { label: 'revoked client' }, data: { revokedAt: new Date() } });
    expectOpen311Error(await post({ api_key: revoked }), 403);
  });
});

describe('Open311 duplicates', () => {
  it('gives the same client’s repeat of the same report back instead of filing it again', async () => {
    const fields = report({ lat: '29.3456', long: '104.7123' });
    const first = await post(fields);
    expect(first.statusCode).toBe(201);
    const again = await post(fields);
    expect(again.statusCode).toBe(200);
    expect(idOf(again)).toBe(idOf(first));
    expect(again.json()).toEqual(first.json());
    const xml = await app.inject(form(fields, '/open311/v2/requests.xml'));
    expect(new XMLParser({ parseTagValue: false }).parse(xml.body).service_requests.request.service_request_id).toBe(idOf(first));
    expect(await service.db.case.count({ where: { description: fields.description } })).toBe(1);
    // Another place, or another client, is another report.
    expect(idOf(await post({ ...fields, lat: '29.3457' }))).not.toBe(idOf(first));
    expect(idOf(await post({ ...fields, api_key: otherKey }))).not.toBe(idOf(first));
    expect(await service.db.case.count({ where: { description: fields.description } })).toBe(3);
  });

  it('files one case for identical posts arriving at once', async () => {
    const fields = report();
    const all = await Promise.all(Array.from({ length: 6 }, () => post(fields)));
    expect(all.map((r) => r.statusCode).sort()).toEqual([200, 200, 200, 200, 200, 201]);
    expect(new Set(all.map(idOf)).size).toBe(1);
    expect(await service.db.case.count({ where: { description: fields.description } })).toBe(1);
  });

  it('files every post when the window is 0 (off)', async () => {
    const off = await buildApp({ service: { ...service, open311: { ...service.open311, duplicateWindowMs: 0 } }, logger: service.logger, rateLimitPerMinute: 100_000, rateLimitNamespace: `o311-off-${uniqueKey('n')}:` });
    try {
      const fields = report();
      const ids = [idOf(await post(fields, off)), idOf(await post(fields, off))];
      expect(new Set(ids).size).toBe(2);
    } finally {
      await off.close();
    }
  });
});

describe('Open311 residents have no chat channel', () => {
  it('writes no resident notices for filing, accepting, progress, resolving, updates or follow-ups', async () => {
    const res = await post({ phone: '13912340002' });
    const caseNumber = idOf(res);
    const actor = { kind: 'CADRE' as const, cadreId: supervisorId, supervisor: true };
    const deps = service.jobRunner.jobDeps;
    await acceptCase(deps, { caseNumber, actor, at: new Date() });
    await postProgress(deps, { caseNumber, actor, note: '已安排清掏', at: new Date() });
    const later = new Date(Date.now() + 30 * 86_400_000);
    await updateResidents(deps, later);
    await resolveCase(deps, { caseNumber, actor, note: '已疏通', at: new Date() });
    await runFollowUps(deps, new Date(Date.now() + 60 * 86_400_000));
    const rows = await service.db.outboxMessage.findMany({ where: { case: { caseNumber } }, select: { recipientKind: true, kind: true } });
    expect(rows.filter((r) => r.recipientKind === 'RESIDENT')).toEqual([]);
    expect(rows.map((r) => r.kind)).toContain('cadre.newCase');
    expect(await service.db.followUp.count({ where: { case: { caseNumber } } })).toBe(0);
    // The client reads how it stands instead.
    const [r] = (await app.inject({ url: withKey(`/open311/v2/requests/${caseNumber}.json`, apiKey) })).json();
    expect(r).toMatchObject({ status: 'closed', status_notes: '已疏通' });
  });
});
