/**
 * What every browser test needs, written once: the real back-office on a free
 * port with Debian's Chromium (started before the file, stopped after), signing
 * in through the login form, waiting for words on the page with a screenshot
 * kept when they never come, and screenshots in tests/artifacts/.
 */
import { mkdirSync } from 'node:fs';
import type { Server } from 'node:http';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import type { Db } from '../../src/config/db.js';
import { projectRoot } from '../../src/config/paths.js';
import { startBackOffice, STAFF_PASSWORD, type BackOfficeApp } from './backOffice.js';
import { launchChromium } from './browser.js';
import { testDb, testEnv } from './env.js';

export const ARTIFACTS = path.join(projectRoot, 'tests', 'artifacts');

export interface BrowserOffice {
  readonly db: Db;
  readonly base: string;
  readonly browser: Browser;
}

/** The back-office served over HTTP and a browser, for the file's tests. */
export function useBrowserOffice(env: () => Record<string, string> = () => ({})): BrowserOffice {
  let db: Db | undefined;
  let office: BackOfficeApp | undefined;
  let server: Server | undefined;
  let browser: Browser | undefined;
  let base = '';
  beforeAll(async () => {
    db = testDb();
    office = await startBackOffice(db, { env: testEnv({ TRUST_PROXY: 'true', SESSION_IDLE_MINUTES: '30', ...env() }) });
    const app = office.app;
    server = await new Promise<Server>((resolve) => {
      const listening = app.listen(0, '127.0.0.1', () => resolve(listening));
    });
    base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
    browser = await launchChromium();
    mkdirSync(ARTIFACTS, { recursive: true });
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    if (server) await new Promise((resolve) => server?.close(resolve));
    await office?.backOffice.close();
    await db?.$disconnect();
  });
  const started = <T>(value: T | undefined): T => {
    if (value === undefined) throw new Error('the browser office starts in beforeAll');
    return value;
  };
  return {
    get db() {
      return started(db);
    },
    get base() {
      return started(base || undefined);
    },
    get browser() {
      return started(browser);
    },
  };
}

export const shoot = (page: Page, name: string) => page.screenshot({ path: path.join(ARTIFACTS, `${name}.png`), fullPage: true });

/** Waits for text, keeping a screenshot of the page when it never comes. */
export async function see(page: Page, text: string | RegExp, shot: string, timeout = 20_000): Promise<void> {
  await page
    .getByText(text)
    .first()
    .waitFor({ timeout })
    .catch(async (error: Error) => {
      await shoot(page, `${shot}-failed`);
      throw error;
    });
}

/** A new page signed in through the login form, once it has landed where the role lands. */
export async function signInPage(
  office: BrowserOffice,
  email: string,
  landing: RegExp = new RegExp(`${office.base}/admin$`),
): Promise<Page> {
  const page = await office.browser.newPage({ viewport: { width: 1366, height: 1000 } });
  await page.goto(`${office.base}/admin/login`);
  await page.fill('input[name="email"]', email);
  await page.fill('input[name="password"]', STAFF_PASSWORD);
  await page.getByRole('button', { name: 'Login' }).click();
  await page.waitForURL(landing, { waitUntil: 'domcontentloaded', timeout: 30_000 }).catch(async (error: Error) => {
    await shoot(page, 'login-failed');
    throw new Error(`${error.message}\nnow at ${page.url()}`);
  });
  return page;
}
