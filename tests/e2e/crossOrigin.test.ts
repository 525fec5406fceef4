/**
 * Cross-site request forgery, in a real browser (Debian's Chromium): a
 * receptionist is signed in to the back-office on 127.0.0.1:<port>, then opens
 * a page that auto-submits a form to it — from another port of the same host
 * (same-site, so SameSite=Lax still sends her cookie) and from another host
 * name. Neither changes the patient nor signs her out; the same edit made from
 * the back-office's own page goes through.
 */
import { createServer, type Server } from 'node:http';
import type { Browser, BrowserContext } from 'playwright-core';
import { launchChromium } from '../support/browser.js';
import type { Db } from '../../src/config/db.js';
import { createPatient } from '../factories.js';
import { createStaff, startBackOffice, STAFF_PASSWORD, type BackOfficeApp } from '../support/backOffice.js';
import { testDb, testEnv } from '../support/env.js';

const OTHER_HOST = 'forms.elsewhere.test';

let db: Db;
let office: BackOfficeApp;
let erp: Server;
let attacker: Server;
let browser: Browser;
let erpBase: string;
let attackerPort: number;
/** The forged form the attacker's page submits on load. */
let forgedForm = '';

function listen(server: Server): Promise<number> {
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve((server.address() as { port: number }).port)));
}

beforeAll(async () => {
  db = testDb();
  office = await startBackOffice(db, { env: testEnv({ TRUST_PROXY: 'true', SESSION_IDLE_MINUTES: '30' }) });
  erp = createServer(office.app);
  erpBase = `http://127.0.0.1:${await listen(erp)}`;
  attacker = createServer((_req, res) => {
    res.setHeader('Content-Type', 'text/html; charset=utf-8');
    res.end(`<!doctype html><html><body>${forgedForm}<script>document.forms[0].submit()</script></body></html>`);
  });
  attackerPort = await listen(attacker);
  browser = await launchChromium([
    // Another host name for the attacker's page, on this machine.
    `--host-resolver-rules=MAP ${OTHER_HOST} 127.0.0.1`,
  ]);
}, 60_000);

afterAll(async () => {
  await browser?.close();
  if (attacker) await new Promise((resolve) => attacker.close(resolve));
  if (erp) await new Promise((resolve) => erp.close(resolve));
  await office?.backOffice.close();
  await db?.$disconnect();
});

async function signedInReceptionist(): Promise<BrowserContext> {
  const staff = await createStaff(db, 'RECEPTIONIST');
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(`${erpBase}/admin/login`);
  await page.fill('input[name="email"]', staff.email);
  await page.fill('input[name="password"]', STAFF_PASSWORD);
  await page.getByRole('button', { name: 'Login' }).click();
  await page.waitForURL(`${erpBase}/admin`, { waitUntil: 'domcontentloaded' });
  await page.close();
  return context;
}

/** Opens the attacker's page on `origin`; resolves with the status of the forged request it sends. */
async function submitForgedForm(context: BrowserContext, origin: string, action: string, fields: Record<string, string>): Promise<number> {
  const inputs = Object.entries(fields)
    .map(([name, value]) => `<input type="hidden" name="${name}" value="${value}">`)
    .join('');
  forgedForm = `<form method="POST" action="${erpBase}${action}">${inputs}</form>`;
  const page = await context.newPage();
  try {
    const forged = page.waitForResponse((res) => res.url() === `${erpBase}${action}` && res.request().method() === 'POST');
    await page.goto(`${origin}/`);
    return (await forged).status();
  } finally {
    await page.close();
  }
}

describe('forms from other origins, in Chromium', () => {
  it('a form on another port of the same host, or on another host name, changes nothing; our own page does', async () => {
    const context = await signedInReceptionist();
    try {
      const patient = await createPatient(db, { name: 'Original Name' });
      const action = `/admin/api/resources/Patient/records/${patient.id}/edit`;
      for (const origin of [`http://127.0.0.1:${attackerPort}`, `http://${OTHER_HOST}:${attackerPort}`]) {
        expect({ origin, status: await submitForgedForm(context, origin, action, { name: 'Forged Name' }) }).toEqual({
          origin,
          status: 403,
        });
      }
      expect((await db.patient.findUniqueOrThrow({ where: { id: patient.id } })).name).toBe('Original Name');

      // The same request from the back-office's own page (Chromium sends Sec-Fetch-Site: same-origin).
      const page = await context.newPage();
      await page.goto(`${erpBase}/admin`);
      const status = await page.evaluate(async (url) => {
        const res = await fetch(url, { method: 'POST', body: new URLSearchParams({ name: 'Desk Name' }) });
        return res.status;
      }, action);
      expect(status).toBe(200);
      expect((await db.patient.findUniqueOrThrow({ where: { id: patient.id } })).name).toBe('Desk Name');
      await page.close();
    } finally {
      await context.close();
    }
  });

  it('a sign-out form on another origin does not sign the clerk out', async () => {
    const context = await signedInReceptionist();
    try {
      expect(await submitForgedForm(context, `http://127.0.0.1:${attackerPort}`, '/admin/logout', {})).toBe(403);
      const page = await context.newPage();
      const list = await page.goto(`${erpBase}/admin/api/resources/Patient/actions/list`);
      expect(list?.status()).toBe(200);
      await page.close();
    } finally {
      await context.close();
    }
  });
});
