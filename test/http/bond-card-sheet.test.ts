import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../src/http/app';
import { issueApiToken } from '../../src/access/api-tokens';
import { startTestService, type TestService } from '../support/test-service';
import { scratchDb } from '../support/scratch-db';
import { deskBrowser } from '../support/desk-browser';
import { readCardSheet } from '../support/read-card-sheet';

let scratch: { url: string; drop: () => Promise<void> };
let service: TestService;
let app: FastifyInstance;
const token: Record<string, string> = {};
const BASE = 'https://lianxin.example.gov.cn';

beforeAll(async () => {
  // A database of its own: the test counts a community's cards, which other files also make.
  scratch = await scratchDb('cards', { migrate: true });
  service = await startTestService({ DATABASE_URL: scratch.url });
  app = await buildApp({ service, logger: service.logger, rateLimitNamespace: `cards-${Date.now()}:`, publicBaseUrl: BASE });
  for (const code of ['gj-sup-1', 'xy-grid', 'hy-sec']) {
    const cadre = await service.db.cadre.findUniqueOrThrow({ where: { code } });
    token[code] = await issueApiToken(service.db, { kind: 'CADRE', cadreId: cadre.id, label: `cards ${code}` });
  }
});
afterAll(async () => {
  await app.close();
  await service.close();
  await scratch.drop();
});

const cardsOf = (areaCode: string) =>
  service.db.bondCard.findMany({ where: { area: { code: areaCode }, revokedAt: null }, orderBy: { id: 'asc' }, select: { code: true } });

describe('bond cards on the dashboard', () => {
  it('lets a supervisor create cards for a community, revoke one, and print the rest as an A4 PDF in Chinese whose QR codes open the web chat', async () => {
    const sup = await deskBrowser(app, token['gj-sup-1']!);
    const overview = await sup.get('/cards');
    expect(overview.body).toMatch(/data-area="GJ-XX-HY"[\s\S]*?href="\/cards\?area=GJ-XX-HY"/);
    const area = await sup.get('/cards?area=GJ-XX-HY');
    expect(area.statusCode).toBe(200);
    expect(area.body).toContain('<option value="hy-sec">孙丽娟</option>');

    const made = await sup.post('/cards/create', { area: 'GJ-XX-HY', cadre: 'hy-sec', count: '13' });
    expect(made.statusCode).toBe(303);
    expect(made.headers.location).toBe('/cards?area=GJ-XX-HY&created=13');
    expect((await sup.get(made.headers.location as string)).body).toContain('已生成 13 张连心卡');
    const first = (await cardsOf('GJ-XX-HY'))[0]!.code;
    const revoked = await sup.post('/cards/revoke', { code: first });
    expect(revoked.statusCode).toBe(303);
    const listed = (await sup.get('/cards?area=GJ-XX-HY')).body;
    expect(listed).toMatch(new RegExp(`data-card="${first}"[\\s\\S]*?已停用`));
    expect(listed).toContain('href="/cards/sheet.pdf?area=GJ-XX-HY"');

    const res = await sup.get('/cards/sheet.pdf?area=GJ-XX-HY');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    expect(res.headers['content-disposition']).toBe('attachment; filename="bond-cards-GJ-XX-HY.pdf"');
    const active = (await cardsOf('GJ-XX-HY')).map((c) => c.code);
    expect(active).toHaveLength(12);
    const sheet = await readCardSheet(res.rawPayload, active.length);
    expect(sheet.pages).toBe(2); // ten cards a page
    const all = sheet.pageTexts.join('\n');
    expect(sheet.pageTexts[0]!.match(/干群连心卡/g)).toHaveLength(10);
    expect(sheet.pageTexts[1]!.match(/干群连心卡/g)).toHaveLength(2);
    expect(all).toContain('孙丽娟');
    expect(all).toContain('党组织书记');
    expect(all).toContain('花园社区');
    expect(all).toContain('电话 13800000141'); // the demo district prints phones (bondCards.printPhone)
    expect(all).toContain('微信扫一扫，或加好友时写上卡号');
    for (const code of active) expect(all).toContain(`卡号 ${code}`);
    expect(all).not.toContain(first);
    expect(sheet.qrLinks).toEqual(active.map((code) => `${BASE}/chat?card=${code}`));
  });

  it("lets a cadre manage only their own area's cards, and refuses bad input without changing anything", async () => {
    const grid = await deskBrowser(app, token['xy-grid']!);
    expect((await grid.get('/cards')).body).not.toContain('data-area="GJ-XX-HY"');
    expect((await grid.get('/cards?area=GJ-XX-HY')).statusCode).toBe(404);
    expect((await grid.get('/cards/sheet.pdf?area=GJ-XX-HY')).statusCode).toBe(404);
    const before = await service.db.bondCard.count();
    expect((await grid.post('/cards/create', { area: 'GJ-XX-HY', cadre: 'hy-sec', count: '2' })).statusCode).toBe(404);
    const other = (await cardsOf('GJ-XX-HY'))[0]!.code;
    expect((await grid.post('/cards/revoke', { code: other })).statusCode).toBe(404);
    for (const count of ['0', '101', 'abc', '-3', '1e2']) {
      const r = await grid.post('/cards/create', { area: 'GJ-XX-XY', cadre: 'xy-grid', count });
      expect(r.statusCode).toBe(200);
      expect(r.body).toContain('张数请填 1 到 100 之间的整数');
    }
    // A cadre of another area is not a cadre for this area's cards.
    expect((await grid.post('/cards/create', { area: 'GJ-XX-XY', cadre: 'hy-sec', count: '2' })).body).toContain('请选择这个村（社区）在岗的干部');
    expect((await grid.get('/cards/sheet.pdf?area=GJ-XX-XY')).body).toContain('还没有有效的连心卡');
    expect((await grid.get('/cards/sheet.pdf')).statusCode).toBe(400);
    expect(await service.db.bondCard.count()).toBe(before);
    const mine = await grid.post('/cards/create', { area: 'GJ-XX-XY', cadre: 'xy-grid', count: '1' });
    expect(mine.statusCode).toBe(303);
    const pdf = await grid.get('/cards/sheet.pdf?area=GJ-XX-XY');
    const sheet = await readCardSheet(pdf.rawPayload, 1);
    expect(sheet.pages).toBe(1);
    expect(sheet.pageTexts[0]).toContain('吴志强');
    expect(sheet.qrLinks[0]).toMatch(new RegExp(`^${BASE}/chat\\?card=[A-Z0-9]{6}$`));
  });
});
