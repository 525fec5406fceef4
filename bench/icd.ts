/**
 * How fast the diagnosis search answers as the doctor types, over the whole
 * ICD-10 catalogue (24,628 codes): `searchIcd10` (src/modules/clinical/icd10.ts)
 * through the app's own client, median and p95 of BENCH_RUNS (default 50)
 * after a warm-up, against the same query with the trigram index switched off
 * (a sequential scan of the catalogue) in the same process. Target: under 20 ms.
 * Last line: { "queries": [{ "typed", "ms", "p95Ms", "scanMs", "ratio" }] }.
 */
import { createPrismaClient, type Db } from '../src/config/db.js';
import { searchIcd10 } from '../src/modules/clinical/icd10.js';
import { withScratchDatabase } from './scratchDatabase.js';

const RUNS = Number(process.env.BENCH_RUNS ?? 50);
const TYPED = ['dia', 'diab', 'type 2 diab', 'fracture femur', 'tuberc', 'dengue', 'E11', 'E11.9', 'I10', 'S72.0'];

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;
const p95 = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * 0.95))] ?? 0;
const round = (n: number) => Math.round(n * 100) / 100;

async function timed(work: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await work();
  return performance.now() - started;
}

/** The same search with the index priced out: what the catalogue costs without it. */
async function scanned(db: Db, typed: string): Promise<number> {
  return timed(() =>
    db.$transaction(async (tx) => {
      await tx.$executeRawUnsafe('SET LOCAL enable_bitmapscan = off');
      await tx.$executeRawUnsafe('SET LOCAL enable_indexscan = off');
      await searchIcd10(tx as unknown as Db, typed);
    }),
  );
}

async function main(): Promise<void> {
  await withScratchDatabase('parth_bench_icd', async (url) => {
    const db = createPrismaClient(url);
    try {
      console.log(`catalogue: ${await db.icd10Code.count()} codes`);
      const results = [];
      for (const typed of TYPED) {
        for (let i = 0; i < 3; i += 1) await searchIcd10(db, typed);
        const app: number[] = [];
        const scan: number[] = [];
        for (let i = 0; i < RUNS; i += 1) {
          app.push(await timed(() => searchIcd10(db, typed)));
          if (i % 5 === 0) scan.push(await scanned(db, typed));
        }
        const result = {
          typed,
          ms: round(median(app)),
          p95Ms: round(p95(app)),
          scanMs: round(median(scan)),
          ratio: round(median(scan) / median(app)),
        };
        console.log(
          `${typed.padEnd(16)} ${String(result.ms).padStart(7)} ms  p95 ${String(result.p95Ms).padStart(7)} ms  without the index ${result.scanMs} ms (×${result.ratio})`,
        );
        results.push(result);
      }
      console.log(JSON.stringify({ queries: results }));
    } finally {
      await db.$disconnect();
    }
  });
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
