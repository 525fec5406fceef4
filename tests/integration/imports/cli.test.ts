/**
 * `npm run import` as the first big migration will run it: a real process on
 * the run's database, JSON on stdout, exit codes, and a process killed
 * half-way leaving nothing behind.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { projectRoot } from '../../../src/config/paths.js';
import { failStaleImports, STALE_AFTER_MS } from '../../../src/modules/imports/jobs.js';
import { writePatientRegister } from '../../../scripts/patientRegister.js';
import { testDatabaseUrl } from '../../support/env.js';
import { useDatabase } from '../../support/lifecycle.js';

const db = useDatabase();
const dir = mkdtempSync(path.join(tmpdir(), 'parth-cli-'));

function startCli(args: string[]) {
  const child = spawn(process.execPath, ['--max-old-space-size=256', '--import', 'tsx', 'scripts/import.ts', ...args], {
    cwd: projectRoot,
    env: { PATH: process.env.PATH, DATABASE_URL: testDatabaseUrl(), IMPORT_DIR: dir, NODE_ENV: 'test' },
  });
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
  it('prints one JSON object with the counts and every error, and writes nothing on a dry run', async () => {
    const before = await db.patient.count();
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
    expect(await db.patient.count()).toBe(before);
  }, 60_000);

  it('exits 2 with the reason when the file is refused, and 1 when rows are rejected in all-or-nothing mode', async () => {
    const fake = path.join(dir, 'fake.xlsx');
    writeFileSync(fake, 'not a workbook at all');
    const refused = await startCli(['patients', fake, '--json']).exited;
    expect(refused.code).toBe(2);
    expect(JSON.parse(refused.stdout)).toMatchObject({
      created: 0,
      refused: 'This file is not an Excel workbook (.xlsx), whatever its name says',
    });

    const rejected = await startCli(['services', fixture('services.xlsx')]).exited;
    expect(rejected.code).toBe(1);
    expect(rejected.stderr).toMatch(/1 row has errors, so nothing was imported/);
    expect((await startCli(['widgets', fake]).exited).code).toBe(2);
  }, 60_000);

  it('leaves the database as it was when the process is killed half-way, and the job then shows as failed', async () => {
    const register = path.join(dir, 'killed.xlsx');
    await writePatientRegister(register, { rows: 60_000, format: 'xlsx', seed: 77 });
    const before = await db.patient.count();
    const { child, exited } = startCli(['patients', register, '--valid-rows-only']);
    let job = null;
    for (let i = 0; i < 600 && !(job && job.processedRows > 0); i += 1) {
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
    expect(await db.patient.count()).toBe(before);
    await failStaleImports(db, new Date(Date.now() + STALE_AFTER_MS + 1000));
    expect(await db.importJob.findUniqueOrThrow({ where: { id: job!.id } })).toMatchObject({ status: 'FAILED' });
  }, 120_000);
});
