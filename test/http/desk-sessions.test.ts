import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../src/http/app';
import { hashToken, issueApiToken } from '../../src/access/api-tokens';
import { fileTestCase, startTestService, uniqueKey, type TestService } from '../support/test-service';
import { deskBrowser, signInForm } from '../support/desk-browser';

let service: TestService;
let app: FastifyInstance;
let now = new Date();
const tokenFor = async (code: string) => {
  const cadre = await service.db.cadre.findUniqueOrThrow({ where: { code } });
  return issueApiToken(service.db, { kind: 'CADRE', cadreId: cadre.id, label: uniqueKey(`sessions ${code}`) });
};

beforeAll(async () => {
  service = await startTestService();
  // The app's clock is the test's: a session's 12 hours pass without waiting for them.
  app = await buildApp({ service, logger: service.logger, rateLimitNamespace: `${uniqueKey('sess')}:`, clock: () => now });
});
afterAll(async () => {
  await app.close();
  await service.close();
});
beforeEach(() => {
  now = new Date();
});

const fileCase = () =>
  fileTestCase(service, { areaCode: 'GJ-XX-XY', categoryCode: 'DRAINAGE', description: `阴沟堵塞 ${uniqueKey('s')}`, locationText: '花园路1栋', households: 3 });
const statusOf = async (caseNumber: string) => (await service.db.case.findUniqueOrThrow({ where: { caseNumber } })).status;

describe('dashboard sessions', () => {
  it('sign-out ends the session: the old cookie opens nothing and its form token posts nothing', async () => {
    const c = await fileCase();
    const token = await tokenFor('gj-sup-1');
    const old = await deskBrowser(app, token);
    expect((await old.get('/ledger')).statusCode).toBe(200);
    const out = await old.post('/signout', {});
    expect(out.statusCode).toBe(303);
    expect(out.headers.location).toBe('/signin');

    // Someone who copied the cookie before sign-out gets the sign-in page.
    const again = await old.get('/ledger');
    expect(again.statusCode).toBe(303);
    expect(again.headers.location).toBe('/signin');
    const acted = await old.post(`/cases/${c.caseNumber}/accept`, {});
    expect(acted.statusCode).toBe(403);
    // Signed in anew in the same browser, the old page's form token is stale.
    const fresh = await deskBrowser(app, token);
    const stale = await fresh.post(`/cases/${c.caseNumber}/accept`, {}, { formToken: old.formToken });
    expect(stale.statusCode).toBe(403);
    expect(stale.body).toContain('页面已过期');
    expect(await statusOf(c.caseNumber)).toBe('ASSIGNED');
    expect((await fresh.post(`/cases/${c.caseNumber}/accept`, {})).statusCode).toBe(303);
  });

  it('revoking the token ends every session it opened', async () => {
    const token = await tokenFor('xy-grid');
    const a = await deskBrowser(app, token);
    const b = await deskBrowser(app, token);
    expect((await a.get('/ledger')).statusCode).toBe(200);
    await service.db.apiToken.update({ where: { tokenHash: hashToken(token) }, data: { revokedAt: new Date() } });
    for (const s of [a, b]) {
      const res = await s.get('/ledger');
      expect(res.statusCode).toBe(303);
      expect(res.headers.location).toBe('/signin');
    }
  });

  it('ends after 12 hours', async () => {
    const s = await deskBrowser(app, await tokenFor('gj-sup-1'));
    now = new Date(now.getTime() + 11 * 3600_000);
    expect((await s.get('/ledger')).statusCode).toBe(200);
    now = new Date(now.getTime() + 3600_000 + 1000);
    const res = await s.get('/ledger');
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe('/signin');
    expect(s.signInResponse.headers['set-cookie']).toMatch(/Max-Age=43200/);
  });

  it('refuses a cookie with anything appended or changed, and one that is not signed', async () => {
    const s = await deskBrowser(app, await tokenFor('gj-sup-1'));
    expect((await s.get('/ledger')).statusCode).toBe(200);
    const value = s.deskCookie.slice('lx_desk='.length);
    const id = decodeURIComponent(value).split('.')[0]!;
    for (const forged of [`${value}x`, `${value}.x`, `${value}%2E${value}`, `${value}0`, `x${value}`, id, `${id}.`]) {
      const res = await s.get('/ledger', `${s.csrfCookie}; lx_desk=${forged}`);
      expect(res.statusCode).toBe(303);
    }
  });

  it('the sign-in form carries its own anti-forgery token: a cross-site POST cannot sign a browser in', async () => {
    const token = await tokenFor('gj-sup-1');
    const plain = { 'content-type': 'application/x-www-form-urlencoded' };
    // Another site's form: no cookie of ours, no token (or a made-up one).
    for (const payload of [`token=${token}`, `token=${token}&_form=abc-def`]) {
      const res = await app.inject({ method: 'POST', url: '/signin', headers: plain, payload });
      expect(res.statusCode).toBe(403);
      expect(String(res.headers['set-cookie'] ?? '')).not.toMatch(/lx_desk=/);
      expect(res.body).toContain('登录页面已过期');
    }
    // Our form's cookie with another form's token, or a dashboard form's token, is refused too.
    const mine = await signInForm(app);
    const theirs = await signInForm(app);
    const signedIn = await deskBrowser(app, token);
    for (const _form of [theirs.formToken, signedIn.formToken]) {
      const res = await mine.post({ token, _form });
      expect(res.statusCode).toBe(403);
      expect(String(res.headers['set-cookie'] ?? '')).not.toMatch(/lx_desk=/);
    }
    expect((await mine.post({ token })).statusCode).toBe(303);
  });
});
