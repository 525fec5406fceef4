/**
 * Which GST document a bill is, and its series.
 *
 * - TAX_INVOICE (CGST Act s.31(1)-(2), Rule 46): every line is taxable.
 * - BILL_OF_SUPPLY (s.31(3)(c), Rule 49): every line is exempt or nil-rated —
 *   most hospital bills, an in-patient's composite health care above all.
 * - INVOICE_CUM_BILL_OF_SUPPLY (Rule 46A): taxable and exempt lines together,
 *   allowed only when the recipient is unregistered (a patient). A registered
 *   recipient (an insurer, a corporate) needs a tax invoice for the taxable
 *   lines and a bill of supply for the rest: such a draft is refused at issue.
 * - CREDIT_NOTE (s.34, Rule 53): cancels an invoice, referring to it.
 *
 * Each type has its own gapless series per fiscal year (numbering/service.ts),
 * and so do receipts (Rule 50 receipt vouchers for advances, Rule 51 refund
 * vouchers).
 */
import type { DocumentType } from '@prisma/client';
import { Prisma } from '@prisma/client';
import { Conflict } from '../../errors.js';

export const DOCUMENT_SERIES: Record<DocumentType, string> = {
  TAX_INVOICE: 'TI',
  BILL_OF_SUPPLY: 'BS',
  INVOICE_CUM_BILL_OF_SUPPLY: 'IB',
  CREDIT_NOTE: 'CN',
};

export const RECEIPT_SERIES = {
  /** A payment against an invoice. */
  payment: 'RC',
  /** An advance (an admission deposit): a receipt voucher, Rule 50. */
  advance: 'AR',
  /** Money paid back: a refund voucher, Rule 51. */
  refund: 'RF',
} as const;

/** The document's title as printed. */
export const DOCUMENT_TITLE: Record<DocumentType, string> = {
  TAX_INVOICE: 'TAX INVOICE',
  BILL_OF_SUPPLY: 'BILL OF SUPPLY',
  INVOICE_CUM_BILL_OF_SUPPLY: 'INVOICE-CUM-BILL OF SUPPLY',
  CREDIT_NOTE: 'CREDIT NOTE',
};

export class NeedsSeparateDocuments extends Conflict {
  constructor() {
    super(
      'SEPARATE_DOCUMENTS_NEEDED',
      'This bill has taxable and exempt lines for a GST-registered recipient: Rule 46A allows one combined bill only for unregistered patients. Bill the taxable lines and the exempt lines on separate drafts, or remove the GSTIN.',
    );
  }
}

interface LineTax {
  gstRate: Prisma.Decimal.Value;
}

const isTaxable = (line: LineTax) => new Prisma.Decimal(line.gstRate).greaterThan(0);

export function chooseDocumentType(lines: LineTax[], recipientGstin: string | null): DocumentType {
  const taxable = lines.filter(isTaxable).length;
  if (taxable === 0) return 'BILL_OF_SUPPLY';
  if (taxable === lines.length) return 'TAX_INVOICE';
  if (recipientGstin) throw new NeedsSeparateDocuments();
  return 'INVOICE_CUM_BILL_OF_SUPPLY';
}

/** GST unit quantity code (UQC) of a line: goods counted in units (NOS); services have none (NA, as GSTR-1 Table 12 takes them). */
export function unitQuantityCode(source: string): string {
  return source === 'DRUG' ? 'NOS' : 'NA';
}
