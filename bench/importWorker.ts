/**
 * The measured side of bench/import.ts, in its own process so its peak RSS is
 * the import's: streams the file alone, then imports it (commit, valid rows
 * only), and prints one JSON line.
 */
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import { inspectFile, readRows } from '../src/modules/imports/files.js';
import { importKinds } from '../src/modules/imports/kinds/index.js';
import { runImport } from '../src/modules/imports/pipeline.js';
import { processCpuSeconds } from './processCpu.js';

const limits = { maxBytes: 100 * 1024 * 1024, maxRows: 1_000_000 };

async function main(): Promise<void> {
  const file = process.argv[2];
  const databaseUrl = process.env.DATABASE_URL;
  if (!file || !databaseUrl) throw new Error('usage: importWorker.ts <file> (with DATABASE_URL)');

  const format = await inspectFile(file, file, limits);
  const parseOnly = async () => {
    const cpuAtStart = process.cpuUsage();
    const began = performance.now();
    let lines = 0;
    for await (const row of readRows(file, format, limits)) lines += row.cells.length > 0 ? 1 : 0;
    const cpu = process.cpuUsage(cpuAtStart);
    return { lines, seconds: (performance.now() - began) / 1000, cpuSeconds: (cpu.user + cpu.system) / 1e6 };
  };
  // A warm-up pass (JIT, page cache, for both sides), then the median of three measured passes.
  await parseOnly();
  const passes = [await parseOnly(), await parseOnly(), await parseOnly()].sort((a, b) => a.seconds - b.seconds);
  const { lines: rows, seconds: parseSeconds, cpuSeconds: parseCpuSeconds } = passes[1]!;
  const database = await watchDatabaseCpu(databaseUrl);
  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  const result = await runImport(databaseUrl, {
    kind: importKinds.patients!,
    path: file,
    fileName: file,
    limits,
    dryRun: false,
    validRowsOnly: true,
  });
  const importSeconds = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(cpuBefore);
  const databaseCpuSeconds = await database.stop();
  const dataRows = result.totalRows;
  console.log(
    JSON.stringify({
      parseOnlyRowsPerSec: rows / parseSeconds,
      importRowsPerSec: dataRows / importSeconds,
      created: result.created,
      skipped: result.skipped,
      rejected: result.rejected,
      peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
      parseSeconds: round(parseSeconds),
      parseCpuSeconds: round(parseCpuSeconds),
      importSeconds: round(importSeconds),
      // This process's CPU (every thread: parser, inflater, GC) and the database's, while importing.
      nodeCpuSeconds: round((cpu.user + cpu.system) / 1e6),
      databaseCpuSeconds: round(databaseCpuSeconds),
    }),
  );
}

const round = (seconds: number) => Math.round(seconds * 100) / 100;

/**
 * The CPU time PostgreSQL's backends spend on this database meanwhile, read from
 * /proc (server on this machine; 0 when it is elsewhere): the import's connection
 * is found in pg_stat_activity as it appears, sampled every 50 ms.
 */
async function watchDatabaseCpu(databaseUrl: string): Promise<{ stop(): Promise<number> }> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  const { rows } = await client.query<{ db: string; me: number }>('SELECT current_database() AS db, pg_backend_pid() AS me');
  const { db, me } = rows[0]!;
  const seen = new Map<number, { first: number; last: number }>();
  let stopped = false;
  const sample = async () => {
    while (!stopped) {
      const backends = await client.query<{ pid: number }>('SELECT pid FROM pg_stat_activity WHERE datname = $1 AND pid <> $2', [db, me]);
      for (const { pid } of backends.rows) {
        const now = processCpuSeconds(pid);
        if (now === undefined) continue;
        const known = seen.get(pid);
        if (known) known.last = now;
        else seen.set(pid, { first: now, last: now });
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  };
  const sampling = sample();
  return {
    async stop() {
      stopped = true;
      await sampling;
      await client.end();
      return [...seen.values()].reduce((sum, t) => sum + t.last - t.first, 0);
    },
  };
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
