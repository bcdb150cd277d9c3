import type { FastifyInstance } from 'fastify';
import { XMLParser } from 'fast-xml-parser';
import { issueApiToken } from '../../src/access/api-tokens';
import { buildApp } from '../../src/http/app';
import { fileTestCase, type TestService, uniqueKey } from '../support/test-service';
import { expectOpen311Error, form, idOf, LONG_DIGITS, type Open311Harness, startOpen311Harness, withKey, withoutIdsAndTimes } from '../support/open311-harness';
import { cadreStep } from '../support/cadre-step';

/**
 * Issue 12, Open311 privacy: private cases never published (with or without a key), personal
 * numbers and names redacted, token kinds apart, duplicate posts, and no undeliverable notices
 * for Open311 residents.
 */
let h: Open311Harness;
let service: TestService;
let app: FastifyInstance; // reads need an api_key (the default)
let publicApp: FastifyInstance; // OPEN311_PUBLIC_READS on
let apiKey: string;
let otherKey: string;
let adminToken: string;
let supervisorId: number;

beforeAll(async () => {
  h = await startOpen311Harness('open311_privacy');
  ({ service, app, publicApp, apiKey, otherKey, adminToken, supervisorId } = h);
});
afterAll(() => h.close());

const report = (fields: Record<string, string> = {}) => h.report(fields);
async function post(fields: Record<string, string> = {}, on = app) {
  return on.inject(form(report(fields)));
}

describe('Open311 reads: what is public', () => {
  let hardship: string;
  let dispute: string;
  beforeAll(async () => {
    hardship = (await fileTestCase(service, { areaCode: 'GJ-XX-XY', categoryCode: 'HARDSHIP', description: '我叫李大妈，电话13612345678，老伴住院了没钱看病', locationText: '花园路2栋', households: 1 })).caseNumber;
    dispute = (await fileTestCase(service, { areaCode: 'GJ-XX-XY', categoryCode: 'DISPUTE', description: '邻居占了我家宅基地，吵了好几次', locationText: '花园路3栋', households: 1 })).caseNumber;
  });

  it('refuses reads without an api_key unless public reads are on, in JSON and XML', async () => {
    expectOpen311Error(await app.inject({ url: '/open311/v2/requests.json' }), 403);
    expectOpen311Error(await app.inject({ url: '/open311/v2/requests.xml' }), 403, 'xml');
    expectOpen311Error(await app.inject({ url: `/open311/v2/requests/${hardship}.json` }), 403);
    expectOpen311Error(await app.inject({ url: `/open311/v2/requests/${hardship}.xml` }), 403, 'xml');
    expectOpen311Error(await app.inject({ url: withKey('/open311/v2/requests.json', 'lx_made_up') }), 403);
  });

  it('with public reads on, lists only public categories, and a private case by id is not found', async () => {
    const open = await post({}, publicApp);
    expect(open.statusCode).toBe(201);
    const list = (await publicApp.inject({ url: '/open311/v2/requests.json' })).json() as { service_request_id: string; service_code: string }[];
    expect(list.map((r) => r.service_request_id)).toContain(idOf(open));
    expect(list.every((r) => ['DRAINAGE', 'IRRIGATION', 'ROADS', 'SANITATION', 'HOUSING_SAFETY', 'SUGGESTION'].includes(r.service_code))).toBe(true);
    const byIds = (await publicApp.inject({ url: `/open311/v2/requests.json?service_request_id=${hardship},${dispute}` })).json();
    expect(byIds).toEqual([]);
    const byCode = (await publicApp.inject({ url: '/open311/v2/requests.json?service_code=HARDSHIP,DISPUTE,VILLAGE_AFFAIRS,PARTY_AFFAIRS' })).json();
    expect(byCode).toEqual([]);
    for (const id of [hardship, dispute]) {
      const one = await publicApp.inject({ url: `/open311/v2/requests/${id}.json` });
      expect(one.json()).toEqual([{ code: 404, description: `service_request_id ${id} not found` }]);
      expect(one.body).not.toMatch(/李大妈|136|宅基地/);
    }
  });

  it('with an api_key, others’ private cases stay hidden; the client follows its own private report', async () => {
    const own = await app.inject(form(report({ service_code: 'HARDSHIP', description: '独居老人生病没人照顾，需要帮扶', phone: '13912340001' })));
    expect(own.statusCode).toBe(201);
    const ownId = idOf(own);
    expect((await app.inject({ url: withKey(`/open311/v2/requests/${hardship}.json`, apiKey) })).statusCode).toBe(404);
    expect((await app.inject({ url: withKey(`/open311/v2/requests/${dispute}.xml`, apiKey) })).statusCode).toBe(404);
    const mine = await app.inject({ url: withKey(`/open311/v2/requests/${ownId}.json`, apiKey) });
    expect(mine.json()[0]).toMatchObject({ service_request_id: ownId, service_code: 'HARDSHIP' });
    expect((await app.inject({ url: withKey(`/open311/v2/requests/${ownId}.json`, otherKey) })).statusCode).toBe(404);
    expect((await publicApp.inject({ url: `/open311/v2/requests/${ownId}.json` })).statusCode).toBe(404);
    const listed = (await app.inject({ url: withKey('/open311/v2/requests.json?service_code=HARDSHIP', apiKey) })).json() as { service_request_id: string }[];
    expect(listed.map((r) => r.service_request_id)).toEqual([ownId]);
  });

  it('redacts phone, ID and card numbers and names in descriptions, addresses and status notes, for every reader', async () => {
    const assignee = await service.db.cadre.findUniqueOrThrow({ where: { code: 'xy-grid' } });
    const description = [
      '我叫李大妈，电话１３６ １２３４ ５６７８，',
      '老伴电话+86 139-1234-5678，家里座机0813－8123456，',
      '身份证51030219900101123X，卡号6222 0212 3456 7890 123，阴沟堵了三天',
    ].join('');
    const res = await post({ description, address_string: '向阳社区花园路1栋 电话13700001111', first_name: '秀英', last_name: '王', phone: '13812345678' });
    expect(res.statusCode).toBe(201);
    const id = idOf(res);
    const actor = { kind: 'CADRE' as const, cadreId: supervisorId, supervisor: true };
    await cadreStep(service.cases, actor, id, { type: 'accept' }, new Date());
    await cadreStep(service.cases, actor, id, { type: 'progress', note: `${assignee.name}已联系王秀英，她的电话13812345678，明天清掏` }, new Date());

    const readers: [FastifyInstance, string][] = [[app, withKey(`/open311/v2/requests/${id}`, apiKey)], [publicApp, `/open311/v2/requests/${id}`]];
    for (const [on, base] of readers) {
      for (const format of ['json', 'xml'] as const) {
        const url = base.replace(`${id}`, `${id}.${format}`);
        const body = (await on.inject({ url })).body;
        expect(body).toContain(id);
        expect(withoutIdsAndTimes(body)).not.toMatch(LONG_DIGITS);
        expect(body).not.toMatch(/李大妈|王秀英|秀英|51030219900101123X/);
        expect(body).not.toContain(assignee.name);
        expect(body).toContain('阴沟堵了三天');
        expect(body).toContain('明天清掏');
      }
    }
    const [r] = (await app.inject({ url: withKey(`/open311/v2/requests/${id}.json`, apiKey) })).json();
    expect(r.description).toBe('我叫某，电话***，老伴电话***，家里座机***，身份证***，卡号***，阴沟堵了三天');
    expect(r.address).toBe('向阳社区 花园路1栋 电话***');
    expect(r.status_notes).toBe('某已联系某，她的电话***，明天清掏');
    // The list says the same as the single request.
    const listed = (await app.inject({ url: withKey(`/open311/v2/requests.json?service_request_id=${id}`, apiKey) })).json();
    expect(listed).toEqual([r]);
  });
});


describe('token kinds: admin tokens and Open311 keys apart', () => {
  it('refuses a cadre’s admin token as an Open311 api_key, to post or to read', async () => {
    const description = `干部令牌测试阴沟堵塞${uniqueKey('t')}`;
    expectOpen311Error(await post({ api_key: adminToken, description }), 403);
    expect(await service.db.case.count({ where: { description } })).toBe(0);
    expectOpen311Error(await app.inject({ url: withKey('/open311/v2/requests.json', adminToken) }), 403);
    expectOpen311Error(await app.inject({ url: withKey('/open311/v2/requests/GJ-20260101-0001.xml', adminToken) }), 403, 'xml');
  });

  it('refuses an Open311 key on the admin API, and a revoked key on Open311', async () => {
    expect((await app.inject({ url: '/admin/cases', headers: { authorization: `Bearer ${apiKey}` } })).statusCode).toBe(403);
    const revoked = await issueApiToken(service.db, { kind: 'OPEN311', label: 'revoked client' });
    await service.db.apiToken.updateMany({ where: { label: 'revoked client' }, data: { revokedAt: new Date() } });
    expectOpen311Error(await post({ api_key: revoked }), 403);
  });
});

describe('Open311 duplicates', () => {
  it('gives the same client’s repeat of the same report back instead of filing it again', async () => {
    const fields = report({ lat: '29.3456', long: '104.7123' });
    const first = await post(fields);
    expect(first.statusCode).toBe(201);
    const again = await post(fields);
    expect(again.statusCode).toBe(200);
    expect(idOf(again)).toBe(idOf(first));
    expect(again.json()).toEqual(first.json());
    const xml = await app.inject(form(fields, '/open311/v2/requests.xml'));
    expect(new XMLParser({ parseTagValue: false }).parse(xml.body).service_requests.request.service_request_id).toBe(idOf(first));
    expect(await service.db.case.count({ where: { description: fields.description } })).toBe(1);
    // Another place, or another client, is another report.
    expect(idOf(await post({ ...fields, lat: '29.3457' }))).not.toBe(idOf(first));
    expect(idOf(await post({ ...fields, api_key: otherKey }))).not.toBe(idOf(first));
    expect(await service.db.case.count({ where: { description: fields.description } })).toBe(3);
  });

  it('files one case for identical posts arriving at once', async () => {
    const fields = report();
    const all = await Promise.all(Array.from({ length: 6 }, () => post(fields)));
    expect(all.map((r) => r.statusCode).sort()).toEqual([200, 200, 200, 200, 200, 201]);
    expect(new Set(all.map(idOf)).size).toBe(1);
    expect(await service.db.case.count({ where: { description: fields.description } })).toBe(1);
  });

  it('files every post when the window is 0 (off)', async () => {
    const off = await buildApp({ service: { ...service, open311: { ...service.open311, duplicateWindowMs: 0 } }, logger: service.logger, rateLimitPerMinute: 100_000, rateLimitNamespace: `o311-off-${uniqueKey('n')}:` });
    try {
      const fields = report();
      const ids = [idOf(await post(fields, off)), idOf(await post(fields, off))];
      expect(new Set(ids).size).toBe(2);
    } finally {
      await off.close();
    }
  });
});

describe('Open311 residents have no chat channel', () => {
  it('writes no resident notices for filing, accepting, progress, resolving, updates or follow-ups', async () => {
    const res = await post({ phone: '13912340002' });
    const caseNumber = idOf(res);
    const actor = { kind: 'CADRE' as const, cadreId: supervisorId, supervisor: true };
    await cadreStep(service.cases, actor, caseNumber, { type: 'accept' }, new Date());
    await cadreStep(service.cases, actor, caseNumber, { type: 'progress', note: '已安排清掏' }, new Date());
    const later = new Date(Date.now() + 30 * 86_400_000);
    await service.cases.scheduled.updateResidents(later);
    await cadreStep(service.cases, actor, caseNumber, { type: 'resolve', note: '已疏通' }, new Date());
    await service.cases.scheduled.runFollowUps(new Date(Date.now() + 60 * 86_400_000));
    const rows = await service.db.outboxMessage.findMany({ where: { case: { caseNumber } }, select: { recipientKind: true, kind: true } });
    expect(rows.filter((r) => r.recipientKind === 'RESIDENT')).toEqual([]);
    expect(rows.map((r) => r.kind)).toContain('cadre.newCase');
    expect(await service.db.followUp.count({ where: { case: { caseNumber } } })).toBe(0);
    // The client reads how it stands instead.
    const [r] = (await app.inject({ url: withKey(`/open311/v2/requests/${caseNumber}.json`, apiKey) })).json();
    expect(r).toMatchObject({ status: 'closed', status_notes: '已疏通' });
  });
});
