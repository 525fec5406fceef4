/**
 * The one way to take an invoice for a change of its money or state: its row is
 * locked until the caller's transaction ends, so two counters, a gateway
 * callback and a refund on one invoice take turns.
 */
import type { Invoice } from '@prisma/client';
import type { Tx } from '../../config/db.js';

export async function lockInvoiceRow(tx: Tx, invoiceId: number): Promise<Invoice | null> {
  await tx.$queryRaw`SELECT id FROM "Invoice" WHERE id = ${invoiceId} FOR UPDATE`;
  return tx.invoice.findUnique({ where: { id: invoiceId } });
}
