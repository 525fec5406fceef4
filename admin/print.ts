/**
 * Printable documents for signed-in staff: GET /admin/invoices/:id/pdf and
 * /admin/receipts/:id/pdf. Whoever may read the record (admin/access.ts) may print it.
 */
import type { Role } from '@prisma/client';
import { Router, type RequestHandler } from 'express';
import type { Db } from '../src/config/db.js';
import { renderInvoicePdf, renderReceiptPdf, type HospitalHeader } from '../src/modules/billing/pdf.js';
import { toHttpAnswer } from '../src/http/middleware/errors.js';
import { mayDo } from './access.js';

export function printRouter(db: Db, hospital: HospitalHeader): Router {
  const router = Router();
  const document = (model: 'Invoice' | 'Payment', render: (id: number) => Promise<Buffer>, file: string) =>
    (async (req, res, next) => {
      const role = req.session.adminUser?.role as Role | undefined;
      if (!role) return res.status(401).json({ error: { code: 'UNAUTHENTICATED', message: 'Please sign in' } });
      if (!mayDo(role, model, 'read'))
        return res.status(403).json({ error: { code: 'FORBIDDEN', message: 'Your role may not print this document' } });
      const id = Number(req.params.id);
      if (!Number.isInteger(id) || id <= 0)
        return res.status(400).json({ error: { code: 'VALIDATION_FAILED', message: 'expected a document id' } });
      try {
        const pdf = await render(id);
        res.setHeader('Content-Type', 'application/pdf');
        res.setHeader('Content-Disposition', `inline; filename="${file}-${id}.pdf"`);
        return res.send(pdf);
      } catch (error) {
        const answer = toHttpAnswer(error);
        if (answer) return res.status(answer.status).json(answer.body);
        return next(error);
      }
    }) as RequestHandler;
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
