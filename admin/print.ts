/**
 * Printable documents for signed-in staff: GET /admin/invoices/:id/pdf and
 * /admin/receipts/:id/pdf. Whoever may read the record (admin/access.ts) may print it.
 */
import { Router } from 'express';
import type { Db } from '../src/config/db.js';
import { renderInvoicePdf, renderReceiptPdf, type HospitalHeader } from '../src/modules/billing/pdf.js';
import { isRecordId } from '../src/modules/ids.js';
import { NotFound } from '../src/errors.js';
import { mayDo } from './access.js';
import { staffRoute } from './staffRoute.js';

export function printRouter(db: Db, hospital: HospitalHeader): Router {
  const router = Router({ caseSensitive: true });
  const document = (model: 'Invoice' | 'Payment', render: (id: number) => Promise<Buffer>, file: string) =>
    staffRoute(
      (role) => mayDo(role, model, 'read'),
      'Your role may not print this document',
      async (req, res) => {
        if (!isRecordId(req.params.id)) throw new NotFound('The document');
        const id = Number(req.params.id);
        const pdf = await render(id);
        res.setHeader('Content-Type', 'application/pdf');
        res.setHeader('Content-Disposition', `inline; filename="${file}-${id}.pdf"`);
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
  return router;
}
