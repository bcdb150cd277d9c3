import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../src/http/app';
import { issueApiToken } from '../../src/access/api-tokens';
import { fileTestCase, startTestService, uniqueKey, type TestService } from '../support/test-service';
import { createBondCards } from '../../src/cards/bond-cards';
import { signInForm } from '../support/desk-browser';

let service: TestService;
let app: FastifyInstance;
const token: Record<string, string> = {};

beforeAll(async () => {
  service = await startTestService();
  app = await buildApp({ service, logger: service.logger, rateLimitNamespace: `desk-${Date.now()}:` });
  for (const code of ['gj-sup-1', 'xy-grid', 'xy-sec', 'tj-grid']) {
    const cadre = await service.db.cadre.findUniqueOrThrow({ where: { code } });
    token[code] = await issueApiToken(service.db, { kind: 'CADRE', cadreId: cadre.id, label: `desk ${code}` });
  }
  token.open311 = await issueApiToken(service.db, { kind: 'OPEN311', label: 'hotline' });
});
afterAll(async () => {
  await app.close();
  await service.close();
});

const file = (areaCode: string, categoryCode: string, description: string) =>
  fileTestCase(service, { areaCode, categoryCode, description, locationText: '花园路1栋', households: 12 });

/** A signed-in browser: the session cookie and the form token the pages carry. */
async function signIn(who: string) {
  const form = await signInForm(app);
  const res = await form.post({ token: token[who]! });
  expect(res.statusCode).toBe(303);
  expect(res.headers['set-cookie']).toMatch(/HttpOnly; SameSite=Strict/);
  const cookie = `${form.csrfCookie}; ${String(res.headers['set-cookie']).split(';')[0]!}`;
  const get = (url: string) => app.inject({ url, headers: { cookie } });
  const formToken = /name="_form" value="([^"]+)"/.exec((await get('/ledger')).body)![1]!;
  const post = (url: string, fields: Record<string, string>, withToken = true) =>
    app.inject({ method: 'POST', url, headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' }, payload: new URLSearchParams({ ...(withToken ? { _form: formToken } : {}), ...fields }).toString() });
  return { cookie, get, post };
}

describe('the dashboard', () => {
  it('sends a visitor without a session to the sign-in page, and refuses a wrong token or an Open311 key', async () => {
    const res = await app.inject({ url: '/ledger' });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe('/signin');
    expect((await app.inject({ url: '/' })).headers.location).toBe('/signin');
    const form = await signInForm(app);
    for (const wrong of ['lx_nope', token.open311!, '']) {
      const r = await form.post({ token: wrong });
      expect(r.headers['set-cookie']).toBeUndefined();
      expect(r.body).toContain('登录令牌不对');
    }
    // A forged or altered cookie is no session.
    expect((await app.inject({ url: '/ledger', headers: { cookie: 'lx_desk=eyJ0b2tlbklkIjoxfQ.forged' } })).statusCode).toBe(303);
    const post = await app.inject({ method: 'POST', url: '/cases/GJ-20260101-0001/accept', payload: '_form=x', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    expect(post.statusCode).toBe(403);
  });

  it('shows what residents wrote as text, never as markup', async () => {
    const c = await file('GJ-XX-XY', 'DRAINAGE', `阴沟堵塞 <script>alert(1)</script> <img src=x onerror=alert(2)> ${uniqueKey('x')}`);
    const sup = await signIn('gj-sup-1');
    for (const url of [`/ledger?q=${c.caseNumber}`, `/cases/${c.caseNumber}`]) {
      const page = await sup.get(url);
      expect(page.statusCode).toBe(200);
      expect(page.body).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
      expect(page.body).not.toContain('<script>alert');
      expect(page.body).not.toContain('<img src=x');
      expect(page.headers['content-security-policy']).toMatch(/default-src 'self'/);
    }
  });

  it('filters, searches, sorts and pages the ledger; a bad filter gets a clear error', async () => {
    const tag = uniqueKey('邻居吵架');
    const dispute = await file('GJ-XX-XY', 'DISPUTE', `${tag} 占地`);
    const sup = await signIn('gj-sup-1');
    const stability = await sup.get(`/ledger?ledger=STABILITY&q=${encodeURIComponent(tag)}`);
    expect(stability.body).toContain(dispute.caseNumber);
    expect((await sup.get(`/ledger?ledger=LIVELIHOOD&q=${encodeURIComponent(tag)}`)).body).not.toContain(dispute.caseNumber);
    expect((await sup.get(`/ledger?area=GJ-QT-TJ&q=${encodeURIComponent(tag)}`)).body).not.toContain(dispute.caseNumber);
    const bySort = await sup.get('/ledger?sort=households&dir=asc&page=1');
    expect(bySort.statusCode).toBe(200);
    expect(bySort.body).toContain('户数 ↑');
    const bad = await sup.get('/ledger?ledger=NOPE');
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('请求有误');
    // Page 2 exists once there are more than 25 cases, and shares no case with page 1.
    for (let i = 0; i < 26; i += 1) await file('GJ-XX-HY', 'ROADS', `路灯坏了 ${tag} ${i}`);
    const numbers = (body: string) => [...body.matchAll(/data-case="([^"]+)"/g)].map((m) => m[1]);
    const p1 = numbers((await sup.get(`/ledger?q=${encodeURIComponent(tag)}`)).body);
    const p2 = numbers((await sup.get(`/ledger?q=${encodeURIComponent(tag)}&page=2`)).body);
    expect(p1).toHaveLength(25);
    expect(p2).toHaveLength(2);
    expect(p1.filter((n) => p2.includes(n))).toEqual([]);
  });

  it('marks overdue cases', async () => {
    const c = await file('GJ-XX-XY', 'DRAINAGE', `阴沟堵塞 ${uniqueKey('o')}`);
    await service.db.case.update({ where: { caseNumber: c.caseNumber }, data: { resolveDueAt: new Date(Date.now() - 3600_000) } });
    const sup = await signIn('gj-sup-1');
    const page = await sup.get(`/ledger?overdue=true&q=${c.caseNumber}`);
    expect(page.body).toMatch(new RegExp(`<tr class="overdue" data-case="${c.caseNumber}"`));
    expect(page.body).toContain('badge overdue');
  });

  it("keeps a cadre to their own area and masks a phone that is not theirs", async () => {
    const other = await file('GJ-QT-TJ', 'IRRIGATION', `团结村缺水 ${uniqueKey('t')}`);
    const own = await file('GJ-XX-XY', 'DRAINAGE', `阴沟又堵了 ${uniqueKey('t')}`);
    const grid = await signIn('xy-grid');
    expect((await grid.get(`/ledger?q=${other.caseNumber}`)).body).not.toContain(`data-case="${other.caseNumber}"`);
    const hidden = await grid.get(`/cases/${other.caseNumber}`);
    expect(hidden.statusCode).toBe(404);
    expect(hidden.body).toContain('没有找到案件');
    expect((await grid.post(`/cases/${other.caseNumber}/accept`, {})).statusCode).toBe(404);
    expect((await service.db.case.findUniqueOrThrow({ where: { caseNumber: other.caseNumber } })).status).toBe('ASSIGNED');
    const row = await service.db.case.findUniqueOrThrow({ where: { caseNumber: own.caseNumber }, include: { assignee: true } });
    const sec = await signIn('xy-sec');
    const seen = await sec.get(`/cases/${own.caseNumber}`);
    if (row.assignee?.code !== 'xy-sec') {
      expect(seen.body).toContain('139****5678');
      expect(seen.body).not.toContain('13912345678');
    }
  });

  it('runs a case through the WeChat rules: refuses without the form token, explains a refusal, then accepts, records and resolves', async () => {
    const c = await file('GJ-XX-XY', 'DRAINAGE', `阴沟堵塞污水外流 ${uniqueKey('r')}`);
    const sup = await signIn('gj-sup-1');
    const stale = await sup.post(`/cases/${c.caseNumber}/accept`, {}, false);
    expect(stale.statusCode).toBe(403);
    expect(stale.body).toContain('页面已过期');
    const early = await sup.post(`/cases/${c.caseNumber}/resolve`, { note: '好了' });
    expect(early.body).toContain('flash error');
    expect(early.body).toMatch(/不能办结/);
    const noNote = await sup.post(`/cases/${c.caseNumber}/progress`, { note: '  ' });
    expect(noNote.body).toContain('请写几句办理情况');
    for (const [action, fields] of [['accept', {}], ['progress', { note: '已联系施工队' }], ['resolve', { note: '管道已疏通' }]] as const) {
      const res = await sup.post(`/cases/${c.caseNumber}/${action}`, fields);
      expect(res.statusCode).toBe(303);
      expect(res.headers.location).toBe(`/cases/${c.caseNumber}?done=${action}`);
    }
    const page = await sup.get(`/cases/${c.caseNumber}?done=resolve`);
    expect(page.body).toContain('已办结，群众会收到通知和回访');
    expect(page.body).toContain('管道已疏通');
    expect(page.body).toContain('<dd data-reporters>1 位</dd>');
    expect((await service.db.case.findUniqueOrThrow({ where: { caseNumber: c.caseNumber } })).status).toBe('RESOLVED');
  });

  it('transfers to a named cadre, and the old assignee sees the outcome', async () => {
    const c = await file('GJ-XX-XY', 'DRAINAGE', `阴沟 ${uniqueKey('t')}`);
    const sup = await signIn('gj-sup-1');
    const page = await sup.get(`/cases/${c.caseNumber}`);
    expect(page.body).toContain('<option value="tj-grid">');
    const res = await sup.post(`/cases/${c.caseNumber}/transfer`, { target: 'tj-grid', reason: '属地不对' });
    expect(res.statusCode).toBe(303);
    expect((await service.db.case.findUniqueOrThrow({ where: { caseNumber: c.caseNumber }, include: { assignee: true } })).assignee?.code).toBe('tj-grid');
    // Given by name, the case stays in 向阳社区, and 团结村's cadre sees it and acts on it.
    const tj = await signIn('tj-grid');
    expect((await tj.get(`/cases/${c.caseNumber}`)).statusCode).toBe(200);
    expect((await tj.post(`/cases/${c.caseNumber}/accept`, {})).statusCode).toBe(303);
    const bad = await sup.post(`/cases/${c.caseNumber}/transfer`, { target: '月球村', reason: 'x' });
    expect(bad.body).toContain('flash error');
  });

  it('shows the assessment for a period as charts, and says so when the period is wrong', async () => {
    const sup = await signIn('gj-sup-1');
    const page = await sup.get('/assessment?from=2026-01-01&to=2026-12-31');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('data-rate="responseRate"');
    expect((page.body.match(/<svg /g) ?? []).length).toBeGreaterThanOrEqual(3);
    expect(page.body).toMatch(/data-report>[\s\S]*收集意见建议/);
    expect((await sup.get('/assessment?from=2026-12-31&to=2026-01-01')).body).toContain('时间段不对');
    expect((await sup.get('/assessment?from=not-a-date')).body).toContain('时间段不对');
  });

  it('exports the ledger of the signed-in cadre as CSV and Excel', async () => {
    const c = await file('GJ-XX-XY', 'DRAINAGE', `导出用 ${uniqueKey('e')}`);
    const grid = await signIn('xy-grid');
    const csv = await grid.get('/ledger/export.csv');
    expect(csv.headers['content-type']).toMatch(/text\/csv/);
    expect(csv.body).toContain(c.caseNumber);
    expect(csv.body).not.toContain('GJ-QT-TJ');
    const xlsx = await grid.get('/ledger/export.xlsx');
    expect(xlsx.rawPayload.subarray(0, 2).toString()).toBe('PK');
    expect((await grid.get('/ledger/export.pdf')).statusCode).toBe(400);
  });

  it('ends the session when the token is revoked or the cadre signs out', async () => {
    const cadre = await service.db.cadre.findUniqueOrThrow({ where: { code: 'xy-grid' } });
    const once = await issueApiToken(service.db, { kind: 'CADRE', cadreId: cadre.id, label: 'revoked soon' });
    token.once = once;
    const s = await signIn('once');
    expect((await s.get('/ledger')).statusCode).toBe(200);
    await service.db.apiToken.updateMany({ where: { label: 'revoked soon' }, data: { revokedAt: new Date() } });
    expect((await s.get('/ledger')).statusCode).toBe(303);
    const t = await signIn('gj-sup-1');
    const out = await t.post('/signout', {});
    expect(out.headers['set-cookie']).toMatch(/Max-Age=0/);
  });

  it("lists each village's bond cards and hands over the printable sheet, only for the viewer's areas", async () => {
    await createBondCards(service.db, { area: 'GJ-XX-HY', cadreCode: 'hy-sec', count: 2, at: new Date() });
    const sup = await signIn('gj-sup-1');
    const page = await sup.get('/cards');
    expect(page.statusCode).toBe(200);
    expect(page.body).toMatch(/data-area="GJ-XX-HY"[\s\S]*?href="\/cards\/sheet\.pdf\?area=GJ-XX-HY"/);
    const png = await sup.get('/cards/sheet.png?area=GJ-XX-HY');
    expect(png.headers['content-type']).toBe('image/png');
    expect(png.rawPayload.subarray(1, 4).toString()).toBe('PNG');
    const grid = await signIn('xy-grid');
    expect((await grid.get('/cards/sheet.png?area=GJ-XX-HY')).statusCode).toBe(404);
    expect((await grid.get('/cards')).body).not.toContain('data-area="GJ-XX-HY"');
    const none = await sup.get('/cards/sheet.png?area=GJ-LT-HS');
    expect(none.statusCode).toBe(404);
    expect(none.body).toContain('还没有有效的连心卡');
  });
});
