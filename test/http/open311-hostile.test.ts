import type { FastifyInstance } from 'fastify';
import { XMLParser } from 'fast-xml-parser';
import fc from 'fast-check';
import { buildApp } from '../../src/http/app';
import { toXml } from '../../src/http/open311/representation';
import { type TestService, uniqueKey } from '../support/test-service';
import { expectOpen311Error, expectWellFormedXml, form, idOf, LONG_DIGITS, type Open311Harness, startOpen311Harness, withKey, withoutIdsAndTimes } from '../support/open311-harness';

/**
 * Issue 12, Open311 and hostile input: text that could break XML, NUL bytes and extreme dates,
 * loose coordinates and numbers, malformed bodies: never a 500, always the spec's error list.
 */
let h: Open311Harness;
let service: TestService;
let app: FastifyInstance; // reads need an api_key (the default)
let apiKey: string;

beforeAll(async () => {
  h = await startOpen311Harness('open311_hostile');
  ({ service, app, apiKey } = h);
});
afterAll(() => h.close());

const report = (fields: Record<string, string> = {}) => h.report(fields);
async function post(fields: Record<string, string> = {}, on = app) {
  return on.inject(form(report(fields)));
}

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

