/**
 * The database itself refuses what must never happen, whatever code path
 * (back-office, API, import, a psql session) tries it.
 */
import { Prisma } from '@prisma/client';
import type { Db } from '../../src/config/db.js';
import { createBed, createDoctor, createDraftInvoice, createPatient, unique } from '../factories.js';
import { testDb } from '../support/env.js';

let db: Db;
beforeAll(() => {
  db = testDb();
});
afterAll(async () => {
  await db.$disconnect();
});

/** The Prisma error code (P2002 unique, P2003 foreign key, …) or the PostgreSQL constraint message. */
async function refusal(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof Prisma.PrismaClientKnownRequestError) return `${error.code} ${error.message}`;
    return String(error);
  }
  throw new Error('expected the database to refuse this write');
}

const slot = (iso: string) => ({ slotStart: new Date(iso), slotEnd: new Date(new Date(iso).getTime() + 15 * 60_000) });

describe('patients', () => {
  it('refuses a second patient with the same UHID', async () => {
    const uhid = unique('PH-');
    await createPatient(db, { uhid });
    expect(await refusal(createPatient(db, { uhid }))).toMatch(/^P2002/);
  });

  it('gives six-digit UHIDs that keep growing after the millionth patient', async () => {
    // A temporary sequence of the same name shadows the real one, inside this transaction only (dropped before commit).
    const uhids = await db.$transaction(async (tx) => {
      await tx.$executeRawUnsafe(`CREATE TEMP SEQUENCE patient_uhid_seq START 999998`);
      const made = await tx.$queryRawUnsafe<Array<{ a: string; b: string; c: string }>>(
        `SELECT next_uhid() AS a, next_uhid() AS b, next_uhid() AS c`,
      );
      await tx.$executeRawUnsafe(`DROP SEQUENCE pg_temp.patient_uhid_seq`);
      return made;
    });
    expect(uhids).toEqual([{ a: 'PH-999998', b: 'PH-999999', c: 'PH-1000000' }]);
  });

  it('refuses a second patient with the same ABHA number', async () => {
    const abhaNumber = unique('91');
    await createPatient(db, { abhaNumber });
    expect(await refusal(createPatient(db, { abhaNumber }))).toMatch(/^P2002/);
  });

  it('keeps a patient who has appointments: deleting them is refused', async () => {
    const patient = await createPatient(db);
    const doctor = await createDoctor(db);
    await db.appointment.create({
      data: { patientId: patient.id, doctorId: doctor.id, visitDate: new Date('2026-12-01'), ...slot('2026-12-01T04:00:00Z') },
    });
    expect(await refusal(db.patient.delete({ where: { id: patient.id } }))).toMatch(/^P2003/);
  });
});

describe('appointments', () => {
  it('refuses a second active appointment in the same doctor slot', async () => {
    const [first, second] = [await createPatient(db), await createPatient(db)];
    const doctor = await createDoctor(db);
    const visit = { doctorId: doctor.id, visitDate: new Date('2026-12-02'), ...slot('2026-12-02T04:30:00Z') };
    await db.appointment.create({ data: { patientId: first.id, ...visit } });
    expect(await refusal(db.appointment.create({ data: { patientId: second.id, ...visit } }))).toMatch(/^P2002/);
  });

  it('frees the slot when the appointment in it is cancelled', async () => {
    const [first, second] = [await createPatient(db), await createPatient(db)];
    const doctor = await createDoctor(db);
    const visit = { doctorId: doctor.id, visitDate: new Date('2026-12-03'), ...slot('2026-12-03T05:00:00Z') };
    const cancelled = await db.appointment.create({ data: { patientId: first.id, ...visit } });
    await db.appointment.update({ where: { id: cancelled.id }, data: { status: 'CANCELLED', cancelledAt: new Date() } });
    const rebooked = await db.appointment.create({ data: { patientId: second.id, ...visit } });
    expect(rebooked.status).toBe('BOOKED');
    // Reviving the cancelled one would double-book the slot again.
    expect(await refusal(db.appointment.update({ where: { id: cancelled.id }, data: { status: 'BOOKED' } }))).toMatch(/^P2002/);
  });

  it('lets two doctors see patients at the same time', async () => {
    const patient = await createPatient(db);
    const at = slot('2026-12-04T04:00:00Z');
    for (const doctor of [await createDoctor(db), await createDoctor(db)]) {
      await db.appointment.create({ data: { patientId: patient.id, doctorId: doctor.id, visitDate: new Date('2026-12-04'), ...at } });
    }
    expect(await db.appointment.count({ where: { patientId: patient.id } })).toBe(2);
  });

  it('refuses two patients with the same token for one doctor on one day', async () => {
    const doctor = await createDoctor(db);
    const day = new Date('2026-12-05');
    const [a, b] = [await createPatient(db), await createPatient(db)];
    await db.appointment.create({
      data: { patientId: a.id, doctorId: doctor.id, visitDate: day, tokenNo: 1, ...slot('2026-12-05T04:00:00Z') },
    });
    expect(
      await refusal(
        db.appointment.create({
          data: { patientId: b.id, doctorId: doctor.id, visitDate: day, tokenNo: 1, ...slot('2026-12-05T04:15:00Z') },
        }),
      ),
    ).toMatch(/^P2002/);
  });

  it('refuses a slot that ends before it starts', async () => {
    const [patient, doctor] = [await createPatient(db), await createDoctor(db)];
    const start = new Date('2026-12-06T04:00:00Z');
    expect(
      await refusal(
        db.appointment.create({
          data: { patientId: patient.id, doctorId: doctor.id, visitDate: new Date('2026-12-06'), slotStart: start, slotEnd: start },
        }),
      ),
    ).toMatch(/Appointment_slot_check/);
  });
});

describe('beds and admissions', () => {
  it('refuses a second current admission to the same bed', async () => {
    const [bed, doctor] = [await createBed(db), await createDoctor(db)];
    const admit = async () =>
      db.admission.create({
        data: { admissionNo: unique('IP-'), patientId: (await createPatient(db)).id, bedId: bed.id, doctorId: doctor.id },
      });
    await admit();
    expect(await refusal(admit())).toMatch(/^P2002/);
  });

  it('refuses admitting a patient who is already in another bed', async () => {
    const [patient, doctor] = [await createPatient(db), await createDoctor(db)];
    const admitTo = async (bedId: number) =>
      db.admission.create({ data: { admissionNo: unique('IP-'), patientId: patient.id, bedId, doctorId: doctor.id } });
    await admitTo((await createBed(db)).id);
    expect(await refusal(admitTo((await createBed(db)).id))).toMatch(/^P2002/);
  });
});

describe('billing', () => {
  it('refuses two invoices with the same number', async () => {
    const patient = await createPatient(db);
    const number = `PH/2026-27/${unique()}`;
    await createDraftInvoice(db, patient.id, { number, status: 'ISSUED', issuedAt: new Date() });
    expect(await refusal(createDraftInvoice(db, patient.id, { number, status: 'ISSUED', issuedAt: new Date() }))).toMatch(/^P2002/);
  });

  it('refuses an issued invoice without a number', async () => {
    const patient = await createPatient(db);
    expect(await refusal(createDraftInvoice(db, patient.id, { status: 'ISSUED' }))).toMatch(/Invoice_number_when_issued_check/);
  });

  it('records a gateway payment id only once', async () => {
    const patient = await createPatient(db);
    const invoice = await createDraftInvoice(db, patient.id, {
      number: unique('INV-'),
      status: 'ISSUED',
      total: new Prisma.Decimal('1000.00'),
    });
    const gatewayPaymentId = unique('pay_');
    const pay = () =>
      db.payment.create({
        data: {
          receiptNo: unique('RCP-'),
          invoiceId: invoice.id,
          method: 'RAZORPAY',
          amount: new Prisma.Decimal('100.00'),
          gatewayPaymentId,
        },
      });
    await pay();
    expect(await refusal(pay())).toMatch(/^P2002/);
  });

  it('refuses a zero or negative payment and a price below zero', async () => {
    const patient = await createPatient(db);
    const invoice = await createDraftInvoice(db, patient.id);
    expect(
      await refusal(
        db.payment.create({
          data: { receiptNo: unique('RCP-'), invoiceId: invoice.id, method: 'CASH', amount: new Prisma.Decimal('-1.00') },
        }),
      ),
    ).toMatch(/Payment_amount_check/);
    expect(
      await refusal(db.service.create({ data: { code: unique('S'), name: 'Bad', category: 'OTHER', price: new Prisma.Decimal('-5') } })),
    ).toMatch(/Service_price_check/);
  });

  it('refuses a GST rate that is not a slab in force: 7 % never, 12 % and 28 % not since 22-09-2025 (table GstSlab)', async () => {
    const service = (gstRate: string) =>
      db.service.create({
        data: {
          code: unique('S'),
          name: 'Odd GST',
          category: 'OTHER',
          price: new Prisma.Decimal('10'),
          gstRate: new Prisma.Decimal(gstRate),
        },
      });
    for (const rate of ['7', '12', '28']) expect(await refusal(service(rate))).toMatch(/GST rate: .* is not a GST rate in force on/);
    expect(
      await refusal(db.drug.create({ data: { code: unique('D'), name: 'Old-rate drug', gstRate: new Prisma.Decimal('12') } })),
    ).toMatch(/GST rate: 12.00 % is not a GST rate in force/);
    await service('40');
    // An item supplied before the reform may still carry 12 %: it is checked against its own day.
    const patient = await createPatient(db);
    const before = await db.billableItem.create({
      data: {
        patientId: patient.id,
        source: 'DRUG',
        sourceRef: unique('dispensation:'),
        description: 'Sold on 01-09-2025',
        quantity: 1,
        unitPrice: 10,
        supplyClass: 'RETAIL_PHARMACY',
        gstRate: 12,
        createdAt: new Date('2025-09-01T06:00:00Z'),
      },
    });
    expect(before.gstRate.toNumber()).toBe(12);
    expect(
      await refusal(
        db.billableItem.create({
          data: {
            patientId: patient.id,
            source: 'DRUG',
            sourceRef: unique('dispensation:'),
            description: 'Sold today',
            quantity: 1,
            unitPrice: 10,
            supplyClass: 'RETAIL_PHARMACY',
            gstRate: 12,
          },
        }),
      ),
    ).toMatch(/GST rate: 12.00 % is not a GST rate in force/);
  });

  it("deletes a draft invoice's lines together with it", async () => {
    const patient = await createPatient(db);
    const invoice = await createDraftInvoice(db, patient.id);
    await db.invoiceLine.create({
      data: { invoiceId: invoice.id, description: 'Dressing', quantity: 1, unitPrice: 250, taxableValue: 250, gstRate: 0, lineTotal: 250 },
    });
    await db.invoice.delete({ where: { id: invoice.id } });
    expect(await db.invoiceLine.count({ where: { invoiceId: invoice.id } })).toBe(0);
  });
});

describe('money', () => {
  it('stores rupees with exactly two decimals and sums them without float error', async () => {
    const patient = await createPatient(db);
    const invoice = await createDraftInvoice(db, patient.id);
    const line = (unitPrice: string) => ({
      invoiceId: invoice.id,
      description: 'Item',
      quantity: 1,
      unitPrice: new Prisma.Decimal(unitPrice),
      taxableValue: new Prisma.Decimal(unitPrice),
      gstRate: 0,
      lineTotal: new Prisma.Decimal(unitPrice),
    });
    await db.invoiceLine.createMany({ data: [line('0.10'), line('0.20'), line('1234.50')] });
    const [{ total }] = await db.$queryRaw<[{ total: Prisma.Decimal }]>`
      SELECT SUM("lineTotal") AS total FROM "InvoiceLine" WHERE "invoiceId" = ${invoice.id}`;
    expect(total.toFixed(2)).toBe('1234.80');
    const [{ stored }] = await db.$queryRaw<[{ stored: string }]>`
      SELECT "lineTotal"::text AS stored FROM "InvoiceLine" WHERE "invoiceId" = ${invoice.id} AND "unitPrice" = 1234.5`;
    expect(stored).toBe('1234.50');
  });

  it('rounds a third decimal to the paisa rather than keeping it', async () => {
    const service = await db.service.create({
      data: { code: unique('S'), name: 'Rounding', category: 'OTHER', price: new Prisma.Decimal('10.005') },
    });
    expect(service.price.toFixed(3)).toBe('10.010');
  });
});

describe('pharmacy stock', () => {
  it('refuses a batch quantity below zero', async () => {
    const drug = await db.drug.create({ data: { code: unique('DR'), name: 'Test drug' } });
    const batch = await db.drugBatch.create({
      data: { drugId: drug.id, batchNo: 'B1', expiryDate: new Date('2027-12-31'), quantity: 5, mrp: 10, costPrice: 6 },
    });
    expect(await refusal(db.drugBatch.update({ where: { id: batch.id }, data: { quantity: { decrement: 6 } } }))).toMatch(
      /DrugBatch_quantity_check/,
    );
  });
});
