import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../src/http/app';
import { issueApiToken } from '../../src/access/api-tokens';
import { fileTestCase, startTestService, uniqueKey, type TestService } from '../support/test-service';
import { scratchDb } from '../support/scratch-db';

let scratch: { url: string; drop: () => Promise<void> };
let service: TestService;
let app: FastifyInstance;
let supervisor: string;

beforeAll(async () => {
  // A database of its own: it registers a cadre in 团结村, who would then take other files' cases there.
  scratch = await scratchDb('hostile_admin', { migrate: true });
  service = await startTestService({ DATABASE_URL: scratch.url });
  app = await buildApp({ service, logger: service.logger, rateLimitNamespace: `${uniqueKey('hostile-admin')}:` });
  const cadre = await service.db.cadre.findUniqueOrThrow({ where: { code: 'gj-sup-1' } });
  supervisor = await issueApiToken(service.db, { kind: 'CADRE', cadreId: cadre.id, label: uniqueKey('hostile') });
});
afterAll(async () => {
  await app.close();
  await service.close();
  await scratch.drop();
});

const file = (description: string, locationText = '花园路1栋') =>
  fileTestCase(service, { areaCode: 'GJ-XX-XY', categoryCode: 'DRAINAGE', description, locationText, households: 2 });
const as = (method: 'GET' | 'POST' | 'PATCH', url: string, payload?: object) =>
  app.inject({ method, url, headers: { authorization: `Bearer ${supervisor}` }, ...(payload ? { payload } : {}) });
const numbers = async (query: string) => ((await as('GET', `/admin/cases?${query}&pageSize=200`)).json().cases as { caseNumber: string }[]).map((c) => c.caseNumber);

/** No 5xx, and nothing of PostgreSQL (codes such as 22021, or its messages) in the answer. */
function expectNoServerError(res: { statusCode: number; body: string }) {
  expect(res.statusCode).toBeLessThan(500);
  expect(res.body).not.toMatch(/\b(22021|22P05|22008|P20\d\d)\b|invalid byte sequence|postgres|prisma/i);
}

describe('the admin API against hostile input', () => {
  it('matches % and _ in a search as the characters themselves', async () => {
    const tag = uniqueKey('lit').replace(/[-_]/g, '');
    const percent = await file(`${tag} 水费涨了100%`);
    const underscore = await file(`${tag} 井盖_坏了`);
    const plain = await file(`${tag} 路灯不亮`);
    const pct = await numbers(`q=${encodeURIComponent('%')}`);
    expect(pct).toContain(percent.caseNumber);
    expect(pct).not.toContain(plain.caseNumber);
    expect(pct).not.toContain(underscore.caseNumber);
    const und = await numbers(`q=${encodeURIComponent('_')}`);
    expect(und).toContain(underscore.caseNumber);
    expect(und).not.toContain(plain.caseNumber);
    expect(und).not.toContain(percent.caseNumber);
    expect(await numbers(`q=${encodeURIComponent(`${tag} 水费涨了100%`)}`)).toEqual([percent.caseNumber]);
    expect(await numbers(`q=${encodeURIComponent('\\')}`)).not.toContain(plain.caseNumber);
  });

  it('answers 400 in its own error shape to extreme or loose dates and numbers on cases, export and assessment', async () => {
    const bad = ['from=0&to=99999', 'from=-271821-04-20', 'to=%2B275760-09-13', 'from=2026-02-31', 'from=1999-12-31', 'from=%00', 'from=2026-01-01%00x'];
    for (const path of ['/admin/cases', '/admin/export.csv', '/admin/export.xlsx', '/admin/assessment']) {
      for (const query of bad) {
        const q = path === '/admin/assessment' && !query.includes('to=') ? `${query}&to=2026-06-30` : path === '/admin/assessment' && !query.includes('from=') ? `from=2026-01-01&${query}` : query;
        const res = await as('GET', `${path}?${q}`);
        expectNoServerError(res);
        expect({ url: `${path}?${q}`, status: res.statusCode }).toEqual({ url: `${path}?${q}`, status: 400 });
        expect(res.json()).toEqual({ error: { code: 'invalid_request', message: expect.any(String) } });
      }
    }
    for (const query of ['page=0x10', 'page=1e3', 'pageSize=%20', 'page=-1', 'page=99999999999999999999']) {
      const res = await as('GET', `/admin/cases?${query}`);
      expect(res.statusCode).toBe(400);
    }
    expect((await as('GET', '/admin/cases?from=2026-01-01&to=2026-12-31T23:59:59%2B08:00&page=2')).statusCode).toBe(200);
    expect((await as('GET', '/admin/assessment?from=2026-01-01&to=2026-06-30')).statusCode).toBe(200);
  });

  it('never gives a 500 for a NUL byte in a filter', async () => {
    for (const query of ['q=%00', 'q=%E9%98%B4%00%E6%B2%9F', 'area=%00', 'category=%00', 'area=GJ-XX-XY%00', 'q=%ED%A0%80', 'q=%01%7F']) {
      const res = await as('GET', `/admin/cases?${query}`);
      expectNoServerError(res);
      expect(res.statusCode).toBe(200);
    }
  });

  it('takes writes with a NUL as the text without it, or refuses them; never a 5xx', async () => {
    const c = await file(`阴沟 ${uniqueKey('w')}`);
    expect((await as('POST', `/admin/cases/${c.caseNumber}/accept`)).statusCode).toBe(200);
    const progress = await as('POST', `/admin/cases/${c.caseNumber}/progress`, { note: '已联系\u0000施工队\u0007' });
    expectNoServerError(progress);
    expect(progress.statusCode).toBe(200);
    const notes = (await service.db.caseEvent.findMany({ where: { caseId: c.caseId, type: 'PROGRESS' } })).map((e) => e.note);
    expect(notes).toEqual(['已联系施工队']);
    expect((await as('POST', `/admin/cases/${c.caseNumber}/progress`, { note: '\u0000' })).statusCode).toBe(400);

    const transfer = await as('POST', `/admin/cases/${c.caseNumber}/transfer`, { target: '\u0000', reason: '属地\u0000不对' });
    expectNoServerError(transfer);
    expect(transfer.statusCode).toBe(400);
    const transfer2 = await as('POST', `/admin/cases/${c.caseNumber}/transfer`, { target: '团结\u0000村', reason: '属地\u0000不对' });
    expectNoServerError(transfer2);
    expect(transfer2.statusCode).toBe(200);
    expect(transfer2.json().area.code).toBe('GJ-QT-TJ');

    const cadre = await as('POST', '/admin/cadres', { name: '张\u0000小兵', phone: '13800001234', area: '团结村\u0000' });
    expectNoServerError(cadre);
    expect(cadre.statusCode).toBe(201);
    expect(cadre.json().name).toBe('张小兵');
    expect((await service.db.cadre.findUniqueOrThrow({ where: { code: cadre.json().code } })).name).toBe('张小兵');

    // With the NUL removed what is left names nothing, or is still wrong: refused.
    for (const [method, url, body] of [
      ['PATCH', '/admin/cadres/%00', { active: true }],
      ['PATCH', `/admin/cadres/${cadre.json().code}`, { phone: '1380000\u0000123' }],
      ['PATCH', `/admin/cadres/${cadre.json().code}`, { categories: ['NOPE\u0000'] }],
      ['POST', '/admin/cadres/%00/binding-code', undefined],
      ['GET', '/admin/cases/%00', undefined],
    ] as const) {
      const res = await as(method, url, body);
      expectNoServerError(res);
      expect([method, url, res.statusCode >= 400]).toEqual([method, url, true]);
    }
    // With the NUL removed what is left is right: done.
    const patched = await as('PATCH', `/admin/cadres/${cadre.json().code}%00`, { active: true, phone: '1380000\u00001234', categories: ['DRAINAGE\u0000'] });
    expect(patched.statusCode).toBe(200);
    expect((await service.db.cadre.findUniqueOrThrow({ where: { code: cadre.json().code } })).phone).toBe('13800001234');
    expect((await as('POST', `/admin/cases/${c.caseNumber}%00/accept`)).statusCode).toBe(200);
    const code = await as('POST', `/admin/cadres/${cadre.json().code}%00/binding-code`);
    expect(code.statusCode).toBe(201);
    expect((await as('POST', `/admin/cadres/${cadre.json().code}/binding-code`, { x: '\u0000' })).statusCode).toBeLessThan(500);
  });
});
