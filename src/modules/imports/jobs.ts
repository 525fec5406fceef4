/**
 * Imports as jobs: an ImportJob row says what is being imported, by whom, how
 * far it has got and how it ended; the queue's `imports.run` job (src/modules/jobs)
 * runs it on whichever worker takes it. The import beats a heartbeat while it
 * runs. If its worker dies, its transaction dies with it (nothing written) and
 * the queue runs it again elsewhere; one nothing will finish is shown failed.
 * The upload and its error report are kept in the file store
 * (src/modules/storage): a preview made on one app instance is committed, and
 * its report downloaded, on any other. The job's filePath and errorReportPath
 * are store keys; the import reads a copy in a scratch folder of its own.
 */
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import path from 'node:path';
import type { ImportJob } from '@prisma/client';
import type { Db } from '../../config/db.js';
import type { Env } from '../../config/env.js';
import { projectRoot } from '../../config/paths.js';
import { Conflict, DomainError, NotFound } from '../../errors.js';
import type { Actor } from '../actor.js';
import { recordAudit } from '../audit/service.js';
import type { FileLimits } from './files.js';
import { importKinds } from './kinds/index.js';
import { auditSummary, MAX_LISTED_ERRORS, runImport, type ImportResult } from './pipeline.js';
import { createFileStore, type FileStore, type StoreEnv } from '../storage/fileStore.js';
import type { JobQueue } from '../jobs/queue.js';

export type ImportEnv = Pick<Env, 'IMPORT_DIR' | 'IMPORT_MAX_MB' | 'IMPORT_MAX_ROWS'> &
  Partial<Pick<Env, 'IMPORT_MAX_SHARED_STRINGS_MB'>> &
  Partial<StoreEnv>;

const stores = new Map<string, FileStore>();
/** The file store the configuration names, one per configuration (local disk unless FILE_STORE=s3). */
export function importFiles(env: Partial<StoreEnv>): FileStore {
  const config: StoreEnv = {
    FILE_STORE: env.FILE_STORE ?? 'local',
    FILES_DIR: env.FILES_DIR ?? '.data/files',
    S3_ENDPOINT: env.S3_ENDPOINT,
    S3_BUCKET: env.S3_BUCKET,
    S3_REGION: env.S3_REGION ?? 'auto',
    S3_ACCESS_KEY_ID: env.S3_ACCESS_KEY_ID,
    S3_SECRET_ACCESS_KEY: env.S3_SECRET_ACCESS_KEY,
    S3_FORCE_PATH_STYLE: env.S3_FORCE_PATH_STYLE ?? false,
  };
  const key = JSON.stringify(config);
  let store = stores.get(key);
  if (!store) stores.set(key, (store = createFileStore(config)));
  return store;
}

/** A running job not heard from for this long has died. */
export const STALE_AFTER_MS = 2 * 60 * 1000;
const HEARTBEAT_MS = 15_000;
const PROGRESS_EVERY_MS = 500;
/** Errors kept on the job row for the screen; all of them are in the error report. */
const ERRORS_ON_JOB = MAX_LISTED_ERRORS;

/** What running an import needs: the app's client (job rows) and the URL for the import's own connection. */
export interface ImportDeps {
  db: Db;
  databaseUrl: string;
  env: ImportEnv;
}

export const importLimits = (env: ImportEnv): FileLimits => ({
  maxBytes: env.IMPORT_MAX_MB * 1024 * 1024,
  maxRows: env.IMPORT_MAX_ROWS,
  ...(env.IMPORT_MAX_SHARED_STRINGS_MB ? { maxSharedStringsBytes: env.IMPORT_MAX_SHARED_STRINGS_MB * 1024 * 1024 } : {}),
});
export const importDir = (env: ImportEnv) => path.resolve(projectRoot, env.IMPORT_DIR);

export class UnknownImportType extends DomainError {
  constructor(slug: string) {
    super(400, 'UNKNOWN_IMPORT_TYPE', `There is no "${slug}" import; choose one of ${Object.keys(importKinds).join(', ')}`);
  }
}

export function importKind(slug: string) {
  const kind = importKinds[slug];
  if (!kind) throw new UnknownImportType(slug);
  return kind;
}

export interface NewImport {
  type: string;
  fileName: string;
  /** Where the upload is now, on this machine; it is kept in the file store (and removed here unless keepOriginal). */
  filePath?: string;
  /** Or a file already in the store (a committed preview's upload), copied for this job. */
  storedKey?: string;
  fileSize: number;
  dryRun: boolean;
  validRowsOnly: boolean;
  /** Copy the file instead of moving it (the CLI leaves the clerk's file alone). */
  keepOriginal?: boolean;
}

/** Files are kept under a name of our making: the clerk's file name is only a label. */
const safeName = (fileName: string) =>
  path
    .basename(fileName)
    .replace(/[^A-Za-z0-9._-]/g, '_')
    .slice(-80);

/** Records the job and keeps its file; run it with runImportJob. */
export async function createImportJob(db: Db, env: ImportEnv, actor: Actor | null, input: NewImport): Promise<ImportJob> {
  const kind = importKind(input.type);
  const job = await db.importJob.create({
    data: {
      type: kind.type,
      fileName: path.basename(input.fileName).slice(0, 200),
      fileSize: input.fileSize,
      dryRun: input.dryRun,
      validRowsOnly: input.validRowsOnly,
      startedById: actor?.userId ?? null,
    },
  });
  const files = importFiles(env);
  const kept = `imports/job-${job.id}-${safeName(input.fileName)}`;
  if (input.storedKey) await files.copy(input.storedKey, kept);
  else if (input.filePath) {
    await files.putFile(kept, input.filePath);
    if (!input.keepOriginal) await rm(input.filePath, { force: true });
  } else throw new Error('an import needs its file');
  return db.importJob.update({ where: { id: job.id }, data: { filePath: kept } });
}

/** Runs a created job to its end; never throws for a bad file (the job says FAILED and why). */
export async function runImportJob(
  { db, databaseUrl, env }: ImportDeps,
  actor: Actor | null,
  jobId: number,
  onProgress?: (rowsRead: number, fileShare: number) => void,
): Promise<ImportJob> {
  const job = await db.importJob.findUniqueOrThrow({ where: { id: jobId } });
  if (!job.filePath) throw new Conflict('IMPORT_FILE_GONE', 'The file of this import is no longer kept; upload it again');
  const kind = Object.values(importKinds).find((k) => k.type === job.type);
  if (!kind) throw new Error(`no import kind for ${job.type}`);
  const files = importFiles(env);
  const storedKey = job.filePath;
  // The import reads its own copy, on this machine, whichever instance received the upload.
  await mkdir(importDir(env), { recursive: true });
  const scratch = await mkdtemp(path.join(importDir(env), `job-${jobId}-`));
  const localFile = path.join(scratch, safeName(job.fileName) || 'upload');
  try {
    await files.fetchFile(storedKey, localFile);
  } catch (error) {
    await rm(scratch, { recursive: true, force: true });
    if (error instanceof NotFound) throw new Conflict('IMPORT_FILE_GONE', 'The file of this import is no longer kept; upload it again');
    throw error;
  }
  await db.importJob.update({ where: { id: jobId }, data: { status: 'RUNNING', startedAt: new Date(), heartbeatAt: new Date() } });

  let lastProgress = 0;
  let progressWrite: Promise<unknown> = Promise.resolve();
  const beat = setInterval(() => {
    progressWrite = db.importJob.update({ where: { id: jobId }, data: { heartbeatAt: new Date() } }).catch(() => undefined);
  }, HEARTBEAT_MS);
  const reportPath = path.join(scratch, 'errors.xlsx');
  const reportKey = `imports/job-${jobId}-errors.xlsx`;
  const options = {
    kind,
    path: localFile,
    fileName: job.fileName,
    limits: importLimits(env),
    dryRun: job.dryRun,
    validRowsOnly: job.validRowsOnly,
    jobId,
    errorReportPath: reportPath,
    onProgress: (rows: number, fileShare: number) => {
      onProgress?.(rows, fileShare);
      const now = Date.now();
      if (now - lastProgress < PROGRESS_EVERY_MS) return;
      lastProgress = now;
      // Until the end, the row total is estimated from the share of the file read.
      const estimate = fileShare > 0 ? Math.max(rows, Math.round(rows / fileShare)) : rows;
      progressWrite = db.importJob
        .update({ where: { id: jobId }, data: { processedRows: rows, totalRows: estimate, heartbeatAt: new Date() } })
        .catch(() => undefined);
    },
    ...(actor ? { actor } : {}),
  };
  try {
    const result = await runImport(databaseUrl, options);
    clearInterval(beat);
    await progressWrite;
    if (result.errorReportPath) await files.putFile(reportKey, result.errorReportPath);
    const ended = await db.importJob.update({
      where: { id: jobId },
      data: { ...jobOutcome(result, job), errorReportPath: result.errorReportPath ? reportKey : null },
    });
    if (!result.committed && actor)
      await recordAudit(db, actor, { action: 'ACTION', model: 'ImportJob', recordId: String(jobId), after: auditSummary(options, result) });
    if (result.committed) await files.remove(storedKey);
    return ended;
  } catch (error) {
    clearInterval(beat);
    await progressWrite;
    const reason = error instanceof DomainError ? error.message : `The import stopped: ${(error as Error).message}. Nothing was written.`;
    const failed = await db.importJob.update({
      where: { id: jobId },
      data: { status: 'FAILED', failureReason: reason, finishedAt: new Date(), heartbeatAt: new Date() },
    });
    if (actor) {
      await recordAudit(db, actor, {
        action: 'ACTION',
        model: 'ImportJob',
        recordId: String(jobId),
        after: { operation: job.dryRun ? 'import preview' : 'import', type: kind.slug, fileName: job.fileName, failed: reason },
      });
    }
    return failed;
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}

function jobOutcome(result: ImportResult, job: ImportJob) {
  const refused = !job.dryRun && !result.committed;
  return {
    status: job.dryRun ? ('PREVIEWED' as const) : refused ? ('FAILED' as const) : ('COMPLETED' as const),
    failureReason: refused
      ? `${result.rejected} ${result.rejected === 1 ? 'row has' : 'rows have'} errors, so nothing was imported. Correct them and import again, or import the valid rows only.`
      : null,
    totalRows: result.totalRows,
    processedRows: result.totalRows,
    createdRows: result.created,
    updatedRows: result.updated,
    skippedRows: result.skipped,
    rejectedRows: result.rejected,
    rowErrors: result.errors.slice(0, ERRORS_ON_JOB).map((e) => ({ ...e })),
    columnMapping: [...result.mapping.map((m) => ({ ...m })), ...result.ignoredHeaders.map((h) => ({ fileHeader: h, field: null }))],
    finishedAt: new Date(),
    heartbeatAt: new Date(),
  };
}

/** After a preview: the same file, for real. */
export async function commitPreviewedImport(
  db: Db,
  env: ImportEnv,
  actor: Actor,
  previewId: number,
  validRowsOnly?: boolean,
): Promise<ImportJob> {
  const preview = await db.importJob.findUnique({ where: { id: previewId } });
  if (!preview) throw new NotFound('The import');
  if (!preview.dryRun || preview.status !== 'PREVIEWED' || !preview.filePath) {
    throw new Conflict('NOT_PREVIEWED', 'Only a finished preview can be committed');
  }
  const kind = Object.values(importKinds).find((k) => k.type === preview.type);
  return createImportJob(db, env, actor, {
    type: kind?.slug ?? '',
    fileName: preview.fileName,
    storedKey: preview.filePath,
    fileSize: preview.fileSize,
    dryRun: false,
    validRowsOnly: validRowsOnly ?? preview.validRowsOnly,
  });
}

/** The queue's key of an import's job: one waiting job per import. */
export const importJobKey = (importJobId: number) => `import:${importJobId}`;

/**
 * An import is shown failed once nothing will finish it: its heartbeat stopped
 * and the queue holds no job for it that may still run (none, or a dead letter).
 * A queued import waiting for a worker, and one whose worker died but whose job
 * will run again elsewhere, stay as they are.
 */
export async function failStaleImports(db: Db, queue: JobQueue, now = new Date()): Promise<number> {
  await queue.utils();
  return db.$executeRawUnsafe(
    `UPDATE "ImportJob" i
        SET status = 'FAILED', "finishedAt" = $1,
            "failureReason" = 'The import stopped unexpectedly (the server restarted or crashed). Nothing of it was written; start it again.'
      WHERE i.status IN ('PENDING', 'RUNNING')
        AND COALESCE(i."heartbeatAt", i."createdAt") < $2
        AND NOT EXISTS (SELECT 1 FROM "${queue.schema}"._private_jobs j
                         WHERE j.key = 'import:' || i.id AND j.attempts < j.max_attempts)`,
    now,
    new Date(now.getTime() - STALE_AFTER_MS),
  );
}

/**
 * The queue's task: runs the import unless it already ended. A commit whose
 * transaction went through before its worker died is recognised by the audit
 * row written in that transaction, and only marked done — never imported twice.
 */
export async function runQueuedImport(deps: ImportDeps, actor: Actor | null, jobId: number): Promise<ImportJob | null> {
  const job = await deps.db.importJob.findUnique({ where: { id: jobId } });
  if (!job || !['PENDING', 'RUNNING'].includes(job.status)) return job;
  if (!job.dryRun) {
    const committed = await deps.db.auditLog.findFirst({
      where: { model: 'ImportJob', recordId: String(jobId), action: 'ACTION', after: { path: ['committed'], equals: true } },
      orderBy: { id: 'desc' },
    });
    if (committed) {
      const counts = committed.after as { created?: number; updated?: number; skipped?: number; rejected?: number };
      return deps.db.importJob.update({
        where: { id: jobId },
        data: {
          status: 'COMPLETED',
          finishedAt: new Date(),
          heartbeatAt: new Date(),
          createdRows: counts.created ?? 0,
          updatedRows: counts.updated ?? 0,
          skippedRows: counts.skipped ?? 0,
          rejectedRows: counts.rejected ?? 0,
        },
      });
    }
  }
  return runImportJob(deps, actor, jobId);
}

/** Queues a created import for the workers. */
export async function queueImport(db: Db, queue: JobQueue, actor: Actor | null, jobId: number): Promise<void> {
  try {
    await queue.enqueue('imports.run', { importJobId: jobId, actor }, { key: importJobKey(jobId) });
  } catch (error) {
    await db.importJob.update({
      where: { id: jobId },
      data: {
        status: 'FAILED',
        finishedAt: new Date(),
        failureReason: 'The import could not be queued just now: start it again in a minute.',
      },
    });
    throw error;
  }
}

/** How long an uploaded file waits for its preview to be committed. */
export const KEEP_FILES_DAYS = 7;

/**
 * Deletes the kept files (uploads and error reports) of imports that ended
 * more than KEEP_FILES_DAYS ago; their rows stay, without the files.
 */
export async function forgetOldImportFiles(db: Db, files: FileStore, now = new Date()): Promise<number> {
  const old = await db.importJob.findMany({
    where: {
      finishedAt: { lt: new Date(now.getTime() - KEEP_FILES_DAYS * 24 * 60 * 60 * 1000) },
      OR: [{ filePath: { not: null } }, { errorReportPath: { not: null } }],
    },
    select: { id: true, filePath: true, errorReportPath: true },
  });
  for (const job of old) {
    for (const key of [job.filePath, job.errorReportPath]) if (key) await files.remove(key).catch(() => undefined);
    await db.importJob.update({ where: { id: job.id }, data: { filePath: null, errorReportPath: null } });
  }
  return old.length;
}

/** An import job as its page polls it: status, progress, counts, errors, mapping — never the files' paths on disk. */
export async function importJobView(db: Db, queue: JobQueue, jobId: number) {
  await failStaleImports(db, queue);
  const job = await db.importJob.findUnique({ where: { id: jobId }, include: { startedBy: { select: { name: true } } } });
  if (!job) throw new NotFound('The import');
  const { filePath: _file, errorReportPath, ...shown } = job;
  return { ...shown, hasErrorReport: Boolean(errorReportPath) };
}
