/**
 * The measured side of bench/import.ts, in its own process so its peak RSS is
 * the import's: streams the file alone, then imports it (commit, valid rows
 * only), and prints one JSON line.
 */
import { performance } from 'node:perf_hooks';
import { inspectFile, readRows } from '../src/modules/imports/files.js';
import { importKinds } from '../src/modules/imports/kinds/index.js';
import { runImport } from '../src/modules/imports/pipeline.js';

const limits = { maxBytes: 100 * 1024 * 1024, maxRows: 1_000_000 };

async function main(): Promise<void> {
  const file = process.argv[2];
  const databaseUrl = process.env.DATABASE_URL;
  if (!file || !databaseUrl) throw new Error('usage: importWorker.ts <file> (with DATABASE_URL)');

  const format = await inspectFile(file, file, limits);
  const parseOnly = async () => {
    const began = performance.now();
    let lines = 0;
    for await (const row of readRows(file, format, limits)) lines += row.cells.length > 0 ? 1 : 0;
    return { lines, seconds: (performance.now() - began) / 1000 };
  };
  // A warm-up pass (JIT, page cache, for both sides), then the median of three measured passes.
  await parseOnly();
  const passes = [await parseOnly(), await parseOnly(), await parseOnly()].sort((a, b) => a.seconds - b.seconds);
  const { lines: rows, seconds: parseSeconds } = passes[1]!;
  let started = performance.now();

  started = performance.now();
  const result = await runImport(databaseUrl, {
    kind: importKinds.patients!,
    path: file,
    fileName: file,
    limits,
    dryRun: false,
    validRowsOnly: true,
  });
  const importSeconds = (performance.now() - started) / 1000;
  const dataRows = result.totalRows;
  console.log(
    JSON.stringify({
      parseOnlyRowsPerSec: rows / parseSeconds,
      importRowsPerSec: dataRows / importSeconds,
      created: result.created,
      skipped: result.skipped,
      rejected: result.rejected,
      peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
    }),
  );
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
