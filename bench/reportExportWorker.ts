/**
 * Child process of bench/reports.ts: exports one report to .xlsx (into a
 * temporary file, deleted after) and prints { rows, ms, peakRssMb }, its own
 * peak memory covering the whole export.
 */
import { createWriteStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { finished } from 'node:stream/promises';
import { reportNamed } from '../src/modules/reports/catalogue.js';
import { exportReport } from '../src/modules/reports/export.js';

async function main(): Promise<void> {
  const [name = '', filters = '{}'] = process.argv.slice(2);
  const dir = mkdtempSync(path.join(tmpdir(), 'parth-export-'));
  try {
    const file = path.join(dir, `${name}.xlsx`);
    const out = createWriteStream(file);
    const started = performance.now();
    const { rows } = await exportReport(process.env.DATABASE_URL ?? '', reportNamed(name), JSON.parse(filters), out, {
      preparedBy: 'benchmark',
    });
    await finished(out);
    const ms = Math.round(performance.now() - started);
    console.log(JSON.stringify({ rows, ms, bytes: statSync(file).size, peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024) }));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
