import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../src/http/app';
import { createDispatcher } from '../../src/dispatcher/dispatcher';
import { LANES } from '../../src/dispatcher/lanes';
import { postProgress } from '../../src/cases/post-progress';
import { acceptCase } from '../../src/cases/accept-case';
import { HELD_REASON } from '../../src/channels/official-account/contact-window';
import { OFFICIAL_ACCOUNT } from '../../src/channels/official-account/settings';
import { startTestService, type TestService, uniqueKey } from '../support/test-service';
import { scratchDb } from '../support/scratch-db';
import { startWechatStandIn, type WechatStandIn } from '../support/wechat-stand-in';
import { MP, officialAccountEnv, wechatServer } from '../support/official-account-client';
import { eventually } from '../support/eventually';

const HOUR = 3_600_000;
let now = new Date('2026-12-01T02:00:00Z'); // 10:00 in the district: no quiet hours to wait out
const clock = () => now;

let wechat: WechatStandIn;
let scratch: { url: string; drop: () => Promise<void> };
let service: TestService;
/** A second process sharing the database and Redis. */
let other: TestService;
let app: FastifyInstance;

beforeAll(async () => {
  wechat = await startWechatStandIn({ appId: MP.appId, appSecret: MP.appSecret });
  // Its own database: the dispatcher below claims every due Official Account row.
  scratch = await scratchDb('mpnotice', { migrate: true });
  const env = {
    ...officialAccountEnv(wechat.url, { WECHAT_MP_NOTICE_TEMPLATE_ID: 'TPL_case_step', WECHAT_MP_NOTICE_KIND: 'subscribe' }),
    DATABASE_URL: scratch.url,
    REDIS_KEY_PREFIX: `${process.env.REDIS_KEY_PREFIX}${uniqueKey('mpn')}:`,
  };
  service = await startTestService(env, { clock });
  other = await startTestService(env, { clock });
  app = await buildApp({ service, logger: service.logger, rateLimitNamespace: `mpn-${Date.now()}:`, clock });
});
afterAll(async () => {
  await app.close();
  await service.close();
  await other.close();
  await wechat.close();
  await scratch.drop();
});

const openId = () => `o${uniqueKey('mpn').replace(/[^A-Za-z0-9_-]/g, '')}`.slice(0, 60);

/** The Official Account lane's dispatcher, run until nothing is due (as the elected one would). */
const dispatch = async () => {
  const d = createDispatcher({ db: service.db, rates: service.stores.rates, channel: service.officialAccount!.sender, logger: service.logger, clock, lane: LANES.officialAccount, perRecipientPerMinute: 1000, globalPerMinute: 100_000 });
  let total = 0;
  for (let r = await d.runOnce(); r.claimed > 0; r = await d.runOnce()) total += r.claimed;
  return total;
};

/** A resident who wrote to the account just now, and a case of theirs (filed as the intake would). */
async function residentWithCase(who: string) {
  await wechatServer(app).text(who, '你好');
  const filed = await service.cases.fileCase({
    channel: OFFICIAL_ACCOUNT, residentKey: who, contactRef: who, confirmMessageId: uniqueKey('m'), description: '团结村3组水渠垮了，田里放不进水',
    categoryCode: 'OTHER', areaCode: 'GJ-XX-XY', locationText: '花园路1栋', households: 3, priority: 'SERIOUS', phone: null, classifierWords: [], attachments: [], at: now,
  });
  const row = await service.db.case.findUniqueOrThrow({ where: { id: filed.caseId }, select: { assigneeId: true } });
  // The cadre accepts it (受理) at once; progress comes later.
  await acceptCase(caseDeps(), { caseNumber: filed.caseNumber, actor: { kind: 'CADRE', cadreId: row.assigneeId!, supervisor: false }, at: now });
  return { caseNumber: filed.caseNumber, caseId: filed.caseId, assigneeId: row.assigneeId! };
}

const caseDeps = () => ({ db: service.db, district: service.district, showCadrePhone: false });
const progress = (c: { caseNumber: string; assigneeId: number }, note: string) =>
  postProgress(caseDeps(), { caseNumber: c.caseNumber, actor: { kind: 'CADRE', cadreId: c.assigneeId, supervisor: false }, note, at: now });

const residentRows = (caseId: number) =>
  service.db.outboxMessage.findMany({ where: { caseId, recipientKind: 'RESIDENT' }, orderBy: { id: 'asc' }, select: { kind: true, status: true, attempts: true, lastError: true } });

describe('notices through the Official Account', () => {
  it('reach the resident as customer-service messages within 48 hours of their last message', async () => {
    const who = openId();
    const c = await residentWithCase(who);
    await progress(c, '已联系水利站，明天上午来修');
    await dispatch();
    const texts = wechat.textsTo(who);
    expect(texts.some((t) => t.includes(c.caseNumber))).toBe(true);
    expect(texts.filter((t) => t.includes('已联系水利站，明天上午来修'))).toHaveLength(1);
    expect((await residentRows(c.caseId)).every((r) => r.status === 'SENT')).toBe(true);
  });

  it('go as a subscription message (case number, step, time) beyond the window, or when WeChat says it has closed (45015)', async () => {
    const who = openId();
    const c = await residentWithCase(who);
    await dispatch();
    now = new Date(now.getTime() + 49 * HOUR);
    await progress(c, '材料已经报到镇上');
    await dispatch();
    const notice = wechat.sent.find((m) => m.api === 'subscribe' && m.touser === who);
    expect(notice).toMatchObject({ templateId: 'TPL_case_step', data: { character_string1: { value: c.caseNumber }, thing2: { value: '有新的办理进展' } } });
    expect(notice?.api === 'subscribe' && notice.data.time3!.value).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$/);
    expect(wechat.textsTo(who).some((t) => t.includes('材料已经报到镇上'))).toBe(false);

    // Inside our window, but WeChat's clock says it has closed.
    const late = openId();
    const c2 = await residentWithCase(late);
    wechat.outsideWindow.add(late);
    await dispatch();
    expect(wechat.sent.filter((m) => m.api === 'subscribe' && m.touser === late)).toHaveLength(2);
    expect((await residentRows(c2.caseId)).map((r) => r.status)).toEqual(['SENT', 'SENT']);
  });

  it('are held, not failed, when neither is allowed, and sent once in order when the resident writes again', async () => {
    const who = openId();
    const c = await residentWithCase(who);
    wechat.refusedSubscription.add(who);
    wechat.outsideWindow.add(who);
    await dispatch();
    await progress(c, '第一次进展');
    await dispatch();
    now = new Date(now.getTime() + 60 * HOUR);
    await progress(c, '第二次进展');
    await dispatch();
    const held = await residentRows(c.caseId);
    expect(held.map((r) => r.kind)).toEqual(['resident.assigned', 'resident.accepted', 'resident.progress', 'resident.progress']);
    expect(held.map((r) => r.status)).toEqual(['PENDING', 'PENDING', 'PENDING', 'PENDING']);
    expect(held[0]).toMatchObject({ lastError: HELD_REASON, attempts: 0 });
    expect(wechat.textsTo(who)).toEqual([]);
    // Held across further runs, never failed.
    now = new Date(now.getTime() + HOUR);
    expect(await dispatch()).toBe(0);

    // The resident writes: the window opens, and everything held goes, in order, once.
    wechat.outsideWindow.delete(who);
    await wechatServer(app).text(who, '我的案件');
    // Released as the callback is answered; the elected dispatcher finds them due on its next poll.
    await eventually(async () => (await dispatch(), wechat.textsTo(who).length), (n) => n >= 4);
    // Each notice once, in the order of the case's steps (the reply to 我的案件 aside).
    const texts = wechat.textsTo(who).filter((t) => !t.includes('第') || t.includes('进展'));
    const notices = wechat.textsTo(who).slice(-4);
    expect(new Set(notices).size).toBe(4);
    expect(notices[2]).toContain('第一次进展');
    expect(notices[3]).toContain('第二次进展');
    expect(texts.filter((t) => t.includes('第一次进展'))).toHaveLength(1);
    expect((await residentRows(c.caseId)).every((r) => r.status === 'SENT')).toBe(true);
  });

  it('back off on WeChat\'s rate limit (45047) without counting a failed attempt', async () => {
    const who = openId();
    const c = await residentWithCase(who);
    wechat.rateLimit(who, 2);
    await dispatch();
    let rows = await service.db.outboxMessage.findMany({ where: { caseId: c.caseId, recipientKind: 'RESIDENT' }, select: { status: true, attempts: true, nextAttemptAt: true, lastError: true } });
    expect(rows[0]).toMatchObject({ status: 'PENDING', attempts: 0 });
    expect(rows[0]!.lastError).toMatch(/45047/);
    const first = rows[0]!.nextAttemptAt.getTime() - now.getTime();
    now = new Date(rows[0]!.nextAttemptAt.getTime() + 1);
    await dispatch();
    rows = await service.db.outboxMessage.findMany({ where: { caseId: c.caseId, recipientKind: 'RESIDENT' }, select: { status: true, attempts: true, nextAttemptAt: true, lastError: true } });
    // Refused again: a longer wait.
    expect(rows[0]!.nextAttemptAt.getTime() - now.getTime()).toBeGreaterThan(first);
    now = new Date(rows[0]!.nextAttemptAt.getTime() + 1);
    await dispatch();
    const sent = wechat.textsTo(who);
    expect(sent).toHaveLength(2);
    expect(new Set(sent).size).toBe(2);
    expect((await residentRows(c.caseId)).every((r) => r.status === 'SENT' && r.attempts === 1)).toBe(true);
  });
});

describe('the access token', () => {
  it('is fetched once, shared by two processes, and refreshed once between them when WeChat says it is invalid (40001)', async () => {
    const a = service.officialAccount!;
    const b = other.officialAccount!;
    const who = openId();
    await Promise.all([a.api.sendText(who, '一'), b.api.sendText(who, '二')]);
    const fetchedBefore = wechat.tokenFetches;
    const token = await a.tokens.get();
    expect(await b.tokens.get()).toBe(token);

    wechat.expireTokens();
    await Promise.all([a.api.sendText(who, '三'), b.api.sendText(who, '四'), a.api.sendText(who, '五'), b.api.sendText(who, '六')]);
    expect(wechat.tokenFetches).toBe(fetchedBefore + 1);
    expect(wechat.textsTo(who).sort()).toEqual(['一', '二', '三', '四', '五', '六'].sort());
    expect(await a.tokens.get()).not.toBe(token);
    // Never in a log line.
    const logs = [...service.logLines(), ...other.logLines()].join('\n');
    expect(logs).not.toContain(token);
    expect(logs).not.toContain(await a.tokens.get());
    expect(logs).not.toContain(MP.appSecret);
  });
});
