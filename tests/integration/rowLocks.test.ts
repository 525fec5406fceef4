/**
 * lockRow reads a locked row with raw SQL; the services then use it as Prisma's own
 * row. Here, for every table it locks, a row with its fields filled in is read both
 * ways and must be the same — a new column whose type Prisma reads differently
 * (a BigInt, JSON) fails here first.
 */
import { lockRow } from '../../src/config/db.js';
import { createDeskDay } from '../factories.js';
import { useDatabase } from '../support/lifecycle.js';

const db = useDatabase();

async function bothReads<T>(table: Parameters<typeof lockRow>[1], id: number, prismaRead: () => Promise<T>) {
  const locked = await db.$transaction((tx) => lockRow(tx, table, id));
  return { locked, read: await prismaRead() };
}

it('answers each locked row exactly as Prisma reads it', async () => {
  const { invoice, visit, doctor, deposit, batch, order } = await createDeskDay(db);

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
