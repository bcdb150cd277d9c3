import { useWeChatE2e } from '../support/wechat-e2e';
import { CASE_NUMBER_IN_TEXT } from '../../src/domain/case-number';

// Its own database, as cadre-loop.test.ts has: its dispatcher claims every due row, and another
// file's (or this one's) could take the other's notices for the shared seeded cadres.
const e2e = useWeChatE2e({ ownDatabase: 'visits', dispatcher: true });

describe('五访五问: a cadre records a visit from WeChat', () => {
  it('records an enterprise visit with two opinions and one problem, and the problem becomes a case in the right ledger', async () => {
    const cadre = await e2e.bindCadre('xy-sec'); // 向阳社区
    const visitee = `兴旺建材厂${process.pid}-${Date.now()}`;
    const turn = async (text: string) => (await cadre.say(text)).join('\n');

    expect(await turn('走访')).toMatch(/哪一类[\s\S]*访企业/);
    expect(await turn('2')).toMatch(/访问了谁/);
    expect(await turn(visitee)).toMatch(/在哪里[\s\S]*向阳社区/);
    expect(await turn('长征路8号')).toMatch(/意见建议/);
    expect(await turn('希望简化办证流程')).toContain('已有意见建议1条');
    expect(await turn('建议社区组织一次招聘会')).toContain('已有意见建议2条');
    expect(await turn('好了')).toMatch(/发现了哪些/);
    expect(await turn('厂里工人和邻居为了宅基地边界发生矛盾纠纷')).toContain('已有问题1条');
    expect(await turn('好了')).toMatch(/登记成案件[\s\S]*1\. 厂里工人/);
    const summary = await turn('全部');
    expect(summary).toMatch(/访企业[\s\S]*意见建议：2条[\s\S]*发现问题：1个/);
    const saved = await turn('确认');
    expect(saved).toMatch(/已记录走访：访企业/);
    const caseNumber = CASE_NUMBER_IN_TEXT.exec(saved)?.[0];
    expect(caseNumber).toBeDefined();
    expect(saved).toContain('稳定工作台账');

    const visit = await e2e.service.db.visit.findFirstOrThrow({ where: { visitee }, include: { cases: true, area: true, cadre: true } });
    expect(visit).toMatchObject({ kind: 'ENTERPRISE', opinionCount: 2, problemCount: 1, place: '长征路8号' });
    expect(visit.opinions).toEqual(['希望简化办证流程', '建议社区组织一次招聘会']);
    expect(visit.area.name).toBe('向阳社区');
    expect(visit.cadre.code).toBe('xy-sec');
    expect(visit.cases).toHaveLength(1);
    const filed = await e2e.service.db.case.findUniqueOrThrow({ where: { caseNumber: caseNumber! }, include: { resident: true, assignee: true } });
    expect(filed).toMatchObject({ ledger: 'STABILITY', category: 'DISPUTE', visitId: visit.id, channel: 'visit', status: 'ASSIGNED' });
    // Filed on behalf of the enterprise visited; nothing is queued for it (it has no channel), the assignee is told.
    expect(filed.resident?.displayName).toBe(visitee);
    // The filing is the visiting cadre's act, not the person visited's.
    const filedEvent = await e2e.service.db.caseEvent.findFirstOrThrow({ where: { caseId: filed.id, type: 'FILED' } });
    expect([filedEvent.actorKind, filedEvent.actorId]).toEqual(['CADRE', visit.cadreId]);
    const outbox = await e2e.service.db.outboxMessage.findMany({ where: { caseId: filed.id } });
    expect(outbox.every((o) => o.recipientKind === 'CADRE')).toBe(true);
    expect(outbox.some((o) => o.recipientId === filed.assigneeId)).toBe(true);

    // Nor later: no "how it stands" update and no 回访 question goes to the person visited.
    const past = new Date(Date.now() - 60_000);
    await e2e.service.db.case.update({ where: { id: filed.id }, data: { nextUpdateAt: past } });
    await e2e.service.cases.scheduled.updateResidents(new Date());
    await e2e.service.db.case.update({ where: { id: filed.id }, data: { status: 'RESOLVED', resolvedAt: past, followUpDueAt: past } });
    await e2e.service.cases.scheduled.runFollowUps(new Date());
    expect(await e2e.service.db.outboxMessage.count({ where: { caseId: filed.id, recipientKind: 'RESIDENT' } })).toBe(0);
    expect(await e2e.service.db.followUp.count({ where: { caseId: filed.id } })).toBe(0);
  });

  it('tolerates wrong answers with a reason, lets case commands through mid-way, and 取消 records nothing', async () => {
    const cadre = await e2e.bindCadre('tj-sec');
    const turn = async (text: string) => (await cadre.say(text)).join('\n');
    const before = await e2e.service.db.visit.count();
    await turn('五访五问');
    expect(await turn('9')).toMatch(/1 到 5/);
    expect(await turn('困难群体')).toMatch(/访问了谁/);
    expect(await turn('王')).toMatch(/两个字以上/);
    expect(await turn('王大爷家')).toMatch(/在哪里/);
    // A case command is answered as usual and the visit record stays open.
    expect(await turn('待办')).toMatch(/待办/);
    expect(await turn('火星')).toMatch(/意见建议/); // a cadre of 团结村 may just say the place in their own village
    expect(await turn('取消')).toMatch(/没有记录/);
    expect(await e2e.service.db.visit.count()).toBe(before);
    // After 取消, a plain message is the desk's help again.
    expect(await turn('你好')).toMatch(/走访/);
  });
});
