import type { FastifyInstance } from 'fastify';
import { buildApp, type AppOptions } from '../../src/http/app';
import { issueApiToken } from '../../src/access/api-tokens';
import { loadConfig } from '../../src/config/env';
import { startTestService, uniqueKey, type TestService } from '../support/test-service';
import { signInForm } from '../support/desk-browser';

let service: TestService;
let supervisorToken: string;
const apps: FastifyInstance[] = [];

beforeAll(async () => {
  service = await startTestService();
  const cadre = await service.db.cadre.findUniqueOrThrow({ where: { code: 'gj-sup-1' } });
  supervisorToken = await issueApiToken(service.db, { kind: 'CADRE', cadreId: cadre.id, label: 'proxies' });
});
afterAll(async () => {
  for (const app of apps) await app.close();
  await service.close();
});

async function appWith(opts: Partial<AppOptions>): Promise<FastifyInstance> {
  const app = await buildApp({ service, logger: service.logger, rateLimitNamespace: `${uniqueKey('px')}:`, ...opts });
  apps.push(app);
  return app;
}

const setCookies = (res: { headers: Record<string, unknown> }) => {
  const raw = res.headers['set-cookie'];
  return (Array.isArray(raw) ? raw : raw ? [raw] : []).map(String);
};

describe('trusted proxies (TRUST_PROXY)', () => {
  it('by default, a made-up X-Forwarded-For does not get a client its own rate-limit bucket', async () => {
    const app = await appWith({ rateLimitPerMinute: 3 });
    const statuses: number[] = [];
    for (let i = 0; i < 6; i += 1) {
      statuses.push((await app.inject({ url: '/chat/chat.css', headers: { 'x-forwarded-for': `203.0.113.${i + 1}` } })).statusCode);
    }
    expect(statuses.slice(0, 3)).toEqual([200, 200, 200]);
    expect(statuses.slice(3)).toEqual([429, 429, 429]);
  });

  it('when TRUST_PROXY lists the caller, each forwarded client is counted on its own', async () => {
    const app = await appWith({ rateLimitPerMinute: 3, trustProxy: loadConfig({ ...process.env, TRUST_PROXY: '10.0.0.0/8, 127.0.0.1' }).TRUST_PROXY });
    for (let i = 0; i < 6; i += 1) {
      expect((await app.inject({ url: '/chat/chat.css', headers: { 'x-forwarded-for': `198.51.100.${i + 1}` } })).statusCode).toBe(200);
    }
    const same = [];
    for (let i = 0; i < 4; i += 1) same.push((await app.inject({ url: '/chat/chat.css', headers: { 'x-forwarded-for': '198.51.100.200' } })).statusCode);
    expect(same).toEqual([200, 200, 200, 429]);
  });

  it('reads TRUST_PROXY as off or a list of addresses and CIDRs, and refuses anything else', () => {
    expect(loadConfig({}).TRUST_PROXY).toEqual([]);
    expect(loadConfig({ TRUST_PROXY: 'off' }).TRUST_PROXY).toEqual([]);
    expect(loadConfig({ TRUST_PROXY: '127.0.0.1,10.0.0.0/8, ::1 ,fd00::/8,loopback' }).TRUST_PROXY).toEqual(['127.0.0.1', '10.0.0.0/8', '::1', 'fd00::/8', 'loopback']);
    for (const bad of ['true', '*', '10.0.0.0/33', '10.0.0/8', 'proxy.example.com', '127.0.0.1/8/1']) {
      expect(() => loadConfig({ TRUST_PROXY: bad })).toThrow(/TRUST_PROXY/);
    }
  });
});

describe('Secure cookies', () => {
  it('are Secure when PUBLIC_BASE_URL is https, with no help from X-Forwarded-Proto', async () => {
    const app = await appWith({ publicBaseUrl: 'https://lianxin.example.gov.cn' });
    const form = await signInForm(app);
    const signedIn = await form.post({ token: supervisorToken });
    const chat = await app.inject({ method: 'POST', url: '/chat/messages', payload: { text: '你好' } });
    const form2 = await app.inject({ url: '/signin' });
    for (const cookie of [...setCookies(signedIn), ...setCookies(chat), ...setCookies(form2)]) expect(cookie).toMatch(/; Secure/);
    expect(setCookies(signedIn)[0]).toMatch(/^lx_desk=/);
    expect(setCookies(chat)[0]).toMatch(/^lx_chat=/);
  });

  it('are not Secure when PUBLIC_BASE_URL is http, whatever X-Forwarded-Proto says, even from a trusted proxy', async () => {
    const app = await appWith({ publicBaseUrl: 'http://localhost:3000', trustProxy: ['127.0.0.1'] });
    const https = { 'x-forwarded-proto': 'https', 'x-forwarded-for': '198.51.100.7' };
    const form = await app.inject({ url: '/signin', headers: https });
    const chat = await app.inject({ method: 'POST', url: '/chat/messages', headers: https, payload: { text: '你好' } });
    const cookies = [...setCookies(form), ...setCookies(chat)];
    expect(cookies).toHaveLength(2);
    for (const cookie of cookies) expect(cookie).not.toMatch(/Secure/);
  });
});
