import type { FastifyInstance } from 'fastify';
import type { mock } from 'wechaty-puppet-mock';
import { buildApp } from '../../src/http/app';
import { privacyTexts } from '../../src/messages/zh-CN';
import { useWeChatE2e } from '../support/wechat-e2e';
import { converse, caseNumberIn, type Talker } from '../support/converse';
import { CASE_NUMBER_IN_TEXT } from '../../src/domain/case-number';

/**
 * Issue 13, end to end in the residents' own words: over WeChat (wechaty-puppet-mock) and the web
 * chat, against the real service. Its own database, with 我也遇到 on: so each test reports from
 * a place (or about a problem) of its own, unless it means to meet another report.
 */

const ALL_NUMBERS = [/110/, /119/, /120/];

const e2e = useWeChatE2e({ per: 'file', ownDatabase: 'understanding', emergencyAdvice: true, overrides: { ME_TOO_DAYS: '30' } });
let app: FastifyInstance;
let seq = 0;

beforeAll(async () => {
  app = await buildApp({ service: e2e.service, logger: e2e.service.logger, rateLimitNamespace: `understanding-${Date.now()}:` });
});
afterAll(async () => {
  await app.close();
});

const newResident = () => e2e.person('居民u');

/** A web chat visitor (cookie kept), speaking like MockPerson: agrees to the privacy notice unless told not to. */
function visitor(agree = true) {
  let cookie = '';
  const sayOnly = async (text: string): Promise<string[]> => {
    const res = await app.inject({ method: 'POST', url: '/chat/messages', headers: cookie ? { cookie } : {}, payload: { text } });
    expect(res.statusCode).toBe(200);
    const set = res.headers['set-cookie'];
    if (set) cookie = String(set).split(';')[0]!;
    return res.json().replies;
  };
  return {
    sayOnly,
    async say(text: string): Promise<string[]> {
      const replies = await sayOnly(text);
      return agree && replies.includes(privacyTexts.notice) ? sayOnly('同意') : replies;
    },
  };
}

const channels: [string, () => Talker][] = [
  ['WeChat', () => newResident()],
  ['web chat', () => visitor()],
];

const caseRow = (caseNumber: string) => e2e.service.db.case.findUniqueOrThrow({ where: { caseNumber }, include: { area: true, reporters: true } });

describe('an emergency gets 110/119/120 in the first reply', () => {
  it('from a brand-new WeChat contact, before the privacy notice is answered; nothing is kept until they agree', async () => {
    const resident = newResident();
    resident.agreeToPrivacy = false;
    const first = await resident.say('着火了，花园路2栋三楼冒烟');
    for (const n of ALL_NUMBERS) expect(first[0]).toMatch(n);
    expect(first).toContain(privacyTexts.notice);
    expect(await e2e.service.db.resident.count({ where: { displayName: resident.contact.payload.name } })).toBe(0);
    // Agreeing: the report goes on with the place already read; filed URGENT with the emergency limits.
    const after = await resident.say('同意');
    expect(after.join('')).toContain('向阳社区 花园路2栋3楼');
    const replies = await converse(resident, ['是', '跳过', '跳过', '确认']);
    const number = caseNumberIn(replies[3]!);
    const row = await caseRow(number);
    expect(row.priority).toBe('URGENT');
    expect(row.acceptDueAt.getTime() - row.createdAt.getTime()).toBe(2 * 3_600_000);
  });

  it('from a new web chat visitor too', async () => {
    const v = visitor(false);
    const first = await v.sayOnly('着火了，花园路2栋三楼冒烟');
    for (const n of ALL_NUMBERS) expect(first[0]).toMatch(n);
    expect(first).toContain(privacyTexts.notice);
  });

  test.each([
    ['WeChat', () => Object.assign(newResident(), { agreeToPrivacy: false }) as Talker],
    ['web chat', () => ({ say: visitor(false).sayOnly }) as Talker],
  ])('%s: a first message typed in one breath, the danger after other matters and a 上回 far back, gets the advice first', async (_name, make) => {
    const who = make();
    const first = await who.say('上回反映的那个低保的事到现在都没得下文村上的账也好久没公开了我还想问一下养老保险今年涨了好多对了隔壁屋头灶房着火了烟子好大');
    expect(first[0]).toMatch(/119/);
    expect(first).toContain(privacyTexts.notice);
  });

  test.each(channels)('%s: mid-intake, at the urgency step, "有人掉河里了" gets the advice at once', async (_name, make) => {
    const who = make();
    await converse(who, ['村道上有个大坑，下雨积水', '是', '火石村2组', '3户']);
    const turn = await who.say('有人掉河里了！');
    expect(turn[0]).toMatch(/110|119/);
  });

  it('in a group, mentioned or not, the advice is said in the group', async () => {
    const resident = newResident();
    const neighbour = newResident();
    const room: mock.RoomMock = e2e.wechat.mocker.createRoom({ topic: `向阳社区居民群${++seq}`, memberIdList: [resident.id, neighbour.id, e2e.wechat.botUser.id] });
    await neighbour.sayInRoom(room, '今天天气不错', false);
    expect(e2e.wechat.said(room)).toEqual([]);
    await resident.sayInRoom(room, '新华路3栋有人晕倒了，叫不醒', false);
    expect(e2e.wechat.said(room)).toHaveLength(1);
    expect(e2e.wechat.said(room)[0]).toMatch(/120/);
  });

  it('in a cadre’s visit record: the advice at once, and the problem filed URGENT', async () => {
    const person = await e2e.bindCadre('xy-grid');
    await converse(person, ['走访', '5', `王大爷家${++seq}`, '新华路8栋', '没有']);
    const advice = await person.say('王大爷家闻到一股煤气味，可能漏气了');
    expect(advice[0]).toMatch(/燃气|煤气/);
    expect(advice[0]).toMatch(/119/);
    const saved = (await converse(person, ['好了', '全部', '确认']))[2]!.join('');
    const row = await caseRow(caseNumberIn(saved));
    expect(row.priority).toBe('URGENT');
  });
});

describe('intents at every step', () => {
  test.each(channels)('%s: "算了，不报了" at the category step cancels', async (_name, make) => {
    const who = make();
    const [atCategory, cancelled] = await converse(who, ['小区阴沟堵了，臭得很', '算了，不报了']);
    expect(atCategory!.join('')).toMatch(/归到/);
    expect(cancelled!.join('')).toContain('已取消');
  });

  test.each(channels)('%s: "我的事情办得怎么样了" and "我反映的问题有人管没有" list the resident’s cases', async (name, make) => {
    const who = make();
    const street = name === 'WeChat' ? '花园社区人民街' : '花园社区菜市巷';
    const filed = await converse(who, ['垃圾站好几天没人清，臭得很', '是', street, '跳过', '是', '跳过', '确认']);
    const number = caseNumberIn(filed[6]!);
    for (const ask of ['我的事情办得怎么样了', '我反映的问题有人管没有']) {
      const listed = (await who.say(ask)).join('');
      expect(listed).toContain(number);
      expect(listed).not.toMatch(/归到|属于哪一类/);
    }
  });

  test.each([
    ['WeChat', () => Object.assign(newResident(), { agreeToPrivacy: false })],
    ['web chat', () => visitor(false)],
  ] as [string, () => Talker][])('%s: "找干部" before agreeing to anything gives the hotline, then the notice', async (_name, make) => {
    const replies = await make().say('找干部');
    expect(replies[0]).toContain('12345');
    expect(replies).toContain(privacyTexts.notice);
  });
});

describe('places as people say them', () => {
  test.each(channels)('%s: "桥头镇" is a place, filed to the town, never a loop', async (name, make) => {
    const who = make();
    const problem = name === 'WeChat' ? '路面坑坑洼洼，下雨走不得' : '场镇上的垃圾好几天没人收';
    const replies = await converse(who, [problem, '是', '桥头镇', '跳过', '是', '跳过', '确认']);
    expect(replies[2]!.join('')).not.toContain('没认出');
    const row = await caseRow(caseNumberIn(replies[6]!));
    expect(row.area.name).toBe('桥头镇');
  });

  test.each(channels)('%s: after two misses, the numbered list with 回复 0 跳过, then on', async (_name, make) => {
    const who = make();
    const replies = await converse(who, ['路面坑坑洼洼，下雨走不得', '是', '不晓得', '就是那边', '0']);
    expect(replies[3]!.join('')).toContain('回复 0 跳过');
    expect(replies[4]!.join('')).toMatch(/多少户/);
  });
});

describe('what the first message says is not asked again', () => {
  const fresh: [string, () => Talker][] = [
    ['WeChat', () => Object.assign(newResident(), { agreeToPrivacy: false })],
    ['web chat', () => visitor(false)],
  ];
  test.each(fresh)('%s: a message naming problem and place needs at most six turns including consent', async (name, make) => {
    const who = make();
    const group = name === 'WeChat' ? '3组' : '5组';
    // The resident's side of the conversation; the place and households are in the first message.
    const script = [`团结村${group}的水渠垮了，田里放不进水，影响二十几户`, '同意', '是', '跳过', '确认'];
    let turns = 0;
    let last: string[] = [];
    for (const line of script) {
      last = await who.say(line);
      turns += 1;
      if (CASE_NUMBER_IN_TEXT.test(last.join(''))) break;
    }
    expect(CASE_NUMBER_IN_TEXT.test(last.join(''))).toBe(true);
    expect(turns).toBeLessThanOrEqual(6);
    const row = await caseRow(caseNumberIn(last.join('')));
    expect(row).toMatchObject({ category: 'IRRIGATION', households: 20, locationText: group });
    expect(row.area.name).toBe('团结村');
  });
});

describe('我也遇到: the same problem said differently', () => {
  test.each(channels)('%s: the neighbour’s report at the same building is offered, neutrally, and the joiner gives a phone', async (name, make) => {
    const building = name === 'WeChat' ? 5 : 6;
    const first = make();
    const filed = await converse(first, [`您好！新华路${building}栋楼下下水道堵了，我家12户都受影响`, '是', '13900000001', '确认']);
    const number = CASE_NUMBER_IN_TEXT.exec(filed.flat().join(''))![0];
    // Another building is never the same place.
    const other = make();
    const elsewhere = await converse(other, [`新华路1${building}栋门口阴沟堵了`, '是']);
    expect(elsewhere[1]!.join('')).not.toContain('有人反映过');
    const second = make();
    const [, offer] = await converse(second, [`新华路${building}栋门口阴沟堵了`, '是']);
    const shown = offer!.join('');
    expect(shown).toContain('有人反映过');
    expect(shown).toContain('排水污水');
    expect(shown).toContain('已有 1 位居民反映，共约 12 户');
    expect(shown).not.toMatch(/您好|下水道|我家/);
    const [households, phone, joined] = await converse(second, ['是', '3户', '13900000002']);
    expect(households!.join('')).toMatch(/多少户/);
    expect(phone!.join('')).toMatch(/电话/);
    expect(joined!.join('')).toContain(number);
    const row = await caseRow(number);
    expect(row).toMatchObject({ reporterCount: 2, households: 15 });
  });
});
