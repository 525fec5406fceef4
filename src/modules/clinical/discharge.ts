/**
 * The structured discharge summary of an admission: diagnoses (coded or
 * written), procedures, course in hospital, condition at discharge, the
 * medicines on discharge — a real prescription of the discharge encounter, with
 * the same allergy warnings, that the pharmacy dispenses against — follow-up
 * and advice. The doctor writes a draft as often as needed and signs it; a
 * signed summary never changes (the database refuses it) and is what the
 * patient reads and the PDF prints.
 */
import type { DischargeSummary, Prisma } from '@prisma/client';
import { newPdf } from '../lazyLibraries.js';
import { z } from 'zod';
import type { Db, Tx } from '../../config/db.js';
import { Conflict, Forbidden, NotFound, ValidationFailed } from '../../errors.js';
import { dateColumn, istText } from '../../time.js';
import { auditedOperation, type Actor } from '../actor.js';
import { letterhead, toBuffer, type HospitalHeader } from '../billing/pdf.js';
import { registerFonts, write } from '../billing/pdfText.js';
import { ageInYears } from '../admissions/wardRules.js';
import { recordId } from '../ids.js';
import { dischargeSummaryReady } from '../notifications/hospitalMessages.js';
import type { Notifier } from '../notifications/service.js';
import { doctorOfUser } from './consultation.js';
import { dottedCode } from './icd10.js';
import { prescribe, prescriptionItemInput } from './prescriptions.js';

const text = (min: number, max: number, message: string) => z.string().trim().min(min, message).max(max);

const diagnosisSchema = z
  .object({
    code: z
      .string()
      .trim()
      .max(10)
      .transform((c) => c.replace('.', '').toUpperCase())
      .optional(),
    text: z.string().trim().max(500).optional(),
    certainty: z.enum(['PROVISIONAL', 'FINAL']).default('FINAL'),
  })
  .refine((d) => Boolean(d.code) || Boolean(d.text), { message: 'Choose a diagnosis from the catalogue or write it', path: ['code'] });

export const dischargeSummarySchema = z.object({
  admissionId: recordId,
  diagnoses: z.array(diagnosisSchema).min(1, 'Write at least one diagnosis').max(20),
  procedures: z.string().trim().max(5000).optional(),
  courseInHospital: text(10, 20_000, 'Describe the course in hospital'),
  conditionAtDischarge: text(3, 2000, 'Say the condition at discharge'),
  advice: z.string().trim().max(5000).optional(),
  followUpDate: z.iso.date('expected a date as YYYY-MM-DD').optional(),
  /** The medicines on discharge, written as a prescription (dose, 1-0-1, duration…). */
  medicines: z.array(prescriptionItemInput).max(30).optional(),
});

export interface SignedDiagnosis {
  code: string | null;
  title: string | null;
  text: string | null;
  certainty: 'PROVISIONAL' | 'FINAL';
}

async function requireDoctor(db: Db | Tx, actor: Actor) {
  const doctor = await doctorOfUser(db, actor.userId);
  if (!doctor) throw new Forbidden('Only a doctor writes and signs a discharge summary');
  return doctor;
}

/** The codes as the catalogue names them; one not in it is refused on its field. */
async function catalogued(tx: Tx, diagnoses: z.infer<typeof diagnosisSchema>[]): Promise<SignedDiagnosis[]> {
  const codes = diagnoses.flatMap((d) => (d.code ? [d.code] : []));
  const found = new Map((await tx.icd10Code.findMany({ where: { code: { in: codes } } })).map((c) => [c.code, c.title]));
  return diagnoses.map((d, index) => {
    if (d.code && !found.has(d.code)) {
      throw new ValidationFailed(`diagnoses.${index}.code: ${d.code} is not an ICD-10 code`, [
        { path: `diagnoses.${index}.code`, message: 'Choose a code from the catalogue' },
      ]);
    }
    return { code: d.code ?? null, title: d.code ? (found.get(d.code) ?? null) : null, text: d.text ?? null, certainty: d.certainty };
  });
}

/** The admission's discharge encounter (one per stay): where the medicines on discharge are prescribed. */
async function dischargeEncounter(tx: Tx, admission: { id: number; patientId: number }, doctorId: number) {
  const existing = await tx.encounter.findFirst({ where: { admissionId: admission.id, kind: 'DISCHARGE' } });
  return (
    existing ?? tx.encounter.create({ data: { kind: 'DISCHARGE', admissionId: admission.id, patientId: admission.patientId, doctorId } })
  );
}

/** Replaces a draft's medicines: the earlier discharge prescription goes, unless the pharmacy has dispensed from it. */
async function replaceDraftMedicines(tx: Tx, draft: DischargeSummary | null): Promise<void> {
  if (!draft?.prescriptionId) return;
  const dispensed = await tx.prescriptionItem.count({ where: { prescriptionId: draft.prescriptionId, dispensed: { gt: 0 } } });
  if (dispensed > 0)
    throw new Conflict('MEDICINES_DISPENSED', 'The pharmacy has dispensed the medicines on discharge: they cannot be rewritten');
  await tx.dischargeSummary.update({ where: { id: draft.id }, data: { prescriptionId: null } });
  await tx.prescription.delete({ where: { id: draft.prescriptionId } });
}

export async function writeDischargeSummary(db: Db, actor: Actor, input: unknown): Promise<DischargeSummary> {
  const request = dischargeSummarySchema.parse(input);
  const doctor = await requireDoctor(db, actor);
  return auditedOperation(db, actor, { model: 'DischargeSummary', operation: 'write discharge summary' }, async (tx) => {
    const admission = await tx.admission.findUnique({ where: { id: request.admissionId }, select: { id: true, patientId: true } });
    if (!admission) throw new NotFound('The admission');
    await tx.$queryRaw`SELECT id FROM "Admission" WHERE id = ${admission.id} FOR UPDATE`;
    const draft = await tx.dischargeSummary.findUnique({ where: { admissionId: admission.id } });
    if (draft?.status === 'SIGNED') throw new Conflict('SUMMARY_SIGNED', 'The discharge summary is signed: it can no longer be changed');
    const diagnoses = await catalogued(tx, request.diagnoses);
    let prescriptionId = draft?.prescriptionId ?? null;
    if (request.medicines) {
      await replaceDraftMedicines(tx, draft);
      prescriptionId = null;
      if (request.medicines.length > 0) {
        const encounter = await dischargeEncounter(tx, admission, doctor.id);
        prescriptionId = (await prescribe(tx, actor, { encounterId: encounter.id, items: request.medicines })).id;
      }
    }
    const fields = {
      doctorId: doctor.id,
      diagnoses: diagnoses as unknown as Prisma.InputJsonValue,
      procedures: request.procedures ?? null,
      courseInHospital: request.courseInHospital,
      conditionAtDischarge: request.conditionAtDischarge,
      advice: request.advice ?? null,
      followUpDate: request.followUpDate ? dateColumn(request.followUpDate) : null,
      prescriptionId,
    };
    const record = draft
      ? await tx.dischargeSummary.update({ where: { id: draft.id }, data: fields })
      : await tx.dischargeSummary.create({ data: { admissionId: admission.id, patientId: admission.patientId, ...fields } });
    return { record };
  });
}

/** Signs the summary (final from then on) and, given the notifier, tells the patient it is ready. */
export async function signDischargeSummary(db: Db, actor: Actor, input: unknown, notifier?: Notifier): Promise<DischargeSummary> {
  const { admissionId } = z.object({ admissionId: recordId }).parse(input);
  const doctor = await requireDoctor(db, actor);
  const signed = await auditedOperation(db, actor, { model: 'DischargeSummary', operation: 'sign discharge summary' }, async (tx) => {
    await tx.$queryRaw`SELECT id FROM "DischargeSummary" WHERE "admissionId" = ${admissionId} FOR UPDATE`;
    const draft = await tx.dischargeSummary.findUnique({ where: { admissionId } });
    if (!draft) throw new NotFound('A discharge summary of this admission');
    if (draft.status === 'SIGNED') throw new Conflict('SUMMARY_SIGNED', 'The discharge summary is already signed');
    if (draft.doctorId !== doctor.id) throw new Forbidden('The doctor who wrote the summary signs it');
    await tx.encounter.updateMany({
      where: { admissionId, kind: 'DISCHARGE', status: 'OPEN' },
      data: { status: 'FINISHED', finishedAt: new Date() },
    });
    const record = await tx.dischargeSummary.update({
      where: { id: draft.id },
      data: { status: 'SIGNED', signedById: actor.userId, signedAt: new Date() },
    });
    return { record, before: { status: draft.status }, after: { status: record.status } };
  });
  await dischargeSummaryReady(db, notifier, admissionId);
  return signed;
}

const diagnosisLine = (d: SignedDiagnosis) =>
  [d.code ? `${dottedCode(d.code)} ${d.title ?? ''}`.trim() : null, d.text, d.certainty === 'PROVISIONAL' ? '(provisional)' : null]
    .filter(Boolean)
    .join(' — ');

/** The printed summary, in the bills' document style; a draft says so across its top. */
export async function renderDischargeSummaryPdf(db: Db, hospital: HospitalHeader, summaryId: number): Promise<Buffer> {
  const summary = await db.dischargeSummary.findUnique({
    where: { id: summaryId },
    include: {
      patient: { include: { allergies: { where: { isActive: true } } } },
      doctor: true,
      admission: { include: { bed: { include: { ward: true } } } },
      prescription: { include: { items: { include: { drug: true }, orderBy: { id: 'asc' } } } },
    },
  });
  if (!summary) throw new NotFound('The discharge summary');
  const doc = await newPdf({ size: 'A4', margin: 48, info: { Title: `Discharge summary ${summary.admission.admissionNo}` } });
  registerFonts(doc);
  letterhead(doc, hospital);
  doc.moveDown(0.5);
  write(doc, summary.status === 'SIGNED' ? 'DISCHARGE SUMMARY' : 'DISCHARGE SUMMARY — DRAFT, NOT SIGNED', undefined, undefined, {
    bold: true,
    size: 13,
  });
  const { patient, admission } = summary;
  const age = patient.dateOfBirth ? `${ageInYears(patient.dateOfBirth, admission.admittedAt)} y` : 'age not known';
  const line = (label: string, value: string | null | undefined) => {
    if (!value) return;
    write(doc, `${label}: ${value}`, undefined, undefined, { size: 9 });
  };
  const section = (heading: string, body: string | null | undefined) => {
    if (!body) return;
    doc.moveDown(0.4);
    write(doc, heading, undefined, undefined, { bold: true, size: 10 });
    write(doc, body, undefined, undefined, { size: 9 });
  };
  line('Patient', `${patient.name}   UHID: ${patient.uhid}   ${age} / ${patient.gender.charAt(0)}${patient.gender.slice(1).toLowerCase()}`);
  line('Admission', `${admission.admissionNo} · ${admission.bed.ward.name}, bed ${admission.bed.bedNumber}`);
  line('Admitted', istText(admission.admittedAt));
  line('Discharged', admission.dischargedAt ? istText(admission.dischargedAt) : 'not yet');
  line('Consultant', `${summary.doctor.name}, ${summary.doctor.qualification}, Reg. No. ${summary.doctor.registrationNo}`);
  if (patient.allergies.length > 0) line('Allergies', patient.allergies.map((a) => a.substance).join(', '));
  section('Diagnoses', (summary.diagnoses as unknown as SignedDiagnosis[]).map((d, i) => `${i + 1}. ${diagnosisLine(d)}`).join('\n'));
  section('Procedures', summary.procedures);
  section('Course in hospital', summary.courseInHospital);
  section('Condition at discharge', summary.conditionAtDischarge);
  if (summary.prescription) {
    section(
      'Medicines on discharge',
      summary.prescription.items
        .map(
          (item, i) =>
            `${i + 1}. ${item.drug.name} — ${item.dose} ${item.frequency} ${item.route}${item.durationDays ? ` for ${item.durationDays} day(s)` : ''}`,
        )
        .join('\n'),
    );
  }
  section('Follow-up', summary.followUpDate ? istText(summary.followUpDate, true) : null);
  section('Advice', summary.advice);
  doc.moveDown(2);
  if (summary.status === 'SIGNED' && summary.signedAt) {
    write(
      doc,
      `Signed by ${summary.doctor.name} (Reg. No. ${summary.doctor.registrationNo}) on ${istText(summary.signedAt)}`,
      undefined,
      undefined,
      {
        size: 9,
        bold: true,
      },
    );
  } else {
    write(doc, '____________________________  (to be signed by the consultant)', undefined, undefined, { size: 9 });
  }
  return toBuffer(doc);
}

/** The patient's signed summaries (a draft is not theirs to read yet). */
export function mySignedSummaries(db: Db, patientId: number) {
  return db.dischargeSummary.findMany({
    where: { patientId, status: 'SIGNED' },
    include: { admission: { select: { admissionNo: true, admittedAt: true, dischargedAt: true } }, doctor: { select: { name: true } } },
    orderBy: { signedAt: 'desc' },
  });
}

/** The back-office form's words: one diagnosis per line ("J18.9 Right lower lobe" or words alone). */
export function diagnosisLines(text: string): Array<{ code?: string; text?: string; certainty: 'FINAL' }> {
  return text
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line.length > 0)
    .map((line) => {
      const [first = '', ...rest] = line.split(/\s+/);
      const words = rest.join(' ').replace(/^[-–—:]\s*/, '');
      if (/^[A-Z]\d[0-9A-Z](\.?[0-9A-Z]{1,4})?$/i.test(first))
        return { code: first, ...(words ? { text: words } : {}), certainty: 'FINAL' };
      return { text: line, certainty: 'FINAL' };
    });
}

/**
 * The form's medicines on discharge, one per line: "drug code; dose; frequency;
 * duration; instructions" ("AZEE500; 1 tablet; OD; 3 days"). A line that names
 * no drug in use is refused on the field with its line number.
 */
export async function medicineLines(db: Db, text: string) {
  const lines = text
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line.length > 0);
  const items = [];
  for (const [index, line] of lines.entries()) {
    const [code = '', dose = '', frequency = '', duration = '', instructions = ''] = line.split(';').map((part) => part.trim());
    const drug = await db.drug.findFirst({ where: { code: { equals: code, mode: 'insensitive' }, isActive: true }, select: { id: true } });
    if (!drug) {
      const message = `Line ${index + 1}: "${code}" is not the code of a drug in use (write: code; dose; frequency; duration)`;
      throw new ValidationFailed(`medicines: ${message}`, [{ path: 'medicines', message }]);
    }
    items.push({ drugId: drug.id, dose, frequency, ...(duration ? { duration } : {}), ...(instructions ? { instructions } : {}) });
  }
  return items;
}

/** A summary on file as the form shows it, to correct the draft. */
export async function dischargeSummaryForm(db: Db, admissionId: number): Promise<Record<string, string>> {
  const summary = await db.dischargeSummary.findUnique({
    where: { admissionId },
    include: { prescription: { include: { items: { include: { drug: true }, orderBy: { id: 'asc' } } } } },
  });
  if (!summary) return {};
  const diagnoses = (summary.diagnoses as unknown as SignedDiagnosis[]).map((d) =>
    [d.code ? dottedCode(d.code) : null, d.text ?? (d.code ? null : d.title)].filter(Boolean).join(' '),
  );
  return {
    diagnoses: diagnoses.join('\n'),
    procedures: summary.procedures ?? '',
    courseInHospital: summary.courseInHospital,
    conditionAtDischarge: summary.conditionAtDischarge,
    advice: summary.advice ?? '',
    followUpDate: summary.followUpDate ? summary.followUpDate.toISOString().slice(0, 10) : '',
    medicines: (summary.prescription?.items ?? [])
      .map((i) =>
        [i.drug.code, i.dose, i.frequency, i.durationDays ? `${i.durationDays} days` : '', i.instructions ?? '']
          .join('; ')
          .replace(/(; )+$/, ''),
      )
      .join('\n'),
  };
}
