/**
 * The back-office reads records by id with its own SQL (admin/recordReads.ts); AdminJS,
 * the titles and the actions then use them as Prisma's rows. Here every model's newest
 * rows are read both ways and must be the same — a new column whose type the SQL reads
 * differently (a list of dates, a BigInt) fails here first, or leaves the model on Prisma.
 */
import { INTERNAL_MODELS } from '../../../admin/access.js';
import { loadDatamodel, type Datamodel } from '../../../admin/dmmf.js';
import { recordReader, type TitleSelect } from '../../../admin/recordReads.js';
import { titles } from '../../../admin/titles.js';
import { SECRET_FIELDS } from '../../../src/modules/audit/service.js';
import { createDeskDay } from '../../factories.js';
import { useDatabase } from '../../support/lifecycle.js';

const db = useDatabase();
type Row = Record<string, unknown>;
type Delegate = { findMany(args: { orderBy: Row; take: number; include?: Row }): Promise<Row[]> };

let datamodel: Datamodel;

beforeAll(async () => {
  datamodel = await loadDatamodel();
  // Rows in the tables the desks read most, with their decimals, dates, enums, JSON and empty columns.
  await createDeskDay(db);
});

/** The newest rows of a model as Prisma reads them (with the title's relations), and as the SQL does. */
async function bothReads(name: string, title: TitleSelect | undefined) {
  const delegate = (db as unknown as Record<string, Delegate>)[name.charAt(0).toLowerCase() + name.slice(1)]!;
  const model = datamodel.models.find((m) => m.name === name)!;
  const id = model.fields.find((field) => field.isId)!.name;
  const read = await delegate.findMany({ orderBy: { [id]: 'desc' }, take: 5, ...(title ? { include: title } : {}) });
  for (const row of read) for (const secret of SECRET_FIELDS) delete row[secret];
  const reader = recordReader(db, datamodel, model, title);
  const ids = read.map((row) => row[id] as number | string);
  const sql = reader ? await reader.byIds(ids.length > 0 ? [...ids].reverse() : [-1]) : undefined;
  return { reader, read: [...read].reverse(), sql };
}

it('reads every back-office model exactly as Prisma does, titles included', async () => {
  const withRows: string[] = [];
  for (const model of datamodel.models.filter((m) => !INTERNAL_MODELS.has(m.name))) {
    const { reader, read, sql } = await bothReads(model.name, titles[model.name]?.include);
    // No model of today's schema is left on Prisma.
    expect({ model: model.name, reader: reader !== undefined }).toEqual({ model: model.name, reader: true });
    expect({ model: model.name, rows: sql }).toStrictEqual({ model: model.name, rows: read });
    if (read.length > 0) withRows.push(model.name);
  }
  for (const model of ['Patient', 'Appointment', 'Doctor', 'Invoice', 'InvoiceLine', 'Payment', 'LabOrder', 'LabTest', 'Drug'])
    expect(withRows).toContain(model);
  for (const model of ['DrugBatch', 'Dispensation', 'Admission', 'Bed', 'Deposit', 'AuditLog', 'User', 'Vitals', 'Department'])
    expect(withRows).toContain(model);
});

it('reads a title relation through another one, and an empty key as no relation', async () => {
  const title: TitleSelect = { doctor: { select: { name: true, department: { select: { name: true, code: true } } } } };
  const { read, sql } = await bothReads('Appointment', title);
  expect(read.length).toBeGreaterThan(0);
  expect(sql).toStrictEqual(read);
  // Most admissions are not waiting on credit: their creditPendingBy is null both ways.
  const { read: admissions, sql: admissionRows } = await bothReads('Admission', {
    creditPendingBy: { select: { name: true, role: true } },
  });
  expect(admissions.some((row) => row.creditPendingBy === null)).toBe(true);
  expect(admissionRows).toStrictEqual(admissions);
});

it('answers nothing for ids that are not there, and leaves a model with an unreadable title on Prisma', async () => {
  const patient = datamodel.models.find((m) => m.name === 'Patient')!;
  expect(await recordReader(db, datamodel, patient)!.byIds([2_000_000_000])).toEqual([]);
  // A title that picks a date would come back as text inside JSON: not Prisma's shape, so not read here.
  const appointment = datamodel.models.find((m) => m.name === 'Appointment')!;
  expect(recordReader(db, datamodel, appointment, { doctor: { select: { createdAt: true } } })).toBeUndefined();
  expect(recordReader(db, datamodel, appointment, { invoices: { select: { id: true } } } as TitleSelect)).toBeUndefined();
});
