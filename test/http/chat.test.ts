import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../src/http/app';
import { createDispatcher } from '../../src/dispatcher/dispatcher';
import { routeByChannel, webInbox } from '../../src/dispatcher/route-by-channel';
import { startTestService, type TestService } from '../support/test-service';
import { scratchDb } from '../support/scratch-db';

let service: TestService;
let app: FastifyInstance;
let scratch: { url: string; drop: () => Promise<void> };

// Its own database: the dispatcher below claims every due row, and must not touch other files' rows.
beforeAll(async () => {
  scratch = await scratchDb('chat');
  service = await startTestService({ DATABASE_URL: scratch.url });
  app = await buildApp({ service, logger: service.logger, rateLimitNamespace: `chat-${Date.now()}:` });
});
afterAll(async () => {
  await app.close();
  await service.close();
  await scratch.drop();
});

/** A browser: keeps the cookie the server sets. */
function visitor() {
  let cookie = '';
  return {
    get cookie() {
      return cookie;
    },
    set cookie(v: string) {
      cookie = v;
    },
    async say(text: string): Promise<string[]> {
      const res = await app.inject({ method: 'POST', url: '/chat/messages', headers: cookie ? { cookie } : {}, payload: { text } });
      expect(res.statusCode).toBe(200);
      const set = res.headers['set-cookie'];
      if (set) cookie = String(set).split(';')[0]!;
      return res.json().replies;
    },
    async updates(after = 0): Promise<{ id: number; text: string }[]> {
      return (await app.inject({ url: `/chat/updates?after=${after}`, headers: cookie ? { cookie } : {} })).json().updates;
    },
  };
}

const dispatchWeb = async () => {
  const d = createDispatcher({ db: service.db, redis: service.redis, channel: routeByChannel({ web: webInbox }), logger: service.logger, perRecipientPerMinute: 1000, globalPerMinute: 100_000 });
  while ((await d.runOnce()).claimed > 0);
};

describe('the web chat', () => {
  it('serves a static, mobile-friendly page whose script shows messages as text', async () => {
    const page = await app.inject({ url: '/chat' });
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toMatch(/text\/html/);
    expect(page.body).toMatch(/name="viewport"/);
    expect(page.headers['content-security-policy']).toMatch(/default-src 'self'/);
    const js = await app.inject({ url: '/chat/chat.js' });
    expect(js.body).toContain('textContent');
    expect(js.body).not.toContain('innerHTML');
  });

  it('runs the same intake as WeChat, keeps the resident by a signed cookie, and files the case', async () => {
    const v = visitor();
    await v.say('你好');
    expect(v.cookie).toMatch(/^lx_chat=/);
    await v.say('同意'); // the privacy notice
    const script = ['<script>alert(1)</script>花园路阴沟堵塞，污水外流', '是', '向阳社区花园路1栋', '12户', '是', '跳过', '确认'];
    let last: string[] = [];
    for (const line of script) last = await v.say(line);
    const caseNumber = /GJ-\d{8}-\d{4}/.exec(last.join(''))?.[0];
    expect(caseNumber).toBeDefined();
    const row = await service.db.case.findUniqueOrThrow({ where: { caseNumber }, include: { resident: true } });
    expect(row).toMatchObject({ channel: 'web', category: 'DRAINAGE', households: 12 });
    // Kept as the resident wrote it; the page renders it with textContent.
    expect(row.description).toContain('<script>alert(1)</script>');

    // Notices reach the page when the resident comes back.
    expect(await v.updates()).toEqual([]);
    await dispatchWeb();
    const updates = await v.updates();
    expect(updates.map((u) => u.text).join('')).toMatch(new RegExp(`${caseNumber}[\\s\\S]*办理`));
    expect(await v.updates(updates[updates.length - 1]!.id)).toEqual([]);

    // Another visitor sees nothing of it; a forged cookie is a new visitor.
    const other = visitor();
    expect(await other.updates()).toEqual([]);
    const forged = visitor();
    forged.cookie = v.cookie.replace(/.$/, (c) => (c === 'A' ? 'B' : 'A'));
    expect(await forged.updates()).toEqual([]);
    await forged.say('你好');
    expect(forged.cookie).not.toBe(v.cookie);
  });

  it('refuses an empty or oversized message', async () => {
    expect((await app.inject({ method: 'POST', url: '/chat/messages', payload: { text: '' } })).statusCode).toBe(400);
    expect((await app.inject({ method: 'POST', url: '/chat/messages', payload: { text: 'x'.repeat(2001) } })).statusCode).toBe(400);
  });
});
