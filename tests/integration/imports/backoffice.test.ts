/**
 * Imports through the real back-office router: upload → preview job with
 * progress → commit → counts; templates and error reports to download;
 * administrators only.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import type { Express } from 'express';
import type request from 'supertest';
import { projectRoot } from '../../../src/config/paths.js';
import { startBackOffice, signedInAs, type BackOfficeApp } from '../../support/backOffice.js';
import { fetchBytes } from '../../support/download.js';
import { lyingWorkbook } from '../../support/lyingZip.js';
import { testEnv } from '../../support/env.js';
import { useDatabase } from '../../support/lifecycle.js';

const db = useDatabase();
let office: BackOfficeApp;
beforeAll(async () => {
  office = await startBackOffice(db, {
    // Shared strings capped at 2 MB here (production: 128 MB) so the zip bomb below is quick to refuse.
    env: testEnv({ IMPORT_DIR: mkdtempSync(path.join(tmpdir(), 'parth-office-')), TRUST_PROXY: 'true', IMPORT_MAX_SHARED_STRINGS_MB: '2' }),
  });
});
afterAll(() => office.backOffice.close());

const fixture = (name: string) => path.join(projectRoot, 'tests', 'fixtures', 'imports', name);
type Agent = ReturnType<typeof request.agent>;

async function finished(agent: Agent, jobId: number) {
  for (let i = 0; i < 200; i += 1) {
    const res = await agent.get(`/admin/imports/${jobId}`).expect(200);
    if (!['PENDING', 'RUNNING'].includes(res.body.status)) return res.body;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error('the import did not finish');
}

describe('imports in the back-office', () => {
  it('previews an upload, shows the mapping and errors, then commits it once', async () => {
    const { agent, staff } = await signedInAs(office.app as Express, db, 'ADMIN');
    const wrongType = await agent.post('/admin/imports').field('type', 'lab-tests').attach('file', fixture('services.xlsx')).expect(202);
    expect((await finished(agent, wrongType.body.jobId)).failureReason).toBe(
      'No header row was found in the first 20 lines: the file needs columns such as "Test Code", "Test Name", "Sample"',
    );

    const started = await agent
      .post('/admin/imports')
      .field('type', 'lab-tests')
      .field('validRowsOnly', 'true')
      .attach('file', fixture('lab-tests.xlsx'))
      .expect(202);
    const preview = await finished(agent, started.body.jobId);
    expect(preview).toMatchObject({
      status: 'PREVIEWED',
      dryRun: true,
      createdRows: 2,
      rejectedRows: 2,
      totalRows: 4,
      hasErrorReport: true,
      fileName: 'lab-tests.xlsx',
    });
    expect(preview.columnMapping).toContainEqual({ fileHeader: 'Normal Low', field: 'Range Low' });
    expect(preview.rowErrors).toEqual([
      { row: 4, column: 'Normal Low', message: 'the low end of the range is above the high end' },
      { row: 5, column: 'Billing Code', message: 'no tariff item has the code NOPE-1' },
    ]);
    expect(preview).not.toHaveProperty('filePath');
    expect(await db.labTest.count({ where: { code: { in: ['HB-X', 'GLU-F-X'] } } })).toBe(0);

    const report = await fetchBytes(agent, `/admin/imports/${preview.id}/errors.xlsx`).expect(200);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(report.body as ExcelJS.Buffer);
    expect(workbook.worksheets[0]?.getRow(2).getCell(1).value).toBe(4);

    const committed = await agent.post(`/admin/imports/${preview.id}/commit`).send({}).expect(202);
    const done = await finished(agent, committed.body.jobId);
    expect(done).toMatchObject({ status: 'COMPLETED', dryRun: false, createdRows: 2, rejectedRows: 2, startedById: staff.id });
    const hb = await db.labTest.findUniqueOrThrow({ where: { code: 'HB-X' } });
    expect([
      hb.name,
      hb.sampleType,
      hb.unit,
      hb.refRangeLow?.toString(),
      hb.refRangeHigh?.toString(),
      hb.turnaroundHours,
      hb.importJobId,
    ]).toEqual(['Haemoglobin', 'Blood', 'g/dL', '12', '16', 6, done.id]);
    expect(await db.auditLog.count({ where: { model: 'ImportJob', recordId: String(done.id), userId: staff.id } })).toBe(1);
    expect((await agent.post(`/admin/imports/${done.id}/commit`).send({})).status).toBe(409);
  });

  it('refuses a renamed file at upload with the reason, and keeps the job as failed', async () => {
    const { agent } = await signedInAs(office.app as Express, db, 'ADMIN');
    const started = await agent
      .post('/admin/imports')
      .field('type', 'patients')
      .attach('file', Buffer.from('MZ\x90\x00 not a workbook'), 'patients.xlsx')
      .expect(202);
    expect(await finished(agent, started.body.jobId)).toMatchObject({
      status: 'FAILED',
      failureReason: 'This file is not an Excel workbook (.xlsx), whatever its name says',
    });
    expect((await agent.post('/admin/imports').field('type', 'patients')).status).toBe(400);
  });

  it('refuses a zip bomb whose directory lies about its sizes with a clear reason, and keeps serving meanwhile', async () => {
    const { agent } = await signedInAs(office.app as Express, db, 'ADMIN');
    const bomb = await lyingWorkbook(8, 512 * 1024);
    const started = await agent.post('/admin/imports').field('type', 'patients').attach('file', bomb, 'patients.xlsx').expect(202);
    // The server answers other clerks while the file is read in the background.
    await agent.get('/admin/api/resources/Patient/actions/list').expect(200);
    expect(await finished(agent, started.body.jobId)).toMatchObject({
      status: 'FAILED',
      failureReason: 'This workbook unpacks to far more data than any register holds (a zip bomb?); it was not read',
    });
    await agent.get('/admin/api/resources/Patient/actions/list').expect(200);
  });

  it('offers a template for every type with our headers, an example row and hints', async () => {
    const { agent } = await signedInAs(office.app as Express, db, 'ADMIN');
    const res = await fetchBytes(agent, '/admin/imports/templates/patients.xlsx').expect(200);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(res.body as ExcelJS.Buffer);
    const sheet = workbook.worksheets[0];
    expect((sheet?.getRow(1).values as unknown[]).slice(1, 6)).toEqual(['UHID', 'Name', 'Date of Birth', 'Gender', 'Phone']);
    expect(sheet?.getRow(2).getCell(2).value).toBe('Asha Kulkarni');
    expect(sheet?.getCell('D1').note).toBe('Required. Male, Female or Other (M/F/O)');
    expect(sheet?.getCell('D2').dataValidation).toMatchObject({ type: 'list', formulae: ['"Male,Female,Other"'] });
    expect((await agent.get('/admin/imports/templates/widgets.xlsx')).status).toBe(400);
  });

  it('is for administrators only', async () => {
    const { agent } = await signedInAs(office.app as Express, db, 'RECEPTIONIST');
    expect((await agent.post('/admin/imports').field('type', 'patients').attach('file', fixture('patients-messy.csv'))).status).toBe(403);
    expect((await agent.get('/admin/imports/templates/patients.xlsx')).status).toBe(403);
    const job = await db.importJob.create({ data: { type: 'PATIENTS', fileName: 'x.csv', fileSize: 1 } });
    expect((await agent.get(`/admin/imports/${job.id}`)).status).toBe(403);
    expect((await agent.get('/admin/api/pages/imports')).status).toBe(403);
  });
});
