import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../src/http/app';
import { createBondCards } from '../../src/cards/bond-cards';
import { bondCardTexts, officialAccountTexts, privacyTexts } from '../../src/messages/zh-CN';
import { OFFICIAL_ACCOUNT } from '../../src/channels/official-account/settings';
import { startTestService, type TestService, uniqueKey } from '../support/test-service';
import { startWechatStandIn, type WechatStandIn } from '../support/wechat-stand-in';
import { MP, nextMsgId, officialAccountEnv, wechatServer } from '../support/official-account-client';
import { eventually } from '../support/eventually';
import { encrypt } from '@wecom/crypto';
import { wechatSignature } from '../../src/channels/official-account/signature';
import { CASE_NUMBER_IN_TEXT } from '../../src/domain/case-number';

let wechat: WechatStandIn;
let service: TestService;
let app: FastifyInstance;

beforeAll(async () => {
  wechat = await startWechatStandIn({ appId: MP.appId, appSecret: MP.appSecret });
  service = await startTestService({ ...officialAccountEnv(wechat.url), REDIS_KEY_PREFIX: `${process.env.REDIS_KEY_PREFIX}${uniqueKey('mp')}:` });
  app = await buildApp({ service, logger: service.logger, rateLimitNamespace: `mp-${Date.now()}:` });
});
afterAll(async () => {
  await app.close();
  await service.close();
  await wechat.close();
});

const openId = () => `o${uniqueKey('mp').replace(/[^A-Za-z0-9_-]/g, '')}`.slice(0, 60);
const caseNumberIn = (texts: (string | null)[]) => CASE_NUMBER_IN_TEXT.exec(texts.join('\n'))?.[0];

describe('the Official Account callback URL', () => {
  it('answers WeChat\'s server check with echostr, and a wrong signature with 401 and nothing else', async () => {
    const wx = wechatServer(app);
    const good = wx.signedQuery({ echostr: '7364529183746' });
    const ok = await app.inject({ url: `/wechat/official-account?${good}` });
    expect(ok.statusCode).toBe(200);
    expect(ok.body).toBe('7364529183746');

    const bad = wx.signedQuery({ echostr: '7364529183746' });
    bad.set('signature', bad.get('signature')!.replace(/^./, (c) => (c === 'a' ? 'b' : 'a')));
    const refused = await app.inject({ url: `/wechat/official-account?${bad}` });
    expect(refused.statusCode).toBe(401);
    expect(refused.body).toBe('');
    for (const q of ['', 'signature=x&timestamp=1&nonce=2&echostr=3', `${good}`.replace(/timestamp=\d+/, 'timestamp=abc')]) {
      const res = await app.inject({ url: `/wechat/official-account?${q}` });
      expect(res.statusCode).toBe(401);
      expect(res.body).toBe('');
    }
  });

  it('refuses unsigned, badly signed, malformed and entity-laden posts without acting on them', async () => {
    const wx = wechatServer(app);
    const who = openId();
    const xml = `<xml><ToUserName><![CDATA[${MP.account}]]></ToUserName><FromUserName><![CDATA[${who}]]></FromUserName><CreateTime>1</CreateTime><MsgType><![CDATA[text]]></MsgType><Content><![CDATA[你好]]></Content><MsgId>1</MsgId></xml>`;
    const unsigned = await app.inject({ method: 'POST', url: '/wechat/official-account', headers: { 'content-type': 'text/xml' }, payload: xml });
    expect(unsigned.statusCode).toBe(401);
    expect(unsigned.body).toBe('');
    const q = wx.signedQuery();
    const post = (payload: string) => app.inject({ method: 'POST', url: `/wechat/official-account?${q}`, headers: { 'content-type': 'text/xml' }, payload });
    expect((await post('<xml><ToUserName>')).statusCode).toBe(400);
    const bomb = `<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;">]><xml><Content>&b;</Content></xml>`;
    expect((await post(bomb)).statusCode).toBe(400);
    expect((await post('<other/>')).statusCode).toBe(400);
    // Well-formed but not a message we know: acknowledged, nothing done.
    const odd = await post('<xml><MsgType>text</MsgType></xml>');
    expect(odd.statusCode).toBe(200);
    expect(odd.body).toBe('success');
    expect(await service.db.resident.count({ where: { channel: OFFICIAL_ACCOUNT, channelKey: who } })).toBe(0);
  });

  it('takes a resident through the intake: first reply passive, the rest as customer-service messages, ending with a case number', async () => {
    const wx = wechatServer(app);
    const who = openId();
    const greeted = await wx.text(who, '你好');
    expect(greeted.status).toBe(200);
    expect(greeted.text).toBe(privacyTexts.notice);
    const said: (string | null)[] = [];
    for (const line of ['同意', '花园路阴沟堵塞，污水外流 <b>&amp;</b> ]]>', '是']) said.push((await wx.text(who, line)).text);
    said.push((await wx.location(who, 29.35, 104.71, '向阳社区花园路1栋')).text);
    for (const line of ['12户', '是', '跳过']) said.push((await wx.text(who, line)).text);
    const before = wechat.textsTo(who).length;
    const confirmed = await wx.text(who, '确认');
    expect(confirmed.text).toBeTruthy();
    // The confirmation's further replies come through the customer-service API, after the passive one.
    const all = await eventually(
      async () => [confirmed.text, ...wechat.textsTo(who).slice(before)],
      (texts) => caseNumberIn(texts) !== undefined,
    );
    const caseNumber = caseNumberIn(all)!;
    const row = await service.db.case.findUniqueOrThrow({ where: { caseNumber }, include: { resident: true } });
    expect(row).toMatchObject({ channel: OFFICIAL_ACCOUNT, households: 12 });
    expect(row.resident).toMatchObject({ channel: OFFICIAL_ACCOUNT, channelKey: who });
    // The description is kept as written; XML in it reached the router intact.
    expect(row.description).toContain('<b>&amp;</b> ]]>');
    expect(said.every((t) => t !== null)).toBe(true);
  });

  it('handles a message WeChat delivers three times once', async () => {
    const wx = wechatServer(app);
    const who = openId();
    const msgId = nextMsgId();
    const answers = [];
    for (let i = 0; i < 3; i++) answers.push(await wx.text(who, '你好', msgId));
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200]);
    expect(answers[0]!.text).toBe(privacyTexts.notice);
    expect(answers.slice(1).map((a) => a.raw)).toEqual(['success', 'success']);
    // Events are told apart by sender and time.
    const first = await wx.event(who, 'subscribe', undefined, 1_700_000_000);
    const again = await wx.event(who, 'subscribe', undefined, 1_700_000_000);
    expect(first.text).toBe(officialAccountTexts.followed);
    expect(again.raw).toBe('success');
  });

  it('ties a resident who follows through a bond card\'s QR code to that card', async () => {
    const wx = wechatServer(app);
    const who = openId();
    const [card] = await createBondCards(service.db, { area: 'GJ-XX-XY', cadreCode: 'xy-sec', count: 1, at: new Date() });
    const followed = await wx.event(who, 'subscribe', `qrscene_${card!.code}`);
    // Someone new sees the privacy notice first; agreeing presents the card.
    expect(followed.text).toBe(privacyTexts.notice);
    const agreed = await wx.text(who, '同意');
    const texts = await eventually(async () => [agreed.text, ...wechat.textsTo(who)], (t) => t.join('').includes('连心卡'));
    expect(texts.join('\n')).toContain(bondCardTexts.tied('向阳社区', '').split('联系干部')[0]!);
    const resident = await service.db.resident.findUniqueOrThrow({ where: { channel_channelKey: { channel: OFFICIAL_ACCOUNT, channelKey: who } }, include: { bondCard: true } });
    expect(resident.bondCard?.code).toBe(card!.code);
    // Scanning it again later (SCAN) presents it again, not a second resident.
    await wx.event(who, 'SCAN', card!.code);
    expect(await service.db.resident.count({ where: { channel: OFFICIAL_ACCOUNT, channelKey: who } })).toBe(1);
  });

  it('turns menu clicks, voice with recognition, pictures and unknown events into the same conversation', async () => {
    const wx = wechatServer(app);
    const who = openId();
    expect((await wx.event(who, 'CLICK', 'REPORT')).text).toBe(privacyTexts.notice);
    await wx.text(who, '同意');
    expect((await wx.event(who, 'CLICK', 'MY_CASES')).text).toBeTruthy();
    expect((await wx.event(who, 'CLICK', 'NO_SUCH_KEY')).raw).toBe('success');
    expect((await wx.event(who, 'VIEW', 'https://example.org/')).raw).toBe('success');
    expect((await wx.event(who, 'unsubscribe')).raw).toBe('success');
    expect((await wx.voice(who)).text).toBeTruthy();
    expect((await wx.voice(who, '团结村三组的水渠垮了，田里放不进水')).text).toBeTruthy();
    expect((await wx.image(who)).status).toBe(200);
  });
});

describe('the Official Account in safe mode', () => {
  let safeService: TestService;
  let safeApp: FastifyInstance;
  beforeAll(async () => {
    safeService = await startTestService({ ...officialAccountEnv(wechat.url, { WECHAT_MP_AES_KEY: MP.aesKey }), REDIS_KEY_PREFIX: `${process.env.REDIS_KEY_PREFIX}${uniqueKey('mps')}:` });
    safeApp = await buildApp({ service: safeService, logger: safeService.logger, rateLimitNamespace: `mps-${Date.now()}:` });
  });
  afterAll(async () => {
    await safeApp.close();
    await safeService.close();
  });

  it('decrypts messages and seals its replies (round trip), and refuses a wrong msg_signature or another account\'s message', async () => {
    const wx = wechatServer(safeApp, { safe: true });
    const who = openId();
    const greeted = await wx.text(who, '你好');
    expect(greeted.status).toBe(200);
    expect(greeted.raw).toContain('<Encrypt>');
    expect(greeted.raw).not.toContain('隐私');
    expect(greeted.text).toBe(privacyTexts.notice);

    // A plain message to an account in safe mode is refused.
    const plain = wechatServer(safeApp);
    expect((await plain.text(who, '你好')).status).toBe(400);
    // The right envelope with a wrong msg_signature.
    const q = wx.signedQuery({ msg_signature: 'f'.repeat(40) });
    const res = await safeApp.inject({
      method: 'POST',
      url: `/wechat/official-account?${q}`,
      headers: { 'content-type': 'text/xml' },
      payload: `<xml><ToUserName>${MP.account}</ToUserName><Encrypt>${'A'.repeat(64)}</Encrypt></xml>`,
    });
    expect(res.statusCode).toBe(401);
    expect(res.body).toBe('');
    // Correctly signed, but sealed for another account (its AppID inside): refused, nothing done.
    const inner = `<xml><ToUserName>${MP.account}</ToUserName><FromUserName>${who}x</FromUserName><CreateTime>1</CreateTime><MsgType>text</MsgType><Content>你好</Content><MsgId>9</MsgId></xml>`;
    const foreign = encrypt(MP.aesKey, inner, 'wxffffffffffffffff');
    const q2 = wx.signedQuery();
    q2.set('msg_signature', wechatSignature(MP.token, q2.get('timestamp')!, q2.get('nonce')!, foreign));
    const other = await safeApp.inject({ method: 'POST', url: `/wechat/official-account?${q2}`, headers: { 'content-type': 'text/xml' }, payload: `<xml><Encrypt>${foreign}</Encrypt></xml>` });
    expect(other.statusCode).toBe(400);
    expect(await safeService.db.resident.count({ where: { channel: OFFICIAL_ACCOUNT, channelKey: `${who}x` } })).toBe(0);
  });
});
