import { useWeChatE2e } from '../support/wechat-e2e';
import { converse, caseNumberIn } from '../support/converse';
import { issueApiToken } from '../../src/access/api-tokens';

// Its own database: other files file drains in 向阳社区 at the same time (a report without a place
// detail matches any), and the dispatcher here claims every due row. 我也遇到 on (the run's default
// is off, see global-setup.ts).
const e2e = useWeChatE2e({ ownDatabase: 'me-too', dispatcher: true, overrides: { ME_TOO_DAYS: '30' } });
let seq = 0;

/** A lane no other test reports from, so only this test's cases can match. */
const uniqueLane = () => `幸福巷${100 + Math.floor(Math.random() * 800)}-${++seq}号`;

describe('我也遇到: residents reporting the same problem join one case', () => {
  it('three residents reporting the same blocked drain end as one case with three reporters and the summed households, and all three hear it is resolved', async () => {
    const cadre = await e2e.bindCadre('xy-grid'); // 吴志强, 向阳社区, drainage
    const lane = uniqueLane();
    const place = `向阳社区${lane}`;

    const first = e2e.person('居民甲');
    const filed = await converse(first, ['巷子里阴沟堵塞，污水外流，臭得很', '是', place, '12户', '是', '13912345678', '确认']);
    // The first report has nothing to match: the households question comes straight after the place.
    expect(filed[2]!.join('')).toMatch(/多少户/);
    const caseNumber = caseNumberIn(filed[6]!);

    const second = e2e.person('居民乙');
    const [, , offer] = await converse(second, ['阴沟堵了，污水流到巷子里', '是', place]);
    const shown = offer!.join('\n');
    expect(shown).toContain(`向阳社区${lane}`);
    // A neutral summary (issue 13): reporters and households apart, never the first resident's words.
    expect(shown).toContain('已有 1 位居民反映，共约 12 户');
    expect(shown).not.toContain('臭得很');
    expect(shown).toContain('正在处理');
    expect(shown).toMatch(/同一件事/);
    // Joiners are asked for a phone like anyone else.
    const [askHouseholds, askPhone, joined] = await converse(second, ['是', '5户', '跳过']);
    expect(askHouseholds!.join('')).toMatch(/多少户/);
    expect(askPhone!.join('')).toMatch(/电话/);
    expect(joined!.join('')).toContain(caseNumber);
    expect(joined!.join('')).toContain('共 2 位群众反映');

    const third = e2e.person('居民丙');
    const [, , offer3] = await converse(third, ['我家门口的阴沟堵塞了', '是', place]);
    expect(offer3!.join('')).toContain('已有 2 位居民反映，共约 17 户');
    const [, , joined3] = await converse(third, ['是', '3户', '13700000003']);
    expect(joined3!.join('')).toContain(caseNumber);

    const rows = await e2e.service.db.case.findMany({ where: { locationText: lane }, include: { reporters: true, events: true } });
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ caseNumber, reporterCount: 3, households: 20 });
    expect(rows[0]!.reporters.map((r) => r.households)).toEqual([5, 3]);
    // Each join is the joining resident's act (never the system's, never the filer's).
    const joins = rows[0]!.events.filter((e) => e.type === 'JOINED');
    expect(joins.map((e) => [e.actorKind, e.actorId])).toEqual(rows[0]!.reporters.map((r) => ['RESIDENT', r.residentId]));

    // The cadre sees one case with its reporters, in WeChat and in the admin API.
    await e2e.wechat.waitFor(cadre.contact, (said) => said.some((t) => t.includes(caseNumber) && t.includes('共 3 位群众')));
    expect((await cadre.say(`案件 ${caseNumber}`)).join('')).toContain('反映群众：3位，共约20户');
    const { buildApp } = await import('../../src/http/app');
    const app = await buildApp({ service: e2e.service, logger: e2e.service.logger });
    try {
      const sup = await e2e.service.db.cadre.findFirstOrThrow({ where: { role: 'SUPERVISOR' } });
      const token = await issueApiToken(e2e.service.db, { kind: 'CADRE', cadreId: sup.id, label: 'me-too test' });
      const res = await app.inject({ method: 'GET', url: `/admin/cases/${caseNumber}`, headers: { authorization: `Bearer ${token}` } });
      expect(res.statusCode).toBe(200);
      expect(res.json()).toMatchObject({ households: 20, reporters: { count: 3, joined: [{ households: 5 }, { households: 3 }] } });
    } finally {
      await app.close();
    }

    // Every later step reaches all three; the resolution too.
    expect((await cadre.say(`受理 ${caseNumber}`)).join('')).toContain('已受理');
    expect((await cadre.say(`办结 ${caseNumber} 阴沟已疏通，污水清走了`)).join('')).toContain('已办结');
    for (const who of [first, second, third]) {
      const said = await e2e.wechat.waitFor(who.contact, (s) => s.some((t) => t.includes(caseNumber) && t.includes('阴沟已疏通')));
      expect(said.some((t) => t.includes(caseNumber) && t.includes('已受理'))).toBe(true);
    }
  });

  it('a resident who says it is not the same problem files a new case as usual', async () => {
    const lane = uniqueLane();
    const place = `向阳社区${lane}`;
    const first = e2e.person('居民甲');
    const filed = await converse(first, ['阴沟堵塞，污水外流', '是', place, '8户', '是', '跳过', '确认']);
    const caseNumber = caseNumberIn(filed[6]!);

    const other = e2e.person('居民丁');
    const lookUps = jest.spyOn(e2e.service.cases, 'findSimilarCase');
    const replies = await converse(other, ['阴沟堵塞，污水外流到路上', '是', place, '不是', '2户', '是', '跳过', '确认']);
    // The look-up, started while the place's admission was on its way, was that turn's own: made once.
    expect(lookUps).toHaveBeenCalledTimes(1);
    lookUps.mockRestore();
    expect(replies[2]!.join('')).toContain('已有 1 位居民反映，共约 8 户');
    expect(replies[3]!.join('')).toMatch(/多少户/);
    const second = caseNumberIn(replies[7]!);
    expect(second).not.toBe(caseNumber);
    const rows = await e2e.service.db.case.findMany({ where: { locationText: lane }, orderBy: { id: 'asc' } });
    expect(rows.map((r) => [r.reporterCount, r.households])).toEqual([
      [1, 8],
      [1, 2],
    ]);
  });

  it('a report of another kind or another place is not offered', async () => {
    const lane = uniqueLane();
    const first = e2e.person('居民甲');
    await converse(first, ['阴沟堵塞，污水外流', '是', `向阳社区${lane}`, '8户', '是', '跳过', '确认']);
    const other = e2e.person('居民戊');
    const replies = await converse(other, ['垃圾堆了好几天没人清', '是', `向阳社区${lane}`]);
    expect(replies[2]!.join('')).toMatch(/多少户/);
    const elsewhere = await converse(e2e.person('居民己'), ['阴沟堵塞，污水外流', '是', `团结村${lane}`]);
    expect(elsewhere[2]!.join('')).toMatch(/多少户/);
  });
});
