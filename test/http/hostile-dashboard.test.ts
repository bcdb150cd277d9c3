import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../src/http/app';
import { issueApiToken } from '../../src/access/api-tokens';
import { fileTestCase, startTestService, uniqueKey, type TestService } from '../support/test-service';
import { deskBrowser } from '../support/desk-browser';

let service: TestService;
let app: FastifyInstance;
let desk: Awaited<ReturnType<typeof deskBrowser>>;

beforeAll(async () => {
  service = await startTestService();
  app = await buildApp({ service, logger: service.logger, rateLimitNamespace: `${uniqueKey('hostile-desk')}:` });
  const cadre = await service.db.cadre.findUniqueOrThrow({ where: { code: 'gj-sup-1' } });
  desk = await deskBrowser(app, await issueApiToken(service.db, { kind: 'CADRE', cadreId: cadre.id, label: uniqueKey('hostile desk') }));
});
afterAll(async () => {
  await app.close();
  await service.close();
});

const file = (description: string) =>
  fileTestCase(service, { areaCode: 'GJ-XX-XY', categoryCode: 'DRAINAGE', description, locationText: '花园路1栋', households: 2 });
const listed = (body: string) => [...body.matchAll(/data-case="([^"]+)"/g)].map((m) => m[1]);

describe('the dashboard against hostile input', () => {
  it('matches % and _ in a search as the characters themselves', async () => {
    const tag = uniqueKey('lit').replace(/[-_]/g, '');
    const percent = await file(`${tag} 水费涨了100%`);
    const plain = await file(`${tag} 路灯不亮`);
    const pct = listed((await desk.get(`/ledger?q=${encodeURIComponent('%')}`)).body);
    expect(pct).toContain(percent.caseNumber);
    expect(pct).not.toContain(plain.caseNumber);
    expect(listed((await desk.get(`/ledger?q=${encodeURIComponent('_')}`)).body)).not.toContain(plain.caseNumber);
  });

  it('answers a NUL byte in a filter with the ledger, never a 500', async () => {
    for (const query of ['q=%00', 'area=%00', 'q=%E9%98%B4%00', 'status=%00', 'page=%00', 'sort=%00', 'q=%ED%A0%80', 'overdue=true%00']) {
      const res = await desk.get(`/ledger?${query}`);
      expect([query, res.statusCode]).toEqual([query, 200]);
    }
    for (const query of ['page=0x10', 'page=1e2', 'page=-1']) {
      const res = await desk.get(`/ledger?${query}`);
      expect(res.statusCode).toBe(400);
      expect(res.body).toContain('请求有误');
    }
  });

  it('answers extreme dates on exports and the assessment with a kind page, never a 500', async () => {
    for (const query of ['from=0&to=99999', 'from=-271821-04-20', 'from=%2B275760-09-13', 'from=2026-02-31', 'from=%00x', 'to=1999-12-31']) {
      for (const path of ['/ledger/export.csv', '/ledger/export.xlsx']) {
        const res = await desk.get(`${path}?${query}`);
        expect([path, query, res.statusCode]).toEqual([path, query, 400]);
        expect(res.headers['content-type']).toMatch(/text\/html/);
        expect(res.body).toContain('日期不对');
      }
      const assessment = await desk.get(`/assessment?${query}`);
      expect(assessment.statusCode).toBe(200);
      expect(assessment.body).toContain('时间段不对');
    }
    expect((await desk.get('/ledger/export.csv?from=2026-01-01&to=2026-06-30')).statusCode).toBe(200);
  });

  it('takes a form with a NUL as the text without it; a malformed body is a kind page, not a 500', async () => {
    const c = await file(`阴沟 ${uniqueKey('w')}`);
    expect((await desk.post(`/cases/${c.caseNumber}/accept`, {})).statusCode).toBe(303);
    const res = await desk.post(`/cases/${c.caseNumber}/progress`, { note: '已联系\u0000施工队' });
    expect(res.statusCode).toBe(303);
    const notes = (await service.db.caseEvent.findMany({ where: { caseId: c.caseId, type: 'PROGRESS' } })).map((e) => e.note);
    expect(notes).toEqual(['已联系施工队']);
    const transfer = await desk.post(`/cases/${c.caseNumber}/transfer`, { target: '\u0000', reason: '\u0000' });
    expect(transfer.statusCode).toBeLessThan(500);
    expect(transfer.body).toContain('flash error');
    expect((await desk.get(`/cases/${c.caseNumber}%00`)).statusCode).toBeLessThan(500);
    const json = await app.inject({ method: 'POST', url: `/cases/${c.caseNumber}/progress`, headers: { cookie: desk.cookie, 'content-type': 'application/json' }, payload: '{"note":' });
    expect(json.statusCode).toBe(400);
    expect(json.headers['content-type']).toMatch(/text\/html/);
    expect(json.body).toContain('请求有误');
  });
});
