/**
 * Printable documents for signed-in staff: GET /admin/invoices/:id/pdf,
 * /admin/receipts/:id/pdf, /admin/appointments/:id/token (the OPD token slip),
 * /admin/lab-orders/:id/pdf (a verified lab report) and
 * /admin/prescriptions/:id/pdf and /admin/discharge-summaries/:id/pdf. Whoever may read the
 * record (admin/access.ts) may print it; a printed lab report or
 * prescription is an audited clinical read.
 */
import { Router } from 'express';
import type { Db } from '../src/config/db.js';
import { renderInvoicePdf, renderReceiptPdf, type HospitalHeader } from '../src/modules/billing/pdf.js';
import { renderTokenSlipPdf } from '../src/modules/appointments/tokenSlip.js';
import { PRINTABLE_FOR_STAFF, renderLabReportPdf } from '../src/modules/lab/pdf.js';
import { renderPrescriptionPdf } from '../src/modules/clinical/prescriptionPdf.js';
import { renderDischargeSummaryPdf } from '../src/modules/clinical/discharge.js';
import { recordClinicalRead } from '../src/modules/clinical/service.js';
import { isRecordId } from '../src/modules/ids.js';
import { NotFound } from '../src/errors.js';
import { mayDo } from './access.js';
import { staffRoute, type Staff } from './staffRoute.js';

type Printable = 'Invoice' | 'Payment' | 'Appointment' | 'LabResult' | 'Prescription' | 'DischargeSummary';

export function printRouter(db: Db, hospital: HospitalHeader): Router {
  const router = Router({ caseSensitive: true });
  const document = (model: Printable, render: (id: number, staff: Staff) => Promise<Buffer>, file: string) =>
    staffRoute(
      (role) => mayDo(role, model, 'read'),
      'Your role may not print this document',
      async (req, res, staff) => {
        if (!isRecordId(req.params.id)) throw new NotFound('The document');
        const id = Number(req.params.id);
        const pdf = await render(id, staff);
        res.setHeader('Content-Type', 'application/pdf');
        res.setHeader('Content-Disposition', `inline; filename="${file}-${id}.pdf"`);
        res.setHeader('Cache-Control', 'no-store');
        res.send(pdf);
      },
    );
  router.get(
    '/invoices/:id/pdf',
    document('Invoice', (id) => renderInvoicePdf(db, hospital, id), 'invoice'),
  );
  router.get(
    '/receipts/:id/pdf',
    document('Payment', (id) => renderReceiptPdf(db, hospital, id), 'receipt'),
  );
  router.get(
    '/appointments/:id/token',
    document('Appointment', (id) => renderTokenSlipPdf(db, hospital, id), 'token'),
  );
  router.get(
    '/lab-orders/:id/pdf',
    document(
      'LabResult',
      async (id, staff) => {
        const pdf = await renderLabReportPdf(db, hospital, id, PRINTABLE_FOR_STAFF);
        const order = await db.labOrder.findUniqueOrThrow({ where: { id }, select: { patientId: true } });
        await recordClinicalRead(db, staff, { patientId: order.patientId, what: 'lab report printed', model: 'LabOrder', recordId: id });
        return pdf;
      },
      'lab-report',
    ),
  );
  router.get(
    '/prescriptions/:id/pdf',
    document(
      'Prescription',
      async (id, staff) => {
        const pdf = await renderPrescriptionPdf(db, hospital, id);
        const rx = await db.prescription.findUniqueOrThrow({ where: { id }, select: { patientId: true } });
        await recordClinicalRead(db, staff, { patientId: rx.patientId, what: 'prescription printed', ids: [id] });
        return pdf;
      },
      'prescription',
    ),
  );
  router.get(
    '/discharge-summaries/:id/pdf',
    document(
      'DischargeSummary',
      async (id, staff) => {
        const pdf = await renderDischargeSummaryPdf(db, hospital, id);
        const summary = await db.dischargeSummary.findUniqueOrThrow({ where: { id }, select: { patientId: true } });
        await recordClinicalRead(db, staff, {
          patientId: summary.patientId,
          what: 'discharge summary printed',
          model: 'DischargeSummary',
          recordId: id,
        });
        return pdf;
      },
      'discharge-summary',
    ),
  );
  return router;
}
