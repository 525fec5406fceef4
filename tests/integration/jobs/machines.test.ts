/**
 * More than one machine, on this one: two web instances (WORKERS=off, disks of
 * their own) and a worker process (`src/worker.ts`, as `npm run worker` runs
 * it) on one database and one S3-compatible store (s3rver, a real S3 HTTP
 * server): a register previewed on A is committed on B and worked by the
 * worker, its error report downloaded from B; a report export asked for on B
 * is made by the worker and downloaded from A; a worker killed in the middle
 * of an import is replaced and the import finishes, once.
 * The store itself: put, fetch, read, copy, exists, remove over real HTTP.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import request from 'supertest';
import S3rver from 's3rver';
import { writePatientRegister } from '../../../scripts/patientRegister.js';
import { createFileStore } from '../../../src/modules/storage/fileStore.js';
import { createStaff, sessionCookie, signIn, startBackOffice, type BackOfficeApp } from '../../support/backOffice.js';
import { fetchBytes } from '../../support/download.js';
import { testDatabaseUrl, testEnv, testJobsSchema } from '../../support/env.js';
import pg from 'pg';
import { pidOfRun, runsOfJob } from '../../support/jobRuns.js';
import { useDatabase } from '../../support/lifecycle.js';
import { startWorkerProcess, type WorkerProcess } from '../../support/workerProcess.js';

const db = useDatabase();
const BUCKET = 'parth-files';
let s3: S3rver;
let endpoint = '';
const offices: BackOfficeApp[] = [];
let worker: WorkerProcess | undefined;
const scratchOf = (name: string) => mkdtempSync(path.join(tmpdir(), `parth-instance-${name}-`));

/** The worker process's environment: the instances' database, queue and store; a heartbeat a second, so a dead one is found in four. */
const workerEnv = () => ({
  DATABASE_URL: testDatabaseUrl(),
  JOBS_SCHEMA: testJobsSchema(),
  JOBS_HEARTBEAT_SECONDS: '1',
  IMPORT_DIR: scratchOf('worker'),
  ...s3Env(),
});

const s3Env = () => ({
  FILE_STORE: 's3',
  S3_ENDPOINT: endpoint,
  S3_BUCKET: BUCKET,
  S3_REGION: 'us-east-1',
  S3_ACCESS_KEY_ID: 'S3RVER',
  S3_SECRET_ACCESS_KEY: 'S3RVER',
  S3_FORCE_PATH_STYLE: 'true',
});

beforeAll(async () => {
  s3 = new S3rver({
    address: '127.0.0.1',
    port: 0,
    silent: true,
    directory: mkdtempSync(path.join(tmpdir(), 'parth-s3-')),
    configureBuckets: [{ name: BUCKET, configs: [] }],
  });
  const address = (await s3.run()) as AddressInfo;
  endpoint = `http://127.0.0.1:${address.port}`;
  // Two instances, each with its own scratch disk, as two machines would have.
  // The web instances only queue the work: the worker process does it.
  for (const name of ['a', 'b']) {
    const env = testEnv({ TRUST_PROXY: 'true', WORKERS: 'off', IMPORT_DIR: scratchOf(name), ...s3Env() });
    offices.push(await startBackOffice(db, { env }));
  }
  worker = await startWorkerProcess(workerEnv());
}, 120_000);

afterAll(async () => {
  await worker?.stop();
  await Promise.all(offices.map((office) => office.backOffice.close()));
  await s3?.close();
});

async function finished(app: BackOfficeApp['app'], cookie: string, jobId: number) {
  for (let i = 0; i < 2400; i += 1) {
    const res = await request(app).get(`/admin/imports/${jobId}`).set('Cookie', cookie).expect(200);
    if (!['PENDING', 'RUNNING'].includes(res.body.status)) return res.body;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error('the import did not finish within two minutes');
}

describe('files shared by every instance', () => {
  it('keeps, copies and removes files in an S3-compatible store over real HTTP', async () => {
    const store = createFileStore(testEnv(s3Env()) as Parameters<typeof createFileStore>[0]);
    const local = path.join(mkdtempSync(path.join(tmpdir(), 'parth-store-')), 'note.txt');
    writeFileSync(local, 'Ward 3 register');
    await store.putFile('tests/note.txt', local);
    await store.copy('tests/note.txt', 'tests/copy.txt');
    expect(await store.exists('tests/copy.txt')).toBe(true);
    const back = `${local}.back`;
    await store.fetchFile('tests/copy.txt', back);
    expect(readFileSync(back, 'utf8')).toBe('Ward 3 register');
    await store.remove('tests/note.txt');
    expect(await store.exists('tests/note.txt')).toBe(false);
    await expect(store.read('tests/note.txt')).rejects.toMatchObject({ status: 404 });
    await expect(store.putFile('../escape', local)).rejects.toThrow(/not a file key/);
  });

  it('previews a register on one instance and commits it, and serves its error report, on the other', async () => {
    const [a, b] = offices as [BackOfficeApp, BackOfficeApp];
    const admin = await createStaff(db, 'ADMIN');
    const cookie = sessionCookie((await signIn(a.app, admin.email)).res) as string;
    const register = path.join(mkdtempSync(path.join(tmpdir(), 'parth-register-')), 'opd-register.csv');
    // A share high enough that 40 rows always hold a mistake whatever the seed (at 0.1, 0.9^40 ≈ 1.5 % of runs had none).
    const written = await writePatientRegister(register, { rows: 40, format: 'csv', badShare: 0.3, seed: process.pid });
    expect(written.bad).toBeGreaterThan(0);

    const started = await request(a.app)
      .post('/admin/imports')
      .set('Cookie', cookie)
      .set('Sec-Fetch-Site', 'same-origin')
      .field('type', 'patients')
      .field('validRowsOnly', 'true')
      .attach('file', register)
      .expect(202);
    const preview = await finished(a.app, cookie, started.body.jobId);
    // Every line of the register arrived whole (a store that mangles the upload changes the count).
    expect(preview).toMatchObject({ status: 'PREVIEWED', hasErrorReport: true, totalRows: written.dataRows });
    const kept = await db.importJob.findUniqueOrThrow({ where: { id: preview.id } });
    expect(kept.filePath).toMatch(/^imports\/job-\d+-opd-register\.csv$/);

    // B has never seen the upload on its own disk.
    const report = await fetchBytes(request.agent(b.app).set('Cookie', cookie), `/admin/imports/${preview.id}/errors.xlsx`).expect(200);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(report.body as ExcelJS.Buffer);
    expect(workbook.worksheets[0]?.rowCount).toBeGreaterThan(1);
    const committed = await request(b.app)
      .post(`/admin/imports/${preview.id}/commit`)
      .set('Cookie', cookie)
      .set('Sec-Fetch-Site', 'same-origin')
      .send({})
      .expect(202);
    const done = await finished(b.app, cookie, committed.body.jobId);
    expect(done).toMatchObject({ status: 'COMPLETED', dryRun: false });
    // Neither web instance ran it: the worker process did, once.
    const runs = await runsOfJob(db, `import:${done.id}`);
    expect(runs.map((r) => r.outcome)).toEqual(['SUCCEEDED']);
    expect(await pidOfRun(db, runs[0])).toBe(worker?.child.pid);
    expect(done.createdRows + done.updatedRows + done.skippedRows).toBe(preview.createdRows + preview.updatedRows + preview.skippedRows);
    expect(await db.patient.count({ where: { importJobId: done.id } })).toBe(done.createdRows);
    // The committed job's own copy of the upload is gone from the store; the preview's stays for its week.
    const store = createFileStore(testEnv(s3Env()) as Parameters<typeof createFileStore>[0]);
    const committedJob = await db.importJob.findUniqueOrThrow({ where: { id: done.id } });
    expect(await store.exists(committedJob.filePath as string)).toBe(false);
    expect(await store.exists(kept.filePath as string)).toBe(true);
  }, 180_000);

  it('makes a report export asked for on one instance, downloadable from the other', async () => {
    const [a, b] = offices as [BackOfficeApp, BackOfficeApp];
    const admin = await createStaff(db, 'ADMIN');
    const cookie = sessionCookie((await signIn(b.app, admin.email)).res) as string;
    const asked = await request(b.app)
      .post('/admin/reports/dues/exports?asOf=2026-12-01')
      .set('Cookie', cookie)
      .set('Sec-Fetch-Site', 'same-origin')
      .expect(202);
    // Bad filters are refused before anything is queued.
    await request(b.app)
      .post('/admin/reports/dues/exports?asOf=yesterday')
      .set('Cookie', cookie)
      .set('Sec-Fetch-Site', 'same-origin')
      .expect(400);
    let status = '';
    for (let i = 0; i < 1200 && status !== 'READY' && status !== 'FAILED'; i += 1) {
      status = (await request(a.app).get(`/admin/reports/exports/${asked.body.exportId}`).set('Cookie', cookie).expect(200)).body.status;
      if (status !== 'READY') await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(status).toBe('READY');
    const file = await fetchBytes(
      request.agent(a.app).set('Cookie', cookie),
      `/admin/reports/exports/${asked.body.exportId}/download`,
    ).expect(200);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(file.body as ExcelJS.Buffer);
    expect(String(workbook.worksheets[0]?.getCell('A1').value)).toMatch(/dues/i);
    // Another staff member's export is not theirs to fetch.
    const billing = await createStaff(db, 'BILLING');
    const theirs = sessionCookie((await signIn(a.app, billing.email)).res) as string;
    await request(a.app).get(`/admin/reports/exports/${asked.body.exportId}/download`).set('Cookie', theirs).expect(404);
    // Made once, audited as the asker's export.
    expect(await db.auditLog.count({ where: { model: 'Report', recordId: 'dues', userId: admin.id } })).toBe(1);
  }, 180_000);

  it('finishes an import once when its worker is killed in the middle of it and another takes over', async () => {
    const [a] = offices as [BackOfficeApp];
    const admin = await createStaff(db, 'ADMIN');
    const cookie = sessionCookie((await signIn(a.app, admin.email)).res) as string;
    const register = path.join(mkdtempSync(path.join(tmpdir(), 'parth-register-')), 'ward-register.csv');
    const written = await writePatientRegister(register, { rows: 30, format: 'csv', badShare: 0, seed: process.pid + 1 });

    // Hold the lock every patients import takes first: the worker's import waits inside its job.
    const blocker = new pg.Client({ connectionString: testDatabaseUrl() });
    await blocker.connect();
    await blocker.query('BEGIN');
    await blocker.query("SELECT pg_advisory_xact_lock(hashtext('import:PATIENTS'))");
    let started: request.Response;
    try {
      started = await request(a.app)
        .post('/admin/imports')
        .set('Cookie', cookie)
        .set('Sec-Fetch-Site', 'same-origin')
        .field('type', 'patients')
        .attach('file', register)
        .expect(202);
      const jobId = started.body.jobId as number;
      for (let i = 0; i < 1200; i += 1) {
        if ((await db.importJob.findUniqueOrThrow({ where: { id: jobId } })).status === 'RUNNING') break;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      expect((await db.importJob.findUniqueOrThrow({ where: { id: jobId } })).status).toBe('RUNNING');
      const killed = worker?.id;
      await worker?.kill();
      // The replacement finds the dead worker silent and runs its job again.
      worker = await startWorkerProcess(workerEnv());
      expect(worker.id).not.toBe(killed);
    } finally {
      await blocker.query('COMMIT');
      await blocker.end();
    }
    const done = await finished(a.app, cookie, started.body.jobId);
    expect(done).toMatchObject({ status: 'PREVIEWED', totalRows: written.dataRows, rejectedRows: 0 });
    const runs = await runsOfJob(db, `import:${done.id}`);
    // The killed attempt left no run behind (it never ended); the new worker process's is the one (by its
    // pid: a pool that graphile-worker stopped — another test process migrating its own queue schema
    // makes every runner on the database stop — is started again under a new pool id).
    expect(runs.map((r) => [r.outcome, r.attempt])).toEqual([['SUCCEEDED', 2]]);
    expect(await pidOfRun(db, runs[0])).toBe(worker?.child.pid);
  }, 240_000);
});
