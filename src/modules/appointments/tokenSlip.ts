/**
 * The OPD token slip handed over at check-in: the token in large type, the
 * doctor and room's department, the patient by name and UHID, the visit's
 * time — small enough for a receipt printer (80 mm wide).
 */
import { newPdf } from '../lazyLibraries.js';
import type { Db } from '../../config/db.js';
import { NotFound } from '../../errors.js';
import { istText } from '../../time.js';
import { toBuffer, type HospitalHeader } from '../billing/pdf.js';
import { registerFonts, write } from '../billing/pdfText.js';
import { InvalidAppointmentState } from './errors.js';

/** 80 mm × 120 mm in PDF points. */
const SLIP: [number, number] = [227, 340];

export async function renderTokenSlipPdf(db: Db, hospital: Pick<HospitalHeader, 'HOSPITAL_NAME'>, appointmentId: number): Promise<Buffer> {
  const visit = await db.appointment.findUnique({
    where: { id: appointmentId },
    include: { patient: true, doctor: { include: { department: true } } },
  });
  if (!visit) throw new NotFound('The appointment');
  if (visit.tokenNo === null || visit.checkedInAt === null) {
    throw new InvalidAppointmentState('The patient has not checked in yet: check in first, then print the token slip');
  }
  const doc = await newPdf({ size: SLIP, margin: 14, info: { Title: `OPD token ${visit.tokenNo}` } });
  registerFonts(doc);
  const width = SLIP[0] - 28;
  write(doc, hospital.HOSPITAL_NAME, undefined, undefined, { bold: true, size: 10, align: 'center', width });
  write(doc, 'OPD TOKEN', undefined, undefined, { size: 8, align: 'center', width });
  doc.moveDown(0.5);
  write(doc, String(visit.tokenNo), undefined, undefined, { bold: true, size: 48, align: 'center', width });
  doc.moveDown(0.3);
  write(doc, visit.doctor.name, undefined, undefined, { bold: true, size: 10, align: 'center', width });
  write(doc, visit.doctor.department.name, undefined, undefined, { size: 9, align: 'center', width });
  doc.moveDown(0.6);
  write(doc, `Patient: ${visit.patient.name}`, undefined, undefined, { size: 9, width });
  write(doc, `UHID: ${visit.patient.uhid}`, undefined, undefined, { size: 9, width });
  write(doc, `Appointment: ${istText(visit.slotStart)}`, undefined, undefined, { size: 9, width });
  write(doc, `Checked in: ${istText(visit.checkedInAt)}`, undefined, undefined, { size: 9, width });
  doc.moveDown(0.6);
  write(doc, 'Please wait for your token to be called.', undefined, undefined, { size: 8, align: 'center', width });
  return toBuffer(doc);
}
