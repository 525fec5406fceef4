/**
 * In a real browser (Debian's Chromium, driven by playwright-core): a
 * receptionist signs in, registers a patient through the form and finds them
 * by phone in the list; books an appointment in a free slot through the
 * operation form. The dashboard and the bed board are saved in tests/artifacts/.
 */
import { existsSync, mkdirSync } from 'node:fs';
import type { Server } from 'node:http';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import type { Db } from '../../src/config/db.js';
import { projectRoot } from '../../src/config/paths.js';
import { createBed, createDoctorWithDailyOpd, createPatient, istDayFromToday } from '../factories.js';
import { createStaff, startBackOffice, STAFF_PASSWORD, type BackOfficeApp } from '../support/backOffice.js';
import { testDb } from '../support/env.js';

const CHROMIUM = '/usr/bin/chromium';
const ARTIFACTS = path.join(projectRoot, 'tests', 'artifacts');

let db: Db;
let office: BackOfficeApp;
let server: Server;
let browser: Browser;
let base: string;

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: apt-get install chromium (.ci/run does)`);
  db = testDb();
  office = await startBackOffice(db);
  server = await new Promise<Server>((resolve) => {
    const listening = office.app.listen(0, '127.0.0.1', () => resolve(listening));
  });
  base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await new Promise((resolve) => server?.close(resolve));
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
