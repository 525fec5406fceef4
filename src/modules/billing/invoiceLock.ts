/**
 * The one way to take an invoice for a change of its money or state: its row is
 * locked until the caller's transaction ends, so two counters, a gateway
 * callback and a refund on one invoice take turns.
 */
import type { Invoice } from '@prisma/client';
import { lockRow, type Tx } from '../../config/db.js';

export function lockInvoiceRow(tx: Tx, invoiceId: number): Promise<Invoice | null> {
  return lockRow(tx, 'Invoice', invoiceId);
}
