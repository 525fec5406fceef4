/**
 * Every report over a data set whose answers are worked out by hand below
 * (October 2026, IST), made through the real billing services where money
 * moves: payments either side of IST midnight, a refund, a deposit split on
 * application, invoices cancelled with credit notes (one issued in September),
 * a patient from another state (still CGST + SGST), a patient with no visits. The reports run
 * on a database only this file writes to (their totals are whole-table sums).
 */
import type { Prisma, Role } from '@prisma/client';
import { addServiceToDraft, cancelInvoice, draftInvoice, issueInvoice } from '../../../src/modules/billing/invoices.js';
import { applyDeposit, recordPayment, takeDeposit } from '../../../src/modules/payments/service.js';
import { refundPayment } from '../../../src/modules/payments/refunds.js';
import { reportNamed } from '../../../src/modules/reports/catalogue.js';
import { todaysNumbers } from '../../../src/modules/reports/dashboard.js';
import { runReport, type ReportResult } from '../../../src/modules/reports/report.js';
import { createReportSource } from '../../../src/modules/reports/source.js';
import ExcelJS from 'exceljs';
import type { Express } from 'express';
import request from 'supertest';
import { createActor, createCharge, createDepartment, createDoctor, createPatient, istAt, unique } from '../../factories.js';
import { startBackOffice, signedInAs, type BackOfficeApp } from '../../support/backOffice.js';
import { fetchBytes } from '../../support/download.js';
import { reportsDatabaseUrl, testEnv } from '../../support/env.js';
import { errorOf, useDatabase } from '../../support/lifecycle.js';

const db = useDatabase(5, reportsDatabaseUrl());
const env = { HOSPITAL_STATE_CODE: '27' };
const OCTOBER = { from: '2026-10-01', to: '2026-10-31' };

type Actor = Awaited<ReturnType<typeof createActor>>;
let cashier1: Actor;
let cashier2: Actor;
let admin: Actor;

const source = createReportSource(reportsDatabaseUrl(), 2);
afterAll(() => source.close());
const report = (name: string, filters: Record<string, unknown>) => runReport(source, reportNamed(name), filters);
const row = (result: ReportResult, label: string, key = result.columns[0]!.key) => {
  const found = result.rows.find((r) => r[key] === label);
  if (!found) throw new Error(`no row ${label} in ${result.name}: ${JSON.stringify(result.rows)}`);
  return found;
};

async function issued(patientId: number, at: Date, extra?: (invoiceId: number) => Promise<unknown>) {
  const draft = await draftInvoice(db, env, admin, { patientId });
  await extra?.(draft.id);
  return issueInvoice(db, admin, { invoiceId: draft.id }, at);
}

async function appointment(patientId: number, doctorId: number, day: string, hhmm: string, status: string, isFollowUp = false) {
  const slotStart = istAt(day, hhmm);
  return db.appointment.create({
    data: {
      patientId,
      doctorId,
      slotStart,
      slotEnd: new Date(slotStart.getTime() + 15 * 60_000),
      visitDate: new Date(`${day}T00:00:00.000Z`),
      status: status as never,
      isFollowUp,
    },
  });
}

beforeAll(async () => {
  cashier1 = await createActor(db, 'BILLING');
  cashier2 = await createActor(db, 'BILLING');
  admin = await createActor(db, 'ADMIN');
  const approver = await createActor(db, 'ADMIN');
  await db.user.update({ where: { id: cashier1.userId }, data: { name: 'Cashier One' } });
  await db.user.update({ where: { id: cashier2.userId }, data: { name: 'Cashier Two' } });

  const cardiology = await createDepartment(db, { name: 'Cardiology' });
  const orthopaedics = await createDepartment(db, { name: 'Orthopaedics' });
  const drA = await createDoctor(db, { name: 'Dr. A', departmentId: cardiology.id });
  const drB = await createDoctor(db, { name: 'Dr. B', departmentId: orthopaedics.id });
  const ecg = await db.service.create({
    data: {
      code: unique('ECG'),
      name: 'ECG',
      category: 'PROCEDURE',
      departmentId: cardiology.id,
      price: '300.00',
      gstRate: 0,
      sacCode: '999316',
    },
  });
  const xray = await db.service.create({
    data: {
      code: unique('XR'),
      // An X-ray report for a visa application treats nobody: not health care, taxed at 18 %.
      name: 'Visa medical X-ray report',
      category: 'RADIOLOGY',
      departmentId: orthopaedics.id,
      price: '450.50',
      gstRate: 18,
      isHealthCare: false,
      sacCode: '999317',
    },
  });

  // ── OPD: Dr. A on 5 Oct (2 attended, 1 no-show, 1 cancelled), Dr. B on 6 Oct, one in November.
  const p1 = await createPatient(db, { name: 'Asha Patil', stateCode: '27' });
  const p2 = await createPatient(db, { name: 'Bala Rao', stateCode: '29' });
  const visitA = await appointment(p1.id, drA.id, '2026-10-05', '09:00', 'SEEN');
  await appointment(p2.id, drA.id, '2026-10-05', '09:15', 'SEEN', true);
  await appointment(p1.id, drA.id, '2026-10-05', '09:30', 'NO_SHOW');
  await appointment(p2.id, drA.id, '2026-10-05', '09:45', 'CANCELLED');
  const visitB = await appointment(p2.id, drB.id, '2026-10-06', '10:00', 'CHECKED_IN');
  await appointment(p1.id, drB.id, '2026-10-06', '10:15', 'BOOKED', true);
  await appointment(p1.id, drB.id, '2026-11-01', '10:00', 'SEEN');

  // ── Billing.
  // P1: consultation ₹500 with Dr. A + ECG ×2 less ₹60, issued 5 Oct; paid ₹1,040 cash at 23:50 IST; ₹200 refunded on 7 Oct.
  await createCharge(db, p1.id, '500', { source: 'CONSULTATION', appointmentId: visitA.id, sacCode: '999312' });
  const inv1 = await issued(p1.id, istAt('2026-10-05', '10:00'), (invoiceId) =>
    addServiceToDraft(db, cashier1, { invoiceId, serviceId: ecg.id, quantity: 2, discount: '60' }),
  );
  expect(inv1.total.toFixed(2)).toBe('1040.00');
  const pay1 = await recordPayment(db, cashier1, { invoiceId: inv1.id, method: 'CASH', amount: '1040' }, istAt('2026-10-05', '23:50'));
  await refundPayment(
    db,
    cashier1,
    { paymentId: pay1.id, amount: '200', reason: 'ECG repeated by mistake', approvedById: approver.userId },
    {
      now: istAt('2026-10-07', '11:00'),
    },
  );

  // P2 (from Karnataka; the place of supply is still Maharashtra, where the services are performed):
  // consultation ₹700 with Dr. B + X-ray report ₹450.50 + 18% (CGST ₹40.55 + SGST ₹40.55) = ₹1,231.60 → ₹1,232;
  // issued 6 Oct 00:10 IST (still 5 Oct in UTC); ₹300 UPI at 00:05 IST on 6 Oct; ₹100 card at 00:01 IST on 1 Nov (31 Oct in UTC).
  await createCharge(db, p2.id, '700', { source: 'CONSULTATION', appointmentId: visitB.id, sacCode: '999312' });
  const inv2 = await issued(p2.id, istAt('2026-10-06', '00:10'), (invoiceId) =>
    addServiceToDraft(db, cashier1, { invoiceId, serviceId: xray.id, quantity: 1 }),
  );
  expect(inv2.total.toFixed(2)).toBe('1232.00');
  await recordPayment(db, cashier2, { invoiceId: inv2.id, method: 'UPI', amount: '300', reference: 'UPI-1' }, istAt('2026-10-06', '00:05'));
  await recordPayment(
    db,
    cashier2,
    { invoiceId: inv2.id, method: 'CARD', amount: '100', reference: 'SLIP-9' },
    istAt('2026-11-01', '00:01'),
  );

  // P3: ₹300 issued 10 Oct, cancelled 12 Oct. P4: ₹800 issued 20 Sep, cancelled 3 Oct.
  const p3 = await createPatient(db, { stateCode: '27' });
  await createCharge(db, p3.id, '300');
  const inv3 = await issued(p3.id, istAt('2026-10-10', '12:00'));
  await cancelInvoice(db, admin, { invoiceId: inv3.id, reason: 'Billed to the wrong patient' }, istAt('2026-10-12', '12:00'));
  const p4 = await createPatient(db, { stateCode: '27' });
  await createCharge(db, p4.id, '800');
  const inv4 = await issued(p4.id, istAt('2026-09-20', '12:00'));
  await cancelInvoice(db, admin, { invoiceId: inv4.id, reason: 'Duplicate invoice' }, istAt('2026-10-03', '12:00'));

  // ── IPD: wards W1 (2 beds) and W2 (1 bed), 1–3 Oct.
  const w1 = await db.ward.create({ data: { code: unique('W1'), name: 'A Ward One', category: 'General', dailyRate: '1000' } });
  const w2 = await db.ward.create({ data: { code: unique('W2'), name: 'B Ward Two', category: 'Private', dailyRate: '3000' } });
  const [b11, b12] = await Promise.all(['1', '2'].map((n) => db.bed.create({ data: { wardId: w1.id, bedNumber: n } })));
  const b21 = await db.bed.create({ data: { wardId: w2.id, bedNumber: '1' } });
  const p5 = await createPatient(db, { stateCode: '27' });
  const px = await createPatient(db);
  const py = await createPatient(db);
  const admit = (
    patientId: number,
    bedId: number,
    doctorId: number,
    admittedAt: Date,
    extra: Partial<Prisma.AdmissionUncheckedCreateInput> = {},
  ) => db.admission.create({ data: { admissionNo: unique('ADM'), patientId, bedId, doctorId, admittedAt, ...extra } });
  // X: W1 bed 1, 1 Oct 10:00 → discharged 3 Oct 12:00 (50 h).
  const x = await admit(px.id, b11!.id, drA.id, istAt('2026-10-01', '10:00'), {
    status: 'DISCHARGED',
    dischargedAt: istAt('2026-10-03', '12:00'),
  });
  await db.admissionBedStay.create({
    data: { admissionId: x.id, bedId: b11!.id, dailyRate: '1000', fromTime: x.admittedAt, toTime: x.dischargedAt },
  });
  // Y: W1 bed 2 from 2 Oct 23:30, moved to W2 on 3 Oct 08:00, still in.
  const y = await admit(py.id, b21.id, drB.id, istAt('2026-10-02', '23:30'));
  await db.admissionBedStay.create({
    data: { admissionId: y.id, bedId: b12!.id, dailyRate: '1000', fromTime: y.admittedAt, toTime: istAt('2026-10-03', '08:00') },
  });
  await db.admissionBedStay.create({
    data: { admissionId: y.id, bedId: b21.id, dailyRate: '3000', fromTime: istAt('2026-10-03', '08:00') },
  });
  // Z: cancelled the hour it was made — counts nowhere.
  const z = await admit(p5.id, b21.id, drB.id, istAt('2026-10-01', '11:00'), { status: 'CANCELLED' });
  await db.admissionBedStay.create({
    data: { admissionId: z.id, bedId: b21.id, dailyRate: '3000', fromTime: z.admittedAt, toTime: istAt('2026-10-01', '12:00') },
  });

  // P5: IPD deposit ₹5,000 cash on 8 Oct; a ₹500 room bill (Dr. B's admission) issued 9 Oct and settled from the deposit.
  const stay = await admit(p5.id, b12!.id, drB.id, istAt('2026-10-08', '09:00'));
  const deposit = await takeDeposit(db, cashier1, { admissionId: stay.id, amount: '5000', method: 'CASH' }, istAt('2026-10-08', '09:30'));
  await db.admission.update({ where: { id: stay.id }, data: { status: 'DISCHARGED', dischargedAt: istAt('2026-10-09', '09:00') } });
  await createCharge(db, p5.id, '500', { source: 'BED_DAY', admissionId: stay.id, sacCode: '999311' });
  const inv5 = await issued(p5.id, istAt('2026-10-09', '10:00'));
  await applyDeposit(db, cashier1, { invoiceId: inv5.id, depositId: deposit.id }, istAt('2026-10-09', '10:05'));

  // Older unpaid bills for ageing: 15 Jun (₹1,500), 10 Aug (₹3,500), 15 Sep (₹2,500). Two names would be formulas in a spreadsheet.
  for (const [name, amount, day] of [
    ['Old Debtor', '1500', '2026-06-15'],
    ['=HYPERLINK("http://evil.example","x")', '3500', '2026-08-10'],
    ['@SUM(1+1)', '2500', '2026-09-15'],
  ] as const) {
    const patient = await createPatient(db, { name, stateCode: '27' });
    await createCharge(db, patient.id, amount);
    await issued(patient.id, istAt(day, '12:00'));
  }
  await createPatient(db, { name: 'No Visits Yet' });

  // ── Laboratory: CBC (target 4 h) ×3, LFT (24 h) ×1 and one cancelled.
  const cbc = await db.labTest.create({ data: { code: unique('CBC'), name: 'CBC', sampleType: 'Blood', turnaroundHours: 4 } });
  const lft = await db.labTest.create({ data: { code: unique('LFT'), name: 'LFT', sampleType: 'Blood', turnaroundHours: 24 } });
  const order = (labTestId: number, orderedAt: Date, releasedAt: Date | null, status = releasedAt ? 'RELEASED' : 'ORDERED') =>
    db.labOrder.create({ data: { orderNo: unique('LO'), patientId: p1.id, labTestId, orderedAt, releasedAt, status: status as never } });
  await order(cbc.id, istAt('2026-10-05', '09:00'), istAt('2026-10-05', '12:00'));
  await order(cbc.id, istAt('2026-10-05', '10:00'), istAt('2026-10-05', '16:00'));
  await order(cbc.id, istAt('2026-10-06', '09:00'), null);
  await order(lft.id, istAt('2026-10-06', '08:00'), istAt('2026-10-07', '06:00'));
  await order(lft.id, istAt('2026-10-06', '09:00'), null, 'CANCELLED');

  // ── Pharmacy.
  const d1 = await db.drug.create({ data: { code: unique('D1'), name: 'Drug One' } });
  const d2 = await db.drug.create({ data: { code: unique('D2'), name: 'Drug Two' } });
  await db.drug.create({ data: { code: unique('D3'), name: 'Drug Three' } });
  const batch = (drugId: number, batchNo: string, quantity: number, costPrice: string, mrp: string, expiry: string) =>
    db.drugBatch.create({ data: { drugId, batchNo, quantity, costPrice, mrp, expiryDate: new Date(`${expiry}T00:00:00.000Z`) } });
  const b1 = await batch(d1.id, 'B1', 100, '2.00', '5.00', '2026-12-01');
  const b2 = await batch(d1.id, 'B2', 50, '3.50', '8.00', '2027-06-01');
  await batch(d1.id, 'B3', 0, '1.00', '2.00', '2026-11-01');
  const b4 = await batch(d2.id, 'B4', 10, '100.00', '150.00', '2026-11-10');
  const dispense = async (drugId: number, batchId: number, quantity: number, at: Date) => {
    const d = await db.dispensation.create({ data: { patientId: p1.id, drugId, quantity, unitPrice: '5', gstRate: 12, dispensedAt: at } });
    await db.stockMovement.create({ data: { batchId, type: 'DISPENSE', quantity: -quantity, dispensationId: d.id, createdAt: at } });
  };
  await dispense(d1.id, b1.id, 30, istAt('2026-10-05', '10:00'));
  await db.stockMovement.create({ data: { batchId: b1.id, type: 'RETURN', quantity: 5, createdAt: istAt('2026-10-06', '10:00') } });
  await dispense(d1.id, b2.id, 10, istAt('2026-10-07', '10:00'));
  await dispense(d2.id, b4.id, 2, istAt('2026-10-08', '10:00'));
  await dispense(d1.id, b1.id, 7, istAt('2026-11-02', '10:00'));
}, 60_000);

describe('daily collection', () => {
  it('sums receipts by method to the paisa, by the IST day, with deposits taken and refunds paid out', async () => {
    const result = await report('collections', { ...OCTOBER, groupBy: 'method' });
    expect(result.rows).toEqual([
      { label: 'CASH', receipts: 2, received: '6040.00', refunded: '200.00', net: '5840.00' },
      { label: 'UPI', receipts: 1, received: '300.00', refunded: '0.00', net: '300.00' },
    ]);
    expect(result.totals).toEqual({ label: 'Total', receipts: 3, received: '6340.00', refunded: '200.00', net: '6140.00' });
  });

  it('groups by cashier and by day; a payment at 00:01 IST on 1 Nov belongs to November, one at 23:50 IST to its own day', async () => {
    const byCashier = await report('collections', { ...OCTOBER, groupBy: 'cashier' });
    expect(row(byCashier, 'Cashier One')).toMatchObject({ receipts: 2, received: '6040.00', refunded: '200.00' });
    expect(row(byCashier, 'Cashier Two')).toMatchObject({ receipts: 1, received: '300.00' });
    const byDay = await report('collections', { ...OCTOBER, groupBy: 'day' });
    expect(byDay.rows.map((r) => [r.label, r.received, r.refunded])).toEqual([
      ['2026-10-05', '1040.00', '0.00'],
      ['2026-10-06', '300.00', '0.00'],
      ['2026-10-07', '0.00', '200.00'],
      ['2026-10-08', '5000.00', '0.00'],
    ]);
    const november = await report('collections', { from: '2026-11-01', to: '2026-11-01' });
    expect(november.totals).toMatchObject({ receipts: 1, received: '100.00' });
  });
});

describe('revenue', () => {
  it('nets credit notes (a September invoice cancelled in October takes its revenue back in October)', async () => {
    const result = await report('revenue', { ...OCTOBER, groupBy: 'category' });
    expect(result.totals).toEqual({
      label: 'Total',
      lines: 4,
      gross: '1950.50',
      discount: '60.00',
      net: '1890.50',
      tax: '81.10',
      billed: '1971.60',
    });
    expect(row(result, 'CONSULTATION')).toMatchObject({ lines: 2, net: '1200.00' });
    expect(row(result, 'PROCEDURE')).toMatchObject({ gross: '600.00', discount: '60.00', net: '540.00' });
    expect(row(result, 'RADIOLOGY')).toMatchObject({ net: '450.50', tax: '81.10', billed: '531.60' });
    expect(row(result, 'ROOM')).toMatchObject({ net: '500.00' });
    expect(row(result, 'OTHER')).toMatchObject({ lines: -1, net: '-800.00' });
  });

  it('by department, doctor and month', async () => {
    const byDepartment = await report('revenue', { ...OCTOBER, groupBy: 'department' });
    expect(row(byDepartment, 'Cardiology')).toMatchObject({ gross: '1100.00', discount: '60.00', net: '1040.00' });
    expect(row(byDepartment, 'Orthopaedics')).toMatchObject({ net: '1650.50', tax: '81.10' });
    expect(row(byDepartment, 'No department')).toMatchObject({ net: '-800.00' });
    const byDoctor = await report('revenue', { ...OCTOBER, groupBy: 'doctor' });
    expect(row(byDoctor, 'Dr. A')).toMatchObject({ net: '500.00' });
    expect(row(byDoctor, 'Dr. B')).toMatchObject({ net: '1200.00' });
    expect(row(byDoctor, 'No doctor')).toMatchObject({ net: '190.50' });
    const byMonth = await report('revenue', { from: '2026-09-01', to: '2026-10-31', groupBy: 'month' });
    expect(byMonth.rows.map((r) => [r.label, r.net])).toEqual([
      ['2026-09', '3300.00'],
      ['2026-10', '1890.50'],
    ]);
  });
});

describe('GST summary', () => {
  it('by rate: invoices less credit notes; the patient from Karnataka pays CGST + SGST', async () => {
    const result = await report('gstSummary', { ...OCTOBER, groupBy: 'rate' });
    expect(result.rows).toEqual([
      {
        rate: '0',
        invoiceTaxable: '2540.00',
        creditNoteTaxable: '1100.00',
        taxable: '1440.00',
        cgst: '0.00',
        sgst: '0.00',
        igst: '0.00',
        tax: '0.00',
      },
      {
        rate: '18',
        invoiceTaxable: '450.50',
        creditNoteTaxable: '0.00',
        taxable: '450.50',
        cgst: '40.55',
        sgst: '40.55',
        igst: '0.00',
        tax: '81.10',
      },
    ]);
    expect(result.totals).toMatchObject({
      rate: 'Total',
      invoiceTaxable: '2990.50',
      creditNoteTaxable: '1100.00',
      taxable: '1890.50',
      cgst: '40.55',
      igst: '0.00',
    });
  });

  it('by section and place of supply (B2CS, Nil/Exempt) and by HSN/SAC', async () => {
    const bySection = await report('gstSummary', { ...OCTOBER, groupBy: 'section' });
    expect(bySection.rows.map((r) => [r.section, r.place, r.rate, r.taxable])).toEqual([
      ['B2CS', '27', '18.0', '450.50'],
      ['Nil/Exempt', '27', '0.0', '1440.00'],
    ]);
    const byCode = await report('gstSummary', { ...OCTOBER, groupBy: 'hsn' });
    expect(row(byCode, '999317')).toMatchObject({ taxable: '450.50', cgst: '40.55', igst: '0.00' });
    expect(row(byCode, '999312')).toMatchObject({ taxable: '1200.00' });
    const bySupply = await report('gstSummary', { ...OCTOBER, groupBy: 'supply' });
    expect(bySupply.rows.map((r) => [r.supply, r.rate, r.taxable, r.cgst])).toEqual([
      ['Health care service (exempt)', '0.0', '1440.00', '0.00'],
      ['Not health care', '18.0', '450.50', '40.55'],
    ]);
  });
});

describe('invoice register', () => {
  it('lists each invoice and credit note of the range; credit notes count negative', async () => {
    const result = await report('invoiceRegister', OCTOBER);
    expect(result.rows.map((r) => [r.number?.toString().slice(0, 2), r.issuedOn, r.total, r.paid])).toEqual([
      ['CN', '2026-10-03', '-800.00', '0.00'],
      ['BS', '2026-10-05', '1040.00', '840.00'],
      ['IB', '2026-10-06', '1232.00', '400.00'],
      ['BS', '2026-10-09', '500.00', '500.00'],
      ['BS', '2026-10-10', '300.00', '0.00'],
      ['CN', '2026-10-12', '-300.00', '0.00'],
    ]);
    expect(result.totals).toMatchObject({
      number: 'Total',
      taxable: '1890.50',
      cgst: '40.55',
      igst: '0.00',
      total: '1972.00',
      paid: '1740.00',
    });
  });
});

describe('outstanding dues', () => {
  it('ages each unpaid balance by its invoice day; cancelled and settled bills and patients without bills are absent', async () => {
    const result = await report('dues', { asOf: '2026-10-31' });
    expect(result.rows.map((r) => [r.patient, r.days0to30, r.days31to60, r.days61to90, r.days90plus, r.due])).toEqual([
      ['=HYPERLINK("http://evil.example","x")', '0.00', '0.00', '3500.00', '0.00', '3500.00'],
      ['@SUM(1+1)', '0.00', '2500.00', '0.00', '0.00', '2500.00'],
      ['Old Debtor', '0.00', '0.00', '0.00', '1500.00', '1500.00'],
      ['Bala Rao', '832.00', '0.00', '0.00', '0.00', '832.00'],
      ['Asha Patil', '200.00', '0.00', '0.00', '0.00', '200.00'],
    ]);
    expect(result.totals).toMatchObject({
      invoices: 5,
      days0to30: '1032.00',
      days31to60: '2500.00',
      days61to90: '3500.00',
      days90plus: '1500.00',
      due: '8532.00',
    });
  });
});

describe('OPD census', () => {
  it('counts per doctor with new and follow-up visits and the no-show rate of appointments with an outcome', async () => {
    const result = await report('opdCensus', { ...OCTOBER, groupBy: 'doctor' });
    expect(row(result, 'Dr. A')).toEqual({
      label: 'Dr. A',
      appointments: 3,
      attended: 2,
      noShows: 1,
      newVisits: 2,
      followUps: 1,
      cancelled: 1,
      noShowRate: '33.3',
    });
    expect(row(result, 'Dr. B')).toEqual({
      label: 'Dr. B',
      appointments: 2,
      attended: 1,
      noShows: 0,
      newVisits: 1,
      followUps: 1,
      cancelled: 0,
      noShowRate: '0.0',
    });
    expect(result.totals).toMatchObject({ appointments: 5, attended: 3, noShows: 1, newVisits: 3, followUps: 2, noShowRate: '25.0' });
    const byDepartment = await report('opdCensus', {
      ...OCTOBER,
      groupBy: 'department',
      departmentId: String((await db.department.findFirstOrThrow({ where: { name: 'Cardiology' } })).id),
    });
    expect(byDepartment.rows).toHaveLength(1);
    expect(byDepartment.totals).toMatchObject({ appointments: 3 });
  });
});

describe('IPD occupancy', () => {
  it('midnight census per ward per day, admissions by admitting ward, average stay of discharges', async () => {
    const range = { from: '2026-10-01', to: '2026-10-03' };
    const byDayWard = await report('ipdOccupancy', { ...range, groupBy: 'dayWard' });
    expect(byDayWard.rows.map((r) => [r.label, r.bedDays, r.occupiedBedDays, r.admissions, r.discharges])).toEqual([
      ['2026-10-01 · A Ward One', 2, 1, 1, 0],
      ['2026-10-01 · B Ward Two', 1, 0, 0, 0],
      ['2026-10-02 · A Ward One', 2, 2, 1, 0],
      ['2026-10-02 · B Ward Two', 1, 0, 0, 0],
      ['2026-10-03 · A Ward One', 2, 0, 0, 1],
      ['2026-10-03 · B Ward Two', 1, 1, 0, 0],
    ]);
    expect(byDayWard.totals).toMatchObject({
      bedDays: 9,
      occupiedBedDays: 4,
      occupancy: '44.4',
      admissions: 2,
      discharges: 1,
      averageStayDays: '2.1',
    });
    const byWard = await report('ipdOccupancy', { ...range, groupBy: 'ward' });
    expect(row(byWard, 'A Ward One')).toMatchObject({ occupancy: '50.0', averageStayDays: '2.1' });
    expect(row(byWard, 'B Ward Two')).toMatchObject({ occupancy: '33.3', averageStayDays: null });
  });
});

describe('laboratory turnaround', () => {
  it('per test: ordered, released, average, median and 90th percentile hours, released late', async () => {
    const result = await report('labTurnaround', OCTOBER);
    expect(row(result, 'CBC')).toEqual({
      test: 'CBC',
      ordered: 3,
      released: 2,
      averageHours: '4.5',
      medianHours: '4.5',
      p90Hours: '5.7',
      targetHours: 4,
      late: 1,
    });
    expect(row(result, 'LFT')).toMatchObject({ ordered: 1, released: 1, averageHours: '22.0', late: 0 });
    expect(result.totals).toMatchObject({
      ordered: 4,
      released: 3,
      averageHours: '10.3',
      medianHours: '6.0',
      p90Hours: '18.8',
      targetHours: null,
      late: 1,
    });
  });
});

describe('pharmacy', () => {
  it('values stock on hand at cost and at MRP', async () => {
    const result = await report('pharmacyStock', {});
    expect(result.rows.map((r) => [r.drug, r.batches, r.quantity, r.costValue, r.mrpValue])).toEqual([
      ['Drug Two', 1, 10, '1000.00', '1500.00'],
      ['Drug One', 2, 150, '375.00', '900.00'],
    ]);
    expect(result.totals).toMatchObject({ quantity: 160, costValue: '1375.00', mrpValue: '2400.00' });
  });

  it('lists batches near expiry, soonest first', async () => {
    const result = await report('pharmacyExpiry', { days: '60', today: '2026-10-31' });
    expect(result.rows.map((r) => [r.batchNo, r.daysLeft, r.quantity])).toEqual([
      ['B4', 10, 10],
      ['B1', 31, 100],
    ]);
    expect(result.totals).toMatchObject({ quantity: 110, costValue: '1200.00', mrpValue: '2000.00', daysLeft: null });
  });

  it('ranks movers by units dispensed less returns; a drug never dispensed is not moving', async () => {
    const result = await report('pharmacyMovers', OCTOBER);
    expect(result.rows.map((r) => [r.drug, r.dispensed, r.dispensations])).toEqual([
      ['Drug One', 35, 2],
      ['Drug Two', 2, 1],
      ['Drug Three', 0, 0],
    ]);
    expect(row(result, 'Drug Three', 'drug').movement).toBe('Not moving');
  });
});

describe('filters', () => {
  it.each([
    [{ from: '2026-10-31', to: '2026-10-01' }, 'must not be after'],
    [{ from: '2025-01-01', to: '2026-10-01' }, 'at most 366 days'],
    [{ from: '2026-02-30x', to: '2026-10-01' }, 'YYYY-MM-DD'],
    [{ ...OCTOBER, groupBy: 'patient' }, 'Choose one of'],
    [{ ...OCTOBER, doctorId: '1; DROP TABLE "Invoice"' }, 'expected number'],
  ])('refuses %j with a clear message', async (filters, message) => {
    const error = await errorOf(report('revenue', filters));
    expect(error?.status).toBe(400);
    expect(error?.message).toContain(message);
  });
});

describe('dashboard', () => {
  it('shows the same figures as the reports for the day', async () => {
    const numbers = await todaysNumbers(db, source, istAt('2026-10-05', '15:00'));
    expect(numbers).toMatchObject({
      date: '2026-10-05',
      opdAppointments: 3,
      opdCheckedIn: 2,
      collectionToday: '1040.00',
      refundsToday: '0.00',
    });
  });
});

describe('reports in the back-office', () => {
  let office: BackOfficeApp;
  beforeAll(async () => {
    office = await startBackOffice(db, {
      databaseUrl: reportsDatabaseUrl(),
      env: testEnv({ TRUST_PROXY: 'true', DATABASE_URL: reportsDatabaseUrl() }),
    });
  });
  afterAll(() => office.backOffice.close());
  const signIn = (role: Role) => signedInAs(office.app as Express, db, role);

  it('offers each role its own reports and refuses the others', async () => {
    const billing = (await signIn('BILLING')).agent;
    const catalogue = await billing.get('/admin/reports/catalogue').expect(200);
    expect(catalogue.body.reports.map((r: { name: string }) => r.name)).toEqual(['collections', 'dues', 'gstSummary', 'invoiceRegister']);
    expect(catalogue.body.lists.departments.map((d: { name: string }) => d.name)).toContain('Cardiology');
    await billing.get('/admin/reports/revenue/data?from=2026-10-01&to=2026-10-31').expect(403);
    await billing.get('/admin/reports/revenue/export.xlsx?from=2026-10-01&to=2026-10-31').expect(403);
    await billing.get('/admin/reports/nonsense/data').expect(404);

    const pharmacist = (await signIn('PHARMACIST')).agent;
    const theirs = await pharmacist.get('/admin/reports/catalogue').expect(200);
    expect(theirs.body.reports.map((r: { name: string }) => r.name)).toEqual(['pharmacyStock', 'pharmacyExpiry', 'pharmacyMovers']);
    await pharmacist.get('/admin/reports/collections/data?from=2026-10-01&to=2026-10-31').expect(403);

    await (await signIn('DOCTOR')).agent.get('/admin/reports/catalogue').expect(403);
    await (await signIn('DOCTOR')).agent.get('/admin/pages/reports').expect(403);
    await request(office.app).get('/admin/reports/catalogue').expect(401);
  });

  it('answers the page with totals, rows and the chart, and bad filters with 400', async () => {
    const { agent } = await signIn('ADMIN');
    const res = await agent.get('/admin/reports/collections/data?from=2026-10-01&to=2026-10-31&groupBy=method').expect(200);
    expect(res.body).toMatchObject({
      title: 'Daily collection',
      totals: { received: '6340.00' },
      chart: { kind: 'bar' },
      truncated: false,
    });
    const bad = await agent.get('/admin/reports/collections/data?from=2026-10-31&to=2026-10-01').expect(400);
    expect(bad.body.error.message).toBe('to: The start date must not be after the end date');
    const badExport = await agent.get('/admin/reports/collections/export.xlsx?from=yesterday').expect(400);
    expect(badExport.headers['content-type']).toMatch(/json/);
  });

  it('exports a formatted workbook: filters, frozen header, ₹ formats, totals, formulas written as text; audited', async () => {
    const { agent, staff } = await signIn('BILLING');
    const res = await fetchBytes(agent, '/admin/reports/dues/export.xlsx?asOf=2026-10-31').expect(200);
    expect(res.headers['content-disposition']).toContain('dues.xlsx');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(res.body as ExcelJS.Buffer);
    const sheet = workbook.worksheets[0]!;
    expect(sheet.getCell('A1').value).toBe('Outstanding dues (ageing)');
    expect(sheet.getCell('A2').value).toBe('Ages counted on: 2026-10-31');
    expect(String(sheet.getCell('A3').value)).toMatch(/^Prepared by Test BILLING on /);
    const header = 5;
    expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: header });
    expect(sheet.getRow(header).getCell(1).value).toBe('UHID');
    expect(sheet.getRow(header).getCell(9).value).toBe('Total due (₹)');
    const first = sheet.getRow(header + 1);
    expect(first.getCell(2).value).toBe(`'=HYPERLINK("http://evil.example","x")`);
    expect(first.getCell(2).type).toBe(ExcelJS.ValueType.String);
    expect(sheet.getRow(header + 2).getCell(2).value).toBe(`'@SUM(1+1)`);
    expect(first.getCell(9).value).toBe(3500);
    expect(first.getCell(9).numFmt).toBe('"₹"#,##0.00');
    const totals = sheet.getRow(header + 6);
    expect(totals.getCell(1).value).toBe('Total');
    expect(totals.getCell(4).value).toBe(5);
    expect(totals.getCell(9).value).toBe(8532);
    expect(totals.font?.bold).toBe(true);
    let formulas = 0;
    sheet.eachRow((row) => row.eachCell((cell) => (formulas += cell.type === ExcelJS.ValueType.Formula ? 1 : 0)));
    expect(formulas).toBe(0);

    const audit = await db.auditLog.findFirst({ where: { userId: staff.id, model: 'Report', recordId: 'dues' } });
    expect(audit?.after).toMatchObject({ export: 'xlsx', rows: 5 });
  });
});
