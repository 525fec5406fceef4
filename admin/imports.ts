/**
 * The back-office doors of bulk imports (administrators only):
 *   POST /admin/imports                  upload (multipart: type, file, validRowsOnly) → a preview job
 *   GET  /admin/imports/:id              the job: status, progress, counts, errors, column mapping
 *   POST /admin/imports/:id/commit       import the previewed file for real → a new job
 *   GET  /admin/imports/:id/errors.xlsx  the rejected rows with an Errors column
 *   GET  /admin/imports/templates/:type.xlsx
 * Each import is a job of the queue (src/modules/jobs): any worker runs it, on any
 * machine; the page polls the job, from whichever instance answers.
 */
import { mkdir, rm } from 'node:fs/promises';
import { pipeline } from 'node:stream/promises';
import type { Role } from '@prisma/client';
import express, { Router, type Request } from 'express';
import type { Db } from '../src/config/db.js';
import { NotFound, ValidationFailed } from '../src/errors.js';
import { isRecordId } from '../src/modules/ids.js';
import {
  commitPreviewedImport,
  createImportJob,
  importDir,
  importFiles,
  importJobView,
  importKind,
  importLimits,
  queueImport,
  type ImportEnv,
} from '../src/modules/imports/jobs.js';
import { importKinds } from '../src/modules/imports/kinds/index.js';
import type { JobQueue } from '../src/modules/jobs/queue.js';
import { importTemplate } from '../src/modules/imports/templates.js';
import { isChosen, receiveUpload } from '../src/modules/imports/upload.js';
import { staffRoute, type Staff, type StaffHandler } from './staffRoute.js';

export const IMPORT_ROLES: readonly Role[] = ['ADMIN'];

export function importRouter(db: Db, queue: JobQueue, env: ImportEnv): Router {
  const router = Router({ caseSensitive: true });
  const limits = importLimits(env);

  /** Signed in and an importing role: then the handler. */
  const door = (handler: StaffHandler) =>
    staffRoute((role) => IMPORT_ROLES.includes(role), 'Only administrators may import registers', handler);

  const jobId = (req: Request) => {
    if (!isRecordId(req.params.id)) throw new NotFound('The import');
    return Number(req.params.id);
  };

  /** A worker runs it; the job row carries the outcome. */
  const runInBackground = (actor: Staff, id: number) => queueImport(db, queue, actor, id);

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
          validRowsOnly: isChosen(upload.fields.validRowsOnly),
        });
        await runInBackground(actor, job.id);
        res.status(202).json({ jobId: job.id });
      } finally {
        if (upload.file) await rm(upload.file.path, { force: true });
      }
    }),
  );

  router.get(
    '/imports/:id',
    door(async (req, res) => {
      return res.json(await importJobView(db, queue, jobId(req)));
    }),
  );

  router.post(
    '/imports/:id/commit',
    express.json({ limit: '2kb' }),
    door(async (req, res, actor) => {
      const body = req.body as Record<string, unknown> | undefined;
      const validRowsOnly = body?.validRowsOnly === undefined ? undefined : isChosen(body.validRowsOnly);
      const job = await commitPreviewedImport(db, env, actor, jobId(req), validRowsOnly);
      await runInBackground(actor, job.id);
      res.status(202).json({ jobId: job.id });
    }),
  );

  router.get(
    '/imports/:id/errors.xlsx',
    door(async (req, res) => {
      const job = await db.importJob.findUnique({ where: { id: jobId(req) } });
      if (!job?.errorReportPath) throw new NotFound('An error report of this import');
      // From the shared file store: whichever instance ran the import, any instance serves its report.
      const report = await importFiles(env).read(job.errorReportPath);
      res.setHeader('Content-Type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
      res.setHeader('Content-Disposition', `attachment; filename="import-${job.id}-errors.xlsx"`);
      await pipeline(report, res);
      return undefined;
    }),
  );

  return router;
}
