/**
 * Printable invoice (or credit note) as PDF: hospital header with GSTIN,
 * patient and UHID, lines with SAC/HSN and the tax split, totals in figures
 * and in words. The standard PDF fonts have no ₹ glyph, so amounts print as
 * "Rs." — as many Indian hospital bills do.
 */
import PDFDocument from 'pdfkit';
import type { Db } from '../../config/db.js';
import type { Env } from '../../config/env.js';
import { NotFound } from '../../errors.js';
import { istDate } from '../../time.js';
import { DOCUMENT_TITLE } from './documents.js';
import { GST_STATES, placeOfSupplyLabel } from './gstCodes.js';
import { InvalidInvoiceState } from './invoices.js';
import { SUPPLY_CLASS_LABEL } from './supply.js';
import { amountInWords } from './words.js';

export type HospitalHeader = Pick<Env, 'HOSPITAL_NAME' | 'HOSPITAL_ADDRESS' | 'HOSPITAL_GSTIN' | 'HOSPITAL_STATE_CODE'>;

const inr = new Intl.NumberFormat('en-IN', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
const money = (value: { toString(): string }) => `Rs. ${inr.format(Number(value.toString()))}`;

export function toBuffer(doc: PDFKit.PDFDocument): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
    doc.end();
  });
}

export async function renderInvoicePdf(db: Db, hospital: HospitalHeader, invoiceId: number): Promise<Buffer> {
  const invoice = await db.invoice.findUnique({
    where: { id: invoiceId },
    include: { patient: true, lines: { orderBy: { id: 'asc' } }, originalInvoice: true },
  });
  if (!invoice) throw new NotFound('The invoice');
  if (!invoice.number) throw new InvalidInvoiceState('A draft has no number yet: issue it before printing');
  // Documents issued before document types existed were all printed as tax invoices.
  const title = DOCUMENT_TITLE[invoice.documentType ?? (invoice.kind === 'CREDIT_NOTE' ? 'CREDIT_NOTE' : 'TAX_INVOICE')];
  const patientState = invoice.patient.stateCode ? `${GST_STATES[invoice.patient.stateCode] ?? ''} (${invoice.patient.stateCode})` : '';
  const patientAddress = [invoice.patient.addressLine, invoice.patient.city, invoice.patient.pincode].filter(Boolean).join(', ');

  const doc = new PDFDocument({ size: 'A4', margin: 40, info: { Title: `${title} ${invoice.number}` } });
  doc.font('Helvetica-Bold').fontSize(16).text(hospital.HOSPITAL_NAME);
  doc
    .font('Helvetica')
    .fontSize(9)
    .text(hospital.HOSPITAL_ADDRESS)
    .text(`GSTIN: ${hospital.HOSPITAL_GSTIN}   State code: ${hospital.HOSPITAL_STATE_CODE}`);
  doc.moveDown();
  doc.font('Helvetica-Bold').fontSize(13).text(title);
  doc.font('Helvetica').fontSize(9);
  doc.text(`No.: ${invoice.number}   Date: ${istDate(invoice.issuedAt ?? invoice.createdAt)}   Status: ${invoice.status}`);
  if (invoice.originalInvoice?.number)
    doc.text(`Against invoice: ${invoice.originalInvoice.number}   Reason: ${invoice.cancelReason ?? ''}`);
  if (invoice.recipientGstin) {
    doc.text(`Bill to: ${invoice.recipientName ?? ''}   GSTIN: ${invoice.recipientGstin}`);
    if (invoice.recipientAddress) doc.text(`Address: ${invoice.recipientAddress}`);
  }
  doc.text(`Patient: ${invoice.patient.name}   UHID: ${invoice.patient.uhid}   Phone: ${invoice.patient.phone}`);
  if (patientAddress || patientState) doc.text(`Address: ${patientAddress}${patientState ? `   State: ${patientState}` : ''}`);
  doc.text(
    `Place of supply: ${placeOfSupplyLabel(invoice.placeOfSupply ?? hospital.HOSPITAL_STATE_CODE)}   ${invoice.interState ? 'IGST (inter-state)' : 'CGST + SGST (intra-state)'}   Tax payable on reverse charge: No`,
  );
  doc.moveDown();

  doc.font('Helvetica-Bold').text('#  Description | SAC/HSN | Qty (unit) x Rate | Discount | Taxable | GST | Amount | Supply');
  doc.font('Helvetica');
  invoice.lines.forEach((line, index) => {
    const tax = invoice.interState ? `IGST ${money(line.igst)}` : `CGST ${money(line.cgst)} + SGST ${money(line.sgst)}`;
    doc.text(
      `${index + 1}. ${line.description} | ${line.sacCode ?? '-'} | ${line.quantity.toString()} ${line.unit ?? ''} x ${money(line.unitPrice)} | ${money(line.discount)} | ${money(line.taxableValue)} | ${line.gstRate.toString()}% ${tax} | ${money(line.lineTotal)} | ${line.supplyClass ? SUPPLY_CLASS_LABEL[line.supplyClass] : '-'}`,
    );
  });
  doc.moveDown();
  doc.text(
    `Sub-total: ${money(invoice.subtotal)}   Discount: ${money(invoice.discountTotal)}   Taxable value: ${money(invoice.taxableTotal)}`,
  );
  doc.text(
    `CGST: ${money(invoice.cgstTotal)}   SGST: ${money(invoice.sgstTotal)}   IGST: ${money(invoice.igstTotal)}   Round off: ${money(invoice.roundOff)}`,
  );
  doc
    .font('Helvetica-Bold')
    .fontSize(11)
    .text(`Total: ${money(invoice.total)}`);
  doc.font('Helvetica').fontSize(9).text(amountInWords(invoice.total));
  if (invoice.kind === 'INVOICE')
    doc.text(`Paid: ${money(invoice.amountPaid)}   Balance due: ${money(invoice.total.minus(invoice.amountPaid))}`);
  if (invoice.lines.some((line) => line.priceIncludesGst && line.gstRate.greaterThan(0)))
    doc.text(
      'Medicines are priced at MRP inclusive of GST: taxable value = MRP x 100 / (100 + rate); an odd paisa of tax stays in the taxable value.',
    );
  doc.moveDown().text(`For ${hospital.HOSPITAL_NAME}`).moveDown(1.5).text('Authorised signatory');
  doc.moveDown().fontSize(8).text(`This is a computer-generated ${title.toLowerCase()}.`);
  return toBuffer(doc);
}

/** A receipt for money received (payment) or given back (refund). */
/** The hospital's letterhead at the top of a printed page. */
export function letterhead(doc: PDFKit.PDFDocument, hospital: HospitalHeader): void {
  doc.font('Helvetica-Bold').fontSize(14).text(hospital.HOSPITAL_NAME);
  doc.font('Helvetica').fontSize(8).text(hospital.HOSPITAL_ADDRESS).text(`GSTIN: ${hospital.HOSPITAL_GSTIN}`);
}

export async function renderReceiptPdf(db: Db, hospital: HospitalHeader, paymentId: number): Promise<Buffer> {
  const payment = await db.payment.findUnique({
    where: { id: paymentId },
    include: { invoice: { include: { patient: true } }, refunds: true },
  });
  if (!payment) throw new NotFound('The payment');
  const { invoice } = payment;
  const doc = new PDFDocument({ size: 'A5', margin: 36, info: { Title: `Receipt ${payment.receiptNo}` } });
  letterhead(doc, hospital);
  doc.moveDown().font('Helvetica-Bold').fontSize(12).text('PAYMENT RECEIPT');
  doc.font('Helvetica').fontSize(9);
  doc.text(`Receipt No.: ${payment.receiptNo}   Date: ${istDate(payment.receivedAt)}`);
  doc.text(`Received from: ${invoice.patient.name}   UHID: ${invoice.patient.uhid}`);
  doc.text(`Against invoice: ${invoice.number ?? '-'}   Mode: ${payment.method}${payment.reference ? ` (${payment.reference})` : ''}`);
  doc
    .moveDown()
    .font('Helvetica-Bold')
    .fontSize(11)
    .text(`Amount received: ${money(payment.amount)}`);
  doc.font('Helvetica').fontSize(9).text(amountInWords(payment.amount));
  for (const refund of payment.refunds)
    doc.text(`Refunded ${money(refund.amount)} on ${istDate(refund.createdAt)} (refund ${refund.refundNo}): ${refund.reason}`);
  doc.moveDown().fontSize(8).text('This is a computer-generated receipt.');
  return toBuffer(doc);
}
