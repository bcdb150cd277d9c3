import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { scratchDb } from '../support/scratch-db';
import { buildApp } from '../../src/http/app';
import { issueApiToken } from '../../src/access/api-tokens';
import type { Priority } from '../../src/domain/ledger';
import { startTestService, uniqueKey, type TestService } from '../support/test-service';
import { deskBrowser } from '../support/desk-browser';

/**
 * Issue 16, the desk's ledger, case page and assessment, over HTTP: each "Why" bullet as a check
 * that failed on the earlier pages. The assessment runs on its own clock in 2031, so the cases the
 * other tests file do not move its figures.
 */
let scratch: { url: string; drop: () => Promise<void> };
let service: TestService;
let app: FastifyInstance;
let later: FastifyInstance;
const LATER = new Date('2031-01-20T04:00:00Z');
const token: Record<string, string> = {};
const photos = mkdtempSync(path.join(os.tmpdir(), 'desk-photos-'));

beforeAll(async () => {
  // A database of its own: the assessment's overdue list and rankings read every case the supervisor sees.
  scratch = await scratchDb('desk_views', { migrate: true });
  service = await startTestService({ DATABASE_URL: scratch.url });
  app = await buildApp({ service, logger: service.logger, rateLimitNamespace: `views-${Date.now()}:`, attachmentsDir: photos });
  later = await buildApp({ service, logger: service.logger, rateLimitNamespace: `views-later-${Date.now()}:`, clock: () => LATER, attachmentsDir: photos });
  for (const code of ['gj-sup-1', 'xy-grid', 'xy-sec', 'tj-grid']) {
    const cadre = await service.db.cadre.findUniqueOrThrow({ where: { code } });
    token[code] = await issueApiToken(service.db, { kind: 'CADRE', cadreId: cadre.id, label: `views ${code}` });
  }
});
afterAll(async () => {
  await app.close();
  await later.close();
  await service.close();
  await scratch.drop();
});

const file = (description: string, o: { priority?: Priority; at?: Date; area?: string; category?: string; attachments?: { ref: string; mime: string }[] } = {}) =>
  service.cases.fileCase({
    channel: 'wechat', residentKey: uniqueKey('LX'), confirmMessageId: uniqueKey('m'), description, categoryCode: o.category ?? 'DRAINAGE',
    areaCode: o.area ?? 'GJ-XX-XY', locationText: '花园路1栋', households: 12, priority: o.priority ?? 'SERIOUS', phone: '13912345678',
    classifierWords: [], attachments: o.attachments ?? [], at: o.at ?? new Date(),
  });
const rowOf = (body: string, no: string) => new RegExp(`<tr[^>]*data-case="${no}"[\\s\\S]*?</tr>`).exec(body)?.[0] ?? '';
const numbers = (body: string) => [...body.matchAll(/data-case="([^"]+)"/g)].map((m) => m[1]);

describe('the ledger', () => {
  it('counts 待受理 / 办理中 / 超期 / 今日到期 / 本周办结 at the top, and each counter filters the ledger', async () => {
    const tag = uniqueKey('计数');
    const waiting = await file(`阴沟堵塞 ${tag}`);
    const late = await file(`急事 ${tag}`, { priority: 'URGENT' });
    await service.db.case.update({ where: { caseNumber: late.caseNumber }, data: { acceptDueAt: new Date(Date.now() - 60_000) } });
    const sup = await deskBrowser(app, token['gj-sup-1']!);
    const page = (await sup.get('/ledger')).body;
    for (const k of ['pending', 'working', 'overdue', 'dueToday', 'doneThisWeek']) expect(page).toMatch(new RegExp(`data-counter="${k}" href="/ledger\\?view=${k}"[^>]*><strong>\\d+</strong>`));
    expect(Number(/data-counter="overdue"[^>]*><strong>(\d+)</.exec(page)![1])).toBeGreaterThanOrEqual(1);
    const overdue = (await sup.get(`/ledger?view=overdue&q=${encodeURIComponent(tag)}`)).body;
    expect(numbers(overdue)).toEqual([late.caseNumber]);
    const pending = (await sup.get(`/ledger?view=pending&q=${encodeURIComponent(tag)}`)).body;
    expect(numbers(pending).sort()).toEqual([waiting.caseNumber, late.caseNumber].sort());
    expect(numbers((await sup.get(`/ledger?view=working&q=${encodeURIComponent(tag)}`)).body)).toEqual([]);
    expect((await sup.get('/ledger?view=nope')).statusCode).toBe(400);
  });

  it('shows the accept and resolve deadlines with the time left: red once missed, amber in the last 20 %', async () => {
    const tag = uniqueKey('期限');
    const missed = await file(`急 ${tag}`, { priority: 'URGENT' });
    const soon = await file(`快到期 ${tag}`);
    const fine = await file(`不急 ${tag}`);
    const now = Date.now();
    await service.db.case.update({ where: { caseNumber: missed.caseNumber }, data: { acceptDueAt: new Date(now - 3 * 3600_000) } });
    await service.db.case.update({ where: { caseNumber: soon.caseNumber }, data: { createdAt: new Date(now - 20 * 3600_000), acceptDueAt: new Date(now + 2 * 3600_000) } });
    const sup = await deskBrowser(app, token['gj-sup-1']!);
    const body = (await sup.get(`/ledger?q=${encodeURIComponent(tag)}`)).body;
    expect(rowOf(body, missed.caseNumber)).toMatch(/data-due="accept" data-state="late">[\s\S]*超期 3小时/);
    expect(rowOf(body, soon.caseNumber)).toMatch(/data-due="accept" data-state="soon">[\s\S]*剩 2小时/);
    expect(rowOf(body, fine.caseNumber)).toMatch(/data-due="accept" data-state="ok">[\s\S]*剩 (1天|2[34]小时)/);
    expect(rowOf(body, fine.caseNumber)).toMatch(/data-due="resolve" data-state="ok">[\s\S]*剩 \d+天/);
  });

  it('filters 未办结 (every open status) and sorts by what is due first, then urgency', async () => {
    const tag = uniqueKey('排序');
    const slow = await file(`先登记后到期 ${tag}`, { priority: 'DEFERRABLE' });
    const serious = await file(`较重 ${tag}`);
    const urgent = await file(`紧急 ${tag}`, { priority: 'URGENT' });
    const done = await file(`已办结 ${tag}`);
    const due = new Date(Date.now() + 5 * 3600_000);
    await service.db.case.updateMany({ where: { caseNumber: { in: [serious.caseNumber, urgent.caseNumber] } }, data: { acceptDueAt: due } });
    await service.db.case.update({ where: { caseNumber: done.caseNumber }, data: { status: 'RESOLVED', acceptedAt: new Date(), resolvedAt: new Date() } });
    const sup = await deskBrowser(app, token['gj-sup-1']!);
    const all = numbers((await sup.get(`/ledger?q=${encodeURIComponent(tag)}`)).body);
    expect(all).toEqual([urgent.caseNumber, serious.caseNumber, slow.caseNumber, done.caseNumber]);
    const open = numbers((await sup.get(`/ledger?status=OPEN&q=${encodeURIComponent(tag)}`)).body);
    expect(open).toEqual([urgent.caseNumber, serious.caseNumber, slow.caseNumber]);
    expect((await sup.get('/ledger')).body).toContain('<option value="OPEN">未办结</option>');
  });

  it('shows reporters and households, and the problem without the greeting (in full on the case page)', async () => {
    const tag = uniqueKey('问候');
    const text = `您好，王书记，花园路1栋阴沟堵塞污水外流 ${tag}，谢谢！`;
    const c = await file(text);
    await service.db.case.update({ where: { caseNumber: c.caseNumber }, data: { reporterCount: 3, households: 40 } });
    const sup = await deskBrowser(app, token['gj-sup-1']!);
    const row = rowOf((await sup.get(`/ledger?q=${encodeURIComponent(tag)}`)).body, c.caseNumber);
    expect(row).toContain('<td class="people" data-people>3人 · 40户</td>');
    expect(row).toMatch(/<td class="desc">花园路1栋阴沟堵塞污水外流/);
    expect(row).not.toMatch(/您好|王书记|谢谢/);
    expect((await sup.get(`/cases/${c.caseNumber}`)).body).toContain(text);
  });
});

describe('the case page', () => {
  it('puts the facts beside the timeline, with countdowns, who acted, the category as a field, and the priority once', async () => {
    const c = await file(`阴沟堵塞 ${uniqueKey('页')}`);
    const sup = await deskBrowser(app, token['gj-sup-1']!);
    const body = (await sup.get(`/cases/${c.caseNumber}`)).body;
    expect(body).toMatch(/<div class="case-grid">\s*<section class="facts"[\s\S]*<section class="history">[\s\S]*<ol class="timeline">/);
    expect(body).toMatch(/data-due="accept" data-state="ok">[\s\S]*剩 /);
    expect(body).toMatch(/data-due="resolve" data-state="ok">[\s\S]*剩 /);
    const steps = body.match(/<li><time>/g)?.length ?? 0;
    expect(steps).toBeGreaterThanOrEqual(2);
    expect(body.match(/data-by>（[^）]+）/g)?.length).toBe(steps);
    expect(body).toMatch(/<dt>类别<\/dt><dd>[^<]+<\/dd>/);
    expect(body).not.toMatch(/<h2>[^<]*排水/);
    expect(body).not.toContain('重 较重');
  });

  it('makes the action the status waits for stand out, never preselects the viewer, groups cadres by area, and offers tap-to-call', async () => {
    const c = await file(`阴沟堵塞 ${uniqueKey('办')}`);
    const row = await service.db.case.findUniqueOrThrow({ where: { caseNumber: c.caseNumber }, include: { assignee: true } });
    const sup = await deskBrowser(app, token['gj-sup-1']!);
    const body = (await sup.get(`/cases/${c.caseNumber}`)).body;
    expect(body).toMatch(/<form [^>]*class="primary" data-action="accept">[\s\S]*?<button name="action" value="accept" class="primary">/);
    expect(body).toMatch(/class="secondary" data-action="transfer"/);
    const select = /<select name="target" required>([\s\S]*?)<\/select>/.exec(body)![1]!;
    expect(select).toMatch(/^\s*<option value="" selected disabled>请选择交给谁<\/option>/);
    expect(select.match(/ selected/g)).toHaveLength(1);
    expect(select).not.toContain('value="gj-sup-1"');
    expect(select).toMatch(/<optgroup label="团结村"><option value="tj-sec">[^<]*<\/option><option value="tj-grid">/);
    expect(body).toMatch(new RegExp(`data-assignee>${row.assignee!.name} <a class="tel" href="tel:${row.assignee!.phone}"`));
    // The resident's phone: masked text for the supervisor, a tel: link for the assignee alone.
    expect(body).toMatch(/data-phone>139\*\*\*\*5678<\/dd>/);
    const mine = await deskBrowser(app, token[row.assignee!.code]!);
    const own = (await mine.get(`/cases/${c.caseNumber}`)).body;
    expect(own).toContain('data-phone><a class="tel" href="tel:13912345678">13912345678</a>');
    expect(/<select name="target" required>([\s\S]*?)<\/select>/.exec(own)![1]!).not.toContain(`value="${row.assignee!.code}"`);
    // Once accepted, 办结 is what the case waits for.
    expect((await mine.post(`/cases/${c.caseNumber}/accept`, {})).statusCode).toBe(303);
    expect((await mine.get(`/cases/${c.caseNumber}`)).body).toMatch(/class="primary" data-action="resolve"/);
  });

  it("shows residents' photos as thumbnails, served only to those who may see the case", async () => {
    const jpeg = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3, 4, 0xff, 0xd9]);
    const ref = path.join(photos, `${uniqueKey('p')}.jpg`);
    writeFileSync(ref, jpeg);
    writeFileSync(path.join(os.tmpdir(), 'desk-outside.jpg'), jpeg);
    const c = await file(`阴沟堵塞有照片 ${uniqueKey('照')}`, { attachments: [{ ref, mime: 'image/jpeg' }, { ref: path.join(os.tmpdir(), 'desk-outside.jpg'), mime: 'image/jpeg' }] });
    const ids = (await service.db.caseAttachment.findMany({ where: { caseId: c.caseId }, orderBy: { id: 'asc' } })).map((a) => a.id);
    const sup = await deskBrowser(app, token['gj-sup-1']!);
    const body = (await sup.get(`/cases/${c.caseNumber}`)).body;
    expect(body).toContain(`<img src="/cases/${c.caseNumber}/photos/${ids[0]}"`);
    const got = await sup.get(`/cases/${c.caseNumber}/photos/${ids[0]}`);
    expect(got.statusCode).toBe(200);
    expect(got.headers['content-type']).toBe('image/jpeg');
    expect(got.rawPayload.equals(jpeg)).toBe(true);
    // Stored outside ATTACHMENTS_DIR: never read.
    expect((await sup.get(`/cases/${c.caseNumber}/photos/${ids[1]}`)).statusCode).toBe(404);
    // Another area's cadre, a signed-out visitor, and a photo asked for under another case number.
    const tj = await deskBrowser(app, token['tj-grid']!);
    expect((await tj.get(`/cases/${c.caseNumber}/photos/${ids[0]}`)).statusCode).toBe(404);
    expect((await app.inject({ url: `/cases/${c.caseNumber}/photos/${ids[0]}` })).statusCode).toBe(303);
    const other = await file(`别的案件 ${uniqueKey('照')}`);
    expect((await sup.get(`/cases/${other.caseNumber}/photos/${ids[0]}`)).statusCode).toBe(404);
    expect((await sup.get(`/cases/${c.caseNumber}/photos/..%2F..%2Fetc`)).statusCode).toBe(404);
  });
});

describe('the assessment', () => {
  it('says 暂无 with the counts when nothing is due yet, instead of 0 %', async () => {
    await file(`刚登记 ${uniqueKey('暂无')}`, { at: new Date('2031-01-20T03:30:00Z'), area: 'GJ-LT-HS', category: 'ROADS' });
    const hs = await service.db.cadre.findUniqueOrThrow({ where: { code: 'hs-sec' } });
    const t = await issueApiToken(service.db, { kind: 'CADRE', cadreId: hs.id, label: 'views hs' });
    const desk = await deskBrowser(later, t);
    const body = (await desk.get('/assessment?from=2031-01-20&to=2031-01-20')).body;
    expect(body).toMatch(/data-rate="responseRate">响应率<strong>暂无<\/strong>\s*<span class="count" data-count>期间没有到期的案件/);
    expect(body).not.toMatch(/data-rate="responseRate">响应率<strong>0%/);
  });

  it('shows the area tree with roll-ups, a weekly trend, rankings, the overdue cases, ISO dates, and charts that fill their card with every number labelled', async () => {
    const a = await file(`周一登记 ${uniqueKey('趋势')}`, { at: new Date('2031-01-06T02:00:00Z') });
    const b = await file(`超期未办 ${uniqueKey('趋势')}`, { at: new Date('2031-01-07T02:00:00Z') });
    await service.db.case.update({ where: { caseNumber: a.caseNumber }, data: { status: 'RESOLVED', acceptedAt: new Date('2031-01-06T03:00:00Z'), resolvedAt: new Date('2031-01-14T03:00:00Z') } });
    const desk = await deskBrowser(later, token['gj-sup-1']!);
    const body = (await desk.get('/assessment?from=2031-01-01&to=2031-01-20')).body;
    // ISO dates: text inputs in YYYY-MM-DD, never the browser's date picker in US order.
    expect(body).toMatch(/<input type="text" name="from" value="2031-01-01"[^>]*pattern="\\d\{4\}-\\d\{2\}-\\d\{2\}" placeholder="YYYY-MM-DD"/);
    expect(body).not.toContain('type="date"');
    expect(body).toContain('data-period>2031-01-01 至 2031-01-20');
    // The tree: the district and the subdistrict are marked roll-ups, the community is indented under them.
    expect(body).toMatch(/data-depth="0" data-roll-up="true">\s*<text[^>]*font-weight="bold">贡井区（合计）/);
    expect(body).toMatch(/data-depth="1" data-roll-up="true">\s*<text[^>]*>筱溪街道（合计）/);
    expect(body).toMatch(/data-depth="2">\s*<text x="34"[^>]*>向阳社区<\/text>/);
    // The weekly trend: the week of 2031-01-06 filed both, the next resolved one.
    expect(body).toMatch(/data-week="2031-01-06">[\s\S]*?<title>2031-01-06 登记 (\d+)<\/title>/);
    const filedWeek = Number(/<title>2031-01-06 登记 (\d+)<\/title>/.exec(body)![1]);
    expect(filedWeek).toBeGreaterThanOrEqual(2);
    expect(Number(/<title>2031-01-13 办结 (\d+)<\/title>/.exec(body)![1])).toBeGreaterThanOrEqual(1);
    expect(body).toMatch(/data-week="2031-01-13"/);
    // Rankings and the overdue list, linking to the case.
    expect(body).toMatch(/data-rank="areas-overdue"><h3>地区 · 超期最多<\/h3>\s*<ol><li><span>[^<]+<\/span><b>\d+<\/b>/);
    expect(body).toMatch(/data-rank="cadres-satisfaction"/);
    expect(body).toMatch(new RegExp(`data-overdue-list>[\\s\\S]*<a href="/cases/${b.caseNumber}">`));
    // Charts scale to their card (viewBox, no fixed width) and every bar carries its number.
    const svgs = [...body.matchAll(/<svg [^>]*>[\s\S]*?<\/svg>/g)].map((m) => m[0]);
    expect(svgs.length).toBeGreaterThanOrEqual(4);
    for (const svg of svgs) {
      expect(svg).toMatch(/viewBox="0 0 \d+ \d+"/);
      expect(svg).not.toMatch(/<svg [^>]*width=/);
      const bars = svg.match(/<rect [^>]*><title>/g)?.length ?? 0;
      expect(svg.match(/<text class="value"/g)?.length ?? 0).toBe(bars);
    }
  });
});
