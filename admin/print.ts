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
import { ownersOfRecords, recordClinicalRead } from '../src/modules/clinical/service.js';
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
  /** A printed clinical document is an audited read of its patient's record: who printed what, when, from where. */
  const clinical = (model: string, what: string, render: (id: number) => Promise<Buffer>) => async (id: number, staff: Staff) => {
    const pdf = await render(id);
    const [owner] = await ownersOfRecords(db, model, [id]);
    if (owner) await recordClinicalRead(db, staff, { patientId: owner.patientId, what, model, recordId: id });
    return pdf;
  };
  router.get(
    '/lab-orders/:id/pdf',
    document(
      'LabResult',
      clinical('LabOrder', 'lab report printed', (id) => renderLabReportPdf(db, hospital, id, PRINTABLE_FOR_STAFF)),
      'lab-report',
    ),
  );
  router.get(
    '/prescriptions/:id/pdf',
    document(
      'Prescription',
      clinical('Prescription', 'prescription printed', (id) => renderPrescriptionPdf(db, hospital, id)),
      'prescription',
    ),
  );
  router.get(
    '/discharge-summaries/:id/pdf',
    document(
      'DischargeSummary',
      clinical('DischargeSummary', 'discharge summary printed', (id) => renderDischargeSummaryPdf(db, hospital, id)),
      'discharge-summary',
    ),
  );
  return router;
}
