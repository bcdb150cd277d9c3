/// <reference lib="dom" />
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import type { Browser, Page } from 'playwright-core';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../src/http/app';
import { issueApiToken } from '../../src/access/api-tokens';
import { startTestService, uniqueKey, type TestService } from '../support/test-service';
import { scratchDb } from '../support/scratch-db';
import { ARTIFACTS, consoleErrors, launchChromium, scrollWidthOf, signedInPage, type Size } from './browser';

/**
 * The desk's ledger, case page and assessment in a real browser at a phone's size (390×844) and a
 * desktop's (1366×900): what a supervisor sees first, no sideways scrolling on the phone, and a
 * screenshot of each page at each size in test-artifacts/.
 */
let service: TestService;
let app: FastifyInstance;
let browser: Browser;
let base = '';
let token = '';
let caseNumber = '';
// A database of its own: the ledger's first page and its counters must show this file's cases, not
// whatever other test files are filing at the same moment.
let scratch: { url: string; drop: () => Promise<void> };
const console = consoleErrors();

beforeAll(async () => {
  scratch = await scratchDb('desk_browser', { migrate: true });
  service = await startTestService({ DATABASE_URL: scratch.url });
  app = await buildApp({ service, logger: service.logger, rateLimitNamespace: `desk-browser-${Date.now()}:` });
  await app.listen({ host: '127.0.0.1', port: 0 });
  base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  const sup = await service.db.cadre.findUniqueOrThrow({ where: { code: 'gj-sup-1' } });
  token = await issueApiToken(service.db, { kind: 'CADRE', cadreId: sup.id, label: 'desk browser' });
  const fileOne = (description: string, priority: 'URGENT' | 'SERIOUS', areaCode = 'GJ-XX-XY') =>
    service.cases.fileCase({
      channel: 'wechat', residentKey: uniqueKey('LX'), confirmMessageId: uniqueKey('m'), description, categoryCode: 'DRAINAGE',
      areaCode, locationText: '花园路1栋', households: 56, priority, phone: '13912345678', classifierWords: [], attachments: [], at: new Date(),
    });
  const urgent = await fileOne('您好，花园路1栋阴沟堵塞，污水外流到楼道里，老人小孩进出很不方便，麻烦尽快处理，谢谢', 'URGENT');
  caseNumber = urgent.caseNumber;
  await service.db.case.update({ where: { caseNumber }, data: { acceptDueAt: new Date(Date.now() - 30 * 60_000) } });
  const late = await fileOne('团结村3组灌溉渠堵了，田里没有水', 'SERIOUS', 'GJ-QT-TJ');
  await service.db.case.update({ where: { caseNumber: late.caseNumber }, data: { resolveDueAt: new Date(Date.now() - 26 * 3600_000) } });
  browser = await launchChromium();
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await app?.close();
  await service?.close();
  await scratch?.drop();
});

const signedIn = (size: Size): Promise<Page> => signedInPage(browser, base, token, size, (p) => console.watch(p));

const noSidewaysScroll = async (page: Page) => {
  const width = await scrollWidthOf(page);
  expect(width.page).toBeLessThanOrEqual(width.window);
};

describe.each(['phone', 'desktop'] as const)('the desk on a %s', (size) => {
  it('ledger: counters that filter, deadlines with time left, one card per case on a phone', async () => {
    const page = await signedIn(size);
    await expect(page.locator('[data-counter=overdue] strong').textContent()).resolves.toMatch(/^[1-9]\d*$/);
    const row = page.locator(`tr[data-case="${caseNumber}"]`);
    await expect(row.locator('[data-due=accept]').getAttribute('data-state')).resolves.toBe('late');
    await expect(row.locator('[data-due=accept] em').textContent()).resolves.toMatch(/^超期 3\d分钟$/);
    // The late badge is red, in the page as drawn.
    expect(await row.locator('[data-due=accept] em').evaluate((e) => getComputedStyle(e).backgroundColor)).toBe('rgb(198, 40, 40)');
    await noSidewaysScroll(page);
    if (size === 'phone') {
      // A card: number, badge, status and deadlines shown; the wide columns are not.
      for (const cell of ['td.no', 'td.pri', 'td.st', 'td.due']) expect(await row.locator(cell).isVisible()).toBe(true);
      expect(await row.locator('td.desc').isVisible()).toBe(false);
      expect(await page.locator('table.ledger thead').isVisible()).toBe(false);
      const box = (await row.boundingBox())!;
      expect(box.width).toBeLessThanOrEqual(390);
      // The case number is never broken across lines.
      const no = (await row.locator('td.no a').boundingBox())!;
      expect(no.height).toBeLessThan(30);
    } else {
      await expect(row.locator('td.desc').textContent()).resolves.toMatch(/^花园路1栋阴沟堵塞/);
    }
    await page.screenshot({ path: path.join(ARTIFACTS, `desk-ledger-${size}.png`), fullPage: true });
    await page.click('[data-counter=overdue]');
    expect(new URL(page.url()).searchParams.get('view')).toBe('overdue');
    await expect(page.locator(`tr[data-case="${caseNumber}"]`).count()).resolves.toBe(1);
    await page.context().close();
  }, 60_000);

  it('case page: two columns on a desktop, one on a phone; the primary action stands out; nobody preselected', async () => {
    const page = await signedIn(size);
    await page.goto(`${base}/cases/${caseNumber}`);
    const facts = (await page.locator('section.facts').boundingBox())!;
    const history = (await page.locator('section.history').boundingBox())!;
    if (size === 'desktop') {
      expect(history.x).toBeGreaterThan(facts.x + facts.width - 1);
      expect(history.y).toBeLessThan(facts.y + 60);
    } else {
      expect(history.y).toBeGreaterThanOrEqual(facts.y + facts.height - 1);
    }
    await noSidewaysScroll(page);
    const accept = page.locator('button[value=accept]');
    const transfer = page.locator('button[value=transfer]');
    const bg = (l: typeof accept) => l.evaluate((e) => getComputedStyle(e).backgroundColor);
    expect(await bg(accept)).toBe('rgb(183, 28, 28)');
    expect(await bg(transfer)).toBe('rgb(255, 255, 255)');
    await expect(page.locator('select[name=target]').inputValue()).resolves.toBe('');
    expect(await page.locator('select[name=target] optgroup').count()).toBeGreaterThan(2);
    await expect(page.locator('[data-assignee] a.tel').getAttribute('href')).resolves.toMatch(/^tel:\d+$/);
    await expect(page.locator('.clocks [data-due=accept] em').textContent()).resolves.toMatch(/超期/);
    await page.screenshot({ path: path.join(ARTIFACTS, `desk-case-${size}.png`), fullPage: true });
    await page.context().close();
  }, 60_000);

  it('assessment: ISO date fields, the area tree, the weekly trend, charts as wide as their card', async () => {
    const page = await signedIn(size);
    await page.goto(`${base}/assessment`);
    await expect(page.locator('input[name=from]').inputValue()).resolves.toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(await page.locator('g[data-roll-up=true]').count()).toBeGreaterThan(0);
    expect(await page.locator('g.week').count()).toBeGreaterThan(0);
    for (const card of await page.locator('.chart-grid .card').all()) {
      const svg = await card.locator('svg').boundingBox();
      const box = (await card.boundingBox())!;
      if (svg) expect(svg.width).toBeGreaterThan(box.width * 0.9);
    }
    await expect(page.locator('[data-overdue-list] a').first().getAttribute('href')).resolves.toMatch(/^\/cases\//);
    await noSidewaysScroll(page);
    await page.screenshot({ path: path.join(ARTIFACTS, `desk-assessment-${size}.png`), fullPage: true });
    await page.context().close();
  }, 60_000);
});

it('no desk page logged a console error', () => {
  expect(console.errors).toEqual([]);
});
