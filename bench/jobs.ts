/**
 * npm run bench:jobs — the job queue on PostgreSQL, measured on this machine to
 * choose between pg-boss and graphile-worker: jobs per second enqueued (one at
 * a time, as the app sends them) and completed (a no-op, and one small INSERT)
 * by 1 and 2 worker processes, next to the plain INSERT / SELECT … FOR UPDATE
 * SKIP LOCKED loop in the same run, on a scratch database. Last line: one JSON object.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import pg from 'pg';
import PgBoss from 'pg-boss';
import { makeWorkerUtils, runMigrations } from 'graphile-worker';
import { projectRoot } from '../src/config/paths.js';
import { withScratchDatabase } from './scratchDatabase.js';

const JOBS = Number(process.env.BENCH_JOBS ?? 2000);
const QUEUE = 'bench';
type Lib = 'raw' | 'pg-boss' | 'graphile-worker';
type Kind = 'noop' | 'write';

interface Queue {
  enqueue(n: number): Promise<void>;
  remaining(): Promise<number>;
  close(): Promise<void>;
}

async function queueFor(lib: Lib, url: string, db: pg.Client): Promise<Queue> {
  if (lib === 'raw') {
    return {
      enqueue: async (n) => void (await db.query("INSERT INTO bench_job (payload, state) VALUES ($1, 'queued')", [JSON.stringify({ n })])),
      remaining: async () => Number((await db.query("SELECT count(*) AS c FROM bench_job WHERE state = 'queued'")).rows[0].c),
      close: async () => undefined,
    };
  }
  if (lib === 'pg-boss') {
    const boss = new PgBoss({ connectionString: url, max: 2, supervise: false, schedule: false });
    boss.on('error', () => undefined);
    await boss.start();
    await boss.createQueue(QUEUE);
    return {
      enqueue: async (n) => void (await boss.send(QUEUE, { n })),
      remaining: async () =>
        Number((await db.query("SELECT count(*) AS c FROM pgboss.job WHERE name = $1 AND state <> 'completed'", [QUEUE])).rows[0].c),
      close: () => boss.stop({ graceful: false, wait: true }),
    };
  }
  await runMigrations({ connectionString: url });
  const utils = await makeWorkerUtils({ connectionString: url });
  return {
    enqueue: async (n) => void (await utils.addJob(QUEUE, { n })),
    remaining: async () => Number((await db.query('SELECT count(*) AS c FROM graphile_worker._private_jobs')).rows[0].c),
    close: async () => {
      await utils.release();
    },
  };
}

function startWorker(lib: Lib, kind: Kind, url: string): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(projectRoot, 'bench', 'jobsWorker.ts'), lib, kind, url], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    child.stdout?.on('data', (chunk: Buffer) => chunk.toString().includes('ready') && resolve(child));
    child.once('exit', (code) => reject(new Error(`${lib} worker exited (${code})`)));
  });
}

async function measure(lib: Lib, kind: Kind, workers: number, url: string, db: pg.Client) {
  await db.query('TRUNCATE bench_job, bench_write');
  const queue = await queueFor(lib, url, db);
  const children = await Promise.all(Array.from({ length: workers }, () => startWorker(lib, kind, url)));
  try {
    const started = performance.now();
    for (let n = 0; n < JOBS; n += 1) await queue.enqueue(n);
    const enqueued = performance.now();
    while ((await queue.remaining()) > 0) await new Promise((resolve) => setTimeout(resolve, 25));
    const done = performance.now();
    if (kind === 'write') {
      const written = Number((await db.query('SELECT count(*) AS c FROM bench_write')).rows[0].c);
      if (written !== JOBS) throw new Error(`${lib}: ${written} writes for ${JOBS} jobs (a job ran twice or not at all)`);
    }
    return {
      lib,
      kind,
      workers,
      enqueuedPerSecond: Math.round(JOBS / ((enqueued - started) / 1000)),
      completedPerSecond: Math.round(JOBS / ((done - started) / 1000)),
    };
  } finally {
    for (const child of children) child.kill('SIGKILL');
    await queue.close();
  }
}

await withScratchDatabase('parth_bench_jobs', async (url) => {
  const db = new pg.Client({ connectionString: url });
  await db.connect();
  await db.query(`CREATE TABLE bench_job (id bigserial PRIMARY KEY, payload jsonb NOT NULL, state text NOT NULL);
                  CREATE INDEX ON bench_job (state, id);
                  CREATE TABLE bench_write (id bigserial PRIMARY KEY, job text NOT NULL UNIQUE)`);
  // A first round warms connections, plans and the JIT of every queue; it is not reported.
  for (const lib of ['raw', 'pg-boss', 'graphile-worker'] as const) await measure(lib, 'noop', 1, url, db);
  const results: Array<Awaited<ReturnType<typeof measure>>> = [];
  for (const kind of ['noop', 'write'] as const) {
    for (const workers of [1, 2]) {
      for (const lib of ['raw', 'pg-boss', 'graphile-worker'] as const) {
        const result = await measure(lib, kind, workers, url, db);
        results.push(result);
        console.log(
          `${kind.padEnd(5)} ${workers} worker(s) ${lib.padEnd(16)} enqueue ${String(result.enqueuedPerSecond).padStart(6)}/s  complete ${String(result.completedPerSecond).padStart(6)}/s`,
        );
      }
    }
  }
  await db.end();
  const raw = (kind: string, workers: number) => results.find((r) => r.lib === 'raw' && r.kind === kind && r.workers === workers);
  console.log(
    JSON.stringify({
      jobs: JOBS,
      results: results.map((r) => ({
        ...r,
        enqueueRatioToRaw: Number((r.enqueuedPerSecond / (raw(r.kind, r.workers)?.enqueuedPerSecond ?? 1)).toFixed(2)),
        completeRatioToRaw: Number((r.completedPerSecond / (raw(r.kind, r.workers)?.completedPerSecond ?? 1)).toFixed(2)),
      })),
    }),
  );
});
