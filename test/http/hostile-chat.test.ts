import { createHmac } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../src/http/app';
import { startTestService, uniqueKey, type TestService } from '../support/test-service';
import { CASE_NUMBER_IN_TEXT } from '../../src/domain/case-number';

const SECRET = 'hostile-chat-cookie-secret-0123456789abcdef';
let service: TestService;
let app: FastifyInstance;

beforeAll(async () => {
  service = await startTestService();
  app = await buildApp({ service, logger: service.logger, chatSecret: SECRET, rateLimitNamespace: `${uniqueKey('hostile-chat')}:` });
});
afterAll(async () => {
  await app.close();
  await service.close();
});

const say = (text: unknown, cookie?: string) =>
  app.inject({ method: 'POST', url: '/chat/messages', headers: cookie ? { cookie } : {}, payload: { text } });
const cookieOf = (res: { headers: Record<string, unknown> }) => String(res.headers['set-cookie'] ?? '').split(';')[0]!;

describe('the web chat against hostile input', () => {
  it('hands the dialogue text without NUL or controls; a message of nothing else is refused', async () => {
    const tag = uniqueKey('nul').replace(/[-_]/g, '');
    let cookie: string | undefined;
    let last = '';
    for (const line of [`阴沟\u0000堵塞，污水外流\u0007 ${tag}`, '同意', '是', '向阳社区花园路\u00001栋', '56户', '是', '跳过', '确认']) {
      const res = await say(line, cookie);
      expect(res.statusCode).toBe(200);
      cookie ??= cookieOf(res);
      last = res.json().replies.join('\n');
    }
    const caseNumber = CASE_NUMBER_IN_TEXT.exec(last)?.[0];
    expect(caseNumber).toBeDefined();
    const filed = await service.db.case.findUniqueOrThrow({ where: { caseNumber: caseNumber! } });
    expect(filed.description).toContain(`阴沟堵塞，污水外流 ${tag}`);
    expect(filed.locationText).not.toMatch(/[\u0000-\u0008]/);
    expect((await say('\u0000\u0001', cookie)).statusCode).toBe(400);
    expect((await say('\ud800阴沟堵塞', cookie)).statusCode).toBe(200);
    expect((await app.inject({ url: '/chat?card=%00' })).statusCode).toBe(200);
  });

  it('reads numbers strictly', async () => {
    for (const after of ['0x10', '1e3', '-1', '%00x']) expect((await app.inject({ url: `/chat/updates?after=${after}` })).statusCode).toBe(400);
    expect((await app.inject({ url: '/chat/updates?after=0' })).statusCode).toBe(200);
  });

  it('keeps a resident whose cookie was signed the old way, and gives them a cookie of the new kind', async () => {
    const id = 'AbCdEfGhIjKlMnOpQrStUv';
    const legacy = `lx_chat=${id}.${createHmac('sha256', SECRET).update(id).digest('base64url').slice(0, 32)}`;
    const res = await say('你好', legacy);
    expect(res.statusCode).toBe(200);
    const renewed = cookieOf(res);
    expect(decodeURIComponent(renewed.slice('lx_chat='.length)).split('.')[0]).toBe(id);
    // The renewed cookie is accepted as it is, and refused with anything appended.
    expect(cookieOf(await say('在吗', renewed))).toBe('');
    expect(cookieOf(await say('在吗', `${renewed}x`))).not.toBe('');
  });

  it('refuses odd photo bodies with a 4xx and a kind message, and odd labels with a 400', async () => {
    for (const [type, body] of [['multipart/form-data; boundary=x', '--x\r\n\r\n--x--'], ['text/plain', 'hello'], ['image/svg+xml', '<svg onload="alert(1)"/>'], ['image/gif', 'GIF8']] as const) {
      const res = await app.inject({ method: 'POST', url: '/chat/photos', headers: { 'content-type': type }, payload: body });
      expect(res.statusCode).toBeGreaterThanOrEqual(400);
      expect(res.statusCode).toBeLessThan(500);
      expect(res.json().error.message).toMatch(/请发照片/);
    }
    const noType = await app.inject({ method: 'POST', url: '/chat/photos', payload: Buffer.from([0xff, 0xd8]) });
    expect(noType.statusCode).toBeLessThan(500);
    expect((await app.inject({ method: 'POST', url: '/chat/messages', payload: { text: '是', label: 'x'.repeat(101) } })).statusCode).toBe(400);
    const cleaned = await app.inject({ method: 'POST', url: '/chat/messages', payload: { text: '你好', label: '你\u0000好' } });
    expect(cleaned.statusCode).toBe(200);
    const history = await app.inject({ url: '/chat/history', headers: { cookie: cookieOf(cleaned) } });
    expect(history.json().lines[0]).toMatchObject({ who: 'me', text: '你好' });
    // Without a cookie, or with one not signed by us, there is no history to read.
    expect((await app.inject({ url: '/chat/history' })).json()).toEqual({ lines: [], choices: [] });
    expect((await app.inject({ url: '/chat/history', headers: { cookie: 'lx_chat=AbCdEfGhIjKlMnOpQrStUv.forged' } })).json()).toEqual({ lines: [], choices: [] });
  });
});
