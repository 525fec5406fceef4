/**
 * The back-office doors of reports (each report names the roles that may run it):
 *   GET /admin/reports/catalogue               the reports this role may run, and the lists their filters offer
 *   GET /admin/reports/:name/data?…filters     totals and the first rows, for the page's table and chart
 *   GET /admin/reports/:name/export.xlsx?…     the whole report as a streamed, formatted workbook (audited)
 *   POST /admin/reports/:name/exports?…       the same workbook made by a worker (202: its id), kept in the shared store
 *   GET  /admin/reports/exports/:id             how that export is getting on
 *   GET  /admin/reports/exports/:id/download    the made workbook, from any instance (own exports; an administrator: any)
 *   GET /admin/gstr1/:month.json | .xlsx       the month's GSTR-1 (yyyy-MM), as the GST offline tool imports it (audited);
 *                                              for the roles that may run the GST summary
 */
import { PassThrough } from 'node:stream';
import { finished, pipeline } from 'node:stream/promises';
import { Router, type Request } from 'express';
import { z } from 'zod';
import type { Db } from '../src/config/db.js';
import type { Env } from '../src/config/env.js';
import type { Logger } from '../src/config/logger.js';
import { Forbidden, NotFound } from '../src/errors.js';
import { isRecordId } from '../src/modules/ids.js';
import { importFiles } from '../src/modules/imports/jobs.js';
import type { JobQueue } from '../src/modules/jobs/queue.js';
import { exportFor, readReportExport, requestReportExport } from '../src/modules/reports/backgroundExport.js';
import type { StoreEnv } from '../src/modules/storage/fileStore.js';
import { recordReportExport } from '../src/modules/reports/exportAudit.js';
import { mayRunReport, reportNamed, reportsFor } from '../src/modules/reports/catalogue.js';
import { exportFileName, exportReport } from '../src/modules/reports/export.js';
import { gstr1Return, writeGstr1Workbook } from '../src/modules/reports/gstr1.js';
import { parseFilters, runReport } from '../src/modules/reports/report.js';
import type { ReportSource } from '../src/modules/reports/source.js';
import { istDate } from '../src/time.js';
import { staffRoute, type Staff, type StaffHandler } from './staffRoute.js';

const gstr1Request = z.object({
  month: z.string().regex(/^(19|20)\d{2}-(0[1-9]|1[0-2])$/, 'Give the month as yyyy-MM, e.g. 2026-10'),
  format: z.enum(['json', 'xlsx'], { error: 'The return comes as .json or .xlsx' }),
});

export function reportRouter(
  db: Db,
  source: ReportSource,
  queue: JobQueue,
  databaseUrl: string,
  logger: Logger,
  env: Pick<Env, 'HOSPITAL_GSTIN'> & StoreEnv,
): Router {
  const router = Router({ caseSensitive: true });
  const anyReport = (handler: StaffHandler) => staffRoute((role) => reportsFor(role).length > 0, 'Your role has no reports', handler);

  /** The named report, if this staff member may run it (404 / 403 otherwise). */
  const allowedReport = (req: Request, staff: Staff) => {
    const report = reportNamed(String(req.params.name));
    if (!mayRunReport(staff.role, report)) return undefined;
    return report;
  };
  const forbidden = () => new Forbidden('Your role may not run this report');

  router.get(
    '/reports/catalogue',
    anyReport(async (_req, res, staff) => {
      const [doctors, departments, wards] = await Promise.all([
        db.doctor.findMany({ orderBy: { name: 'asc' }, select: { id: true, name: true } }),
        db.department.findMany({ orderBy: { name: 'asc' }, select: { id: true, name: true } }),
        db.ward.findMany({ orderBy: { name: 'asc' }, select: { id: true, name: true } }),
      ]);
      res.json({
        today: istDate(),
        reports: reportsFor(staff.role).map((r) => ({
          name: r.name,
          title: r.title,
          description: r.description,
          filterFields: r.filterFields,
          chart: r.chart,
        })),
        lists: { doctors, departments, wards },
      });
    }),
  );

  router.get(
    '/reports/:name/data',
    anyReport(async (req, res, staff) => {
      const report = allowedReport(req, staff);
      if (!report) throw forbidden();
      const result = await runReport(source, report, req.query);
      return res.json({ ...result, chart: report.chart });
    }),
  );

  router.get(
    '/reports/:name/export.xlsx',
    anyReport(async (req, res, staff) => {
      const report = allowedReport(req, staff);
      if (!report) throw forbidden();
      // Bad filters answer 400 before a byte of the file is sent.
      const filters = parseFilters(report, req.query) as Record<string, unknown>;
      res.setHeader('Content-Type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
      res.setHeader('Content-Disposition', `attachment; filename="${exportFileName(report, filters)}"`);
      try {
        // The workbook streams through to the answer, but the answer ends only once the export
        // is in the audit trail: a download the client holds in full is always a recorded one.
        const body = new PassThrough();
        body.pipe(res, { end: false });
        const outcome = await exportReport(databaseUrl, report, req.query, body, { preparedBy: staff.name });
        await finished(body);
        await recordReportExport(db, staff, { report: report.name, format: 'xlsx', filters, rows: outcome.rows });
        res.end();
      } catch (error) {
        logger.error('report export failed', { report: report.name, error: (error as Error).message });
        // The download is already under way: break it off rather than hand over half a workbook as if whole.
        res.destroy(error as Error);
      }
      return undefined;
    }),
  );

  router.post(
    '/reports/:name/exports',
    anyReport(async (req, res, staff) => {
      const report = allowedReport(req, staff);
      if (!report) throw forbidden();
      const made = await requestReportExport(db, queue, staff, report.name, req.query);
      res.status(202).json({ exportId: made.id, status: made.status });
    }),
  );

  const exportId = (req: Request) => {
    if (!isRecordId(req.params.id)) throw new NotFound('The export');
    return Number(req.params.id);
  };

  router.get(
    '/reports/exports/:id',
    anyReport(async (req, res, staff) => {
      const made = await exportFor(db, staff, exportId(req));
      res.json({
        id: made.id,
        report: made.report,
        status: made.status,
        rows: made.rows,
        fileName: made.fileName,
        failureReason: made.failureReason,
      });
    }),
  );

  router.get(
    '/reports/exports/:id/download',
    anyReport(async (req, res, staff) => {
      const { body, fileName } = await readReportExport(db, importFiles(env), staff, exportId(req));
      res.setHeader('Content-Type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
      res.setHeader('Content-Disposition', `attachment; filename="${fileName}"`);
      await pipeline(body, res);
      return undefined;
    }),
  );

  router.get(
    '/gstr1/:month.:format',
    anyReport(async (req, res, staff) => {
      if (!mayRunReport(staff.role, reportNamed('gstSummary'))) throw new Forbidden('Your role may not export GST returns');
      const { month, format } = gstr1Request.parse(req.params);
      const gstr1 = await gstr1Return(source, { month, gstin: env.HOSPITAL_GSTIN });
      await recordReportExport(db, staff, { report: 'gstr1', format, month });
      res.setHeader('Content-Disposition', `attachment; filename="GSTR1_${env.HOSPITAL_GSTIN}_${month}.${format}"`);
      if (format === 'json') return res.json(gstr1);
      res.setHeader('Content-Type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
      await writeGstr1Workbook(gstr1, res);
      return undefined;
    }),
  );

  return router;
}
