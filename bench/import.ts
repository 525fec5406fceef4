/**
 * `npm run bench:import` — end-to-end import of a 100,000-row messy patient
 * register (parse + validate + upsert into PostgreSQL) against streaming-
 * parsing the same file alone, both in one worker process started with the
 * same Node flags as `npm run import`. Parse-only is the median of three passes
 * after a warm-up; the import is one run into an empty patient table. The
 * worker's peak RSS covers all of it.
 * The last line is one JSON object:
 *   { "rows", "importRowsPerSec", "parseOnlyRowsPerSec", "ratio", "peakRssMb", "nodeCpuSeconds", "databaseCpuSeconds" }
 * The CPU both sides used while importing is printed too (the database's from
 * /proc, when the server runs on this machine).
 *
 * Uses DATABASE_URL's server (a scratch database is created and dropped).
 * BENCH_ROWS overrides the row count.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { writePatientRegister } from '../scripts/patientRegister.js';
import { withScratchDatabase } from './scratchDatabase.js';

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
  const dir = mkdtempSync(path.join(tmpdir(), 'parth-bench-'));
  try {
    await withScratchDatabase('parth_bench_import', async (url, admin) => {
      const file = path.join(dir, 'register.xlsx');
      const summary = await writePatientRegister(file, { rows: ROWS, format: 'xlsx' });
      console.log(
        `register: ${summary.dataRows} rows (${summary.duplicates} duplicates, ${summary.bad} with mistakes), blank lines and a total line`,
      );
      // Settle the server first: creating the database and migrating it leave a checkpoint due.
      await admin.query('CHECKPOINT');
      const result = await runWorker(file, url);
      const ratio = result.importRowsPerSec! / result.parseOnlyRowsPerSec!;
      console.log(
        `parse only          ${Math.round(result.parseOnlyRowsPerSec!).toLocaleString('en-IN')} rows/s (${result.parseSeconds} s, ${result.parseCpuSeconds} s of CPU)`,
      );
      console.log(
        `import end to end   ${Math.round(result.importRowsPerSec!).toLocaleString('en-IN')} rows/s (${result.created} created, ${result.skipped} skipped, ${result.rejected} rejected)`,
      );
      console.log(
        `while importing (${result.importSeconds} s): this process used ${result.nodeCpuSeconds} s of CPU, PostgreSQL ${result.databaseCpuSeconds} s (2 cores: at most ${(2 * result.importSeconds!).toFixed(1)} s)`,
      );
      console.log(`ratio ${ratio.toFixed(2)} (target ≥ 0.60, and ≥ 30,000 rows/s), peak RSS ${result.peakRssMb} MB (target < 300)`);
      console.log(
        JSON.stringify({
          rows: summary.dataRows,
          importRowsPerSec: Math.round(result.importRowsPerSec!),
          parseOnlyRowsPerSec: Math.round(result.parseOnlyRowsPerSec!),
          ratio: Number(ratio.toFixed(3)),
          peakRssMb: result.peakRssMb,
          nodeCpuSeconds: result.nodeCpuSeconds,
          databaseCpuSeconds: result.databaseCpuSeconds,
        }),
      );
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
