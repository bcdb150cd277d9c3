import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const ARTIFACTS = path.resolve(__dirname, '../../test-artifacts');

/** Debian's chromium, headless; no network beyond localhost here, so its background chatter is off. */
export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: install Debian's chromium (apt-get install -y chromium), as .ci/run does`);
  mkdirSync(ARTIFACTS, { recursive: true });
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-dev-shm-usage', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-default-apps'],
  });
}

/** Every console error and uncaught page error, from every page it is given. */
export function consoleErrors() {
  const errors: string[] = [];
  return {
    errors,
    watch(page: Page) {
      page.on('console', (m) => {
        if (m.type() === 'error') errors.push(`${page.url()}: ${m.text()}`);
      });
      page.on('pageerror', (e) => errors.push(`${page.url()}: ${e.message}`));
      return page;
    },
  };
}

/** The two sizes every page is tried at: a phone's and a desktop's. */
export const SIZES = { phone: { width: 390, height: 844 }, desktop: { width: 1366, height: 900 } } as const;
export type Size = keyof typeof SIZES;

/** A new browser context at that size, signed in to the dashboard with a cadre's token through the form. */
export async function signedInPage(browser: Browser, base: string, token: string, size: Size, watch: (page: Page) => Page): Promise<Page> {
  const ctx = await browser.newContext({ viewport: SIZES[size], isMobile: size === 'phone', locale: 'en-US' });
  const page = watch(await ctx.newPage());
  await page.goto(`${base}/signin`);
  await page.fill('#token', token);
  await page.click('form.signin button');
  if (new URL(page.url()).pathname !== '/ledger') throw new Error(`sign-in did not reach the ledger: ${page.url()}`);
  return page;
}

/** The page is no wider than the window: nothing scrolls sideways. */
export async function scrollWidthOf(page: Page): Promise<{ page: number; window: number }> {
  return page.evaluate(() => ({ page: document.documentElement.scrollWidth, window: window.innerWidth }));
}
