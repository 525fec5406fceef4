/**
 * Printable documents for signed-in staff: GET /admin/invoices/:id/pdf.
 * Whoever may read invoices (admin/access.ts) may print them.
 */
import type { Role } from '@prisma/client';
import { Router } from 'express';
import type { Db } from '../src/config/db.js';
import { renderInvoicePdf, type HospitalHeader } from '../src/modules/billing/pdf.js';
import { toHttpAnswer } from '../src/http/middleware/errors.js';
import { mayDo } from './access.js';

export function printRouter(db: Db, hospital: HospitalHeader): Router {
  const router = Router();
  router.get('/invoices/:id/pdf', async (req, res, next) => {
    const role = req.session.adminUser?.role as Role | undefined;
    if (!role) return res.status(401).json({ error: { code: 'UNAUTHENTICATED', message: 'Please sign in' } });
    if (!mayDo(role, 'Invoice', 'read'))
      return res.status(403).json({ error: { code: 'FORBIDDEN', message: 'Your role may not print invoices' } });
    const id = Number(req.params.id);
    if (!Number.isInteger(id) || id <= 0)
      return res.status(400).json({ error: { code: 'VALIDATION_FAILED', message: 'expected an invoice id' } });
    try {
      const pdf = await renderInvoicePdf(db, hospital, id);
      res.setHeader('Content-Type', 'application/pdf');
      res.setHeader('Content-Disposition', `inline; filename="invoice-${id}.pdf"`);
      return res.send(pdf);
    } catch (error) {
      const answer = toHttpAnswer(error);
      if (answer) return res.status(answer.status).json(answer.body);
      return next(error);
    }
  });
  return router;
}
