/**
 * `npm run import -- <type> <file> [--dry-run] [--valid-rows-only] [--json]`
 * Imports a register into the database in DATABASE_URL, as an ImportJob like
 * the back-office's. Progress goes to stderr; with --json the result is one
 * JSON object on stdout. Exit codes: 0 imported (or previewed), 1 rows had
 * errors so nothing was imported, 2 the file or the command was refused.
 */
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { createPrismaClient } from '../src/config/db.js';
import { ConfigError, loadEnv } from '../src/config/env.js';
import { setBcryptCost } from '../src/modules/staff/passwords.js';
import { createImportJob, importKind, runImportJob } from '../src/modules/imports/jobs.js';
import { importKinds } from '../src/modules/imports/kinds/index.js';

const USAGE = `usage: npm run import -- <${Object.keys(importKinds).join('|')}> <file.xlsx|file.csv> [--dry-run] [--valid-rows-only] [--json]`;

/** A bar on stderr (when it is a terminal): share of the file read, rows so far. */
function progressBar() {
  let last = 0;
  return (rows: number, fileShare: number) => {
    const now = Date.now();
    if (now - last < 200 || !process.stderr.isTTY) return;
    last = now;
    const width = 30;
    const filled = Math.round(fileShare * width);
    process.stderr.write(
      `\r[${'#'.repeat(filled).padEnd(width, '.')}] ${Math.round(fileShare * 100)}%  ${rows.toLocaleString('en-IN')} rows  `,
    );
  };
}

async function main(): Promise<number> {
  const args = process.argv.slice(2);
  const flags = new Set(args.filter((a) => a.startsWith('--')));
  const [type, file] = args.filter((a) => !a.startsWith('--'));
  const unknown = [...flags].filter((f) => !['--dry-run', '--valid-rows-only', '--json'].includes(f));
  if (!type || !file || unknown.length > 0) {
    console.error(unknown.length ? `unknown option ${unknown.join(' ')}\n${USAGE}` : USAGE);
    return 2;
  }
  const json = flags.has('--json');
  const env = loadEnv();
  setBcryptCost(env.BCRYPT_COST);
  if (!env.DATABASE_URL) throw new ConfigError(['Invalid configuration: DATABASE_URL: required to import']);
  importKind(type);
  const size = (await stat(file).catch(() => null))?.size;
  if (size === undefined) {
    console.error(`${file}: no such file`);
    return 2;
  }
  const db = createPrismaClient(env.DATABASE_URL, { lockTimeoutMs: env.DB_LOCK_TIMEOUT_MS });
  try {
    const job = await createImportJob(db, env, null, {
      type,
      fileName: path.basename(file),
      filePath: path.resolve(file),
      fileSize: size,
      dryRun: flags.has('--dry-run'),
      validRowsOnly: flags.has('--valid-rows-only'),
      keepOriginal: true,
    });
    const ended = await runImportJob({ db, databaseUrl: env.DATABASE_URL, env }, null, job.id, progressBar());
    if (process.stderr.isTTY) process.stderr.write('\n');
    // Rejected rows fail an all-or-nothing import with rejectedRows > 0; anything else refused the file as a whole.
    const refusedFile = ended.status === 'FAILED' && ended.rejectedRows === 0;
    const result = {
      created: ended.createdRows,
      updated: ended.updatedRows,
      skipped: ended.skippedRows,
      rejected: ended.rejectedRows,
      errors: (ended.rowErrors as Array<{ row: number; column: string; message: string }> | null) ?? [],
      ...(ended.failureReason ? { refused: ended.failureReason } : {}),
      jobId: ended.id,
      status: ended.status,
      ...(ended.errorReportPath ? { errorReport: ended.errorReportPath } : {}),
    };
    if (json) process.stdout.write(`${JSON.stringify(result)}\n`);
    else {
      console.error(
        `${ended.status.toLowerCase()}: ${result.created} created, ${result.updated} updated, ${result.skipped} skipped, ${result.rejected} rejected`,
      );
      for (const e of result.errors.slice(0, 20)) console.error(`  row ${e.row}, ${e.column}: ${e.message}`);
      if (ended.failureReason) console.error(ended.failureReason);
      if (ended.errorReportPath) console.error(`error report: ${ended.errorReportPath}`);
    }
    if (refusedFile) return 2;
    return ended.status === 'FAILED' ? 1 : 0;
  } finally {
    await db.$disconnect();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error && !(error instanceof ConfigError) ? error.message : String((error as Error).message ?? error));
    process.exit(2);
  },
);
