import type { MockPerson } from '../support/mock-wechat';
import { startTestService, uniqueKey } from '../support/test-service';
import { issueBindingCode } from '../../src/cadre/binding-codes';
import { eventually } from '../support/eventually';
import { useWeChatE2e } from '../support/wechat-e2e';
import { caseNumberIn } from '../support/converse';

// Its own database: the dispatcher here claims every due row, and the seeded cadres are shared.
// On the run's database, another file's dispatcher (visits.test.ts) or another file binding
// 吴志强 to its own mock WeChat could take a notice for him, find no such contact there and hold
// his later notices back for ten minutes (a cadre hears his notices in order).
const e2e = useWeChatE2e({ ownDatabase: 'cadre-loop', dispatcher: true });

async function fileDrainCase(resident: MockPerson): Promise<string> {
  let last: string[] = [];
  for (const line of ['花园路阴沟堵塞，污水外流', '是', '向阳社区花园路1栋', '56户', '是', '13912345678', '确认']) {
    last = await resident.say(line);
  }
  return caseNumberIn(last);
}

describe('the cadre loop over WeChat', () => {
  it('assigns a new case to the right cadre, and each step the cadre takes reaches the resident in order', async () => {
    const cadre = await e2e.bindCadre('xy-grid'); // 吴志强, 向阳社区, handles drainage
    const resident = e2e.person('居民');
    const caseNumber = await fileDrainCase(resident);

    const toCadre = await e2e.wechat.waitFor(cadre.contact, (said) => said.some((t) => t.includes(caseNumber)));
    const notice = toCadre.find((t) => t.includes(caseNumber))!;
    expect(notice).toMatch(/新案件/);
    expect(notice).toContain('13912345678'); // the assignee sees the resident's phone
    await e2e.wechat.waitFor(resident.contact, (said) => said.some((t) => t.includes('吴志强')));

    expect((await cadre.say(`受理 ${caseNumber}`)).join('')).toContain('已受理');
    // The resident is told who accepted it: the cadre by area and name, no phone number.
    await e2e.wechat.waitFor(resident.contact, (said) => said.some((t) => t.includes('向阳社区 吴志强已受理')));
    expect((await cadre.say(`进展　${caseNumber.toLowerCase()}　已联系施工队，明天疏通`)).join('')).toContain('已记录');
    await e2e.wechat.waitFor(resident.contact, (said) => said.some((t) => t.includes('明天疏通')));
    expect((await cadre.say(`办结 ${caseNumber} 管道已疏通，污水不再外流`)).join('')).toContain('已办结');
    const residentSaw = await e2e.wechat.waitFor(resident.contact, (said) => said.some((t) => t.includes('管道已疏通')));

    const notices = residentSaw.filter((t) => t.includes(caseNumber) && !t.startsWith('已提交'));
    const order = ['吴志强办理', '已受理', '明天疏通', '管道已疏通'].map((needle) => notices.findIndex((t) => t.includes(needle)));
    expect(order.every((i) => i >= 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    // The cadre's private number is not given to the resident by default.
    expect(residentSaw.join('')).not.toContain('13800000132');

    const row = await e2e.service.db.case.findUniqueOrThrow({
      where: { caseNumber },
      include: { events: { orderBy: { id: 'asc' } }, assignee: true },
    });
    expect(row.status).toBe('RESOLVED');
    expect(row.assignee?.code).toBe('xy-grid');
    expect(row.events.map((e) => [e.type, e.actorKind])).toEqual([
      ['FILED', 'RESIDENT'],
      ['ASSIGNED', 'SYSTEM'],
      ['ACCEPTED', 'CADRE'],
      ['PROGRESS', 'CADRE'],
      ['RESOLVED', 'CADRE'],
    ]);
    expect(row.events.filter((e) => e.actorKind === 'CADRE').every((e) => e.actorId === row.assigneeId)).toBe(true);
    // 待办 no longer lists it; 案件 shows the whole timeline.
    expect((await cadre.say('待办')).join('')).not.toContain(caseNumber);
    const detail = (await cadre.say(`案件 ${caseNumber}`)).join('');
    expect(detail).toMatch(/受理[\s\S]*进展[\s\S]*办结/);
    // Each step names who took it.
    expect(detail).toMatch(/干部受理（向阳社区 吴志强）[\s\S]*办理进展（向阳社区 吴志强）：已联系施工队[\s\S]*办结（向阳社区 吴志强）/);
  });

  it('refuses a cadre acting on a case that is not theirs, and changes nothing', async () => {
    const owner = await e2e.bindCadre('xy-grid');
    const neighbour = await e2e.bindCadre('xy-sec'); // the same community: told whose it is
    const other = await e2e.bindCadre('tj-grid'); // another village: the case is "not found", as in the admin API
    const resident = e2e.person('居民');
    const caseNumber = await fileDrainCase(resident);
    await e2e.wechat.waitFor(owner.contact, (said) => said.some((t) => t.includes(caseNumber)));

    const refused = (await neighbour.say(`受理 ${caseNumber}`)).join('');
    expect(refused).toMatch(/不是交给您的/);
    expect(refused).toContain('吴志强');
    expect((await neighbour.say(`办结 ${caseNumber} 办好了`)).join('')).toMatch(/不是交给您的/);
    const elsewhere = (await other.say(`受理 ${caseNumber}`)).join('');
    expect(elsewhere).toContain(`没有找到案件 ${caseNumber}`);
    expect(elsewhere).not.toContain('吴志强');
    const row = await e2e.service.db.case.findUniqueOrThrow({ where: { caseNumber }, include: { events: true } });
    expect(row.status).toBe('ASSIGNED');
    expect(row.events).toHaveLength(2);
  });

  it('refuses cadre commands from a WeChat that is not bound, and a wrong or reused code', async () => {
    const resident = e2e.person('居民');
    const caseNumber = await fileDrainCase(resident);
    const stranger = e2e.person('路人');
    expect((await stranger.say(`受理 ${caseNumber}`)).join('')).toMatch(/绑定/);
    expect((await stranger.say('绑定 ABCDEFGH')).join('')).toMatch(/不对|过期/);
    const row = await e2e.service.db.case.findUniqueOrThrow({ where: { caseNumber } });
    expect(row.status).toBe('ASSIGNED');

    const cadre = await e2e.service.db.cadre.findUniqueOrThrow({ where: { code: 'hy-sec' } });
    const { code } = await issueBindingCode(e2e.service.db, { cadreId: cadre.id, at: new Date(), ttlHours: 1 });
    await e2e.service.db.cadre.update({ where: { id: cadre.id }, data: { wechatKey: null } });
    const first = e2e.person('干部');
    expect((await first.say(`绑定 ${code}`)).join('')).toContain('绑定成功');
    const second = e2e.person('冒充');
    expect((await second.say(`绑定 ${code}`)).join('')).toMatch(/不对|过期/);
  });

  it('answers a cadre with the help text for anything else, and explains a bad command', async () => {
    const cadre = await e2e.bindCadre('xy-sec');
    expect((await cadre.say('你好')).join('')).toMatch(/待办[\s\S]*受理/);
    expect((await cadre.say('受理')).join('')).toMatch(/请带上案件编号/);
    expect((await cadre.say('受理 GJ-2026-1')).join('')).toMatch(/不像案件编号/);
    expect((await cadre.say('受理 GJ-20990101-0001')).join('')).toMatch(/没有找到/);
  });

  it('transfers a case to another village: the new cadre, the old one and the resident are told', async () => {
    const from = await e2e.bindCadre('xy-grid');
    const to = await e2e.bindCadre('tj-grid');
    const resident = e2e.person('居民');
    const caseNumber = await fileDrainCase(resident);
    await e2e.wechat.waitFor(from.contact, (said) => said.some((t) => t.includes(caseNumber)));
    expect((await from.say(`转办 ${caseNumber} 团结村 地点其实在团结村`)).join('')).toContain('张小兵');
    await e2e.wechat.waitFor(to.contact, (said) => said.some((t) => t.includes(caseNumber)));
    await e2e.wechat.waitFor(from.contact, (said) => said.some((t) => t.includes('不用再处理')));
    await e2e.wechat.waitFor(resident.contact, (said) => said.some((t) => t.includes('已由向阳社区 吴志强转给团结村 张小兵办理')));
    const row = await e2e.service.db.case.findUniqueOrThrow({ where: { caseNumber }, include: { area: true, assignee: true } });
    expect(row).toMatchObject({ status: 'ASSIGNED' });
    expect(row.area.name).toBe('团结村');
    expect(row.assignee?.code).toBe('tj-grid');
  });

  it('loses no message when the service dies between a change and its sending', async () => {
    const cadre = await e2e.bindCadre('xy-grid');
    // A second service with no dispatcher files a case, then "dies" before anything is sent.
    const writer = await startTestService({ DATABASE_URL: e2e.service.config.DATABASE_URL! });
    const resident = e2e.person('离线居民');
    const filed = await writer.cases.fileCase({
      channel: 'wechat',
      residentKey: `LX-${Date.now().toString(16).padStart(12, '0').slice(-12)}`,
      contactRef: resident.id,
      confirmMessageId: uniqueKey('crash'),
      description: '阴沟堵塞',
      categoryCode: 'DRAINAGE',
      areaCode: 'GJ-XX-XY',
      locationText: '3栋',
      households: 5,
      priority: 'SERIOUS',
      phone: null,
      classifierWords: [],
      attachments: [],
      at: new Date(),
    });
    await writer.close();
    // The running dispatcher (this test's service) picks the committed rows up.
    await e2e.wechat.waitFor(cadre.contact, (said) => said.some((t) => t.includes(filed.caseNumber)));
    await e2e.wechat.waitFor(resident.contact, (said) => said.some((t) => t.includes(filed.caseNumber)));
    const rows = await eventually(
      () => e2e.service.db.outboxMessage.findMany({ where: { caseId: filed.caseId }, orderBy: { id: 'asc' } }),
      (list) => list.every((r) => r.status === 'SENT'),
    );
    expect(rows.map((r) => [r.kind, r.status, r.attempts])).toEqual([
      ['cadre.newCase', 'SENT', 1],
      ['resident.assigned', 'SENT', 1],
    ]);
  });
});

describe('a case filed through Open311', () => {
  it('reaches its cadre in WeChat, like one filed in a chat', async () => {
    const { buildApp } = await import('../../src/http/app');
    const { issueApiToken } = await import('../../src/access/api-tokens');
    const app = await buildApp({ service: e2e.service, logger: e2e.service.logger });
    try {
      const cadre = await e2e.bindCadre('tj-grid'); // 张小兵, 团结村, handles irrigation
      const apiKey = await issueApiToken(e2e.service.db, { kind: 'OPEN311', label: '12345' });
      const res = await app.inject({
        method: 'POST',
        url: '/open311/v2/requests.json',
        payload: { api_key: apiKey, service_code: 'IRRIGATION', description: '团结村3组一半的田放不进水', address_string: '团结村3组' },
      });
      expect(res.statusCode).toBe(201);
      const caseNumber = res.json()[0].service_request_id as string;
      const said = await e2e.wechat.waitFor(cadre.contact, (s) => s.some((t) => t.includes(caseNumber)));
      expect(said.find((t) => t.includes(caseNumber))).toMatch(/新案件[\s\S]*灌溉供水/);
      // The Open311 resident has no chat (their client reads the status through Open311): no notice
      // is written for them, so none fails "no outbound channel for open311".
      const rows = await eventually(
        () => e2e.service.db.outboxMessage.findMany({ where: { case: { caseNumber } }, select: { recipientKind: true, status: true } }),
        (list) => list.every((r) => r.status === 'SENT'),
      );
      expect(rows).toEqual([{ recipientKind: 'CADRE', status: 'SENT' }]);
    } finally {
      await app.close();
    }
  });
});
