/**
 * lockRow reads a locked row with raw SQL; the services then use it as Prisma's own
 * row. Here, for every table it locks, a row with its fields filled in is read both
 * ways and must be the same — a new column whose type Prisma reads differently
 * (a BigInt, JSON) fails here first.
 */
import { lockRow } from '../../src/config/db.js';
import { admitPatient } from '../../src/modules/admissions/service.js';
import { collectSample, orderLabTest } from '../../src/modules/lab/service.js';
import { recordPayment, takeDeposit } from '../../src/modules/payments/service.js';
import { receiveStock } from '../../src/modules/pharmacy/service.js';
import {
  createActor,
  createBed,
  createDoctor,
  createDoctorWithDailyOpd,
  createIssuedInvoice,
  createPatient,
  createPricedLabTest,
  createVisitToday,
  istDayFromToday,
  unique,
} from '../factories.js';
import { useDatabase } from '../support/lifecycle.js';

const db = useDatabase();

async function bothReads<T>(table: Parameters<typeof lockRow>[1], id: number, prismaRead: () => Promise<T>) {
  const locked = await db.$transaction((tx) => lockRow(tx, table, id));
  return { locked, read: await prismaRead() };
}

it('answers each locked row exactly as Prisma reads it', async () => {
  const staff = await createActor(db, 'ADMIN');
  const invoice = await createIssuedInvoice(db, staff, '750');
  await recordPayment(db, staff, { invoiceId: invoice.id, method: 'UPI', amount: '250', reference: 'UPI-1' });
  const doctor = await createDoctorWithDailyOpd(db);
  const visit = await createVisitToday(db, { patientId: (await createPatient(db)).id, doctorId: doctor.id, checkedIn: true, tokenNo: 4 });
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
  const test = await createPricedLabTest(db, { name: 'Haemoglobin', sampleType: 'Blood', unit: 'g/dL', price: 350 }, 'HB');
  const order = await orderLabTest(db, staff, { patientId: visit.patientId, labTestId: test.id });
  await collectSample(db, staff, { labOrderId: order.id });

  const pairs = [
    await bothReads('Invoice', invoice.id, () => db.invoice.findUnique({ where: { id: invoice.id } })),
    await bothReads('Appointment', visit.id, () => db.appointment.findUnique({ where: { id: visit.id } })),
    await bothReads('Doctor', doctor.id, () => db.doctor.findUnique({ where: { id: doctor.id } })),
    await bothReads('Deposit', deposit.id, () => db.deposit.findUnique({ where: { id: deposit.id } })),
    await bothReads('DrugBatch', batch.id, () => db.drugBatch.findUnique({ where: { id: batch.id } })),
    await bothReads('LabOrder', order.id, () => db.labOrder.findUnique({ where: { id: order.id } })),
  ];
  for (const { locked, read } of pairs) {
    expect(read).not.toBeNull();
    expect(locked).toStrictEqual(read);
  }
  expect(await db.$transaction((tx) => lockRow(tx, 'Invoice', 2_000_000_000))).toBeNull();
});
