/**
 * Imports against the real PostgreSQL with the hand-made messy registers in
 * tests/fixtures/imports: previews, precise errors, the error report,
 * all-or-nothing, valid-rows-only, idempotent re-imports, and every type.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { importKinds } from '../../../src/modules/imports/kinds/index.js';
import { runImport, type ImportOptions } from '../../../src/modules/imports/pipeline.js';
import { createActor } from '../../factories.js';
import { projectRoot } from '../../../src/config/paths.js';
import { testDatabaseUrl } from '../../support/env.js';
import { useDatabase } from '../../support/lifecycle.js';

const db = useDatabase();
const fixture = (name: string) => path.join(projectRoot, 'tests', 'fixtures', 'imports', name);
const scratch = mkdtempSync(path.join(tmpdir(), 'parth-import-'));

function importFile(type: string, file: string, options: Partial<ImportOptions> = {}) {
  const kind = importKinds[type];
  if (!kind) throw new Error(type);
  return runImport(testDatabaseUrl(), {
    kind,
    path: fixture(file),
    fileName: file,
    limits: { maxBytes: 25 * 1024 * 1024, maxRows: 200_000 },
    dryRun: false,
    validRowsOnly: false,
    errorReportPath: path.join(scratch, `${type}-${Date.now()}-${Math.random()}.xlsx`),
    ...options,
  });
}

const messyPhones = ['+919876543210', '+919822012345', '+919822012346', '+919822012349'];

describe('patients from a messy .xlsx register', () => {
  it('previews: counts, column mapping, every error by row and column, and an error report — writing nothing', async () => {
    const preview = await importFile('patients', 'patients-messy.xlsx', { dryRun: true });
    expect(preview).toMatchObject({ created: 4, updated: 0, skipped: 1, rejected: 3, totalRows: 8, committed: false });
    expect(preview.mapping).toEqual([
      { fileHeader: 'Patient Name', field: 'Name' },
      { fileHeader: 'D.O.B.', field: 'Date of Birth' },
      { fileHeader: 'Sex', field: 'Gender' },
      { fileHeader: 'Mobile No.', field: 'Phone' },
      { fileHeader: 'E-mail', field: 'Email' },
      { fileHeader: 'Blood Grp', field: 'Blood Group' },
    ]);
    expect(preview.ignoredHeaders).toEqual(['Sr No', 'Remarks']);
    expect(preview.errors).toEqual([
      { row: 8, column: 'D.O.B.', message: '"31/02/1990" is not a real date (expected dd/mm/yyyy)' },
      { row: 9, column: 'Sex', message: '"X" is not a gender (expected Male, Female or Other, or M/F/O)' },
      { row: 9, column: 'Mobile No.', message: '"12345" is not a 10-digit Indian phone number (with or without +91 or a leading 0)' },
      { row: 11, column: 'Patient Name', message: 'this cell is required' },
    ]);
    expect(await db.patient.count({ where: { phone: { in: messyPhones } } })).toBe(0);

    const report = new ExcelJS.Workbook();
    await report.xlsx.readFile(preview.errorReportPath ?? '');
    const sheet = report.worksheets[0];
    expect(sheet?.getRow(1).values).toEqual([
      undefined,
      'Row',
      'Sr No',
      'Patient Name',
      'D.O.B.',
      'Sex',
      'Mobile No.',
      'E-mail',
      'Blood Grp',
      'Remarks',
      'Errors',
    ]);
    expect(sheet?.rowCount).toBe(4);
    expect((sheet?.getRow(3).values as unknown[]).slice(1, 7)).toEqual([9, 5, 'Anita Deshmukh', '12/12/1990', 'X', '12345']);
    expect(sheet?.getRow(3).getCell(10).value).toBe(
      'Sex: "X" is not a gender (expected Male, Female or Other, or M/F/O); Mobile No.: "12345" is not a 10-digit Indian phone number (with or without +91 or a leading 0)',
    );
  });

  it('commits nothing by default when any row is rejected, then the valid rows only when asked, and nothing new the second time', async () => {
    const refused = await importFile('patients', 'patients-messy.xlsx');
    expect(refused).toMatchObject({ rejected: 3, committed: false });
    expect(await db.patient.count({ where: { phone: { in: messyPhones } } })).toBe(0);

    const job = await db.importJob.create({ data: { type: 'PATIENTS', fileName: 'patients-messy.xlsx', fileSize: 1 } });
    const done = await importFile('patients', 'patients-messy.xlsx', { validRowsOnly: true, jobId: job.id });
    expect(done).toMatchObject({ created: 4, skipped: 1, rejected: 3, committed: true });
    const patients = await db.patient.findMany({ where: { phone: { in: messyPhones } }, orderBy: { phone: 'asc' } });
    expect(
      patients.map((p) => [p.name, p.gender, p.dateOfBirth?.toISOString().slice(0, 10), p.phone, p.email, p.bloodGroup, p.importJobId]),
    ).toEqual([
      ['Ravi Patil', 'MALE', '1975-11-05', '+919822012345', null, 'O_POS', job.id],
      ['Meera Iyer', 'FEMALE', '1982-02-18', '+919822012346', null, null, job.id],
      ['Vikram Singh', 'MALE', '2019-01-01', '+919822012349', null, 'AB_NEG', job.id],
      ['asha kulkarni', 'FEMALE', '1987-08-14', '+919876543210', 'asha@example.in', 'B_POS', job.id],
    ]);
    expect(patients.every((p) => /^PH-\d{6,}$/.test(p.uhid))).toBe(true);

    const again = await importFile('patients', 'patients-messy.xlsx', { validRowsOnly: true });
    expect(again).toMatchObject({ created: 0, updated: 0, skipped: 5, rejected: 3, committed: true });
    expect(await db.patient.count({ where: { phone: { in: messyPhones } } })).toBe(4);
  });

  it('updates a known patient from a file that says more, and never blanks what is known', async () => {
    const asha = await db.patient.findFirstOrThrow({ where: { phone: '+919876543210' } });
    await db.patient.update({ where: { id: asha.id }, data: { city: 'Pune', email: 'old@example.in' } });
    const result = await importFile('patients', 'patients-messy.xlsx', { validRowsOnly: true });
    expect(result).toMatchObject({ created: 0, updated: 1, skipped: 4 });
    expect(await db.patient.findUniqueOrThrow({ where: { id: asha.id } })).toMatchObject({ email: 'asha@example.in', city: 'Pune' });
  });
});

describe('patients from a .csv with a BOM, UHIDs and quoted commas', () => {
  it('keeps the old UHIDs and moves the UHID sequence past them', async () => {
    const result = await importFile('patients', 'patients-messy.csv', { validRowsOnly: true });
    expect(result).toMatchObject({ created: 3, rejected: 1, committed: true });
    expect(result.errors).toEqual([{ row: 6, column: 'DOB', message: '"32/13/2001" is not a real date (expected dd/mm/yyyy)' }]);
    const kavita = await db.patient.findUniqueOrThrow({ where: { uhid: 'PH-900001' } });
    expect(kavita).toMatchObject({ name: 'Kavita Reddy', phone: '+919876511111', stateCode: '27', city: 'Pune' });
    expect(await db.patient.findFirstOrThrow({ where: { phone: '+919876511112' } })).toMatchObject({
      name: 'Nair, Arjun',
      stateCode: '32',
    });
    const registered = await db.patient.create({ data: { name: 'New Walk-in', gender: 'MALE', phone: '+919811100000' } });
    expect(Number(registered.uhid.slice(3))).toBeGreaterThan(900001);
  });
});

describe('catalogues and staff', () => {
  beforeAll(async () => {
    await db.department.upsert({ where: { code: 'GEN' }, create: { code: 'GEN', name: 'General Medicine' }, update: {} });
  });

  it('imports the tariff with rupee and GST spellings, rejecting a bad row with every reason', async () => {
    const result = await importFile('services', 'services.xlsx', { validRowsOnly: true });
    expect(result).toMatchObject({ created: 2, rejected: 1 });
    expect(result.errors.map((e) => e.column)).toEqual(['Rate', 'GST', 'Service Code']);
    const xray = await db.service.findUniqueOrThrow({ where: { code: 'XRAY-CHEST-X' } });
    expect([xray.category, xray.price.toFixed(2), xray.gstRate.toFixed(2), xray.sacCode]).toEqual([
      'RADIOLOGY',
      '1250.50',
      '18.00',
      '999316',
    ]);
    expect((await db.service.findUniqueOrThrow({ where: { code: 'CONS-GEN-X' } })).departmentId).not.toBeNull();
    expect(await importFile('services', 'services.xlsx', { validRowsOnly: true })).toMatchObject({ created: 0, updated: 0, skipped: 2 });
  });

  it('imports drugs with opening stock as receipt movements, once', async () => {
    const actor = await createActor(db, 'ADMIN');
    expect(await importFile('drugs', 'drugs.xlsx', { actor })).toMatchObject({ created: 3, updated: 0, rejected: 0, committed: true });
    const batches = await db.drugBatch.findMany({
      where: { drug: { code: 'PCM-X500' } },
      include: { movements: true },
      orderBy: { batchNo: 'asc' },
    });
    expect(
      batches.map((b) => [
        b.batchNo,
        b.expiryDate.toISOString().slice(0, 10),
        b.quantity,
        b.movements.map((m) => [m.type, m.quantity, m.createdById]),
      ]),
    ).toEqual([
      ['B2401', '2030-12-31', 500, [['RECEIPT', 500, actor.userId]]],
      ['B2402', '2031-06-30', 1000, [['RECEIPT', 1000, actor.userId]]],
    ]);
    expect(await importFile('drugs', 'drugs.xlsx')).toMatchObject({ created: 0, updated: 0, skipped: 3 });
    expect(await db.stockMovement.count({ where: { batch: { drug: { code: { in: ['PCM-X500', 'AMX-X250'] } } } } })).toBe(3);
    expect(await db.auditLog.count({ where: { model: 'ImportJob', userId: actor.userId } })).toBe(1);
  });

  it('imports staff and doctors with department and OPD schedule; an unknown department rejects the row', async () => {
    const result = await importFile('staff', 'staff.xlsx');
    expect(result).toMatchObject({ created: 2, rejected: 1, committed: false });
    expect(result.errors).toEqual([{ row: 4, column: 'Dept', message: 'no department is called Astrology' }]);
    expect(await db.user.count({ where: { email: 'kiran.rao.import@parth.test' } })).toBe(0);

    expect(await importFile('staff', 'staff.xlsx', { validRowsOnly: true })).toMatchObject({ created: 2, committed: true });
    const doctor = await db.doctor.findFirstOrThrow({
      where: { user: { email: 'kiran.rao.import@parth.test' } },
      include: { schedules: { orderBy: { weekday: 'asc' } }, user: true },
    });
    expect([doctor.name, doctor.registrationNo, doctor.consultationFee.toFixed(2), doctor.user.phone, doctor.user.role]).toEqual([
      'Dr. Kiran Rao',
      'MMC-IMPORT-1',
      '700.00',
      '+919820011111',
      'DOCTOR',
    ]);
    expect(doctor.schedules.map((s) => [s.weekday, s.startTime, s.endTime, s.slotMinutes])).toEqual([
      [1, '09:00', '13:00', 20],
      [2, '09:00', '13:00', 20],
      [3, '09:00', '13:00', 20],
      [4, '09:00', '13:00', 20],
      [5, '09:00', '13:00', 20],
      [6, '10:00', '12:00', 20],
    ]);
    expect(await importFile('staff', 'staff.xlsx', { validRowsOnly: true })).toMatchObject({ created: 0, updated: 0, skipped: 2 });
  });
});
