/// <reference lib="dom" />
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import type { Browser, Page } from 'playwright-core';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../src/http/app';
import { issueApiToken } from '../../src/access/api-tokens';
import { startTestService, type TestService } from '../support/test-service';
import { scratchDb } from '../support/scratch-db';
import { ARTIFACTS, consoleErrors, launchChromium, scrollWidthOf, signedInPage, SIZES, type Size } from './browser';

/**
 * The sign-in page and the bond cards page in a real browser at a phone's size and a desktop's:
 * cards made, revoked and printed from the page. A database of its own: other files count the
 * cards of an area.
 */
let scratch: { url: string; drop: () => Promise<void> };
let service: TestService;
let app: FastifyInstance;
let browser: Browser;
let base = '';
let token = '';
const console = consoleErrors();

beforeAll(async () => {
  scratch = await scratchDb('cards_browser', { migrate: true });
  service = await startTestService({ DATABASE_URL: scratch.url });
  app = await buildApp({ service, logger: service.logger, rateLimitNamespace: `cards-browser-${Date.now()}:` });
  await app.listen({ host: '127.0.0.1', port: 0 });
  base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  const sup = await service.db.cadre.findUniqueOrThrow({ where: { code: 'gj-sup-1' } });
  token = await issueApiToken(service.db, { kind: 'CADRE', cadreId: sup.id, label: 'cards browser' });
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

describe.each(['phone', 'desktop'] as const)('on a %s', (size) => {
  it('sign-in and bond cards: no shell command for cadres; cards made, revoked and printed from the page', async () => {
    const ctx = await browser.newContext({ viewport: SIZES[size], isMobile: size === 'phone', locale: 'en-US' });
    const signin = console.watch(await ctx.newPage());
    await signin.goto(`${base}/signin`);
    const help = (await signin.locator('form.signin').textContent()) ?? '';
    expect(help).toContain('系统管理员');
    expect(help).not.toMatch(/npx|lianxin token/);
    await ctx.close();

    const page = await signedIn(size);
    const area = size === 'phone' ? 'GJ-QT-ST' : 'GJ-LT-HS';
    await page.goto(`${base}/cards`);
    await page.click(`tr[data-area="${area}"] a >> nth=0`);
    await page.fill('input[name=count]', '3');
    await page.click('form[action="/cards/create"] button');
    expect(await page.locator('tr[data-card]').count()).toBe(3);
    await page.click('tr[data-card] >> nth=0 >> form[action="/cards/revoke"] button');
    await expect(page.locator('tr[data-card]').nth(0).textContent()).resolves.toContain('停用');
    const download = page.waitForEvent('download');
    await page.click('a[data-pdf]');
    const pdf = await (await download).path();
    expect(pdf).toBeTruthy();
    await noSidewaysScroll(page);
    await page.screenshot({ path: path.join(ARTIFACTS, `desk-cards-${size}.png`), fullPage: true });
    await page.context().close();
  }, 60_000);
});

it('no cards page logged a console error', () => {
  expect(console.errors).toEqual([]);
});
