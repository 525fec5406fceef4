/**
 * Factories: valid records with unique data, so every test states only what
 * matters to it and never depends on another test's rows.
 */
import { randomUUID } from 'node:crypto';
import { Prisma } from '@prisma/client';
import type { Db } from '../src/config/db.js';
import { admitPatient } from '../src/modules/admissions/service.js';
import { draftInvoice, issueInvoice } from '../src/modules/billing/invoices.js';
import { collectSample, orderLabTest } from '../src/modules/lab/service.js';
import { recordPayment, takeDeposit } from '../src/modules/payments/service.js';
import { dispenseDrug, receiveStock } from '../src/modules/pharmacy/service.js';

export const unique = (prefix = ''): string => `${prefix}${randomUUID().replaceAll('-', '').slice(0, 12)}`;

let phoneCounter = 0;
const uniquePhone = () => `+9198${String(process.pid % 1000).padStart(3, '0')}${String(++phoneCounter % 100000).padStart(5, '0')}`;

export function createPatient(db: Db, overrides: Partial<Prisma.PatientUncheckedCreateInput> = {}) {
  return db.patient.create({
    data: { name: 'Test Patient', gender: 'FEMALE', phone: uniquePhone(), ...overrides },
  });
}

export async function createDepartment(db: Db, overrides: Partial<Prisma.DepartmentCreateInput> = {}) {
  const code = unique('D');
  return db.department.create({ data: { code, name: `Department ${code}`, ...overrides } });
}

export async function createDoctor(db: Db, overrides: Partial<Prisma.DoctorUncheckedCreateInput> = {}) {
  const user = await db.user.create({
    data: { email: `${unique('dr')}@test.parth.hospital`, name: 'Dr. Test', role: 'DOCTOR', passwordHash: 'x' },
  });
  const departmentId = overrides.departmentId ?? (await createDepartment(db)).id;
  return db.doctor.create({
    data: {
      userId: user.id,
      name: 'Dr. Test',
      departmentId,
      registrationNo: unique('REG-'),
      qualification: 'MBBS',
      consultationFee: new Prisma.Decimal('500.00'),
      ...overrides,
    },
  });
}

export async function createBed(db: Db) {
  const code = unique('W');
  const ward = await db.ward.create({
    data: { code, name: `Ward ${code}`, category: 'General', dailyRate: new Prisma.Decimal('1500.00') },
  });
  return db.bed.create({ data: { wardId: ward.id, bedNumber: '01' } });
}

export function createDraftInvoice(db: Db, patientId: number, overrides: Partial<Prisma.InvoiceUncheckedCreateInput> = {}) {
  return db.invoice.create({ data: { patientId, ...overrides } });
}

/** A lab test with its tariff service (code LAB-<test code>), as the lab's catalogue holds one; a unique code. */
export function createPricedLabTest(
  db: Db,
  test: {
    name: string;
    sampleType: string;
    price: Prisma.Decimal.Value;
    unit?: string;
    refRangeLow?: Prisma.Decimal.Value;
    refRangeHigh?: Prisma.Decimal.Value;
    sacCode?: string;
  },
  prefix = 'LT',
) {
  const code = unique(prefix);
  const { price, sacCode, ...fields } = test;
  return db.labTest.create({
    data: { code, ...fields, service: { create: { code: `LAB-${code}`, name: test.name, category: 'LAB', price, sacCode } } },
  });
}

/** A doctor who sees OPD patients every day of the week, 09:00–13:00 IST in 15-minute slots. */
export async function createDoctorWithDailyOpd(
  db: Db,
  overrides: Partial<Prisma.DoctorUncheckedCreateInput> = {},
  maxPatients: number | null = null,
) {
  const doctor = await createDoctor(db, overrides);
  await db.doctorSchedule.createMany({
    data: [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({
      doctorId: doctor.id,
      weekday,
      startTime: '09:00',
      endTime: '13:00',
      slotMinutes: 15,
      maxPatients,
    })),
  });
  return doctor;
}

/** A staff user to act as (services record who did what). */
export async function createActor(db: Db, role: Prisma.UserCreateInput['role'] = 'RECEPTIONIST') {
  const user = await db.user.create({
    data: { email: `${unique(role.toLowerCase())}@test.parth.hospital`, name: `Actor ${role}`, role, passwordHash: 'x' },
  });
  return { userId: user.id, ip: '10.0.0.1', userAgent: 'jest' };
}

/** An IST calendar day `days` from today, as YYYY-MM-DD. */
export function istDayFromToday(days: number): string {
  return new Date(Date.now() + 330 * 60_000 + days * 86_400_000).toISOString().slice(0, 10);
}

/** The instant of HH:MM IST on an IST calendar day. */
export function istAt(day: string, hhmm: string): Date {
  return new Date(`${day}T${hhmm}:00.000+05:30`);
}

/** One unbilled charge of `amount` rupees (GST-exempt) for the patient. */
export function createCharge(
  db: Db,
  patientId: number,
  amount: Prisma.Decimal.Value,
  overrides: Partial<Prisma.BillableItemUncheckedCreateInput> = {},
) {
  return db.billableItem.create({
    data: {
      patientId,
      source: 'SERVICE',
      sourceRef: unique('svc:'),
      description: 'Charges',
      quantity: 1,
      unitPrice: amount,
      supplyClass: 'OPD_HEALTH_CARE',
      gstRate: 0,
      ...overrides,
    },
  });
}

/** A patient's issued invoice for `amount` rupees (one exempt line), made by the billing services. */
export async function createIssuedInvoice(db: Db, actor: { userId: number; ip: string | null; userAgent: string | null }, amount: string) {
  const patient = await createPatient(db);
  await createCharge(db, patient.id, amount);
  const draft = await draftInvoice(db, { HOSPITAL_STATE_CODE: '27' }, actor, { patientId: patient.id });
  return issueInvoice(db, actor, { invoiceId: draft.id });
}

/**
 * An OPD visit today, made directly (a booking refuses slots already past):
 * 15 minutes from `time` IST — late in the day, after any real session —
 * booked, or checked in with its token when asked.
 */
export function createVisitToday(
  db: Db,
  visit: {
    patientId: number;
    doctorId: number;
    time?: string;
    checkedIn?: boolean;
    status?: Prisma.AppointmentUncheckedCreateInput['status'];
    tokenNo?: number;
  },
) {
  const today = istDayFromToday(0);
  const start = istAt(today, visit.time ?? '23:00');
  const checkedIn = visit.checkedIn ? { status: 'CHECKED_IN' as const, tokenNo: visit.tokenNo ?? 1 } : {};
  return db.appointment.create({
    data: {
      patientId: visit.patientId,
      doctorId: visit.doctorId,
      visitDate: new Date(today),
      slotStart: start,
      slotEnd: new Date(start.getTime() + 15 * 60_000),
      ...checkedIn,
      ...(visit.status ? { status: visit.status, tokenNo: visit.tokenNo ?? null } : {}),
    },
  });
}

/**
 * A day at the desks in the tables the services lock and the back-office reads most, each row
 * with its decimals, dates, enums and empty columns filled in by the services themselves: an
 * issued bill with a payment, a checked-in visit with a dispensing, an admission with an advance,
 * a stock batch, a collected lab order, vitals with flags. For the tests that compare a raw
 * read of a row with Prisma's own (rowLocks.test.ts, backoffice/recordReads.test.ts).
 */
export async function createDeskDay(db: Db) {
  const staff = await createActor(db, 'ADMIN');
  const invoice = await createIssuedInvoice(db, staff, '750');
  await recordPayment(db, staff, { invoiceId: invoice.id, method: 'UPI', amount: '250', reference: 'UPI-1' });
  const doctor = await createDoctorWithDailyOpd(db);
  const patient = await createPatient(db, { dateOfBirth: new Date('1984-03-09T00:00:00Z'), city: 'Pune' });
  const visit = await createVisitToday(db, { patientId: patient.id, doctorId: doctor.id, checkedIn: true, tokenNo: 4 });
  const admission = await admitPatient(db, staff, {
    patientId: (await createPatient(db)).id,
    bedId: (await createBed(db)).id,
    doctorId: (await createDoctor(db)).id,
  });
  const deposit = await takeDeposit(db, staff, { admissionId: admission.id, amount: '5000', method: 'CARD', reference: 'SLIP-9' });
  const drug = await db.drug.create({ data: { code: unique('D'), name: `Cetirizine ${unique()}`, gstRate: 5, hsnCode: '300490' } });
  const batch = await receiveStock(db, staff, {
    drugId: drug.id,
    batchNo: 'B1',
    expiryDate: istDayFromToday(300),
    quantity: 40,
    mrp: '3.50',
    costPrice: '1.75',
  });
  await dispenseDrug(db, staff, { patientId: patient.id, drugId: drug.id, quantity: 2, appointmentId: visit.id });
  const test = await createPricedLabTest(db, { name: 'Haemoglobin', sampleType: 'Blood', unit: 'g/dL', price: 350 }, 'HB');
  const order = await orderLabTest(db, staff, { patientId: patient.id, labTestId: test.id });
  await collectSample(db, staff, { labOrderId: order.id });
  await db.vitals.create({ data: { patientId: patient.id, temperatureC: '38.4', spo2: 97, flags: ['Fever', 'BP high'] } });
  return { invoice, visit, doctor, deposit, batch, order };
}
