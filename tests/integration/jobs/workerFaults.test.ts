/**
 * A worker whose database connections PostgreSQL drops — a restart, a failover,
 * pg_terminate_backend — keeps its process and keeps working the queue: the
 * pool's dropped connections never surface as an unhandled 'error' (which ends
 * a Node process), and a runner that stopped itself on them is started again.
 */
import pg from 'pg';
import type { Workers } from '../../../src/modules/jobs/worker.js';
import { unique } from '../../factories.js';
import { startBackOffice, type BackOfficeApp } from '../../support/backOffice.js';
import { testDatabaseUrl, testEnv } from '../../support/env.js';
import { useDatabase } from '../../support/lifecycle.js';

const db = useDatabase();
const tag = `parth-jobs-fault-${process.pid}`;
let office: BackOfficeApp;
let workers: Workers;
let killer: pg.Client;

beforeAll(async () => {
  office = await startBackOffice(db, {
    env: testEnv({ WORKERS: 'inline', JOBS_SCHEMA: `jobs_faults_${process.pid}` }),
    workersApplicationName: tag,
  });
  workers = office.workers as Workers;
  killer = new pg.Client({ connectionString: testDatabaseUrl() });
  await killer.connect();
}, 60_000);

afterAll(async () => {
  await killer?.end();
  await office?.backOffice.close();
});

const dropWorkerConnections = async () =>
  (
    await killer.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = $1 AND pid <> pg_backend_pid()', [
      tag,
    ])
  ).rowCount ?? 0;

/** A job that runs at once and fails (its import's file is gone), leaving a JobRun row. */
async function runOneJob(): Promise<void> {
  const lost = await db.importJob.create({ data: { type: 'PATIENTS', fileName: `${unique('lost')}.xlsx`, fileSize: 1, dryRun: true } });
  const key = `import:${lost.id}`;
  await office.backOffice.jobs.enqueue('imports.run', { importJobId: lost.id, actor: null }, { key, maxAttempts: 1 });
  // Generous: the point is that it runs at all, on a machine that may be busy.
  for (let i = 0; i < 1800; i += 1) {
    if ((await db.jobRun.count({ where: { jobKey: key } })) > 0) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`job ${key} did not run within three minutes of the connections being dropped`);
}

describe('a worker whose database connections are dropped', () => {
  it('stays up and works the next jobs', async () => {
    await runOneJob();
    expect(await dropWorkerConnections()).toBeGreaterThan(0);
    // Dropped again while it reconnects, as a restart that takes a moment would.
    await new Promise((resolve) => setTimeout(resolve, 300));
    await dropWorkerConnections();
    await runOneJob();
    await runOneJob();
  }, 600_000);
});

describe('a worker told that a job schema was migrated', () => {
  it('starts its runner again and keeps working', async () => {
    const before = workers.id;
    // What graphile-worker sends when any process on the database applies a breaking migration
    // (a new deployment's schema, or a newer graphile-worker): every runner shuts itself down.
    await killer.query("SELECT pg_notify('worker:migrate', $1)", [JSON.stringify({ migrationNumber: 1, breaking: true })]);
    for (let i = 0; i < 1800 && workers.id === before; i += 1) await new Promise((resolve) => setTimeout(resolve, 100));
    expect(workers.id).not.toBe(before);
    expect(process.exitCode).toBeUndefined();
    await runOneJob();
  }, 600_000);
});
