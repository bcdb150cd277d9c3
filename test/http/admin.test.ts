import { runCli } from '../support/run-cli';
import { runTokenCommand } from '../../src/cli/token-command';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../src/http/app';
import { issueApiToken } from '../../src/access/api-tokens';
import { fileTestCase, startTestService, uniqueKey, type TestService } from '../support/test-service';

let service: TestService;
let app: FastifyInstance;
const token: Record<string, string> = {};

beforeAll(async () => {
  service = await startTestService();
  app = await buildApp({ service, logger: service.logger });
  for (const code of ['gj-sup-1', 'xy-grid', 'xy-sec', 'tj-grid']) {
    const cadre = await service.db.cadre.findUniqueOrThrow({ where: { code } });
    token[code] = await issueApiToken(service.db, { kind: 'CADRE', cadreId: cadre.id, label: code });
  }
  token.open311 = await issueApiToken(service.db, { kind: 'OPEN311', label: 'hotline' });
});
afterAll(async () => {
  await app.close();
  await service.close();
});

const file = (areaCode: string, categoryCode: string, description: string) =>
  fileTestCase(service, { areaCode, categoryCode, description, locationText: '1栋', households: 10 });

const as = (who: string, method: 'GET' | 'POST', url: string, payload?: object) =>
  app.inject({ method, url, headers: { authorization: `Bearer ${token[who]}` }, ...(payload ? { payload } : {}) });

describe('the admin API', () => {
  it('refuses a missing or wrong token, and an Open311 client key', async () => {
    expect((await app.inject({ url: '/admin/cases' })).statusCode).toBe(401);
    expect((await app.inject({ url: '/admin/cases', headers: { authorization: 'Bearer lx_nope' } })).statusCode).toBe(401);
    expect((await as('open311', 'GET', '/admin/cases')).statusCode).toBe(403);
  });

  it('shows a supervisor every area, and a cadre only their own', async () => {
    const xy = await file('GJ-XX-XY', 'DRAINAGE', `向阳社区阴沟堵塞${uniqueKey('d')}`);
    const tj = await file('GJ-QT-TJ', 'IRRIGATION', `团结村缺水${uniqueKey('d')}`);
    const all = (await as('gj-sup-1', 'GET', '/admin/cases?pageSize=200')).json();
    expect(all.cases.map((c: { caseNumber: string }) => c.caseNumber)).toEqual(expect.arrayContaining([xy.caseNumber, tj.caseNumber]));
    const mine = (await as('xy-grid', 'GET', '/admin/cases?pageSize=200')).json();
    expect(mine.cases.every((c: { area: { code: string } }) => c.area.code === 'GJ-XX-XY')).toBe(true);
    expect(mine.cases.some((c: { caseNumber: string }) => c.caseNumber === tj.caseNumber)).toBe(false);
    expect((await as('xy-grid', 'GET', `/admin/cases/${tj.caseNumber}`)).statusCode).toBe(404);
    const accept = await as('xy-grid', 'POST', `/admin/cases/${tj.caseNumber}/accept`);
    expect(accept.statusCode).toBe(404);
    expect((await service.db.case.findUniqueOrThrow({ where: { caseNumber: tj.caseNumber } })).status).toBe('ASSIGNED');
  });

  it('filters by ledger, area, status, overdue and text', async () => {
    const d = await file('GJ-XX-XY', 'DISPUTE', `邻居占地吵架${uniqueKey('d')}`);
    const q = (s: string) => as('gj-sup-1', 'GET', `/admin/cases?${s}&pageSize=200`).then((r) => r.json().cases as { caseNumber: string; ledger: string; status: string }[]);
    expect((await q('ledger=STABILITY')).every((c) => c.ledger === 'STABILITY')).toBe(true);
    expect((await q('ledger=STABILITY')).map((c) => c.caseNumber)).toContain(d.caseNumber);
    expect((await q('ledger=LIVELIHOOD')).map((c) => c.caseNumber)).not.toContain(d.caseNumber);
    expect((await q('area=GJ-QT-TJ')).map((c) => c.caseNumber)).not.toContain(d.caseNumber);
    expect((await q('status=ASSIGNED')).every((c) => c.status === 'ASSIGNED')).toBe(true);
    expect((await q('overdue=true')).map((c) => c.caseNumber)).not.toContain(d.caseNumber);
    expect((await q('q=占地吵架')).map((c) => c.caseNumber)).toContain(d.caseNumber);
    expect((await as('gj-sup-1', 'GET', '/admin/cases?ledger=NOPE')).statusCode).toBe(400);
  });

  it('lets the assignee accept, report progress and resolve from the web, with the WeChat rules and notices', async () => {
    const c = await file('GJ-XX-XY', 'DRAINAGE', '阴沟堵塞污水外流');
    expect((await as('xy-grid', 'POST', `/admin/cases/${c.caseNumber}/resolve`, { note: '好了' })).json().error.code).toBe('badTransition');
    expect((await as('xy-grid', 'POST', `/admin/cases/${c.caseNumber}/accept`)).json().status).toBe('ACCEPTED');
    expect((await as('xy-grid', 'POST', `/admin/cases/${c.caseNumber}/progress`, { note: '已联系施工队' })).json().status).toBe('IN_PROGRESS');
    expect((await as('xy-grid', 'POST', `/admin/cases/${c.caseNumber}/progress`, {})).statusCode).toBe(400);
    expect((await as('xy-grid', 'POST', `/admin/cases/${c.caseNumber}/resolve`, { note: '管道已疏通' })).json().status).toBe('RESOLVED');
    const detail = (await as('xy-grid', 'GET', `/admin/cases/${c.caseNumber}`)).json();
    expect(detail.timeline.map((e: { type: string }) => e.type)).toEqual(['FILED', 'ASSIGNED', 'ACCEPTED', 'PROGRESS', 'RESOLVED']);
    expect(detail.contactPhone).toBe('13912345678');
    const kinds = (await service.db.outboxMessage.findMany({ where: { caseId: c.caseId, recipientKind: 'RESIDENT' }, orderBy: { id: 'asc' } })).map((r) => r.kind);
    expect(kinds).toEqual(['resident.assigned', 'resident.accepted', 'resident.progress', 'resident.resolved']);
  });

  it('transfers a case to another village from the web', async () => {
    const c = await file('GJ-XX-XY', 'DRAINAGE', '其实在团结村的阴沟');
    const res = await as('xy-grid', 'POST', `/admin/cases/${c.caseNumber}/transfer`, { target: '团结村', reason: '属地不对' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ status: 'ASSIGNED', area: { code: 'GJ-QT-TJ' }, assignee: { code: 'tj-grid' } });
    // Now outside 向阳社区: no longer the old cadre's to see.
    expect((await as('xy-grid', 'GET', `/admin/cases/${c.caseNumber}`)).statusCode).toBe(404);
    expect((await as('tj-grid', 'GET', `/admin/cases/${c.caseNumber}`)).statusCode).toBe(200);
    expect((await as('tj-grid', 'POST', `/admin/cases/${c.caseNumber}/transfer`, { target: '月球村', reason: 'x' })).json().error.code).toBe('unknownTarget');
  });

  it('refuses a cadre of the same area who is not the assignee, and masks the phone for them', async () => {
    const c = await file('GJ-XX-XY', 'DRAINAGE', '阴沟又堵了');
    const refused = await as('xy-sec', 'POST', `/admin/cases/${c.caseNumber}/accept`);
    expect(refused.statusCode).toBe(403);
    expect(refused.json().error.message).toMatch(/不是交给您的/);
    expect((await as('xy-sec', 'GET', `/admin/cases/${c.caseNumber}`)).json().contactPhone).toBe('139****5678');
    // A supervisor may act on any case.
    expect((await as('gj-sup-1', 'POST', `/admin/cases/${c.caseNumber}/accept`)).statusCode).toBe(200);
  });

  it('lets a supervisor register a cadre and issue binding codes; a cadre may not', async () => {
    const body = { name: '新网格员', phone: '13922223333', area: '花园社区', categories: ['ROADS'] };
    expect((await as('xy-grid', 'POST', '/admin/cadres', body)).statusCode).toBe(403);
    const created = await as('gj-sup-1', 'POST', '/admin/cadres', body);
    expect(created.statusCode).toBe(201);
    expect(created.json().bindingCode).toMatch(/^[A-Z2-9]{8}$/);
    expect((await as('gj-sup-1', 'POST', '/admin/cadres', { ...body, phone: '1' })).statusCode).toBe(400);
    expect((await as('gj-sup-1', 'POST', `/admin/cadres/${created.json().code}/binding-code`)).json().bindingCode).toMatch(/^[A-Z2-9]{8}$/);
    const patch = (who: string, body: object) => app.inject({ method: 'PATCH', url: `/admin/cadres/${created.json().code}`, headers: { authorization: `Bearer ${token[who]}` }, payload: body });
    expect((await patch('xy-grid', { active: false })).statusCode).toBe(403);
    expect((await patch('gj-sup-1', { categories: ['SPACE'] })).statusCode).toBe(400);
    expect((await patch('gj-sup-1', {})).statusCode).toBe(400);
    expect((await patch('gj-sup-1', { active: false, categories: ['roads', 'drainage'] })).statusCode).toBe(200);
    expect(await service.db.cadre.findUniqueOrThrow({ where: { code: created.json().code } })).toMatchObject({ active: false, categories: ['ROADS', 'DRAINAGE'], wechatKey: null });
    const list = (await as('xy-grid', 'GET', '/admin/cadres')).json();
    expect(list.every((c: { area: { code: string } }) => c.area.code === 'GJ-XX-XY')).toBe(true);
  });

  it('gives the assessment figures for a period, within the caller’s areas', async () => {
    const res = await as('gj-sup-1', 'GET', '/admin/assessment?from=2020-01-01T00:00:00Z&to=2099-01-01T00:00:00Z');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ filed: expect.any(Number), responseRate: expect.anything() });
    expect(res.json().filed).toBeGreaterThan(0);
    expect((await as('gj-sup-1', 'GET', '/admin/assessment?from=yesterday&to=today')).statusCode).toBe(400);
  });
});

describe('exports over HTTP', () => {
  it('gives a supervisor the six-sheet workbook and a cadre their area, phones in full only on the caller’s own cases', async () => {
    const ExcelJS = (await import('exceljs')).default;
    const xy = await file('GJ-XX-XY', 'DRAINAGE', '导出测试阴沟堵塞');
    const tj = await file('GJ-QT-TJ', 'IRRIGATION', '导出测试缺水');
    const read = async (who: string) => {
      const res = await app.inject({ url: '/admin/export.xlsx', headers: { authorization: `Bearer ${token[who]}` } });
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toMatch(/spreadsheetml/);
      const book = new ExcelJS.Workbook();
      await book.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
      return book;
    };
    const rowsOf = (book: InstanceType<typeof ExcelJS.Workbook>) => {
      const out: string[][] = [];
      book.getWorksheet('民生诉求台账')!.eachRow((row, n) => {
        if (n > 1) out.push((row.values as unknown[]).slice(1).map((v) => String(v ?? '')));
      });
      return out;
    };
    const all = await read('gj-sup-1');
    // The six ledgers, then the visits (五访五问).
    expect(all.worksheets.map((w) => w.name)).toEqual(['民生诉求台账', '困难群众台账', '稳定工作台账', '村情台账', '民情台账', '党情台账', '五访五问走访台账']);
    const supRows = rowsOf(all);
    expect(supRows.find((r) => r[1] === xy.caseNumber)?.[4]).toBe('139****5678');
    expect(supRows.some((r) => r[1] === tj.caseNumber)).toBe(true);
    // xy-grid is the assignee of the drainage case: the one who sees its phone.
    const mine = rowsOf(await read('xy-grid'));
    expect(mine.find((r) => r[1] === xy.caseNumber)?.[4]).toBe('13912345678');
    expect(rowsOf(await read('xy-sec')).find((r) => r[1] === xy.caseNumber)?.[4]).toBe('139****5678');
    expect(mine.some((r) => r[1] === tj.caseNumber)).toBe(false);
    const csv = await app.inject({ url: '/admin/export.csv', headers: { authorization: `Bearer ${token['xy-grid']}` } });
    expect(csv.headers['content-type']).toMatch(/text\/csv/);
    expect(csv.body).toContain(xy.caseNumber);
    expect((await app.inject({ url: '/admin/export.pdf', headers: { authorization: `Bearer ${token['xy-grid']}` } })).statusCode).toBe(400);
  });

  it('gives the assessment per area and per cadre within the caller’s areas', async () => {
    const res = (await as('xy-grid', 'GET', '/admin/assessment?from=2020-01-01T00:00:00Z&to=2099-01-01T00:00:00Z')).json();
    expect(res.areas.map((a: { code: string }) => a.code)).toEqual(['GJ-XX-XY']);
    expect(res.cadres.every((c: { areaName: string }) => c.areaName === '向阳社区')).toBe(true);
  });
});

describe('lianxin token', () => {
  const run = async (args: string[]) => {
    const r = await runCli(runTokenCommand, args);
    return { ...r, out: r.out.trim() };
  };

  it('creates a cadre token that opens the admin API, and revokes it', async () => {
    const created = await run(['create', '--cadre', 'xy-grid']);
    expect(created.code).toBe(0);
    const res = await app.inject({ url: '/admin/cases', headers: { authorization: `Bearer ${created.out}` } });
    expect(res.statusCode).toBe(200);
    const id = (await service.db.apiToken.findFirstOrThrow({ orderBy: { id: 'desc' } })).id;
    expect((await run(['revoke', String(id)])).code).toBe(0);
    expect((await app.inject({ url: '/admin/cases', headers: { authorization: `Bearer ${created.out}` } })).statusCode).toBe(401);
  });

  it.each([[['create']], [['create', '--cadre', 'nobody']], [['create', '--open311']], [['revoke', 'x']], [['frob']]])('refuses %j with the reason', async (args) => {
    const r = await run(args as string[]);
    expect(r.code).toBe(2);
    expect(r.err.length).toBeGreaterThan(0);
  });
});
