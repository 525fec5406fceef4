/**
 * `npm run import` as the first big migration will run it: a real process on
 * the run's database, JSON on stdout, exit codes, and a process killed
 * half-way leaving nothing behind. The large all-or-nothing cases live here,
 * one after the other, because they hold the patient table for seconds.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { projectRoot } from '../../../src/config/paths.js';
import { failStaleImports, STALE_AFTER_MS } from '../../../src/modules/imports/jobs.js';
import { importKinds } from '../../../src/modules/imports/kinds/index.js';
import { runImport } from '../../../src/modules/imports/pipeline.js';
import { writePatientRegister } from '../../../scripts/patientRegister.js';
import { testDatabaseUrl, testJobsSchema } from '../../support/env.js';
import { jobQueueFor } from '../../../src/modules/jobs/queue.js';
import { useDatabase } from '../../support/lifecycle.js';

// Each run of the CLI compiles it with tsx first: seconds when idle, far more on a loaded
// machine. The limit only ends a hang; no assertion depends on how long a run takes.
const CLI_TIMEOUT_MS = 240_000;

const db = useDatabase();
const dir = mkdtempSync(path.join(tmpdir(), 'parth-cli-'));

function startCli(args: string[], extraEnv: Record<string, string> = {}) {
  const child = spawn(
    process.execPath,
    ['--max-old-space-size=256', '--max-semi-space-size=32', '--import', 'tsx', 'scripts/import.ts', ...args],
    {
      cwd: projectRoot,
      env: { PATH: process.env.PATH, DATABASE_URL: testDatabaseUrl(), IMPORT_DIR: dir, NODE_ENV: 'test', ...extraEnv },
    },
  );
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) =>
    child.on('exit', (code) => resolve({ code, stdout, stderr })),
  );
  return { child, exited };
}

const fixture = (name: string) => path.join(projectRoot, 'tests', 'fixtures', 'imports', name);

describe('npm run import', () => {
  it(
    'prints one JSON object with the counts and every error, and writes nothing on a dry run',
    async () => {
      const { code, stdout } = await startCli(['patients', fixture('patients-messy.xlsx'), '--dry-run', '--json']).exited;
      expect(code).toBe(0);
      const result = JSON.parse(stdout) as Record<string, unknown>;
      expect(result).toMatchObject({
        created: expect.any(Number),
        updated: expect.any(Number),
        skipped: expect.any(Number),
        rejected: 3,
        status: 'PREVIEWED',
      });
      expect(result.errors).toEqual([
        { row: 8, column: 'D.O.B.', message: '"31/02/1990" is not a real date (expected dd/mm/yyyy)' },
        { row: 9, column: 'Sex', message: '"X" is not a gender (expected Male, Female or Other, or M/F/O)' },
        { row: 9, column: 'Mobile No.', message: '"12345" is not a 10-digit Indian phone number (with or without +91 or a leading 0)' },
        { row: 11, column: 'Patient Name', message: 'this cell is required' },
      ]);
      expect(await db.patient.count({ where: { importJobId: Number(result.jobId) } })).toBe(0);
    },
    CLI_TIMEOUT_MS,
  );

  it(
    'exits 2 with the reason when the file is refused, and 1 when rows are rejected in all-or-nothing mode',
    async () => {
      const fake = path.join(dir, 'fake.xlsx');
      writeFileSync(fake, 'not a workbook at all');
      const refused = await startCli(['patients', fake, '--json']).exited;
      expect(refused.code).toBe(2);
      expect(JSON.parse(refused.stdout)).toMatchObject({
        created: 0,
        refused: 'This file is not an Excel workbook (.xlsx), whatever its name says',
      });

      await db.department.upsert({ where: { code: 'GEN' }, create: { code: 'GEN', name: 'General Medicine' }, update: {} });
      const rejected = await startCli(['services', fixture('services.xlsx')]).exited;
      expect(rejected.code).toBe(1);
      expect(rejected.stderr).toMatch(/1 row has errors, so nothing was imported/);
      expect((await startCli(['widgets', fake]).exited).code).toBe(2);

      const long = path.join(dir, 'long.xlsx');
      await writePatientRegister(long, { rows: 3000, format: 'xlsx', seed: 9 });
      const tooLong = await startCli(['patients', long, '--json'], { IMPORT_MAX_ROWS: '2500' }).exited;
      expect(tooLong.code).toBe(2);
      expect(JSON.parse(tooLong.stdout)).toMatchObject({
        refused: 'The file has more than 2,500 rows; split it into smaller files',
        status: 'FAILED',
      });
    },
    CLI_TIMEOUT_MS,
  );

  it(
    'leaves the database as it was when the process is killed half-way, and the job then shows as failed',
    async () => {
      const register = path.join(dir, 'killed.xlsx');
      await writePatientRegister(register, { rows: 60_000, format: 'xlsx', seed: 77 });
      const { child, exited } = startCli(['patients', register, '--valid-rows-only']);
      let job = null;
      for (let i = 0; i < 4000 && !(job && job.processedRows > 0); i += 1) {
        await new Promise((resolve) => setTimeout(resolve, 50));
        job = await db.importJob.findFirst({ where: { fileName: 'killed.xlsx' }, orderBy: { id: 'desc' } });
      }
      expect(job).toMatchObject({ status: 'RUNNING' });
      child.kill('SIGKILL');
      await exited;
      // PostgreSQL rolls back the dead connection's transaction.
      for (let i = 0; i < 50; i += 1) {
        const open = await db.$queryRawUnsafe<Array<{ n: number }>>(
          `SELECT count(*)::int AS n FROM pg_stat_activity WHERE state LIKE 'idle in transaction%' AND query LIKE '%import_patients%'`,
        );
        if (open[0]?.n === 0) break;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      // Whatever the import had written carried its job id, and none of it stayed.
      expect(await db.patient.count({ where: { importJobId: job!.id } })).toBe(0);
      // Its heartbeat is as old as a dead process leaves it (only this job: a clock moved forward
      // would also fail the imports other test files are running at this moment).
      await db.importJob.update({ where: { id: job!.id }, data: { heartbeatAt: new Date(Date.now() - STALE_AFTER_MS - 1000) } });
      await failStaleImports(db, jobQueueFor(testDatabaseUrl(), testJobsSchema()));
      expect(await db.importJob.findUniqueOrThrow({ where: { id: job!.id } })).toMatchObject({ status: 'FAILED' });
    },
    CLI_TIMEOUT_MS,
  );
});

describe('all or nothing', () => {
  it(
    'leaves the database as it was when the database refuses a row in the middle of a 5,000-row file',
    async () => {
      const register = path.join(dir, 'refused-midway.xlsx');
      await writePatientRegister(register, { rows: 5000, format: 'xlsx', badShare: 0, seed: 5 });
      // A trigger stands in for any failure while writing (a constraint, a lost connection):
      // it refuses row 2,500's patient, after two batches of a thousand have been written.
      await db.$executeRawUnsafe(`CREATE OR REPLACE FUNCTION refuse_row_2500() RETURNS trigger AS $$
      BEGIN IF NEW.name LIKE '% 2500' THEN RAISE EXCEPTION 'refused by the test trigger'; END IF; RETURN NEW; END $$ LANGUAGE plpgsql`);
      await db.$executeRawUnsafe(
        `CREATE TRIGGER refuse_row_2500 BEFORE INSERT ON "Patient" FOR EACH ROW EXECUTE FUNCTION refuse_row_2500()`,
      );
      const job = await db.importJob.create({ data: { type: 'PATIENTS', fileName: 'refused-midway.xlsx', fileSize: 1 } });
      try {
        const batches: number[] = [];
        await expect(
          runImport(testDatabaseUrl(), {
            kind: importKinds.patients!,
            path: register,
            fileName: 'refused-midway.xlsx',
            limits: { maxBytes: 25 * 1024 * 1024, maxRows: 200_000 },
            dryRun: false,
            validRowsOnly: true,
            jobId: job.id,
            onProgress: (rows) => batches.push(rows),
          }),
        ).rejects.toThrow(/refused by the test trigger/);
        expect(batches.some((rows) => rows >= 2000)).toBe(true);
        expect(await db.patient.count({ where: { importJobId: job.id } })).toBe(0);
      } finally {
        await db.$executeRawUnsafe(`DROP TRIGGER refuse_row_2500 ON "Patient"`);
      }
    },
    CLI_TIMEOUT_MS,
  );
});

describe('two imports of the same register at once', () => {
  it(
    'create each patient once: imports of one type take turns',
    async () => {
      const register = path.join(dir, 'twice.xlsx');
      await writePatientRegister(register, { rows: 3000, format: 'xlsx', badShare: 0, seed: 42 });
      const jobs = await Promise.all(
        [1, 2].map(() => db.importJob.create({ data: { type: 'PATIENTS', fileName: 'twice.xlsx', fileSize: 1 } })),
      );
      const results = await Promise.all(
        jobs.map((job) =>
          runImport(testDatabaseUrl(), {
            kind: importKinds.patients!,
            path: register,
            fileName: 'twice.xlsx',
            limits: { maxBytes: 25 * 1024 * 1024, maxRows: 200_000 },
            dryRun: false,
            validRowsOnly: true,
            jobId: job.id,
          }),
        ),
      );
      const created = results.map((r) => r.created).sort((a, b) => a - b);
      expect(created[0]).toBe(0);
      expect(created[1]).toBeGreaterThan(2900);
      expect(await db.patient.count({ where: { importJobId: { in: jobs.map((j) => j.id) } } })).toBe(created[1]);
    },
    CLI_TIMEOUT_MS,
  );
});
