/**
 * `npm run bench:import` — end-to-end import of a 100,000-row messy patient
 * register (parse + validate + upsert into PostgreSQL) against streaming-
 * parsing the same file alone, both in one worker process started with the
 * same Node flags as `npm run import`. Parse-only is the median of three passes
 * after a warm-up; the import is one run into an empty patient table. The
 * worker's peak RSS covers all of it.
 * The last line is one JSON object:
 *   { "rows", "importRowsPerSec", "parseOnlyRowsPerSec", "ratio", "peakRssMb" }
 *
 * Uses DATABASE_URL's server (a scratch database is created and dropped).
 * BENCH_ROWS overrides the row count.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { loadEnv } from '../src/config/env.js';
import { deployMigrations } from '../src/config/migrations.js';
import { writePatientRegister } from '../scripts/patientRegister.js';

const ROWS = Number(process.env.BENCH_ROWS ?? 100_000);
const here = path.dirname(fileURLToPath(import.meta.url));

function runWorker(file: string, databaseUrl: string): Promise<Record<string, number>> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [
        ...(process.env.BENCH_NODE_FLAGS ?? '--max-old-space-size=256 --max-semi-space-size=32').split(' ').filter(Boolean),
        '--import',
        'tsx',
        path.join(here, 'importWorker.ts'),
        file,
      ],
      {
        env: { ...process.env, DATABASE_URL: databaseUrl },
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.on('exit', (code) => {
      if (code !== 0) return reject(new Error(`the worker exited with ${code}`));
      resolve(JSON.parse(out.trim().split('\n').at(-1) ?? '{}') as Record<string, number>);
    });
  });
}

async function main(): Promise<void> {
  const env = loadEnv();
  if (!env.DATABASE_URL) throw new Error('Set DATABASE_URL to a PostgreSQL server for the benchmark');
  const name = `parth_bench_import_${Date.now()}`;
  const admin = new pg.Client({ connectionString: env.DATABASE_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${pg.escapeIdentifier(name)}`);
  const url = new URL(env.DATABASE_URL);
  url.pathname = `/${name}`;
  const dir = mkdtempSync(path.join(tmpdir(), 'parth-bench-'));
  try {
    await deployMigrations(url.toString());
    const file = path.join(dir, 'register.xlsx');
    const summary = await writePatientRegister(file, { rows: ROWS, format: 'xlsx' });
    console.log(
      `register: ${summary.dataRows} rows (${summary.duplicates} duplicates, ${summary.bad} with mistakes), blank lines and a total line`,
    );
    // Settle the server first: creating the database and migrating it leave a checkpoint due.
    await admin.query('CHECKPOINT');
    const result = await runWorker(file, url.toString());
    const ratio = result.importRowsPerSec! / result.parseOnlyRowsPerSec!;
    console.log(`parse only          ${Math.round(result.parseOnlyRowsPerSec!).toLocaleString('en-IN')} rows/s`);
    console.log(
      `import end to end   ${Math.round(result.importRowsPerSec!).toLocaleString('en-IN')} rows/s (${result.created} created, ${result.skipped} skipped, ${result.rejected} rejected)`,
    );
    console.log(`ratio ${ratio.toFixed(2)} (target ≥ 0.40), peak RSS ${result.peakRssMb} MB (target < 300)`);
    console.log(
      JSON.stringify({
        rows: summary.dataRows,
        importRowsPerSec: Math.round(result.importRowsPerSec!),
        parseOnlyRowsPerSec: Math.round(result.parseOnlyRowsPerSec!),
        ratio: Number(ratio.toFixed(3)),
        peakRssMb: result.peakRssMb,
      }),
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
    await admin.query(`DROP DATABASE IF EXISTS ${pg.escapeIdentifier(name)} WITH (FORCE)`);
    await admin.end();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
