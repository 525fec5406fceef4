/**
 * The back-office doors of bulk imports (administrators only):
 *   POST /admin/imports                  upload (multipart: type, file, validRowsOnly) → a preview job
 *   GET  /admin/imports/:id              the job: status, progress, counts, errors, column mapping
 *   POST /admin/imports/:id/commit       import the previewed file for real → a new job
 *   GET  /admin/imports/:id/errors.xlsx  the rejected rows with an Errors column
 *   GET  /admin/imports/templates/:type.xlsx
 * Jobs run in this process after the answer is sent; the page polls the job.
 */
import { createWriteStream } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import type { Role } from '@prisma/client';
import busboy from 'busboy';
import express, { Router, type Request } from 'express';
import type { Db } from '../src/config/db.js';
import type { Logger } from '../src/config/logger.js';
import { NotFound, ValidationFailed } from '../src/errors.js';
import { isRecordId } from '../src/modules/ids.js';
import { FileRefused } from '../src/modules/imports/files.js';
import {
  commitPreviewedImport,
  createImportJob,
  failStaleImports,
  importDir,
  importKind,
  importLimits,
  runImportJob,
  type ImportEnv,
} from '../src/modules/imports/jobs.js';
import { importKinds } from '../src/modules/imports/kinds/index.js';
import { importTemplate } from '../src/modules/imports/templates.js';
import { staffRoute, type Staff, type StaffHandler } from './staffRoute.js';

export const IMPORT_ROLES: readonly Role[] = ['ADMIN'];

interface Upload {
  fields: Record<string, string>;
  file?: { name: string; path: string; size: number };
}

/** Streams the one file of a multipart upload to disk, stopping at the size limit. */
function receiveUpload(req: Request, dir: string, maxBytes: number): Promise<Upload> {
  return new Promise((resolve, reject) => {
    let parser: busboy.Busboy;
    try {
      parser = busboy({ headers: req.headers, limits: { files: 1, fileSize: maxBytes, fields: 10 } });
    } catch {
      reject(new ValidationFailed('Send the file as a multipart form upload'));
      return;
    }
    const upload: Upload = { fields: {} };
    let writing: Promise<void> = Promise.resolve();
    let tooLarge = false;
    parser.on('field', (name, value) => (upload.fields[name] = value));
    parser.on('file', (_name, stream, info) => {
      const target = path.join(dir, `upload-${randomUUID()}`);
      let size = 0;
      const out = createWriteStream(target);
      stream.on('data', (chunk: Buffer) => (size += chunk.length));
      stream.on('limit', () => (tooLarge = true));
      writing = new Promise((done, fail) => {
        out.on('finish', () => done());
        out.on('error', fail);
      });
      stream.pipe(out);
      upload.file = { name: info.filename || 'upload', path: target, size };
      out.on('finish', () => upload.file && (upload.file.size = size));
    });
    // A broken or abandoned upload leaves no half-written file behind.
    const fail = (error: unknown) => {
      if (upload.file) void rm(upload.file.path, { force: true });
      reject(error instanceof Error ? error : new ValidationFailed('The upload was interrupted'));
    };
    parser.on('error', fail);
    req.on('aborted', () => fail(new ValidationFailed('The upload was interrupted')));
    parser.on('close', () => {
      writing.then(async () => {
        if (tooLarge) {
          if (upload.file) await rm(upload.file.path, { force: true });
          reject(new FileRefused(`The file is larger than the ${(maxBytes / 1024 / 1024).toFixed(0)} MB limit`));
          return;
        }
        resolve(upload);
      }, reject);
    });
    req.pipe(parser);
  });
}

export function importRouter(db: Db, databaseUrl: string, env: ImportEnv, logger: Logger): Router {
  const router = Router({ caseSensitive: true });
  const limits = importLimits(env);

  /** Signed in and an importing role: then the handler. */
  const door = (handler: StaffHandler) =>
    staffRoute((role) => IMPORT_ROLES.includes(role), 'Only administrators may import registers', handler);

  const jobId = (req: Request) => {
    if (!isRecordId(req.params.id)) throw new NotFound('The import');
    return Number(req.params.id);
  };

  /** Runs after the answer is sent; the job row carries the outcome. */
  const runInBackground = (actor: Staff, id: number) => {
    void runImportJob({ db, databaseUrl, env }, actor, id).catch((error: unknown) =>
      logger.error('import job crashed', { jobId: id, error: (error as Error).message }),
    );
  };

  router.get(
    '/imports/templates/:type.xlsx',
    door(async (req, res) => {
      const kind = importKind(String(req.params.type));
      res.setHeader('Content-Type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
      res.setHeader('Content-Disposition', `attachment; filename="${kind.slug}-template.xlsx"`);
      res.send(await importTemplate(kind));
    }),
  );

  router.get(
    '/imports/types',
    door(async (_req, res) => {
      res.json({
        types: Object.values(importKinds).map((k) => ({ slug: k.slug, label: k.label })),
        maxMegabytes: env.IMPORT_MAX_MB,
        maxRows: env.IMPORT_MAX_ROWS,
      });
    }),
  );

  router.post(
    '/imports',
    door(async (req, res, actor) => {
      const dir = importDir(env);
      await mkdir(dir, { recursive: true });
      const upload = await receiveUpload(req, dir, limits.maxBytes);
      try {
        if (!upload.file || upload.file.size === 0) throw new ValidationFailed('Choose the file to import');
        const job = await createImportJob(db, env, actor, {
          type: upload.fields.type ?? '',
          fileName: upload.file.name,
          filePath: upload.file.path,
          fileSize: upload.file.size,
          dryRun: true,
          validRowsOnly: ['true', 'on', '1', 'yes'].includes(String(upload.fields.validRowsOnly ?? '').toLowerCase()),
        });
        runInBackground(actor, job.id);
        res.status(202).json({ jobId: job.id });
      } finally {
        if (upload.file) await rm(upload.file.path, { force: true });
      }
    }),
  );

  router.get(
    '/imports/:id',
    door(async (req, res) => {
      await failStaleImports(db);
      const job = await db.importJob.findUnique({ where: { id: jobId(req) }, include: { startedBy: { select: { name: true } } } });
      if (!job) throw new NotFound('The import');
      const { filePath: _file, errorReportPath, ...shown } = job;
      return res.json({ ...shown, hasErrorReport: Boolean(errorReportPath) });
    }),
  );

  router.post(
    '/imports/:id/commit',
    express.json({ limit: '2kb' }),
    door(async (req, res, actor) => {
      const body = req.body as Record<string, unknown> | undefined;
      const validRowsOnly =
        body?.validRowsOnly === undefined ? undefined : ['true', 'on', '1', true].includes(body.validRowsOnly as string);
      const job = await commitPreviewedImport(db, env, actor, jobId(req), validRowsOnly);
      runInBackground(actor, job.id);
      res.status(202).json({ jobId: job.id });
    }),
  );

  router.get(
    '/imports/:id/errors.xlsx',
    door(async (req, res) => {
      const job = await db.importJob.findUnique({ where: { id: jobId(req) } });
      if (!job?.errorReportPath) throw new NotFound('An error report of this import');
      res.setHeader('Content-Type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
      return res.download(job.errorReportPath, `import-${job.id}-errors.xlsx`);
    }),
  );

  return router;
}
