/**
 * What may be done to a bill, a payment or a deposit in which state: the
 * billing and payment services check these, the back-office reads them to
 * offer its buttons.
 */
import type { DepositStatus, InvoiceKind, InvoiceStatus, PaymentStatus } from '@prisma/client';

export const INVOICE_STEPS = {
  /** Changed only while a draft: services, recipient, issue. */
  editDraft: ['DRAFT'],
  /** Money is taken on an issued invoice that is not fully paid. */
  pay: ['ISSUED', 'PARTIALLY_PAID'],
  /** An issued, unpaid invoice is cancelled by a credit note. */
  cancel: ['ISSUED'],
} as const satisfies Record<string, readonly InvoiceStatus[]>;

export type InvoiceStep = keyof typeof INVOICE_STEPS;

/** Payment and cancellation apply to invoices, never to credit notes. */
const INVOICES_ONLY: ReadonlySet<InvoiceStep> = new Set(['pay', 'cancel']);

export function invoiceAllows(step: InvoiceStep, invoice: { status?: unknown; kind?: unknown }): boolean {
  if (INVOICES_ONLY.has(step) && invoice.kind !== ('INVOICE' satisfies InvoiceKind)) return false;
  return (INVOICE_STEPS[step] as readonly string[]).includes(String(invoice.status));
}

/** A draft has no number and prints nothing. */
export const isPrintable = (invoice: { status?: unknown }) => invoice.status !== ('DRAFT' satisfies InvoiceStatus);

export const REFUNDABLE_PAYMENT: PaymentStatus = 'CAPTURED';
export const REFUNDABLE_DEPOSIT: DepositStatus = 'HELD';
