import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../src/http/app';
import { issueApiToken } from '../../src/access/api-tokens';
import { issueBindingCode } from '../../src/cadre/binding-codes';
import { cadreTexts } from '../../src/messages/zh-CN';
import { startTestService, uniqueKey, type TestService } from '../support/test-service';
import { InprocResident } from './support/residents';
import { cadreStep } from '../support/cadre-step';

/**
 * Every role against every action, on a case of the village cadre's own area (向阳社区, assigned
 * to xy-grid) and of another area (团结村, assigned to tj-grid). Each cell gets a fresh case.
 */
let service: TestService;
let app: FastifyInstance;
const ROLES = ['supervisor', 'townLead', 'villageCadre', 'otherAreaCadre', 'open311', 'noToken'] as const;
type Role = (typeof ROLES)[number];
const CADRE_OF: Partial<Record<Role, string>> = { supervisor: 'gj-sup-1', townLead: 'xx-town-1', villageCadre: 'xy-grid', otherAreaCadre: 'tj-grid' };
const token: Partial<Record<Role, string>> = {};
const wechat: Partial<Record<Role | 'unbound', InprocResident>> = {};

beforeAll(async () => {
  service = await startTestService();
  app = await buildApp({ service, logger: service.logger, rateLimitNamespace: `authz-${Date.now()}:` });
  for (const [role, code] of Object.entries(CADRE_OF) as [Role, string][]) {
    const cadre = await service.db.cadre.findUniqueOrThrow({ where: { code } });
    token[role] = await issueApiToken(service.db, { kind: 'CADRE', cadreId: cadre.id, label: `authz ${code}` });
    // Bound in WeChat through the router, as a cadre does: 绑定 <code>.
    const { code: binding } = await issueBindingCode(service.db, { cadreId: cadre.id, at: new Date(), ttlHours: 1 });
    wechat[role] = new InprocResident(service.inbound, uniqueKey(`authz-${role}`));
    const bound = (await wechat[role]!.say(`绑定 ${binding}`))!.join('\n');
    expect(bound).not.toMatch(/失败|无效|不对/);
  }
  token.open311 = await issueApiToken(service.db, { kind: 'OPEN311', label: 'authz hotline' });
  wechat.unbound = new InprocResident(service.inbound, uniqueKey('authz-unbound'));
});
afterAll(async () => {
  await app?.close();
  await service?.close();
});

type Area = 'own' | 'other';
async function freshCase(area: Area, accepted = false) {
  const filed = await service.cases.fileCase({
    channel: 'wechat', residentKey: uniqueKey('authz-r'), confirmMessageId: uniqueKey('authz-m'),
    description: area === 'own' ? '向阳社区阴沟堵塞' : '团结村阴沟堵塞', categoryCode: 'DRAINAGE', areaCode: area === 'own' ? 'GJ-XX-XY' : 'GJ-QT-TJ',
    locationText: '1组', households: 3, priority: 'SERIOUS', phone: '13912345678', classifierWords: [], attachments: [], at: new Date(),
  });
  if (accepted) {
    const row = await service.db.case.findUniqueOrThrow({ where: { caseNumber: filed.caseNumber } });
    await cadreStep(service.cases, { kind: 'CADRE', cadreId: row.assigneeId!, supervisor: false }, filed.caseNumber, { type: 'accept' }, new Date());
  }
  return filed.caseNumber;
}

const call = async (role: Role, method: 'GET' | 'POST' | 'PATCH', url: string, payload?: object) => {
  const headers = role === 'noToken' ? {} : { authorization: `Bearer ${token[role]}` };
  return (await app.inject({ method, url, headers, ...(payload ? { payload } : {}) })).statusCode;
};

type CaseAction = 'view' | 'accept' | 'progress' | 'resolve' | 'transfer';
const caseRequest: Record<CaseAction, (n: string) => [method: 'GET' | 'POST', url: string, body?: object]> = {
  view: (n) => ['GET', `/admin/cases/${n}`],
  accept: (n) => ['POST', `/admin/cases/${n}/accept`],
  progress: (n) => ['POST', `/admin/cases/${n}/progress`, { note: '已联系施工队' }],
  resolve: (n) => ['POST', `/admin/cases/${n}/resolve`, { note: '已疏通' }],
  transfer: (n) => ['POST', `/admin/cases/${n}/transfer`, { target: '花园社区', reason: '属地不对' }],
};

/** Expected HTTP status per role: [own area, other area]. A town lead sees its villages' cases but acts only on its own. */
const ADMIN_CASES: Record<CaseAction, Record<Role, [number, number]>> = {
  view: { supervisor: [200, 200], townLead: [200, 404], villageCadre: [200, 404], otherAreaCadre: [404, 200], open311: [403, 403], noToken: [401, 401] },
  accept: { supervisor: [200, 200], townLead: [403, 404], villageCadre: [200, 404], otherAreaCadre: [404, 200], open311: [403, 403], noToken: [401, 401] },
  progress: { supervisor: [200, 200], townLead: [403, 404], villageCadre: [200, 404], otherAreaCadre: [404, 200], open311: [403, 403], noToken: [401, 401] },
  resolve: { supervisor: [200, 200], townLead: [403, 404], villageCadre: [200, 404], otherAreaCadre: [404, 200], open311: [403, 403], noToken: [401, 401] },
  transfer: { supervisor: [200, 200], townLead: [403, 404], villageCadre: [200, 404], otherAreaCadre: [404, 200], open311: [403, 403], noToken: [401, 401] },
};

describe('authorisation matrix', () => {
  test('the admin API: every role against every case action, on its own area and another', async () => {
    const got: string[] = [];
    const want: string[] = [];
    for (const action of Object.keys(ADMIN_CASES) as CaseAction[]) {
      for (const role of ROLES) {
        for (const [i, area] of (['own', 'other'] as const).entries()) {
          // 'other' for the other area's cadre is 团结村 being theirs: own/other is from the village cadre's side.
          const n = await freshCase(area, action === 'progress' || action === 'resolve');
          const [method, url, body] = caseRequest[action](n);
          got.push(`${action} ${role} ${area}: ${await call(role, method, url, body)}`);
          want.push(`${action} ${role} ${area}: ${ADMIN_CASES[action][role][i]}`);
        }
      }
    }
    expect(got).toEqual(want);
  });

  test('the admin API: every role against the area-wide and supervisor-only actions', async () => {
    const cadre = await service.db.cadre.findUniqueOrThrow({ where: { code: 'hy-sec' } });
    const actions: [string, (role: Role) => Promise<number>, Record<Role, number>][] = [
      ['list cases', (r) => call(r, 'GET', '/admin/cases'), { supervisor: 200, townLead: 200, villageCadre: 200, otherAreaCadre: 200, open311: 403, noToken: 401 }],
      ['areas', (r) => call(r, 'GET', '/admin/areas'), { supervisor: 200, townLead: 200, villageCadre: 200, otherAreaCadre: 200, open311: 403, noToken: 401 }],
      ['list cadres', (r) => call(r, 'GET', '/admin/cadres'), { supervisor: 200, townLead: 200, villageCadre: 200, otherAreaCadre: 200, open311: 403, noToken: 401 }],
      ['register cadre', (r) => call(r, 'POST', '/admin/cadres', { name: '矩阵测试', phone: `139${String(Date.now()).slice(-8)}`, area: '花园社区', categories: ['ROADS'] }), { supervisor: 201, townLead: 403, villageCadre: 403, otherAreaCadre: 403, open311: 403, noToken: 401 }],
      ['update cadre', (r) => call(r, 'PATCH', `/admin/cadres/${cadre.code}`, { categories: ['ROADS'] }), { supervisor: 200, townLead: 403, villageCadre: 403, otherAreaCadre: 403, open311: 403, noToken: 401 }],
      ['binding code', (r) => call(r, 'POST', `/admin/cadres/${cadre.code}/binding-code`), { supervisor: 201, townLead: 403, villageCadre: 403, otherAreaCadre: 403, open311: 403, noToken: 401 }],
      ['assessment', (r) => call(r, 'GET', '/admin/assessment?from=2020-01-01T00:00:00Z&to=2099-01-01T00:00:00Z'), { supervisor: 200, townLead: 200, villageCadre: 200, otherAreaCadre: 200, open311: 403, noToken: 401 }],
      ['export', (r) => call(r, 'GET', '/admin/export.csv'), { supervisor: 200, townLead: 200, villageCadre: 200, otherAreaCadre: 200, open311: 403, noToken: 401 }],
    ];
    const got: string[] = [];
    const want: string[] = [];
    for (const [name, run, expected] of actions) {
      for (const role of ROLES) {
        got.push(`${name} ${role}: ${await run(role)}`);
        want.push(`${name} ${role}: ${expected[role]}`);
      }
    }
    expect(got).toEqual(want);
    // Scope, not only status: a cadre's list holds only its own areas' cases.
    const own = await freshCase('own');
    const other = await freshCase('other');
    const listed = async (role: Role) =>
      ((await app.inject({ url: '/admin/cases?pageSize=200', headers: { authorization: `Bearer ${token[role]}` } })).json().cases as { caseNumber: string }[]).map((c) => c.caseNumber);
    expect([(await listed('supervisor')).includes(own), (await listed('supervisor')).includes(other)]).toEqual([true, true]);
    expect([(await listed('townLead')).includes(own), (await listed('townLead')).includes(other)]).toEqual([true, false]);
    expect([(await listed('villageCadre')).includes(own), (await listed('villageCadre')).includes(other)]).toEqual([true, false]);
    expect([(await listed('otherAreaCadre')).includes(own), (await listed('otherAreaCadre')).includes(other)]).toEqual([false, true]);
  });

  test('the cadre commands in WeChat: every role (and an unbound user) against every command, on its own area and another', async () => {
    type Outcome = 'ok' | 'notFound' | 'notYours' | 'notBound' | 'notShown';
    const classify = (reply: string, n: string): Outcome => {
      if (reply === cadreTexts.notBound) return 'notBound';
      if (reply === cadreTexts.notFound(n)) return 'notFound';
      if (/不是交给您的/.test(reply)) return 'notYours';
      if (/^(已受理|已记录|已转给)/.test(reply) || reply.startsWith(`${n} 已办结`) || reply.includes(`${n} 已转给`)) return 'ok';
      // 案件 <编号>: the case shown (its description) or not.
      return reply.includes('阴沟堵塞') ? 'ok' : 'notShown';
    };
    const commands: [string, (n: string) => string, boolean][] = [
      ['show', (n) => `案件 ${n}`, false],
      ['accept', (n) => `受理 ${n}`, false],
      ['progress', (n) => `进展 ${n} 已联系施工队`, true],
      ['resolve', (n) => `办结 ${n} 已疏通`, true],
      ['transfer', (n) => `转办 ${n} 花园社区 属地不对`, false],
    ];
    const who = ['supervisor', 'townLead', 'villageCadre', 'otherAreaCadre', 'unbound'] as const;
    // In WeChat a refusal says why: a case of the cadre's own area that is someone else's is "not
    // yours, it is X's"; a case outside their areas is "not found", as in the admin API.
    const expected: Record<(typeof who)[number], Record<string, [Outcome, Outcome]>> = {
      supervisor: { show: ['ok', 'ok'], accept: ['ok', 'ok'], progress: ['ok', 'ok'], resolve: ['ok', 'ok'], transfer: ['ok', 'ok'] },
      townLead: { show: ['ok', 'notFound'], accept: ['notYours', 'notFound'], progress: ['notYours', 'notFound'], resolve: ['notYours', 'notFound'], transfer: ['notYours', 'notFound'] },
      villageCadre: { show: ['ok', 'notFound'], accept: ['ok', 'notFound'], progress: ['ok', 'notFound'], resolve: ['ok', 'notFound'], transfer: ['ok', 'notFound'] },
      otherAreaCadre: { show: ['notFound', 'ok'], accept: ['notFound', 'ok'], progress: ['notFound', 'ok'], resolve: ['notFound', 'ok'], transfer: ['notFound', 'ok'] },
      unbound: { show: ['notShown', 'notShown'], accept: ['notBound', 'notBound'], progress: ['notShown', 'notShown'], resolve: ['notBound', 'notBound'], transfer: ['notBound', 'notBound'] },
    };
    const got: string[] = [];
    const want: string[] = [];
    for (const [name, text, needsAccepted] of commands) {
      for (const role of who) {
        for (const [i, area] of (['own', 'other'] as const).entries()) {
          const n = await freshCase(area, needsAccepted);
          const replies = (await wechat[role]!.say(text(n))) ?? [];
          got.push(`${name} ${role} ${area}: ${classify(replies.join('\n'), n)}`);
          want.push(`${name} ${role} ${area}: ${expected[role][name]![i]}`);
        }
      }
    }
    // 待办: a bound cadre gets their list, an unbound user is told the command is for cadres.
    for (const role of who) {
      const reply = ((await wechat[role]!.say('待办')) ?? []).join('\n');
      got.push(`openCases ${role}: ${reply === cadreTexts.notBound ? 'notBound' : 'ok'}`);
      want.push(`openCases ${role}: ${role === 'unbound' ? 'notBound' : 'ok'}`);
    }
    expect(got).toEqual(want);
  });
});
