/**
 * The printed prescription, in the bills' document style (Noto Sans with
 * Devanagari, the letterhead): the doctor's name, qualifications and
 * registration number (NMC / state council), the patient with UHID, age and
 * sex, the date, the diagnoses, allergies, the Rx — each drug with dose,
 * frequency as written and in words, route, food timing, duration and
 * quantity — the advice and follow-up, and the signature line.
 */
import { newPdf } from '../lazyLibraries.js';
import type { Db } from '../../config/db.js';
import { NotFound } from '../../errors.js';
import { istText } from '../../time.js';
import { letterhead, toBuffer, type HospitalHeader } from '../billing/pdf.js';
import { registerFonts, write } from '../billing/pdfText.js';
import { ageInYears } from '../admissions/wardRules.js';
import { parseFrequency } from './frequency.js';
import { dottedCode } from './icd10.js';

const FOOD_TIMING: Record<string, string> = {
  BEFORE_FOOD: 'before food',
  AFTER_FOOD: 'after food',
  WITH_FOOD: 'with food',
  EMPTY_STOMACH: 'on an empty stomach',
  ANY_TIME: '',
};

const words = (notation: string) => {
  try {
    return parseFrequency(notation).words;
  } catch {
    return '';
  }
};

export async function renderPrescriptionPdf(db: Db, hospital: HospitalHeader, prescriptionId: number): Promise<Buffer> {
  const rx = await db.prescription.findUnique({
    where: { id: prescriptionId },
    include: {
      patient: { include: { allergies: { where: { isActive: true } } } },
      doctor: true,
      items: { include: { drug: true }, orderBy: { id: 'asc' } },
      encounter: { include: { diagnoses: { include: { icd10: true }, orderBy: { id: 'asc' } } } },
    },
  });
  if (!rx) throw new NotFound('The prescription');
  const doc = await newPdf({ size: 'A5', margin: 36, info: { Title: `Prescription ${rx.id}` } });
  registerFonts(doc);
  letterhead(doc, hospital);
  doc.moveDown(0.5);
  write(doc, rx.doctor.name, undefined, undefined, { bold: true, size: 11 });
  write(doc, `${rx.doctor.qualification}${rx.doctor.specialization ? ` · ${rx.doctor.specialization}` : ''}`, undefined, undefined, {
    size: 8,
  });
  write(doc, `Reg. No. ${rx.doctor.registrationNo}`, undefined, undefined, { size: 8 });
  doc.moveDown(0.5);
  const { patient } = rx;
  const age = patient.dateOfBirth ? `${ageInYears(patient.dateOfBirth, rx.createdAt)} y` : 'age not known';
  write(
    doc,
    `Patient: ${patient.name}   UHID: ${patient.uhid}   ${age} / ${patient.gender.charAt(0)}${patient.gender.slice(1).toLowerCase()}`,
    undefined,
    undefined,
    { size: 9 },
  );
  write(doc, `Date: ${istText(rx.createdAt)}`, undefined, undefined, { size: 9 });
  const diagnoses = rx.encounter.diagnoses.map((d) =>
    [d.icd10 ? `${dottedCode(d.icd10.code)} ${d.icd10.title}` : null, d.text, d.certainty === 'PROVISIONAL' ? '(provisional)' : null]
      .filter(Boolean)
      .join(' '),
  );
  if (diagnoses.length > 0) write(doc, `Diagnosis: ${diagnoses.join('; ')}`, undefined, undefined, { size: 9 });
  if (patient.allergies.length > 0) {
    write(doc, `Allergies: ${patient.allergies.map((a) => a.substance).join(', ')}`, undefined, undefined, { size: 9, bold: true });
  }
  if (rx.encounter.chiefComplaints) write(doc, `Complaints: ${rx.encounter.chiefComplaints}`, undefined, undefined, { size: 9 });
  doc.moveDown(0.5);
  write(doc, 'Rx', undefined, undefined, { bold: true, size: 14 });
  rx.items.forEach((item, index) => {
    const generic = item.drug.genericName && item.drug.genericName !== item.drug.name ? ` (${item.drug.genericName})` : '';
    write(doc, `${index + 1}. ${item.drug.name}${generic}`, undefined, undefined, { bold: true, size: 10 });
    const timing = FOOD_TIMING[item.foodTiming] ?? '';
    const course = item.durationDays ? `for ${item.durationDays} day(s)` : '';
    write(
      doc,
      `   ${item.dose}  ${item.frequency}${words(item.frequency) ? ` (${words(item.frequency)})` : ''}  ${item.route}${timing ? `, ${timing}` : ''} ${course} — qty ${item.quantity}`,
      undefined,
      undefined,
      { size: 9 },
    );
    if (item.instructions) write(doc, `   ${item.instructions}`, undefined, undefined, { size: 8 });
  });
  if (rx.encounter.advice) {
    doc.moveDown(0.5);
    write(doc, `Advice: ${rx.encounter.advice}`, undefined, undefined, { size: 9 });
  }
  if (rx.encounter.followUpDate) write(doc, `Follow-up: ${istText(rx.encounter.followUpDate, true)}`, undefined, undefined, { size: 9 });
  doc.moveDown(2);
  write(doc, '____________________________', undefined, undefined, { size: 9 });
  write(doc, `${rx.doctor.name}, Reg. No. ${rx.doctor.registrationNo}`, undefined, undefined, { size: 8 });
  return toBuffer(doc);
}
