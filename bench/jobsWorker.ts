/**
 * One worker process of bench/jobs.ts: takes the queue's jobs until killed —
 * raw SKIP LOCKED, pg-boss or graphile-worker — each a no-op or one small
 * INSERT. Prints "ready" once it is taking jobs.
 */
import pg from 'pg';
import PgBoss from 'pg-boss';
import { run } from 'graphile-worker';

const [lib = '', kind = '', url = ''] = process.argv.slice(2);
const QUEUE = 'bench';
const BATCH = 10;

async function work(client: pg.Pool, job: string | number): Promise<void> {
  if (kind === 'write') await client.query('INSERT INTO bench_write (job) VALUES ($1)', [String(job)]);
}

async function raw(): Promise<void> {
  const pool = new pg.Pool({ connectionString: url, max: 2 });
  console.log('ready');
  for (;;) {
    const client = await pool.connect();
    try {
      await client.query('BEGIN');
      const { rows } = await client.query<{ id: number }>(
        "SELECT id FROM bench_job WHERE state = 'queued' ORDER BY id FOR UPDATE SKIP LOCKED LIMIT $1",
        [BATCH],
      );
      for (const row of rows) if (kind === 'write') await client.query('INSERT INTO bench_write (job) VALUES ($1)', [String(row.id)]);
      if (rows.length > 0) await client.query("UPDATE bench_job SET state = 'done' WHERE id = ANY($1)", [rows.map((r) => r.id)]);
      await client.query('COMMIT');
      if (rows.length === 0) await new Promise((resolve) => setTimeout(resolve, 20));
    } finally {
      client.release();
    }
  }
}

async function boss(): Promise<void> {
  const pool = new pg.Pool({ connectionString: url, max: 2 });
  const queue = new PgBoss({ connectionString: url, max: 4, supervise: false, schedule: false, migrate: false });
  queue.on('error', () => undefined);
  await queue.start();
  // pg-boss polls (0.5 s at the least) and takes a batch per poll: a larger batch than the
  // others' concurrency, so that polling is not all this measures.
  await queue.work<{ n: number }>(QUEUE, { batchSize: BATCH * 5, pollingIntervalSeconds: 0.5 }, async (jobs) => {
    for (const job of jobs) await work(pool, job.id);
  });
  console.log('ready');
}

async function graphile(): Promise<void> {
  const pool = new pg.Pool({ connectionString: url, max: 2 });
  await run({
    connectionString: url,
    concurrency: BATCH,
    noHandleSignals: true,
    pollInterval: 500,
    taskList: { [QUEUE]: async (_payload, helpers) => work(pool, helpers.job.id) },
    logger: undefined,
  });
  console.log('ready');
}

const runners: Record<string, () => Promise<void>> = { raw, 'pg-boss': boss, 'graphile-worker': graphile };
const start = runners[lib];
if (!start) throw new Error(`unknown queue ${lib}`);
await start();
