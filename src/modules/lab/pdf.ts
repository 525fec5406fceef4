/** A released lab report as PDF: test, sample times, each result with its unit, range and an abnormal flag. */
import PDFDocument from 'pdfkit';
import type { Db } from '../../config/db.js';
import { NotFound } from '../../errors.js';
import { letterhead, toBuffer, type HospitalHeader } from '../billing/pdf.js';

const ist = (at: Date | null) => (at ? at.toLocaleString('en-IN', { timeZone: 'Asia/Kolkata' }) : '-');

export async function renderLabReportPdf(db: Db, hospital: HospitalHeader, labOrderId: number): Promise<Buffer> {
  const order = await db.labOrder.findUnique({
    where: { id: labOrderId },
    include: { patient: true, labTest: true, results: { orderBy: { parameter: 'asc' } } },
  });
  if (!order || order.status !== 'RELEASED') throw new NotFound('The lab report');
  const doc = new PDFDocument({ size: 'A4', margin: 40, info: { Title: `Lab report ${order.orderNo}` } });
  letterhead(doc, hospital);
  doc.moveDown().font('Helvetica-Bold').fontSize(12).text(`LABORATORY REPORT — ${order.labTest.name}`);
  doc.font('Helvetica').fontSize(9);
  doc.text(`Order: ${order.orderNo}   Patient: ${order.patient.name}   UHID: ${order.patient.uhid}`);
  doc.text(
    `Ordered: ${ist(order.orderedAt)}   Sample: ${order.labTest.sampleType}, collected ${ist(order.sampleCollectedAt)}   Released: ${ist(order.releasedAt)}`,
  );
  doc.moveDown().font('Helvetica-Bold').text('Parameter | Result | Unit | Reference range | Flag');
  doc.font('Helvetica');
  for (const r of order.results) {
    const range =
      r.refRangeLow !== null || r.refRangeHigh !== null ? `${r.refRangeLow?.toString() ?? ''} – ${r.refRangeHigh?.toString() ?? ''}` : '-';
    doc.text(`${r.parameter} | ${r.value} | ${r.unit ?? '-'} | ${range} | ${r.isAbnormal ? 'ABNORMAL' : ''}`);
  }
  doc.moveDown().fontSize(8).text('Results verified and released by the laboratory. This is a computer-generated report.');
  return toBuffer(doc);
}
