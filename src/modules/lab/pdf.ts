/**
 * A released lab report as PDF: test, sample times, each result with its unit,
 * range and an abnormal flag — in Noto Sans with Devanagari, as the bills are.
 */
import type { LabOrderStatus } from '@prisma/client';
import { newPdf } from '../lazyLibraries.js';
import type { Db } from '../../config/db.js';
import { NotFound } from '../../errors.js';
import { letterhead, toBuffer, type HospitalHeader } from '../billing/pdf.js';
import { registerFonts, write } from '../billing/pdfText.js';
import { referenceRange } from './service.js';
import { LAB_STEPS } from './states.js';

const ist = (at: Date | null) => (at ? at.toLocaleString('en-IN', { timeZone: 'Asia/Kolkata' }) : '-');

/** A report prints once its results are verified; the patient sees it only once released (lab/states.ts). */
export const PRINTABLE_FOR_STAFF: readonly LabOrderStatus[] = LAB_STEPS.printReport;

export async function renderLabReportPdf(
  db: Db,
  hospital: HospitalHeader,
  labOrderId: number,
  printableWhen: readonly LabOrderStatus[] = ['RELEASED'],
): Promise<Buffer> {
  const order = await db.labOrder.findUnique({
    where: { id: labOrderId },
    include: {
      patient: true,
      labTest: true,
      results: { orderBy: { parameter: 'asc' }, include: { verifiedBy: { select: { name: true } } } },
    },
  });
  if (!order || !printableWhen.includes(order.status)) throw new NotFound('The lab report');
  const doc = await newPdf({ size: 'A4', margin: 40, info: { Title: `Lab report ${order.orderNo}` } });
  registerFonts(doc);
  letterhead(doc, hospital);
  doc.moveDown();
  write(doc, `LABORATORY REPORT — ${order.labTest.name}`, undefined, undefined, { bold: true, size: 12 });
  write(doc, `Order: ${order.orderNo}   Patient: ${order.patient.name}   UHID: ${order.patient.uhid}`, undefined, undefined, { size: 9 });
  write(
    doc,
    `Ordered: ${ist(order.orderedAt)}   Sample: ${order.labTest.sampleType}, collected ${ist(order.sampleCollectedAt)}   Released: ${ist(order.releasedAt)}`,
  );
  doc.moveDown();
  write(doc, 'Parameter | Result | Unit | Reference range | Flag', undefined, undefined, { bold: true });
  for (const r of order.results) {
    const range = referenceRange(r.refRangeLow, r.refRangeHigh);
    write(doc, `${r.parameter} | ${r.value} | ${r.unit ?? '-'} | ${range} | ${r.isAbnormal ? 'ABNORMAL' : ''}`);
  }
  const verifiers = [...new Set(order.results.map((r) => r.verifiedBy?.name).filter(Boolean))];
  if (verifiers.length > 0) write(doc, `Verified by: ${verifiers.join(', ')}`, undefined, undefined, { size: 9 });
  doc.moveDown();
  write(doc, 'Results verified by the laboratory. This is a computer-generated report.', undefined, undefined, { size: 8 });
  return toBuffer(doc);
}
