/**
 * In a real browser (Debian's Chromium, driven by playwright-core): a
 * receptionist signs in, registers a patient through the form and finds them
 * by phone in the list; books an appointment in a free slot through the
 * operation form; an administrator imports a patient register, watching the
 * progress bar, and commits it; an accountant runs a report and downloads it,
 * streamed and made in the background; an administrator retries and discards a
 * dead job on the Jobs page.
 * Screenshots are saved in tests/artifacts/.
 */
import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import type { Server } from 'node:http';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from '../support/browser.js';
import type { Db } from '../../src/config/db.js';
import { projectRoot } from '../../src/config/paths.js';
import ExcelJS from 'exceljs';
import {
  createActor,
  createBed,
  createDoctorWithDailyOpd,
  createIssuedInvoice,
  createPatient,
  istAt,
  istDayFromToday,
} from '../factories.js';
import { recordPayment } from '../../src/modules/payments/service.js';
import { createStaff, startBackOffice, STAFF_PASSWORD, type BackOfficeApp } from '../support/backOffice.js';
import { writePatientRegister } from '../../scripts/patientRegister.js';
import { testDb, testEnv } from '../support/env.js';

const ARTIFACTS = path.join(projectRoot, 'tests', 'artifacts');

let db: Db;
let office: BackOfficeApp;
let server: Server;
let browser: Browser;
let base: string;

beforeAll(async () => {
  db = testDb();
  const env = testEnv({ TRUST_PROXY: 'true', SESSION_IDLE_MINUTES: '30', IMPORT_DIR: mkdtempSync(path.join(tmpdir(), 'parth-e2e-')) });
  office = await startBackOffice(db, { env });
  server = await new Promise<Server>((resolve) => {
    const listening = office.app.listen(0, '127.0.0.1', () => resolve(listening));
  });
  base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  browser = await launchChromium();
}, 60_000);

afterAll(async () => {
  await browser?.close();
  if (server) await new Promise((resolve) => server.close(resolve));
  await office?.backOffice.close();
  await db?.$disconnect();
});

async function signInAs(page: Page, email: string): Promise<void> {
  await page.goto(`${base}/admin/login`);
  await page.fill('input[name="email"]', email);
  await page.fill('input[name="password"]', STAFF_PASSWORD);
  await page.getByRole('button', { name: 'Login' }).click();
  await page.waitForURL(`${base}/admin`, { waitUntil: 'domcontentloaded' }).catch(async (error: Error) => {
    mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: path.join(ARTIFACTS, 'login-failed.png') });
    throw new Error(`${error.message}\nnow at ${page.url()}`);
  });
}

it('a receptionist registers a patient and finds them by phone', async () => {
  const receptionist = await createStaff(db, 'RECEPTIONIST');
  const page = await browser.newPage({ viewport: { width: 1366, height: 900 } });
  await signInAs(page, receptionist.email);

  await page.getByText('Parth Hospital — today').waitFor({ timeout: 30_000 });
  await page.getByTestId('beds').waitFor();
  mkdirSync(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: path.join(ARTIFACTS, 'dashboard.png'), fullPage: true });
  // The sidebar offers only what a receptionist may open (admin/components/SidebarPages.tsx).
  await page.getByText("Today's OPD queue").first().waitFor();
  expect(await page.getByText('Bed board').count()).toBeGreaterThan(0);
  expect(await page.getByText('Pharmacy alerts').count()).toBe(0);
  expect(await page.getByText('Imports', { exact: true }).count()).toBe(0);

  const suffix = String(Date.now()).slice(-6);
  const phone = `+91981${suffix}0`;
  await page.goto(`${base}/admin/resources/Patient/actions/new`);
  await page.fill('input[name="name"]', 'Kavya Shinde');
  await page.fill('input[name="phone"]', phone);
  await page.getByTestId('property-edit-gender').locator('input').first().click();
  await page.getByText('Female', { exact: true }).click();
  await page.getByTestId('button-save').click();
  await page.waitForURL((url) => !url.pathname.endsWith('/actions/new'), { timeout: 15_000 });

  const saved = await db.patient.findFirstOrThrow({ where: { phone } });
  expect(saved).toMatchObject({ name: 'Kavya Shinde', gender: 'FEMALE' });
  expect(saved.uhid).toMatch(/^PH-\d{6,}$/);
  const audit = await db.auditLog.findFirst({
    where: { model: 'Patient', recordId: String(saved.id), action: 'CREATE', userId: receptionist.id },
  });
  expect(audit).not.toBeNull();

  // Typed the way a caller reads it out: with a space, without +91.
  const spoken = `981${suffix.slice(0, 2)} ${suffix.slice(2)}0`;
  await page.goto(`${base}/admin/resources/Patient?filters.phone=${encodeURIComponent(spoken)}`);
  await page.getByText('Kavya Shinde').first().waitFor({ timeout: 15_000 });
  expect(await page.getByText(saved.uhid).count()).toBeGreaterThan(0);
  await page.close();
}, 90_000);

it('a receptionist books an appointment from a free slot, and the bed board shows the wards', async () => {
  const receptionist = await createStaff(db, 'RECEPTIONIST');
  const doctor = await createDoctorWithDailyOpd(db, { name: 'Dr. Browser Test' });
  const patient = await createPatient(db, { name: 'Slot Seeker' });
  const page = await browser.newPage({ viewport: { width: 1366, height: 900 } });
  await signInAs(page, receptionist.email);

  await page.goto(`${base}/admin/resources/Patient/records/${patient.id}/bookAppointment`);
  await page
    .getByTestId('operation-bookAppointment')
    .waitFor({ timeout: 30_000 })
    .catch(async (error: Error) => {
      await page.screenshot({ path: path.join(ARTIFACTS, 'book-failed.png'), fullPage: true });
      throw error;
    });
  // The doctors load with the form: wait for the match before choosing it.
  await page.locator('#field-doctorId').fill('Browser Test');
  await page
    .getByText(/Dr\. Browser Test —/)
    .first()
    .waitFor({ timeout: 15_000 });
  await page.keyboard.press('Enter');
  await page.fill('#field-date', istDayFromToday(3));
  await page.locator('#field-slotStart').click();
  await page.getByText(/^09:15 am$/i).click();
  await page.getByTestId('operation-submit').click();
  await page.getByText(/Booked for 09:15 am/i).waitFor({ timeout: 15_000 });

  const appointment = await db.appointment.findFirstOrThrow({ where: { patientId: patient.id } });
  expect(appointment).toMatchObject({ doctorId: doctor.id, status: 'BOOKED' });

  const bed = await createBed(db);
  await page.goto(`${base}/admin/pages/bedBoard`);
  await page.getByTestId('bed-board').waitFor({ timeout: 15_000 });
  await page.getByTestId(`bed-${bed.bedNumber}`).first().waitFor();
  expect(await page.getByText("Today's OPD queue").count()).toBeGreaterThan(0);
  await page.screenshot({ path: path.join(ARTIFACTS, 'bed-board.png'), fullPage: true });
  await page.close();
}, 90_000);

it('an administrator previews a patient register with a progress bar, then commits it', async () => {
  const admin = await createStaff(db, 'ADMIN');
  const register = path.join(mkdtempSync(path.join(tmpdir(), 'parth-e2e-register-')), 'opd-register-2019.csv');
  await writePatientRegister(register, { rows: 60_000, format: 'csv', seed: 2019 });
  const page = await browser.newPage({ viewport: { width: 1366, height: 900 } });
  await signInAs(page, admin.email);

  await page.goto(`${base}/admin/pages/imports`);
  await page.getByText('Import registers').first().waitFor({ timeout: 30_000 });
  expect(await page.getByText('Download the template').getAttribute('href')).toBe('/admin/imports/templates/patients.xlsx');
  await page.setInputFiles('#import-file', register);
  // Every value the bar shows is recorded in the page as it changes (a MutationObserver),
  // so no sampling interval of the test can miss one, however busy the machine is.
  await page.evaluate(() => {
    const seen: number[] = [];
    (window as unknown as { progressSeen: number[] }).progressSeen = seen;
    new MutationObserver(() => {
      const value = document.querySelector('[role="progressbar"]')?.getAttribute('aria-valuenow');
      if (value !== null && value !== undefined && seen[seen.length - 1] !== Number(value)) seen.push(Number(value));
    }).observe(document.body, { subtree: true, childList: true, attributes: true, attributeFilter: ['aria-valuenow'] });
  });
  // And every status the page polled, from the server's side.
  const polled: Array<{ status: string; processedRows: number; totalRows: number }> = [];
  page.on('response', (res) => {
    if (/\/admin\/imports\/\d+$/.test(new URL(res.url()).pathname))
      void res.json().then(
        (job) => polled.push(job),
        () => undefined,
      );
  });
  await page.getByRole('button', { name: 'Preview' }).click();
  await page.getByText('Preview of opd-register-2019.csv: previewed').waitFor({ timeout: 120_000 });
  const shown = await page.evaluate(() => (window as unknown as { progressSeen: number[] }).progressSeen);
  const midway = polled.filter((job) => job.status === 'RUNNING' && job.processedRows > 0 && job.processedRows < job.totalRows);
  // Whenever the page heard of rows done midway, its bar showed a value between 0 and 100; it ends full.
  if (midway.length > 0) expect(shown.some((v) => v > 0 && v < 100)).toBe(true);
  expect(shown[shown.length - 1]).toBe(100);
  expect(polled.some((job) => job.status === 'RUNNING')).toBe(true);
  const toCreate = Number(await page.getByTestId('count-created').textContent());
  expect(toCreate).toBeGreaterThan(58_000);
  expect(Number(await page.getByTestId('count-rejected').textContent())).toBeGreaterThan(0);
  expect(await page.getByText('“Patient Name” → Name').count()).toBe(1);
  expect(await page.getByText('Download the rejected rows with their errors (.xlsx)').count()).toBe(1);
  await page.screenshot({ path: path.join(ARTIFACTS, 'import-preview.png'), fullPage: true });

  // All or nothing would refuse this file (it has bad rows): import the valid rows only.
  await page.locator('label[for="valid-rows-only"]').click();
  await page.getByTestId('commit-import').click();
  await page.getByText('Import of opd-register-2019.csv: completed').waitFor({ timeout: 90_000 });
  const job = await db.importJob.findFirstOrThrow({ where: { fileName: 'opd-register-2019.csv', dryRun: false } });
  expect(job).toMatchObject({ status: 'COMPLETED', createdRows: toCreate, startedById: admin.id });
  expect(await db.patient.count({ where: { importJobId: job.id } })).toBe(toCreate);
  await page.close();
}, 180_000);

it('an accountant runs the daily collection for a day, sees the chart and totals, and downloads it as Excel', async () => {
  const accountant = await createStaff(db, 'BILLING');
  const cashier = await createActor(db, 'BILLING');
  const invoice = await createIssuedInvoice(db, cashier, '1234');
  // A day no other test uses, so the day's collection is this payment alone.
  await recordPayment(db, cashier, { invoiceId: invoice.id, method: 'CASH', amount: '1234' }, istAt('2031-03-10', '23:45'));
  const page = await browser.newPage({ viewport: { width: 1366, height: 900 }, acceptDownloads: true });
  await signInAs(page, accountant.email);

  await page.goto(`${base}/admin/pages/reports`);
  await page.locator('#report-name').waitFor({ timeout: 30_000 });
  expect(await page.locator('#report-name option').allTextContents()).toEqual([
    'Daily collection',
    'Outstanding dues (ageing)',
    'GST summary',
    'Invoice register',
  ]);
  await page.fill('#filter-from', '2031-03-10');
  await page.fill('#filter-to', '2031-03-10');
  await page.getByTestId('run-report').click();
  await page.getByTestId('report-totals').waitFor({ timeout: 30_000 });
  expect(await page.getByTestId('report-totals').textContent()).toContain('₹ 1,234.00');
  expect(await page.locator('[data-testid="report-chart"] svg rect').count()).toBeGreaterThan(0);
  await page.screenshot({ path: path.join(ARTIFACTS, 'reports-collection.png'), fullPage: true });

  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('download-excel').click()]);
  expect(download.suggestedFilename()).toBe('collections-2031-03-10_to_2031-03-10.xlsx');
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.readFile(await download.path());
  const sheet = workbook.worksheets[0]!;
  expect(sheet.getRow(sheet.rowCount).values).toEqual([undefined, 'Total', 1, 1234, 0, 1234]);

  // The same workbook made by a background worker: the page waits for it and offers the link.
  await page.getByTestId('export-in-background').click();
  const ready = page.getByTestId('download-background-export');
  // Generous: a worker on a busy machine takes its time; the page only has to show it when it is done.
  await ready.waitFor({ timeout: 120_000 });
  const [made] = await Promise.all([page.waitForEvent('download'), ready.click()]);
  expect(made.suggestedFilename()).toMatch(/^collections.*\.xlsx$/);
  const madeBook = new ExcelJS.Workbook();
  await madeBook.xlsx.readFile(await made.path());
  const madeSheet = madeBook.worksheets[0]!;
  expect(madeSheet.getRow(madeSheet.rowCount).values).toEqual([undefined, 'Total', 1, 1234, 0, 1234]);

  // A start after the end is refused with the reason, on the page.
  await page.fill('#filter-from', '2031-03-11');
  await page.getByTestId('run-report').click();
  await page.getByTestId('report-error').getByText('The start date must not be after the end date').waitFor({ timeout: 10_000 });
  await page.close();
}, 240_000);

it('an administrator finds a dead job on the Jobs page, with its last error, retries it and discards it', async () => {
  const admin = await createStaff(db, 'ADMIN');
  // An import whose file is gone fails the one attempt it is given: a dead letter.
  const lost = await db.importJob.create({ data: { type: 'PATIENTS', fileName: 'gone-register.xlsx', fileSize: 1, dryRun: true } });
  await office.backOffice.jobs.enqueue('imports.run', { importJobId: lost.id, actor: null }, { key: `import:${lost.id}`, maxAttempts: 1 });
  const page = await browser.newPage({ viewport: { width: 1366, height: 900 } });
  await signInAs(page, admin.email);

  await page.goto(`${base}/admin/pages/jobs`);
  await page.getByTestId('jobs-page').waitFor({ timeout: 30_000 });
  await page.getByTestId('state-dead').click();
  // The page refreshes itself every 5 s; the worker may take its time on a busy machine.
  const row = page.locator('[data-testid^="job-"]', { hasText: 'imports.run' }).filter({ hasText: 'no longer kept' }).first();
  await row.waitFor({ timeout: 120_000 });
  expect(await row.textContent()).toContain('1 of 1');
  await page.screenshot({ path: path.join(ARTIFACTS, 'jobs-dead-letter.png'), fullPage: true });

  await row.getByRole('button', { name: 'Retry' }).click();
  await page.getByRole('status').getByText('The job will run again now').waitFor({ timeout: 10_000 });
  // Run again, it dies again (its file is still gone): then it is discarded for good.
  const runs = async () => db.jobRun.count({ where: { jobKey: `import:${lost.id}` } });
  for (let i = 0; i < 1200 && (await runs()) < 2; i += 1) await new Promise((resolve) => setTimeout(resolve, 100));
  expect(await runs()).toBe(2);
  await row.getByRole('button', { name: 'Discard' }).waitFor({ timeout: 120_000 });
  await row.getByRole('button', { name: 'Discard' }).click();
  await page.getByRole('status').getByText('The job was discarded').waitFor({ timeout: 10_000 });
  expect(await db.auditLog.count({ where: { userId: admin.id, model: 'Job' } })).toBe(2);
  await page.close();
}, 300_000);
