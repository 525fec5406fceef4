/**
 * Report exports made by a worker instead of the web request: the export is
 * asked for on one instance, made by whichever worker takes the job, kept in
 * the shared file store, and downloaded from any instance by the staff member
 * who asked for it (an administrator may fetch anyone's). The export is in the
 * audit trail as it is made, with its filters and row count, as a direct one is.
 */
import { createWriteStream } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { finished } from 'node:stream/promises';
import type { ReportExport } from '@prisma/client';
import type { Db } from '../../config/db.js';
import { NotFound } from '../../errors.js';
import type { Actor } from '../actor.js';
import { importDir, importFiles, type ImportEnv } from '../imports/jobs.js';
import type { JobQueue } from '../jobs/queue.js';
import type { FileStore } from '../storage/fileStore.js';
import { reportNamed } from './catalogue.js';
import { exportFileName, exportReport } from './export.js';
import { recordReportExport } from './exportAudit.js';
import { parseFilters } from './report.js';

export interface ExportDeps {
  db: Db;
  databaseUrl: string;
  env: ImportEnv;
}

/** How long a made export stays downloadable. */
export const KEEP_EXPORTS_DAYS = 7;

/** Records the export and queues it; bad filters are refused (400) before anything is queued. */
export async function requestReportExport(
  db: Db,
  queue: JobQueue,
  staff: Actor,
  reportName: string,
  query: unknown,
): Promise<ReportExport> {
  const report = reportNamed(reportName);
  const filters = parseFilters(report, query) as Record<string, unknown>;
  const row = await db.reportExport.create({
    data: { report: report.name, filters: query as object, fileName: exportFileName(report, filters), requestedById: staff.userId },
  });
  await queue.enqueue('reports.export', { exportId: row.id }, { key: `report-export:${row.id}` });
  return row;
}

/** The worker's part: writes the workbook to the store and marks it ready; made once. */
export async function makeReportExport(deps: ExportDeps, exportId: number): Promise<void> {
  const { db } = deps;
  const row = await db.reportExport.findUnique({ where: { id: exportId }, include: { requestedBy: { select: { name: true } } } });
  if (!row || row.status === 'READY') return;
  const report = reportNamed(row.report);
  await db.reportExport.update({ where: { id: exportId }, data: { status: 'RUNNING', failureReason: null } });
  await mkdir(importDir(deps.env), { recursive: true });
  const scratch = await mkdtemp(path.join(importDir(deps.env), `export-${exportId}-`));
  const file = path.join(scratch, 'export.xlsx');
  const key = `exports/report-${exportId}.xlsx`;
  try {
    const out = createWriteStream(file);
    const outcome = await exportReport(deps.databaseUrl, report, row.filters, out, { preparedBy: row.requestedBy.name });
    await finished(out);
    await importFiles(deps.env).putFile(key, file);
    await db.reportExport.update({
      where: { id: exportId },
      data: { status: 'READY', fileKey: key, rows: outcome.rows, finishedAt: new Date() },
    });
    const filters = parseFilters(report, row.filters) as Record<string, unknown>;
    await recordReportExport(
      db,
      { userId: row.requestedById, ip: null, userAgent: 'background export' },
      {
        report: report.name,
        format: 'xlsx',
        filters,
        rows: outcome.rows,
      },
    );
  } catch (error) {
    await db.reportExport.update({
      where: { id: exportId },
      data: { status: 'FAILED', failureReason: `The export stopped: ${(error as Error).message}`.slice(0, 500), finishedAt: new Date() },
    });
    throw error;
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}

/** An export of this staff member's (an administrator's: any); another's is a 404 like a missing one. */
export async function exportFor(db: Db, staff: Actor & { role: string }, exportId: number): Promise<ReportExport> {
  const row = await db.reportExport.findUnique({ where: { id: exportId } });
  if (!row || (row.requestedById !== staff.userId && staff.role !== 'ADMIN')) throw new NotFound('The export');
  return row;
}

/** The made workbook, from the shared store. */
export async function readReportExport(db: Db, files: FileStore, staff: Actor & { role: string }, exportId: number) {
  const row = await exportFor(db, staff, exportId);
  if (row.status !== 'READY' || !row.fileKey) throw new NotFound('A finished file of this export');
  const body: Readable = await files.read(row.fileKey);
  return { body, fileName: row.fileName ?? `export-${row.id}.xlsx` };
}

/** Made exports older than KEEP_EXPORTS_DAYS lose their file; the row stays as the record. */
export async function forgetOldExports(db: Db, files: FileStore, now = new Date()): Promise<number> {
  const old = await db.reportExport.findMany({
    where: { fileKey: { not: null }, finishedAt: { lt: new Date(now.getTime() - KEEP_EXPORTS_DAYS * 86_400_000) } },
    select: { id: true, fileKey: true },
  });
  for (const row of old) {
    if (row.fileKey) await files.remove(row.fileKey).catch(() => undefined);
    await db.reportExport.update({ where: { id: row.id }, data: { fileKey: null } });
  }
  return old.length;
}
