/**
 * A whole clerk's day in Chromium, across roles, asserting on what a person
 * reads: the receptionist registers a patient (a second registration is
 * warned as a duplicate), checks the visit in from the queue and collects the
 * fee, and prints the token slip; the doctor orders a test from the patient's
 * file; two lab technicians collect, enter, verify (reading the flagged
 * results) and print the report; the pharmacist dispenses; billing generates
 * the bill, issues it, takes the payment and prints it. No raw ids where a
 * name belongs, no internal action names, money labelled. Screenshots in
 * tests/artifacts/.
 */
import { Prisma } from '@prisma/client';
import type { Page } from 'playwright-core';
import { createDoctorWithDailyOpd, istAt, istDayFromToday, unique } from '../factories.js';
import { receiveStock } from '../../src/modules/pharmacy/service.js';
import { createActor } from '../factories.js';
import { createStaff } from '../support/backOffice.js';
import { see, shoot, signInPage, useBrowserOffice } from '../support/e2e.js';

/** Internal names that must never reach the screen (operations, columns). */
const INTERNALS =
  /\b(bookAppointment|markSeen|orderLabTest|enterResults|verifyResults|recordPayment|addService|collectFee|printInvoice|patientId|invoiceId|labOrderId|subtotal|taxableTotal|amountPaid)\b/;

const office = useBrowserOffice();

async function asStaff(role: Parameters<typeof createStaff>[1]): Promise<Page> {
  return signInPage(office, (await createStaff(office.db, role)).email);
}

/** What the page says to a person: no internal names. */
async function readsInWords(page: Page): Promise<void> {
  const text = await page.locator('body').innerText();
  expect(text).not.toMatch(INTERNALS);
}

/** Picks an option of an operation's select by typing part of its label. */
async function choose(page: Page, field: string, typed: string, option: RegExp): Promise<void> {
  await page.locator(`#field-${field}`).fill(typed);
  await page.getByText(option).first().waitFor({ timeout: 15_000 });
  await page.keyboard.press('Enter');
}

/** Runs an operation from its own page and waits for its notice. */
async function runOperation(page: Page, url: string, fill: (page: Page) => Promise<void>, notice: RegExp, shot: string): Promise<void> {
  await page.goto(`${office.base}${url}`);
  await page.getByTestId('operation-submit').waitFor({ timeout: 30_000 });
  await fill(page);
  await readsInWords(page);
  await page.getByTestId('operation-submit').click();
  await see(page, notice, shot);
}

async function pdfOf(page: Page, url: string): Promise<void> {
  const res = await page.request.get(`${office.base}${url}`);
  expect(res.status()).toBe(200);
  expect(res.headers()['content-type']).toBe('application/pdf');
  expect((await res.body()).subarray(0, 5).toString()).toBe('%PDF-');
}

it('a clerk’s day: register, check in and collect, token, lab order to report, dispense, bill, pay, print', async () => {
  const { db, base } = office;
  const today = istDayFromToday(0);
  const doctor = await createDoctorWithDailyOpd(db, { name: 'Dr. Day Long' });
  const code = unique('HB');
  await db.labTest.create({
    data: {
      code,
      name: `Haemoglobin ${code}`,
      sampleType: 'Blood (EDTA)',
      unit: 'g/dL',
      refRangeLow: new Prisma.Decimal('12'),
      refRangeHigh: new Prisma.Decimal('16'),
      service: { create: { code: `LAB-${code}`, name: 'Haemoglobin', category: 'LAB', price: 150, sacCode: '999316' } },
    },
  });
  const drug = await db.drug.create({ data: { code: unique('PCM'), name: `Paracetamol ${code}`, hsnCode: '300490', gstRate: 5 } });
  await receiveStock(db, await createActor(db, 'PHARMACIST'), {
    drugId: drug.id,
    batchNo: unique('B'),
    expiryDate: istDayFromToday(400),
    quantity: 50,
    mrp: '2.00',
    costPrice: '1.10',
  });
  const suffix = String(Date.now()).slice(-6);
  const phone = `+91982${suffix}1`;

  // ── Reception: register, and be warned of the duplicate ──
  const desk = await asStaff('RECEPTIONIST');
  const register = async () => {
    await desk.goto(`${base}/admin/resources/Patient/actions/new`);
    await desk.fill('input[name="name"]', 'Anjali Deshpande');
    await desk.fill('input[name="phone"]', phone);
    await desk.getByTestId('property-edit-gender').locator('input').first().click();
    await desk.getByText('Female', { exact: true }).click();
    await desk.getByTestId('button-save').click();
  };
  await register();
  await see(desk, /^Saved: Anjali Deshpande · PH-\d{6,}$/, 'day-register');
  const patient = await db.patient.findFirstOrThrow({ where: { phone } });
  await see(desk, 'OPD visits', 'day-patient-file');
  await shoot(desk, 'day-patient-file');
  await register();
  await see(desk, /Possibly already registered: Anjali Deshpande · PH-/, 'day-duplicate');
  await shoot(desk, 'day-duplicate-warning');
  expect(await db.patient.count({ where: { phone } })).toBe(1);

  // ── Reception: the day's queue, check in and collect the fee, the token slip ──
  const visit = await db.appointment.create({
    data: {
      patientId: patient.id,
      doctorId: doctor.id,
      visitDate: new Date(today),
      slotStart: istAt(today, '23:30'),
      slotEnd: istAt(today, '23:45'),
    },
  });
  await desk.goto(`${base}/admin/pages/todaysQueue`);
  await see(desk, "Today's OPD queue", 'day-queue');
  await see(desk, `Anjali Deshpande · ${patient.uhid}`, 'day-queue');
  await shoot(desk, 'day-queue');
  await runOperation(
    desk,
    `/admin/resources/Appointment/records/${visit.id}/collectFee`,
    (page) => choose(page, 'method', 'Cash', /^Cash$/),
    /^Checked in: token \d+\. Received ₹ 500\.00: receipt /,
    'day-collect-fee',
  );
  await shoot(desk, 'day-fee-collected');
  await pdfOf(desk, `/admin/appointments/${visit.id}/token`);
  await desk.close();

  // ── The doctor orders a test from the patient's file ──
  const doctorPage = await asStaff('DOCTOR');
  await doctorPage.goto(`${base}/admin/resources/Patient/records/${patient.id}/show`);
  await see(doctorPage, 'Lab tests and results', 'day-doctor-file');
  await runOperation(
    doctorPage,
    `/admin/resources/Patient/records/${patient.id}/orderLabTest`,
    (page) => choose(page, 'labTestId', code, new RegExp(`Haemoglobin ${code}`)),
    /^Ordered: /,
    'day-order-test',
  );
  const order = await db.labOrder.findFirstOrThrow({ where: { patientId: patient.id } });
  await doctorPage.close();

  // ── The laboratory: collect, enter, verify (reading the results), print ──
  const tech = await asStaff('LAB_TECH');
  await runOperation(
    tech,
    `/admin/resources/LabOrder/records/${order.id}/collectSample`,
    async () => undefined,
    /^Sample collected$/,
    'day-collect',
  );
  await runOperation(
    tech,
    `/admin/resources/LabOrder/records/${order.id}/enterResults`,
    async (page) => {
      await page.fill('#field-parameter', 'Haemoglobin');
      await page.fill('#field-value', '9.4');
    },
    /^Result entered$/,
    'day-enter',
  );
  await tech.close();
  const verifier = await asStaff('LAB_TECH');
  await verifier.goto(`${base}/admin/resources/LabOrder/records/${order.id}/verifyResults`);
  await verifier.getByTestId('operation-review').waitFor({ timeout: 30_000 });
  const flagged = verifier.locator('[data-testid="operation-review"] tr[data-alert="true"]');
  expect(await flagged.innerText()).toMatch(/Haemoglobin\s+9\.4\s+g\/dL\s+12 – 16\s+Abnormal/);
  await shoot(verifier, 'day-verify-review');
  await verifier.getByTestId('operation-submit').click();
  await see(verifier, /^Results verified$/, 'day-verify');
  await verifier.goto(`${base}/admin/resources/LabOrder/records/${order.id}/show`);
  await see(verifier, 'Results', 'day-lab-order');
  expect(await verifier.locator('[data-testid="related-results"] tr[data-alert="true"]').count()).toBe(1);
  await shoot(verifier, 'day-lab-order');
  await pdfOf(verifier, `/admin/lab-orders/${order.id}/pdf`);
  await verifier.close();

  // ── The pharmacy dispenses against the visit ──
  const pharmacist = await asStaff('PHARMACIST');
  await runOperation(
    pharmacist,
    `/admin/resources/Patient/records/${patient.id}/dispense`,
    async (page) => {
      await choose(page, 'drugId', code, new RegExp(`Paracetamol ${code}`));
      await page.fill('#field-quantity', '10');
      await choose(page, 'appointmentId', 'Day Long', /Dr\. Day Long/);
    },
    /^Dispensed 10 unit\(s\)/,
    'day-dispense',
  );
  await pharmacist.close();

  // ── Billing: generate the bill (landing on the draft), issue, take the money, print ──
  const billing = await asStaff('BILLING');
  await runOperation(
    billing,
    `/admin/resources/Patient/records/${patient.id}/generateBill`,
    async () => undefined,
    /^Draft bill for ₹ /,
    'day-generate',
  );
  await billing.waitForURL(/\/resources\/Invoice\/records\/\d+\/show/, { timeout: 15_000 });
  const draftId = Number(/records\/(\d+)\/show/.exec(billing.url())?.[1]);
  await see(billing, 'Draft bill (not yet numbered)', 'day-draft');
  await runOperation(billing, `/admin/resources/Invoice/records/${draftId}/issue`, async () => undefined, /^Issued /, 'day-issue');
  const issued = await db.invoice.findUniqueOrThrow({ where: { id: draftId } });
  const due = issued.total.minus(issued.amountPaid).toFixed(2);
  await runOperation(
    billing,
    `/admin/resources/Invoice/records/${draftId}/recordPayment`,
    async (page) => {
      await choose(page, 'method', 'UPI', /^UPI$/);
      await page.fill('#field-amount', due);
      await page.fill('#field-reference', `UPI${suffix}`);
    },
    new RegExp(`^Received ₹ ${due.replace('.', '\\.')}: receipt `),
    'day-pay',
  );
  await billing.goto(`${base}/admin/resources/Invoice/records/${draftId}/show`);
  await see(billing, 'Lines', 'day-invoice');
  const invoicePage = await billing.locator('body').innerText();
  for (const label of ['Sub-total', 'Taxable value', 'CGST', 'SGST', 'Round-off', 'Total', 'Paid']) expect(invoicePage).toContain(label);
  expect(invoicePage).toContain(`Anjali Deshpande · ${patient.uhid}`);
  expect(invoicePage).toContain(`Paracetamol ${code}`);
  expect(invoicePage).toMatch(/Payments[\s\S]*Receipt /);
  await readsInWords(billing);
  await shoot(billing, 'day-invoice');
  await pdfOf(billing, `/admin/invoices/${draftId}/pdf`);
  expect((await db.invoice.findUniqueOrThrow({ where: { id: draftId } })).status).toBe('PAID');
  await billing.close();
}, 240_000);
