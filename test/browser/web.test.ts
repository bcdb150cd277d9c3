/// <reference lib="dom" />
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import type { Browser } from 'playwright-core';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../src/http/app';
import { issueApiToken } from '../../src/access/api-tokens';
import { routeByChannel, webInbox } from '../../src/dispatcher/route-by-channel';
import { startTestService, type TestService } from '../support/test-service';
import { scratchDb } from '../support/scratch-db';
import { ARTIFACTS, consoleErrors, launchChromium } from './browser';
import { CASE_NUMBER_IN_TEXT } from '../../src/domain/case-number';

let service: TestService;
let app: FastifyInstance;
let scratch: { url: string; drop: () => Promise<void> };
let browser: Browser;
let base = '';
let supervisorToken = '';
const console = consoleErrors();

// Its own database: the dispatcher running here claims every due row.
beforeAll(async () => {
  scratch = await scratchDb('browser');
  service = await startTestService({ DATABASE_URL: scratch.url, QUIET_HOURS: 'off', DISPATCH_PER_RECIPIENT_PER_MINUTE: '600', DISPATCH_PER_MINUTE: '6000' });
  service.startDispatcher(routeByChannel({ web: webInbox }));
  app = await buildApp({ service, logger: service.logger, rateLimitNamespace: `browser-${Date.now()}:` });
  await app.listen({ host: '127.0.0.1', port: 0 });
  base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  const supervisor = await service.db.cadre.findUniqueOrThrow({ where: { code: 'gj-sup-1' } });
  supervisorToken = await issueApiToken(service.db, { kind: 'CADRE', cadreId: supervisor.id, label: 'browser test' });
  browser = await launchChromium();
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await app?.close();
  await service?.close();
  await scratch?.drop();
});

const SCRIPT = '<script>alert("x")</script>';

describe('the web side in a real browser', () => {
  let caseNumber = '';

  it('a resident files a case in the web chat, and its text (with a <script> tag) shows as text', async () => {
    const resident = await browser.newContext({ viewport: { width: 390, height: 760 }, isMobile: true });
    const page = console.watch(await resident.newPage());
    await page.goto(`${base}/chat`);
    const say = async (text: string) => {
      const before = await page.locator('#log p.bot').count();
      await page.fill('#text', text);
      await page.click('form#say button');
      await page.waitForFunction((n) => document.querySelectorAll('#log p.bot').length > n, before);
      return (await page.locator('#log p.bot').last().textContent()) ?? '';
    };
    await say(`花园路1栋阴沟堵塞，污水外流 ${SCRIPT}`);
    await say('同意'); // the privacy notice comes first
    for (const line of ['是', '向阳社区花园路1栋', '56户', '是', '跳过']) await say(line);
    const filed = await say('确认');
    caseNumber = CASE_NUMBER_IN_TEXT.exec(filed)?.[0] ?? '';
    expect(caseNumber).not.toBe('');
    // What the resident typed is on the page as text: no script element was made from it.
    await expect(page.locator('#log p.me').first().textContent()).resolves.toContain(SCRIPT);
    expect(await page.locator('#log script').count()).toBe(0);
    await page.screenshot({ path: path.join(ARTIFACTS, 'chat.png'), fullPage: true });
    await resident.storageState({ path: path.join(ARTIFACTS, 'resident-state.json') });
    await resident.close();
  });

  it('a supervisor signs in, finds the case in the ledger, assigns it and resolves it', async () => {
    const ctx = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = console.watch(await ctx.newPage());
    await page.goto(`${base}/`);
    expect(new URL(page.url()).pathname).toBe('/signin');
    await page.fill('#token', 'lx_not-a-token');
    await page.click('form.signin button');
    await expect(page.locator('.flash.error').textContent()).resolves.toMatch(/登录令牌不对/);
    await page.fill('#token', supervisorToken);
    await page.click('form.signin button');
    expect(new URL(page.url()).pathname).toBe('/ledger');

    await page.click('text=民生诉求台账');
    await page.fill('input[name=q]', '花园路');
    await page.click('form.filters button');
    const row = page.locator(`tr[data-case="${caseNumber}"]`);
    await expect(row.count()).resolves.toBe(1);
    await expect(row.locator('td.desc').textContent()).resolves.toContain('<script>');
    expect(await page.locator('main script').count()).toBe(0);
    await page.screenshot({ path: path.join(ARTIFACTS, 'ledger.png'), fullPage: true });
    // On a phone the page itself does not scroll sideways: only the table does, inside its box.
    await page.setViewportSize({ width: 390, height: 844 });
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await page.screenshot({ path: path.join(ARTIFACTS, 'ledger-phone.png'), fullPage: true });
    await page.setViewportSize({ width: 1280, height: 900 });

    await row.locator('a').first().click();
    expect(new URL(page.url()).pathname).toBe(`/cases/${caseNumber}`);
    await expect(page.locator('.description').textContent()).resolves.toContain(SCRIPT);
    // Assign (转办/指派) it to the community's party secretary.
    await page.selectOption('select[name=target]', 'xy-sec');
    await page.fill('input[name=reason]', '由书记牵头疏通');
    await page.click('button[value=transfer]');
    await expect(page.locator('.flash.ok').textContent()).resolves.toContain('已转办');
    await page.click('button[value=accept]');
    await expect(page.locator('.flash.ok').textContent()).resolves.toContain('已受理');
    await page.fill('form[action$="/resolve"] textarea', '管道已疏通，污水已清理');
    await page.click('button[value=resolve]');
    await expect(page.locator('.flash.ok').textContent()).resolves.toContain('已办结');
    await expect(page.locator('ol.timeline').textContent()).resolves.toMatch(/转办[\s\S]*受理[\s\S]*办结/);
    await page.screenshot({ path: path.join(ARTIFACTS, 'case.png'), fullPage: true });

    const row2 = await service.db.case.findUniqueOrThrow({ where: { caseNumber }, include: { assignee: true } });
    expect(row2.status).toBe('RESOLVED');
    expect(row2.assignee?.code).toBe('xy-sec');

    await page.click('nav >> text=考核');
    await expect(page.locator('[data-rate=responseRate] strong').textContent()).resolves.toMatch(/%|暂无/);
    expect(await page.locator('figure.chart svg').count()).toBeGreaterThanOrEqual(3);
    await page.screenshot({ path: path.join(ARTIFACTS, 'assessment.png'), fullPage: true });

    await expect(page.locator('[data-report]').textContent()).resolves.toContain('收集意见建议');
    await page.click('nav >> text=连心卡');
    await expect(page.locator('h1').textContent()).resolves.toBe('干群连心卡');
    await page.screenshot({ path: path.join(ARTIFACTS, 'cards.png'), fullPage: true });
    await page.goBack();

    // The export buttons hand over a workbook.
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('.exports a[href^="/ledger/export.xlsx"]')]);
    expect(download.suggestedFilename()).toBe('ledger.xlsx');

    await page.click('nav button');
    expect(new URL(page.url()).pathname).toBe('/signin');
    await page.goto(`${base}/ledger`);
    expect(new URL(page.url()).pathname).toBe('/signin');
    await ctx.close();
  }, 60_000);

  it("the resident's page shows the update when they come back", async () => {
    const ctx = await browser.newContext({ viewport: { width: 390, height: 760 }, isMobile: true, storageState: path.join(ARTIFACTS, 'resident-state.json') });
    const page = console.watch(await ctx.newPage());
    await page.goto(`${base}/chat`);
    await page.waitForFunction((n) => (document.getElementById('log')?.textContent ?? '').includes(n) && /办结/.test(document.getElementById('log')?.textContent ?? ''), caseNumber, { timeout: 15_000 });
    await page.screenshot({ path: path.join(ARTIFACTS, 'chat-update.png'), fullPage: true });
    await ctx.close();
  }, 30_000);

  it('no page logged a console error', () => {
    expect(console.errors).toEqual([]);
  });
});
