/// <reference lib="dom" />
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import type { Browser, Page } from 'playwright-core';
import type { FastifyInstance } from 'fastify';
import { PNG } from 'pngjs';
import { buildApp } from '../../src/http/app';
import { startTestService, type TestService } from '../support/test-service';
import { ARTIFACTS, consoleErrors, launchChromium } from './browser';
import { CASE_NUMBER_IN_TEXT } from '../../src/domain/case-number';

let service: TestService;
let app: FastifyInstance;
let browser: Browser;
let base = '';
const attachmentsDir = mkdtempSync(path.join(os.tmpdir(), 'lx-browser-photos-'));
const console = consoleErrors();

beforeAll(async () => {
  service = await startTestService({ QUIET_HOURS: 'off' });
  app = await buildApp({ service, logger: service.logger, rateLimitNamespace: `browser-chat-${Date.now()}:`, attachmentsDir });
  await app.listen({ host: '127.0.0.1', port: 0 });
  base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  browser = await launchChromium();
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await app?.close();
  await service?.close();
});

const SIZES = [
  { name: 'phone', viewport: { width: 390, height: 844 }, isMobile: true },
  { name: 'desktop', viewport: { width: 1366, height: 900 }, isMobile: false },
] as const;

function photo(): Buffer {
  const png = new PNG({ width: 8, height: 8 });
  png.data.fill(180);
  return PNG.sync.write(png);
}

/** Waits for the bot to say more than it had, and returns its last bubble's text. */
async function botSays(page: Page, action: () => Promise<unknown>): Promise<string> {
  const before = await page.locator('#log p.bot').count();
  await action();
  await page.waitForFunction((n) => document.querySelectorAll('#log p.bot').length > n, before);
  return (await page.locator('#log p.bot').last().textContent()) ?? '';
}

const tap = (page: Page, label: string) => botSays(page, () => page.locator('#choices button', { hasText: label }).first().click());
const type = (page: Page, text: string) =>
  botSays(page, async () => {
    await page.fill('#text', text);
    await page.click('form#say button[type=submit]');
  });

/** The page never scrolls sideways. */
const noSidewaysScroll = async (page: Page) =>
  expect(await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)).toBeLessThanOrEqual(0);

describe.each(SIZES)('the web chat on a $name', ({ name, viewport, isMobile }) => {
  it('keeps the conversation over a reload, files by tapping, takes a photo, and reads well', async () => {
    const ctx = await browser.newContext({ viewport, isMobile });
    const page = console.watch(await ctx.newPage());
    await page.goto(`${base}/chat`);
    await type(page, `阴沟堵塞，污水外流，臭得很 ${name}`);
    // The privacy notice's two answers are buttons.
    await expect(page.locator('#choices button').allTextContents()).resolves.toEqual(['同意', '不同意']);
    await tap(page, '同意');
    await expect(page.locator('#choices button').first().textContent()).resolves.toBe('是');

    // Reloading mid-intake redraws the conversation and its buttons.
    const before = await page.locator('#log p').allTextContents();
    await page.reload();
    await page.waitForFunction((n) => document.querySelectorAll('#log p').length >= n, before.length);
    await expect(page.locator('#log p').allTextContents()).resolves.toEqual(before);
    await expect(page.locator('#choices button').first().textContent()).resolves.toBe('是');
    await page.screenshot({ path: path.join(ARTIFACTS, `chat-reload-${name}.png`), fullPage: true });

    // A photo: a file that is not a picture is refused kindly; a picture is taken.
    const refused = await botSays(page, () => page.setInputFiles('#photo', { name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from('hello') }));
    expect(refused).toMatch(/请发照片/);
    const taken = await botSays(page, () => page.setInputFiles('#photo', { name: 'drain.png', mimeType: 'image/png', buffer: photo() }));
    expect(await page.locator('#log p.me').last().textContent()).toBe('[图片]');
    expect(taken).toMatch(/排水污水|类别|哪一类/);

    await tap(page, '是');
    await tap(page, '向阳社区');
    await tap(page, '跳过');
    await tap(page, '是');
    const summary = await tap(page, '跳过');
    expect(summary).toContain('图片：1张');
    await expect(page.locator('#choices button').allTextContents()).resolves.toEqual(['确认', '上一步', '取消']);

    // A one-character bubble is as wide as its text, not a bar across the page.
    const yes = page.locator('#log p.me', { hasText: /^是$/ }).first();
    const yesWidth = (await yes.boundingBox())!.width;
    expect(yesWidth).toBeLessThan(80);
    // On a desktop the conversation is a readable column.
    expect((await page.locator('#log').boundingBox())!.width).toBeLessThanOrEqual(760);

    const filed = await tap(page, '确认');
    const caseNumber = CASE_NUMBER_IN_TEXT.exec(filed)?.[0];
    expect(caseNumber).toBeDefined();
    // The case number is one unbroken line.
    const number = page.locator('#log p.bot .case-no', { hasText: caseNumber! }).first();
    await expect(number.evaluate((el) => [getComputedStyle(el).whiteSpace, el.getClientRects().length])).resolves.toEqual(['nowrap', 1]);
    await expect(page.locator('#choices button').count()).resolves.toBe(0);
    await noSidewaysScroll(page);
    await page.screenshot({ path: path.join(ARTIFACTS, `chat-filed-${name}.png`), fullPage: true });

    const row = await service.db.case.findUniqueOrThrow({ where: { caseNumber }, include: { attachments: true } });
    expect(row.channel).toBe('web');
    expect(row.attachments.map((a) => a.mime)).toEqual(['image/png']);
    expect(path.dirname(row.attachments[0]!.ref)).toBe(attachmentsDir);
    await ctx.close();
  }, 60_000);
});

it('no page logged a console error', () => {
  expect(console.errors).toEqual([]);
});
