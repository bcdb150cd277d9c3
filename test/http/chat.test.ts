import { existsSync, mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { PNG } from 'pngjs';
import { buildApp } from '../../src/http/app';
import { createDispatcher } from '../../src/dispatcher/dispatcher';
import { routeByChannel, webInbox } from '../../src/dispatcher/route-by-channel';
import { startTestService, type TestService } from '../support/test-service';
import { scratchDb } from '../support/scratch-db';
import { CASE_NUMBER_IN_TEXT } from '../../src/domain/case-number';

let service: TestService;
let app: FastifyInstance;
let scratch: { url: string; drop: () => Promise<void> };
const attachmentsDir = mkdtempSync(path.join(os.tmpdir(), 'lx-chat-photos-'));

// Its own database: the dispatcher below claims every due row, and must not touch other files' rows.
beforeAll(async () => {
  scratch = await scratchDb('chat');
  service = await startTestService({ DATABASE_URL: scratch.url });
  app = await buildApp({ service, logger: service.logger, rateLimitNamespace: `chat-${Date.now()}:`, attachmentsDir });
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
      return (await this.turn(text)).replies;
    },
    /** A message (or a tapped button: its reply, with its label), answered with the choices offered next. */
    async turn(text: string, label?: string): Promise<{ replies: string[]; choices: { label: string; reply: string }[] }> {
      const res = await app.inject({ method: 'POST', url: '/chat/messages', headers: cookie ? { cookie } : {}, payload: label ? { text, label } : { text } });
      expect(res.statusCode).toBe(200);
      const set = res.headers['set-cookie'];
      if (set) cookie = String(set).split(';')[0]!;
      return res.json();
    },
    async tap(label: string, offered: { label: string; reply: string }[]) {
      const choice = offered.find((c) => c.label === label || c.label.endsWith(` ${label}`));
      expect(choice).toBeDefined();
      return this.turn(choice!.reply, choice!.label);
    },
    async photo(body: Buffer | string, contentType: string) {
      const res = await app.inject({ method: 'POST', url: '/chat/photos', headers: { 'content-type': contentType, ...(cookie ? { cookie } : {}) }, payload: body });
      const set = res.headers['set-cookie'];
      if (set) cookie = String(set).split(';')[0]!;
      return res;
    },
    async history(): Promise<{ lines: { who: string; text: string }[]; choices: { label: string; reply: string }[] }> {
      return (await app.inject({ url: '/chat/history', headers: cookie ? { cookie } : {} })).json();
    },
    async updates(after = 0): Promise<{ id: number; text: string }[]> {
      return (await app.inject({ url: `/chat/updates?after=${after}`, headers: cookie ? { cookie } : {} })).json().updates;
    },
  };
}

const dispatchWeb = async () => {
  const d = createDispatcher({ db: service.db, rates: service.stores.rates, channel: routeByChannel({ web: webInbox }), logger: service.logger, perRecipientPerMinute: 1000, globalPerMinute: 100_000 });
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
    const caseNumber = CASE_NUMBER_IN_TEXT.exec(last.join(''))?.[0];
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

  it('offers every choice the bot asks for as structured choices, and tapping them files a case', async () => {
    const v = visitor();
    const labels = (t: { choices: { label: string }[] }) => t.choices.map((c) => c.label);
    const greeted = await v.turn('你好');
    expect(labels(greeted)).toEqual(['同意', '不同意']);
    let t = await v.tap('同意', greeted.choices);
    expect(t.choices).toEqual([]); // "what is the problem?" is answered in words
    t = await v.turn('阴沟堵塞，污水外流，臭得很');
    expect(labels(t)[0]).toBe('是');
    expect(labels(t)).toContain('1 排水污水');
    t = await v.tap('是', t.choices);
    expect(labels(t)).toContain('4 向阳社区');
    t = await v.tap('向阳社区', t.choices);
    expect(labels(t)).toEqual(['跳过']);
    t = await v.tap('跳过', t.choices);
    expect(labels(t)[0]).toBe('是');
    expect(labels(t).slice(1).map((l) => l.split(' ')[0])).toEqual(['1', '2', '3', '4']);
    t = await v.tap('是', t.choices);
    expect(labels(t)).toEqual(['跳过']);
    t = await v.tap('跳过', t.choices);
    expect(labels(t)).toEqual(['确认', '上一步', '取消']);
    // 上一步 by button is the same as typed: the phone question again, then on to the summary.
    t = await v.tap('上一步', t.choices);
    expect(labels(t)).toEqual(['跳过']);
    t = await v.turn('跳过'); // typing still works
    t = await v.tap('确认', t.choices);
    expect(t.choices).toEqual([]);
    const caseNumber = CASE_NUMBER_IN_TEXT.exec(t.replies.join(''))?.[0];
    expect(caseNumber).toBeDefined();
    await expect(service.db.case.findUniqueOrThrow({ where: { caseNumber } })).resolves.toMatchObject({ channel: 'web', areaId: expect.any(Number) });
  });

  it('keeps the recent exchange for the cookie it belongs to, so a reload redraws it (with the open choices)', async () => {
    const v = visitor();
    const greeted = await v.turn('你好');
    await v.tap('同意', greeted.choices);
    await v.turn('小区路灯坏了好几天，晚上看不见路');
    const kept = await v.history();
    expect(kept.lines.map((l) => `${l.who}:${l.text.slice(0, 6)}`)).toEqual([
      'me:你好',
      `bot:${greeted.replies[0]!.slice(0, 6)}`,
      'me:同意',
      'bot:谢谢您！下面',
      'me:小区路灯坏了',
      expect.stringMatching(/^bot:/),
    ]);
    expect(kept.choices.map((c) => c.label)).toContain('是');
    // Nobody else's: a new visitor and a forged cookie see nothing.
    expect((await visitor().history()).lines).toEqual([]);
    const forged = visitor();
    forged.cookie = v.cookie.replace(/.$/, (c) => (c === 'A' ? 'B' : 'A'));
    expect((await forged.history()).lines).toEqual([]);
    // Only the last 50 messages are kept.
    for (let i = 0; i < 30; i++) await v.turn('帮助');
    expect((await v.history()).lines).toHaveLength(50);
  });

  it('takes a photo as the report’s picture, stored under ATTACHMENTS_DIR like WeChat’s, and refuses anything else kindly', async () => {
    const v = visitor();
    await v.turn('你好');
    await v.turn('同意');
    await v.turn('阴沟堵塞，污水外流，臭得很');
    const png = new PNG({ width: 4, height: 4 });
    png.data.fill(200);
    const bytes = PNG.sync.write(png);
    const before = readdirSync(attachmentsDir).length;

    // Not a picture, whatever the request says: refused with a kind message, nothing kept.
    for (const [body, type] of [['<html>hi</html>', 'image/jpeg'], ['%PDF-1.4', 'application/pdf'], [JSON.stringify({ text: 'x' }), 'application/json'], ['', 'image/png']] as const) {
      const refused = await v.photo(body, type);
      expect(refused.statusCode).toBe(415);
      expect(refused.json().error.message).toMatch(/请发照片/);
    }
    const big = await v.photo(Buffer.concat([bytes, Buffer.alloc(10 * 1024 * 1024)]), 'image/png');
    expect(big.statusCode).toBe(413);
    expect(big.json().error.message).toMatch(/太大/);
    expect(readdirSync(attachmentsDir)).toHaveLength(before);

    const sent = await v.photo(bytes, 'image/png');
    expect(sent.statusCode).toBe(200);
    expect(sent.json().replies.join('')).toContain('收到图片（共1张）');
    let t = await v.tap('是', sent.json().choices);
    for (const label of ['向阳社区', '跳过', '是', '跳过']) t = await v.tap(label, t.choices);
    expect(t.replies.join('')).toContain('图片：1张');
    t = await v.tap('确认', t.choices);
    const caseNumber = CASE_NUMBER_IN_TEXT.exec(t.replies.join(''))![0];
    const filed = await service.db.case.findUniqueOrThrow({ where: { caseNumber }, include: { attachments: true } });
    expect(filed.attachments).toHaveLength(1);
    const [attachment] = filed.attachments;
    expect(attachment!.mime).toBe('image/png');
    expect(path.dirname(attachment!.ref)).toBe(attachmentsDir);
    expect(existsSync(attachment!.ref) && readFileSync(attachment!.ref).equals(bytes)).toBe(true);
    expect((await v.history()).lines.filter((l) => l.who === 'me').map((l) => l.text)).toContain('[图片]');
  });
});
