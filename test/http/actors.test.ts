import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../src/http/app';
import { issueApiToken } from '../../src/access/api-tokens';
import { DEFAULT_DISTRICT_FILE } from '../../src/config/district';
import { fileTestCase, startTestService, uniqueKey, type TestService } from '../support/test-service';

/**
 * Who acted is recorded and said: whoever takes a step (a supervisor, a town cadre, the assignee)
 * is the event's actor, the timelines name them, and the resident is told their name (or only
 * "<area>的干部" where the district says so), never the assignee's in their place.
 */
type Side = { service: TestService; app: FastifyInstance; token: Record<string, string> };
let named: Side;
let generic: Side;

async function start(overrides: Record<string, string> = {}): Promise<Side> {
  const service = await startTestService(overrides);
  const app = await buildApp({ service, logger: service.logger, rateLimitNamespace: `actors-${uniqueKey('r')}:` });
  const token: Record<string, string> = {};
  for (const code of ['gj-sup-1', 'xy-grid', 'qt-town-1', 'tj-grid']) {
    const cadre = await service.db.cadre.findUniqueOrThrow({ where: { code } });
    token[code] = await issueApiToken(service.db, { kind: 'CADRE', cadreId: cadre.id, label: `actors ${code}` });
  }
  return { service, app, token };
}

beforeAll(async () => {
  named = await start();
  // The same district, telling residents only "<area>的干部" (data in the district file).
  const dir = mkdtempSync(path.join(tmpdir(), 'lx-actors-'));
  const file = path.join(dir, 'district.json');
  writeFileSync(file, JSON.stringify({ ...JSON.parse(readFileSync(DEFAULT_DISTRICT_FILE, 'utf8')), notices: { actorName: 'generic' } }));
  generic = await start({ DISTRICT_FILE: file });
});
afterAll(async () => {
  for (const side of [named, generic]) {
    await side.app.close();
    await side.service.close();
  }
});

const as = (side: Side, who: string, method: 'GET' | 'POST', url: string, payload?: object) =>
  side.app.inject({ method, url, headers: { authorization: `Bearer ${side.token[who]}` }, ...(payload ? { payload } : {}) });

const fileOn = async (side: Side, areaCode: string, categoryCode: string, assigneeCode: string) => {
  const filed = await fileTestCase(side.service, { areaCode, categoryCode, description: `动作测试 ${uniqueKey('d')}`, locationText: '1栋', households: 3 });
  const row = await side.service.db.case.findUniqueOrThrow({ where: { id: filed.caseId }, include: { assignee: true, resident: true } });
  expect(row.assignee?.code).toBe(assigneeCode);
  return { ...filed, residentKey: row.resident!.channelKey };
};

const cadreId = (side: Side, code: string) => side.service.db.cadre.findUniqueOrThrow({ where: { code } }).then((c) => c.id);
const eventsOf = (side: Side, caseId: number) => side.service.db.caseEvent.findMany({ where: { caseId }, orderBy: { id: 'asc' } });
/** What the outbox holds for the resident (or a cadre), by kind. */
const noticeTo = async (side: Side, caseId: number, kind: string, cadreCode?: string) => {
  const recipient = cadreCode ? { recipientKind: 'CADRE' as const, recipientId: await cadreId(side, cadreCode) } : { recipientKind: 'RESIDENT' as const };
  const rows = await side.service.db.outboxMessage.findMany({ where: { caseId, kind, ...recipient }, orderBy: { id: 'asc' } });
  expect(rows).toHaveLength(1);
  return rows[0]!.text;
};

/** A signed-in dashboard browser; whatever the sign-in form carries (cookies, a form token) is sent back. */
async function signIn(side: Side, who: string) {
  const form = await side.app.inject({ url: '/signin' });
  const jar = new Map<string, string>();
  const keep = (res: { headers: Record<string, unknown> }) => {
    const set = res.headers['set-cookie'];
    for (const line of (Array.isArray(set) ? set : set ? [set] : []) as string[]) {
      const [pair] = line.split(';');
      const eq = pair!.indexOf('=');
      jar.set(pair!.slice(0, eq), pair!.slice(eq + 1));
    }
  };
  const cookie = () => [...jar].map(([k, v]) => `${k}=${v}`).join('; ');
  keep(form);
  const signInToken = /name="_form" value="([^"]+)"/.exec(form.body)?.[1];
  const res = await side.app.inject({
    method: 'POST',
    url: '/signin',
    headers: { cookie: cookie(), 'content-type': 'application/x-www-form-urlencoded' },
    payload: new URLSearchParams({ ...(signInToken ? { _form: signInToken } : {}), token: side.token[who]! }).toString(),
  });
  expect(res.statusCode).toBe(303);
  keep(res);
  const get = (url: string) => side.app.inject({ url, headers: { cookie: cookie() } });
  const formToken = /name="_form" value="([^"]+)"/.exec((await get('/ledger')).body)![1]!;
  const post = (url: string, fields: Record<string, string>) =>
    side.app.inject({ method: 'POST', url, headers: { cookie: cookie(), 'content-type': 'application/x-www-form-urlencoded' }, payload: new URLSearchParams({ _form: formToken, ...fields }).toString() });
  return { get, post };
}

type TimelineEntry = { type: string; actorKind: string; actorId: number | null; actor: { kind: string; code: string | null; name: string }; target: { code: string } | null; note: string | null };

describe('the admin API credits each step to who took it', () => {
  it('a supervisor accepting a village cadre’s case: the event, the timeline and the resident name the supervisor, never the assignee', async () => {
    const c = await fileOn(named, 'GJ-XX-XY', 'DRAINAGE', 'xy-grid'); // 吴志强
    expect((await as(named, 'gj-sup-1', 'POST', `/admin/cases/${c.caseNumber}/accept`)).statusCode).toBe(200);

    const accepted = (await eventsOf(named, c.caseId)).find((e) => e.type === 'ACCEPTED')!;
    expect([accepted.actorKind, accepted.actorId]).toEqual(['CADRE', await cadreId(named, 'gj-sup-1')]);

    const timeline: TimelineEntry[] = (await as(named, 'xy-grid', 'GET', `/admin/cases/${c.caseNumber}`)).json().timeline;
    expect(timeline.map((e) => [e.type, e.actor.kind, e.actor.name])).toEqual([
      ['FILED', 'RESIDENT', '群众'],
      ['ASSIGNED', 'SYSTEM', '系统'],
      ['ACCEPTED', 'CADRE', '贡井区 周建国'],
    ]);
    expect(timeline[2]!.actor.code).toBe('gj-sup-1');
    // The resident who filed is never identified in the API; the assignee is the assignment's target.
    expect(timeline[0]!.actorId).toBeNull();
    expect(timeline[1]!.target?.code).toBe('xy-grid');

    const toResident = await noticeTo(named, c.caseId, 'resident.accepted');
    expect(toResident).toContain('贡井区 周建国已受理');
    expect(toResident).not.toContain('吴志强');
    expect(toResident).not.toMatch(/1[3-9]\d{9}/);
    // The assignee hears that someone else took their step.
    expect(await noticeTo(named, c.caseId, 'cadre.stepByOther', 'xy-grid')).toMatch(/已由贡井区 周建国受理/);
    // The resident's own view of the timeline (查询) names the supervisor too.
    const seen = await named.service.cases.findResidentCase({ channel: 'wechat', residentKey: c.residentKey }, c.caseNumber);
    expect(seen!.events.map((e) => [e.type, e.by, e.note])).toEqual([
      ['FILED', '群众', null],
      ['ASSIGNED', null, '向阳社区 吴志强'],
      ['ACCEPTED', '贡井区 周建国', null],
    ]);
  });

  it('a supervisor’s transfer and a town cadre’s acceptance, progress, resolution and transfer are theirs, and said so', async () => {
    const c = await fileOn(named, 'GJ-QT-TJ', 'IRRIGATION', 'tj-grid'); // 张小兵
    expect((await as(named, 'gj-sup-1', 'POST', `/admin/cases/${c.caseNumber}/transfer`, { target: 'qt-town-1', reason: '需要镇里协调' })).statusCode).toBe(200);
    const transferred = await noticeTo(named, c.caseId, 'resident.transferred');
    expect(transferred).toContain('已由贡井区 周建国转给桥头镇 李春梅办理');
    expect(transferred).not.toContain('张小兵');
    expect(await noticeTo(named, c.caseId, 'cadre.transferredAway', 'tj-grid')).toContain('已由贡井区 周建国转给李春梅');

    for (const [step, body] of [['accept', undefined], ['progress', { note: '镇里已协调水源' }], ['resolve', { note: '已恢复供水' }]] as const) {
      expect((await as(named, 'qt-town-1', 'POST', `/admin/cases/${c.caseNumber}/${step}`, body)).statusCode).toBe(200);
    }
    const town = await cadreId(named, 'qt-town-1');
    const steps = (await eventsOf(named, c.caseId)).filter((e) => ['ACCEPTED', 'PROGRESS', 'RESOLVED'].includes(e.type));
    expect(steps.map((e) => [e.type, e.actorKind, e.actorId])).toEqual([
      ['ACCEPTED', 'CADRE', town],
      ['PROGRESS', 'CADRE', town],
      ['RESOLVED', 'CADRE', town],
    ]);
    expect(await noticeTo(named, c.caseId, 'resident.accepted')).toContain('桥头镇 李春梅已受理');
    expect(await noticeTo(named, c.caseId, 'resident.progress')).toContain('有新进展（桥头镇 李春梅）：镇里已协调水源');
    expect(await noticeTo(named, c.caseId, 'resident.resolved')).toContain('已由桥头镇 李春梅办结：已恢复供水');
    const toResident = await named.service.db.outboxMessage.findMany({ where: { caseId: c.caseId, recipientKind: 'RESIDENT', kind: { not: 'resident.assigned' } } });
    expect(toResident.map((r) => r.text).join('\n')).not.toContain('张小兵');

    const timeline: TimelineEntry[] = (await as(named, 'gj-sup-1', 'GET', `/admin/cases/${c.caseNumber}`)).json().timeline;
    expect(timeline.slice(2).map((e) => [e.type, e.actor.name, e.target?.code ?? null])).toEqual([
      ['TRANSFERRED', '贡井区 周建国', 'qt-town-1'],
      ['ACCEPTED', '桥头镇 李春梅', null],
      ['PROGRESS', '桥头镇 李春梅', null],
      ['RESOLVED', '桥头镇 李春梅', null],
    ]);

    // A town cadre passing a case down to a village is credited with the transfer.
    const d = await fileOn(named, 'GJ-QT-TJ', 'IRRIGATION', 'tj-grid');
    await as(named, 'gj-sup-1', 'POST', `/admin/cases/${d.caseNumber}/transfer`, { target: 'qt-town-1', reason: '镇里看看' });
    expect((await as(named, 'qt-town-1', 'POST', `/admin/cases/${d.caseNumber}/transfer`, { target: '水塘村', reason: '属地在水塘村' })).statusCode).toBe(200);
    const last = (await eventsOf(named, d.caseId)).at(-1)!;
    expect([last.type, last.actorId, last.targetCadreId]).toEqual(['TRANSFERRED', town, await cadreId(named, 'st-sec')]);
    const rows = await named.service.db.outboxMessage.findMany({ where: { caseId: d.caseId, kind: 'resident.transferred' }, orderBy: { id: 'asc' } });
    expect(rows.map((r) => r.text)).toEqual([expect.stringContaining('已由贡井区 周建国转给桥头镇 李春梅'), expect.stringContaining('已由桥头镇 李春梅转给水塘村 刘永福')]);
  });
});

describe('the dashboard credits each step to who took it', () => {
  it('a supervisor accepting, reporting and resolving a village cadre’s case is named on the page and to the resident', async () => {
    const c = await fileOn(named, 'GJ-XX-XY', 'DRAINAGE', 'xy-grid');
    const sup = await signIn(named, 'gj-sup-1');
    for (const [action, fields] of [['accept', {}], ['progress', { note: '已派人查看' }], ['resolve', { note: '已疏通' }]] as const) {
      expect((await sup.post(`/cases/${c.caseNumber}/${action}`, fields)).statusCode).toBe(303);
    }
    const supId = await cadreId(named, 'gj-sup-1');
    expect((await eventsOf(named, c.caseId)).filter((e) => e.actorKind === 'CADRE').map((e) => [e.type, e.actorId])).toEqual([
      ['ACCEPTED', supId],
      ['PROGRESS', supId],
      ['RESOLVED', supId],
    ]);
    // The assignee's own page says who did it.
    const page = (await (await signIn(named, 'xy-grid')).get(`/cases/${c.caseNumber}`)).body;
    const lines = [...page.matchAll(/<li><time>[^<]*<\/time><strong>([^<]*)<\/strong><span class="by" data-by>（([^<]*)）<\/span>/g)].map((m) => [m[1], m[2]]);
    expect(lines).toEqual([
      ['登记', '群众'],
      ['交给干部', '系统'],
      ['干部受理', '贡井区 周建国'],
      ['办理进展', '贡井区 周建国'],
      ['办结', '贡井区 周建国'],
    ]);
    for (const kind of ['resident.accepted', 'resident.progress', 'resident.resolved']) {
      const text = await noticeTo(named, c.caseId, kind);
      expect(text).toContain('贡井区 周建国');
      expect(text).not.toContain('吴志强');
    }
  });
});

describe('a district that keeps cadres’ names inside (notices.actorName: generic)', () => {
  it('tells residents only "<area>的干部", while staff still read who acted', async () => {
    const c = await fileOn(generic, 'GJ-XX-XY', 'DRAINAGE', 'xy-grid');
    expect((await as(generic, 'gj-sup-1', 'POST', `/admin/cases/${c.caseNumber}/accept`)).statusCode).toBe(200);
    const sup = await signIn(generic, 'gj-sup-1');
    expect((await sup.post(`/cases/${c.caseNumber}/progress`, { note: '已派人查看' })).statusCode).toBe(303);

    expect(await noticeTo(generic, c.caseId, 'resident.assigned')).toContain('已交给向阳社区的干部办理');
    expect(await noticeTo(generic, c.caseId, 'resident.accepted')).toContain('贡井区的干部已受理');
    expect(await noticeTo(generic, c.caseId, 'resident.progress')).toContain('有新进展（贡井区的干部）');
    const everything = (await generic.service.db.outboxMessage.findMany({ where: { caseId: c.caseId, recipientKind: 'RESIDENT' } })).map((r) => r.text).join('\n');
    expect(everything).not.toMatch(/周建国|吴志强/);
    const seen = await generic.service.cases.findResidentCase({ channel: 'wechat', residentKey: c.residentKey }, c.caseNumber);
    expect(JSON.stringify(seen)).not.toMatch(/周建国|吴志强/);
    expect(seen!.events.map((e) => e.by)).toEqual(['群众', null, '贡井区的干部', '贡井区的干部']);

    const timeline: TimelineEntry[] = (await as(generic, 'xy-grid', 'GET', `/admin/cases/${c.caseNumber}`)).json().timeline;
    expect(timeline.map((e) => e.actor.name)).toEqual(['群众', '系统', '贡井区 周建国', '贡井区 周建国']);
  });

  it('refuses a district file with an unknown setting', async () => {
    const { districtDataSchema } = await import('../../src/config/district-schema');
    const data = JSON.parse(readFileSync(DEFAULT_DISTRICT_FILE, 'utf8'));
    expect(districtDataSchema.safeParse({ ...data, notices: { actorName: 'nickname' } }).success).toBe(false);
    expect(districtDataSchema.parse(data).notices).toEqual({ actorName: 'name' });
  });
});
