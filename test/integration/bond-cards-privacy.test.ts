import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PNG } from 'pngjs';
import jsQR from 'jsqr';
import type { FastifyInstance } from 'fastify';
import { runCli } from '../support/run-cli';
import { startTestService, type TestService, uniqueKey } from '../support/test-service';
import { runCardCommand } from '../../src/cli/card-command';
import { bondCardLink } from '../../src/cards/bond-card-code';
import { createBondCards } from '../../src/cards/bond-cards';
import { renderCardSheet } from '../../src/cards/card-sheet';
import { caseScope, phoneFor } from '../../src/cases/case-visibility';
import { cadreViewer } from '../../src/cases/cadre-viewer';
import { refusalText } from '../../src/messages/zh-CN';
import { CaseRefusal } from '../../src/cases/case-change';
import { loadLedgerRows } from '../../src/export/ledger-export';
import { buildApp } from '../../src/http/app';
import { privacyTexts } from '../../src/messages/zh-CN';
import { recordConsent, residentRecords } from '../../src/privacy/personal-data';

let service: TestService;
let dir: string;
const BASE = 'https://lianxin.example.gov.cn/';

beforeAll(async () => {
  service = await startTestService();
  dir = mkdtempSync(path.join(tmpdir(), 'lx-cards-'));
});
afterAll(async () => {
  await service.close();
  rmSync(dir, { recursive: true, force: true });
});

const cadreId = async (code: string) => (await service.db.cadre.findUniqueOrThrow({ where: { code } })).id;

function fileCase(areaCode: string, categoryCode: string, phone: string) {
  return service.cases.fileCase({
    channel: 'wechat', residentKey: uniqueKey('LX'), residentName: `居民${uniqueKey('n')}`, confirmMessageId: uniqueKey('m'), description: `测试${categoryCode}`, categoryCode, areaCode,
    locationText: '1栋', households: 1, priority: 'SERIOUS', phone, classifierWords: [], attachments: [], at: new Date(),
  });
}

describe('lianxin card and the printable sheet', () => {
  const run = (args: string[]) => runCli(runCardCommand, args, { ...process.env, PUBLIC_BASE_URL: BASE });

  it('creates, lists and revokes cards, and prints a PNG sheet whose every QR code decodes to its card’s link', async () => {
    const created = await run(['create', '--area', 'GJ-QT-ST', '--cadre', 'st-sec', '--count', '4']);
    expect(created.code).toBe(0);
    const codes = created.out.trim().split('\n').map((l) => l.split('\t')[0]!);
    expect(codes).toHaveLength(4);
    for (const code of codes) expect(code).toMatch(/^[2-9A-HJKMNP-Z]{6}$/);
    expect((await run(['revoke', codes[3]!.toLowerCase()])).out).toContain(`card ${codes[3]} revoked`);
    expect((await run(['revoke', codes[3]!])).code).toBe(2);
    const listed = (await run(['list', '--area', 'GJ-QT-ST'])).out;
    expect(listed).toMatch(new RegExp(`${codes[3]}\\t.*\\trevoked`));
    expect(listed).toMatch(new RegExp(`${codes[0]}\\t.*\\tactive`));

    const out = path.join(dir, 'sheet.png');
    const sheet = await run(['sheet', '--area', 'GJ-QT-ST', '--out', out]);
    expect(sheet.code).toBe(0);
    const png = PNG.sync.read(readFileSync(out));
    expect([png.width, png.height]).toEqual([1340, 670]);

    // Each card's cell, cut out of the printed sheet, decodes to that card's link.
    const layout = await renderCardSheet({ db: service.db, publicBaseUrl: BASE }, { areaCode: 'GJ-QT-ST' });
    expect(layout.cards.map((c) => c.code)).toEqual(codes.slice(0, 3));
    for (const card of layout.cards) {
      const { x, y, width, height } = card.box;
      const cell = new Uint8ClampedArray(width * height * 4);
      for (let row = 0; row < height; row++) {
        const from = ((y + row) * png.width + x) * 4;
        cell.set(png.data.subarray(from, from + width * 4), row * width * 4);
      }
      expect(jsQR(cell, width, height)?.data).toBe(`https://lianxin.example.gov.cn/chat?card=${card.code}`);
      expect(card.link).toBe(bondCardLink(BASE, card.code));
    }
  });

  it('refuses a sheet for an area without cards, and a card for an unknown cadre', async () => {
    expect((await run(['sheet', '--area', 'GJ-LT-HS', '--out', path.join(dir, 'none.png')])).err).toMatch(/no active bond cards/);
    expect((await run(['create', '--area', 'GJ-LT-HS', '--cadre', 'nobody'])).err).toMatch(/no active cadre/);
  });
});

describe('the web chat opened from a card’s QR link', () => {
  let app: FastifyInstance;
  beforeAll(async () => {
    app = await buildApp({ service, logger: service.logger, rateLimitNamespace: `cards-${Date.now()}:` });
  });
  afterAll(async () => app.close());

  it('presents the card: the notice first, then the tie once the resident agrees', async () => {
    const [card] = await createBondCards(service.db, { area: 'GJ-XX-XY', cadreCode: 'xy-sec', count: 1, at: new Date() });
    const page = await app.inject({ url: `/chat?card=${card!.code.toLowerCase()}` });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('同意请回复“同意”');
    const cookie = String(page.headers['set-cookie']).split(';')[0]!;
    const agreed = await app.inject({ method: 'POST', url: '/chat/messages', headers: { cookie }, payload: { text: '同意' } });
    expect(agreed.json().replies.join('')).toContain('收到您的连心卡：向阳社区');
    const resident = await service.db.resident.findFirstOrThrow({ where: { channel: 'web', bondCard: { code: card!.code } } });
    expect(resident.consentAt).not.toBeNull();
    // An unknown code gets the plain page; markup in the parameter never reaches it.
    const plain = await app.inject({ url: '/chat?card=%3Cscript%3E' });
    expect(plain.body).not.toContain('<script>');
    expect(plain.body).not.toContain(privacyTexts.notice.slice(0, 10));
  });
});

describe('hardship and dispute cases, and phone numbers', () => {
  it('shows a dispute case only to its assignee and supervisors, and its phone only to the assignee', async () => {
    const phone = '13700001111';
    const dispute = await fileCase('GJ-XX-XY', 'DISPUTE', phone);
    const drain = await fileCase('GJ-XX-XY', 'DRAINAGE', phone);
    const row = await service.db.case.findUniqueOrThrow({ where: { caseNumber: dispute.caseNumber } });
    expect(row.assigneeId).toBe(await cadreId('xy-sec'));
    const grid = (await cadreViewer(service.db, await cadreId('xy-grid')))!;
    const sec = (await cadreViewer(service.db, await cadreId('xy-sec')))!;
    const town = (await cadreViewer(service.db, await cadreId('xx-town-1')))!;
    const sup = (await cadreViewer(service.db, await cadreId('gj-sup-1')))!;
    const sees = async (v: typeof grid, caseNumber: string) => (await service.db.case.count({ where: { caseNumber, ...caseScope(v) } })) === 1;
    expect(await sees(grid, dispute.caseNumber)).toBe(false);
    expect(await sees(town, dispute.caseNumber)).toBe(false);
    expect(await sees(sec, dispute.caseNumber)).toBe(true);
    expect(await sees(sup, dispute.caseNumber)).toBe(true);
    expect(await sees(grid, drain.caseNumber)).toBe(true);
    expect(await sees(town, drain.caseNumber)).toBe(true);
    // Callers' own AND/OR filters next to the scope do not widen it.
    expect(await service.db.case.count({ where: { ...caseScope(grid), OR: [{ caseNumber: dispute.caseNumber }], AND: [{ ledger: 'STABILITY' }] } })).toBe(0);

    expect(phoneFor(sec, row)).toBe(phone);
    expect(phoneFor(sup, row)).toBe('137****1111');
    expect(phoneFor(grid, row)).toBe('137****1111');

    // WeChat: 案件 <编号> follows the same rule; the dispute is "not found" to the grid worker.
    const as = (cadreIdOf: number, supervisor = false) => ({ kind: 'CADRE' as const, cadreId: cadreIdOf, supervisor });
    const show = (who: { cadreId: number; supervisor: boolean }, caseNumber: string) => service.cases.showCase(who, caseNumber);
    expect(await show(as(grid.cadreId), dispute.caseNumber)).toEqual({ found: false, text: refusalText({ code: 'notFound', caseNumber: dispute.caseNumber }) });
    expect((await show(as(sec.cadreId), dispute.caseNumber)).text).toContain(phone);
    const supSees = (await show(as(sup.cadreId, true), dispute.caseNumber)).text;
    expect(supSees).toContain('137****1111');
    expect(supSees).not.toContain(phone);
    const leadReads = (await show(as(sec.cadreId), drain.caseNumber)).text;
    expect(leadReads).toContain('137****1111');
    // Acting on it: not even named to another cadre, by the service nor by the use case itself.
    expect(await service.cases.step(as(grid.cadreId), dispute.caseNumber, { type: 'accept' }, new Date())).toMatchObject({ ok: false, refusal: 'notVisible' });
    const { acceptCase } = await import('../../src/cases/accept-case');
    const useCaseDeps = { db: service.db, district: service.district, showCadrePhone: false };
    await expect(acceptCase(useCaseDeps, { caseNumber: dispute.caseNumber, actor: as(grid.cadreId), at: new Date() })).rejects.toBeInstanceOf(CaseRefusal);
    await expect(acceptCase(useCaseDeps, { caseNumber: dispute.caseNumber, actor: as(grid.cadreId), at: new Date() })).rejects.toMatchObject({ code: 'notFound' });

    // Exports for a signed-in cadre: the same scope, phones masked except on their own cases.
    const gridRows = await loadLedgerRows(service.db, service.district, { showPhones: false, viewer: grid });
    expect(gridRows.some((r) => r.values[0] === dispute.caseNumber)).toBe(false);
    const supRows = await loadLedgerRows(service.db, service.district, { showPhones: false, viewer: sup });
    expect(supRows.find((r) => r.values[0] === dispute.caseNumber)?.values[3]).toBe('137****1111');
    const secRows = await loadLedgerRows(service.db, service.district, { showPhones: false, viewer: sec });
    expect(secRows.find((r) => r.values[0] === dispute.caseNumber)?.values[3]).toBe(phone);
  });
});

describe('retention', () => {
  it('anonymises the personal data of cases closed longer ago than RETENTION_DAYS, and only those', async () => {
    const now = new Date();
    const day = 24 * 3_600_000;
    const old = await fileCase('GJ-QT-TJ', 'ROADS', '13600002222');
    const recent = await fileCase('GJ-QT-TJ', 'ROADS', '13600003333');
    const open = await fileCase('GJ-QT-TJ', 'ROADS', '13600004444');
    await service.db.case.update({ where: { caseNumber: old.caseNumber }, data: { status: 'CLOSED', closedAt: new Date(now.getTime() - 400 * day), description: '路坏了，电话13600002222' } });
    await service.db.case.update({ where: { caseNumber: recent.caseNumber }, data: { status: 'CLOSED', closedAt: new Date(now.getTime() - 10 * day) } });
    const retention = { retentionMs: 365 * day };
    expect(await service.cases.scheduled.anonymiseClosedCases(now, retention)).toBeGreaterThanOrEqual(1);
    const after = async (n: string) => service.db.case.findUniqueOrThrow({ where: { caseNumber: n }, include: { resident: true } });
    const gone = await after(old.caseNumber);
    expect(gone.contactPhone).toBeNull();
    expect(gone.description).not.toContain('13600002222');
    expect(gone.anonymisedAt).not.toBeNull();
    expect(gone.resident).toMatchObject({ displayName: null, phone: null });
    expect(await service.db.outboxMessage.count({ where: { caseId: gone.id, text: { contains: '13600002222' } } })).toBe(0);
    expect((await after(recent.caseNumber)).contactPhone).toBe('13600003333');
    expect((await after(open.caseNumber)).contactPhone).toBe('13600004444');
    // Run again: nothing left to do for it.
    expect(await service.cases.scheduled.anonymiseClosedCases(now, retention)).toBe(0);
  });

  it('is a scheduled job, and reads the due cases through the (anonymisedAt, closedAt) index', async () => {
    const { JOBS } = await import('../../src/schedules/jobs');
    expect(JOBS.map((j) => j.name)).toContain('retention');
    const plan = await service.db.$transaction(async (tx) => {
      await tx.$executeRawUnsafe('SET LOCAL enable_seqscan = off');
      return tx.$queryRawUnsafe<{ 'QUERY PLAN': string }[]>(
        `EXPLAIN SELECT id FROM "Case" WHERE "anonymisedAt" IS NULL AND "closedAt" <= now() ORDER BY "closedAt" LIMIT 200`,
      );
    });
    expect(plan.map((p) => p['QUERY PLAN']).join('\n')).toContain('Case_anonymisedAt_closedAt_idx');
  });
});

describe('a resident’s record, read back', () => {
  it('gives the consent’s instant whatever the process’s time zone (the column holds UTC)', async () => {
    const url = service.config.DATABASE_URL;
    if (!url) return; // the embedded database: one process, nothing to read from another
    const who = { channel: 'web', residentKey: uniqueKey('tz') };
    const at = new Date('2026-11-30T01:02:03.000Z');
    await recordConsent(service.db, who, at);
    // Read in a process of its own in China's time zone (jest's process.env does not reach the
    // clock): a driver that parsed the column as local time would be 8 hours off there.
    const dist = path.resolve(__dirname, '../../dist');
    const script = `const { createDb } = require(${JSON.stringify(`${dist}/db/client`)});
      const { residentRecords } = require(${JSON.stringify(`${dist}/privacy/personal-data`)});
      residentRecords(createDb(${JSON.stringify(url)}), [${JSON.stringify(who)}])
        .then(([r]) => { process.stdout.write(r.consentAt.toISOString()); process.exit(0); }, (e) => { console.error(e); process.exit(1); });`;
    const read = execFileSync(process.execPath, ['-e', script], { env: { ...process.env, TZ: 'Asia/Shanghai' }, encoding: 'utf8' });
    expect(read).toBe(at.toISOString());
  });
});
