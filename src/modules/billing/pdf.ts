/**
 * The documents a hospital hands over, as PDF: the bill (tax invoice, bill of
 * supply, invoice-cum-bill of supply or credit note) with every Rule 46 / 49 /
 * 53 field — serial number, date (dd-MM-yyyy, IST), GSTIN, place of supply with
 * the state's name, recipient (and GSTIN for a registered one), a ruled table of
 * description, HSN/SAC, quantity and unit, rate, discount, taxable value, rate
 * and amounts of tax, the total with round-off and in words, the reverse-charge
 * statement, the authorised signatory — and the receipt with its cashier and
 * the balance due. Text is set in Noto Sans with Devanagari (pdfText.ts), so ₹
 * and a name written in Marathi print.
 */
import { existsSync } from 'node:fs';
import { newPdf } from '../lazyLibraries.js';
import type { Db } from '../../config/db.js';
import type { Env } from '../../config/env.js';
import { NotFound } from '../../errors.js';
import { istDate } from '../../time.js';
import { DOCUMENT_TITLE } from './documents.js';
import { placeOfSupplyLabel } from './gstCodes.js';
import { InvalidInvoiceState } from './invoices.js';
import { heightOf, registerFonts, write, writeRight } from './pdfText.js';
import { SUPPLY_CLASS_LABEL } from './supply.js';
import { amountInWords } from './words.js';

export type HospitalHeader = Pick<Env, 'HOSPITAL_NAME' | 'HOSPITAL_ADDRESS' | 'HOSPITAL_GSTIN' | 'HOSPITAL_STATE_CODE'> &
  Partial<Pick<Env, 'HOSPITAL_LOGO_FILE'>>;

const inr = new Intl.NumberFormat('en-IN', { minimumFractionDigits: 2, maximumFractionDigits: 2 });

export function toBuffer(doc: PDFKit.PDFDocument): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
    doc.end();
  });
}

const dmy = (at: Date) => istDate(at).split('-').reverse().join('-');
const rupees = (value: { toString(): string }) => `₹ ${inr.format(Number(value.toString()))}`;
const plain = (value: { toString(): string }) => inr.format(Number(value.toString()));

const PAGE = { left: 36, right: 559, bottom: 800 };
// The bill's columns: key, heading, width (points), right-aligned.
const COLUMNS = [
  { key: 'n', title: '#', width: 16, right: false },
  { key: 'description', title: 'Description', width: 142, right: false },
  { key: 'code', title: 'HSN/SAC', width: 44, right: false },
  { key: 'qty', title: 'Qty (unit)', width: 42, right: true },
  { key: 'rate', title: 'Rate', width: 48, right: true },
  { key: 'discount', title: 'Discount', width: 38, right: true },
  { key: 'taxable', title: 'Taxable', width: 52, right: true },
  { key: 'gst', title: 'GST %', width: 28, right: true },
  { key: 'cgst', title: 'CGST', width: 38, right: true },
  { key: 'sgst', title: 'SGST', width: 38, right: true },
  { key: 'total', title: 'Total', width: 37, right: true },
] as const;
type ColumnKey = (typeof COLUMNS)[number]['key'];

function drawRow(
  doc: PDFKit.PDFDocument,
  y: number,
  cells: Record<ColumnKey, string>,
  options: { bold?: boolean; note?: string } = {},
): number {
  const size = 7.5;
  const heights = COLUMNS.map((c) => heightOf(doc, cells[c.key], c.width - 4, { size, bold: options.bold }));
  const noteHeight = options.note ? heightOf(doc, options.note, COLUMNS[1].width - 4, { size: 6 }) : 0;
  const height = Math.max(...heights, heights[1]! + noteHeight) + 6;
  let x = PAGE.left;
  for (const column of COLUMNS) {
    write(doc, cells[column.key], x + 2, y + 3, {
      width: column.width - 4,
      align: column.right ? 'right' : 'left',
      size,
      bold: options.bold,
    });
    if (column.key === 'description' && options.note)
      write(doc, options.note, x + 2, y + 3 + heights[1]!, { width: column.width - 4, size: 6 });
    x += column.width;
  }
  // Ruled: a line under the row and between the columns.
  doc
    .lineWidth(0.4)
    .moveTo(PAGE.left, y + height)
    .lineTo(PAGE.right, y + height)
    .stroke();
  x = PAGE.left;
  for (const column of COLUMNS) {
    doc
      .moveTo(x, y)
      .lineTo(x, y + height)
      .stroke();
    x += column.width;
  }
  doc
    .moveTo(PAGE.right, y)
    .lineTo(PAGE.right, y + height)
    .stroke();
  return y + height;
}

const HEADINGS = Object.fromEntries(COLUMNS.map((c) => [c.key, c.title])) as Record<ColumnKey, string>;

function tableHeader(doc: PDFKit.PDFDocument, y: number): number {
  doc.lineWidth(0.4).moveTo(PAGE.left, y).lineTo(PAGE.right, y).stroke();
  return drawRow(doc, y, HEADINGS, { bold: true });
}

export async function renderInvoicePdf(db: Db, hospital: HospitalHeader, invoiceId: number): Promise<Buffer> {
  const invoice = await db.invoice.findUnique({
    where: { id: invoiceId },
    include: {
      patient: true,
      lines: { orderBy: { id: 'asc' }, include: { doctor: true, department: true } },
      originalInvoice: { include: { lines: { orderBy: { id: 'asc' }, include: { doctor: true, department: true } } } },
      admission: { include: { doctor: { include: { department: true } } } },
    },
  });
  if (!invoice) throw new NotFound('The invoice');
  if (!invoice.number) throw new InvalidInvoiceState('A draft has no number yet: issue it before printing');
  // Documents issued before document types existed were all printed as tax invoices.
  const title = DOCUMENT_TITLE[invoice.documentType ?? (invoice.kind === 'CREDIT_NOTE' ? 'CREDIT_NOTE' : 'TAX_INVOICE')];
  // A credit note carries the lines of the invoice it cancels.
  const lines = invoice.kind === 'CREDIT_NOTE' ? (invoice.originalInvoice?.lines ?? []) : invoice.lines;
  const patient = invoice.patient;
  const patientState = patient.stateCode ? placeOfSupplyLabel(patient.stateCode) : '';
  const patientAddress = [patient.addressLine, patient.city, patient.pincode].filter(Boolean).join(', ');
  const doctor = invoice.admission?.doctor ?? lines.find((l) => l.doctor)?.doctor ?? null;
  const department = invoice.admission?.doctor.department ?? lines.find((l) => l.department)?.department ?? null;

  const doc = await newPdf({ size: 'A4', margin: PAGE.left, info: { Title: `${title} ${invoice.number}` } });
  registerFonts(doc);
  const logo = hospital.HOSPITAL_LOGO_FILE;
  if (logo && existsSync(logo)) doc.image(logo, PAGE.right - 70, 30, { fit: [70, 50] });
  write(doc, hospital.HOSPITAL_NAME, PAGE.left, 36, { bold: true, size: 16 });
  write(doc, hospital.HOSPITAL_ADDRESS, PAGE.left, undefined, { size: 8.5 });
  write(doc, `GSTIN: ${hospital.HOSPITAL_GSTIN}   State: ${placeOfSupplyLabel(hospital.HOSPITAL_STATE_CODE)}`, PAGE.left, undefined, {
    size: 8.5,
  });
  doc.moveDown(0.6);
  write(doc, title, PAGE.left, undefined, { bold: true, size: 13, align: 'center', width: PAGE.right - PAGE.left });
  doc.moveDown(0.3);
  const facts = [
    `No.: ${invoice.number}    Date: ${dmy(invoice.issuedAt ?? invoice.createdAt)}    Status: ${invoice.status.toLowerCase().replace('_', ' ')}`,
    `Place of supply: ${placeOfSupplyLabel(invoice.placeOfSupply ?? hospital.HOSPITAL_STATE_CODE)}    Tax payable on reverse charge: No`,
  ];
  if (invoice.kind === 'CREDIT_NOTE' && invoice.originalInvoice?.number)
    facts.push(
      `Against invoice ${invoice.originalInvoice.number} dated ${dmy(invoice.originalInvoice.issuedAt ?? invoice.originalInvoice.createdAt)}    Reason: ${invoice.cancelReason ?? ''}`,
    );
  if (invoice.recipientGstin) {
    facts.push(`Bill to: ${invoice.recipientName ?? ''}    GSTIN: ${invoice.recipientGstin}`);
    if (invoice.recipientAddress) facts.push(`Address: ${invoice.recipientAddress}`);
  }
  facts.push(`Patient: ${patient.name}    UHID: ${patient.uhid}    Phone: ${patient.phone}`);
  if (patientAddress || patientState) facts.push(`Address: ${patientAddress}${patientState ? `    State: ${patientState}` : ''}`);
  if (doctor) facts.push(`Treating doctor: ${doctor.name}${department ? `    Department: ${department.name}` : ''}`);
  for (const fact of facts) write(doc, fact, PAGE.left, undefined, { size: 8.5 });
  doc.moveDown(0.5);

  let y = tableHeader(doc, doc.y);
  lines.forEach((line, index) => {
    const cells: Record<ColumnKey, string> = {
      n: String(index + 1),
      description: line.description,
      code: line.sacCode ?? '-',
      // Services have no unit of quantity (UQC NA): the count alone.
      qty: `${line.quantity.toString()} ${line.unit && line.unit !== 'NA' ? line.unit : ''}`.trim(),
      rate: plain(line.unitPrice),
      discount: plain(line.discount),
      taxable: plain(line.taxableValue),
      gst: `${line.gstRate.toString()}%`,
      cgst: plain(invoice.interState ? line.igst : line.cgst),
      sgst: plain(line.sgst),
      total: plain(line.lineTotal),
    };
    const note = line.supplyClass ? SUPPLY_CLASS_LABEL[line.supplyClass] : undefined;
    if (y + 30 > PAGE.bottom) {
      doc.addPage();
      y = tableHeader(doc, PAGE.left);
    }
    y = drawRow(doc, y, cells, { note });
  });

  // Totals, right-aligned under the table.
  const totals: Array<[string, string, boolean?]> = [
    ['Sub-total', rupees(invoice.subtotal)],
    ['Discount', rupees(invoice.discountTotal)],
    ['Taxable value', rupees(invoice.taxableTotal)],
    ['CGST', rupees(invoice.cgstTotal)],
    ['SGST', rupees(invoice.sgstTotal)],
    ...(invoice.igstTotal.isZero() ? [] : [['IGST', rupees(invoice.igstTotal)] as [string, string]]),
    ['Round off', rupees(invoice.roundOff)],
    ['Total', rupees(invoice.total), true],
  ];
  if (y + totals.length * 12 + 120 > PAGE.bottom) {
    doc.addPage();
    y = PAGE.left;
  }
  y += 6;
  for (const [label, value, bold] of totals) {
    write(doc, label, 360, y, { width: 100, size: bold ? 10 : 8.5, bold });
    writeRight(doc, value, PAGE.right, y, { size: bold ? 10 : 8.5, bold });
    y += bold ? 14 : 11;
  }
  write(doc, amountInWords(invoice.total), PAGE.left, y + 2, { size: 8.5, bold: true });
  if (invoice.kind === 'INVOICE')
    write(
      doc,
      `Paid: ${rupees(invoice.amountPaid)}    Balance due: ${rupees(invoice.total.minus(invoice.amountPaid))}`,
      PAGE.left,
      undefined,
      { size: 8.5 },
    );
  doc.moveDown(0.5);
  if (lines.some((line) => line.gstRate.isZero()))
    write(
      doc,
      'Health care services by a clinical establishment are exempt from GST (notification 12/2017-Central Tax (Rate), S.No. 74).',
      PAGE.left,
      undefined,
      { size: 7 },
    );
  if (lines.some((line) => line.priceIncludesGst && line.gstRate.greaterThan(0)))
    write(
      doc,
      'Medicines are priced at MRP inclusive of GST: taxable value = MRP × 100 / (100 + rate); an odd paisa of tax stays in the taxable value.',
      PAGE.left,
      undefined,
      { size: 7 },
    );
  doc.moveDown(1.5);
  write(doc, `For ${hospital.HOSPITAL_NAME}`, 360, undefined, { size: 9, width: PAGE.right - 360, align: 'right' });
  doc.moveDown(2);
  write(doc, 'Authorised signatory', 360, undefined, { size: 9, width: PAGE.right - 360, align: 'right' });
  doc.moveDown();
  write(doc, `This is a computer-generated ${title.toLowerCase()}.`, PAGE.left, undefined, { size: 7 });
  return toBuffer(doc);
}

/** A receipt for money received (payment) or given back (refund). */
/** The hospital's letterhead at the top of a printed page. */
export function letterhead(doc: PDFKit.PDFDocument, hospital: HospitalHeader): void {
  write(doc, hospital.HOSPITAL_NAME, undefined, undefined, { bold: true, size: 14 });
  write(doc, hospital.HOSPITAL_ADDRESS, undefined, undefined, { size: 8 });
  write(doc, `GSTIN: ${hospital.HOSPITAL_GSTIN}`, undefined, undefined, { size: 8 });
}

export async function renderReceiptPdf(db: Db, hospital: HospitalHeader, paymentId: number): Promise<Buffer> {
  const payment = await db.payment.findUnique({
    where: { id: paymentId },
    include: { invoice: { include: { patient: true } }, refunds: true, receivedBy: true },
  });
  if (!payment) throw new NotFound('The payment');
  const { invoice } = payment;
  const doc = await newPdf({ size: 'A5', margin: 36, info: { Title: `Receipt ${payment.receiptNo}` } });
  registerFonts(doc);
  write(doc, hospital.HOSPITAL_NAME, 36, 36, { bold: true, size: 14 });
  write(doc, hospital.HOSPITAL_ADDRESS, 36, undefined, { size: 8 });
  write(doc, `GSTIN: ${hospital.HOSPITAL_GSTIN}`, 36, undefined, { size: 8 });
  doc.moveDown();
  write(doc, 'PAYMENT RECEIPT', 36, undefined, { bold: true, size: 12 });
  for (const line of [
    `Receipt No.: ${payment.receiptNo}    Date: ${dmy(payment.receivedAt)}`,
    `Received from: ${invoice.patient.name}    UHID: ${invoice.patient.uhid}`,
    `Against bill: ${invoice.number ?? '-'}    Mode: ${payment.method}${payment.reference ? ` (${payment.reference})` : ''}`,
  ])
    write(doc, line, 36, undefined, { size: 9 });
  doc.moveDown();
  write(doc, `Amount received: ${rupees(payment.amount)}`, 36, undefined, { bold: true, size: 11 });
  write(doc, amountInWords(payment.amount), 36, undefined, { size: 9 });
  write(
    doc,
    `Bill total: ${rupees(invoice.total)}    Paid so far: ${rupees(invoice.amountPaid)}    Balance due: ${rupees(invoice.total.minus(invoice.amountPaid))}`,
    36,
    undefined,
    { size: 9 },
  );
  for (const refund of payment.refunds)
    write(
      doc,
      `Refunded ${rupees(refund.amount)} on ${dmy(refund.createdAt)} (refund voucher ${refund.refundNo}): ${refund.reason}`,
      36,
      undefined,
      { size: 9 },
    );
  doc.moveDown();
  write(doc, `Received by: ${payment.receivedBy?.name ?? 'Online payment'}`, 36, undefined, { size: 9 });
  doc.moveDown(1.5);
  write(doc, 'Authorised signatory', 36, undefined, { size: 9 });
  write(doc, 'This is a computer-generated receipt.', 36, undefined, { size: 7 });
  return toBuffer(doc);
}
