/**
 * The ward's clinical record of an admission: the doctor's round (an
 * encounter of the stay: notes, diagnoses, prescriptions that become the
 * nurses' chart — clinical/mar.ts), nursing notes, vitals taken on the ward and
 * the vitals chart over the stay.
 */
import { Prisma, type Encounter, type NursingNote, type Role, type Vitals } from '@prisma/client';
import { z } from 'zod';
import { queryRows, type Db, type DbOrTx, type Tx } from '../../config/db.js';
import { Conflict, Forbidden, NotFound } from '../../errors.js';
import { auditedOperation, type Actor } from '../actor.js';
import { recordId } from '../ids.js';
import { doctorOfUser, type ClinicalStaff } from './consultation.js';
import { OVERDUE_AFTER_MINUTES, wardMedicationRound } from './mar.js';
import { recordClinicalRead, recordClinicalReads } from './service.js';
import { vitalsReading, vitalsSchema } from './vitals.js';

const admissionIdSchema = z.object({ admissionId: recordId });

async function admittedPatient(tx: Tx, admissionId: number) {
  const admission = await tx.admission.findUnique({ where: { id: admissionId }, select: { id: true, patientId: true, status: true } });
  if (!admission) throw new NotFound('The admission');
  if (admission.status !== 'ADMITTED') throw new Conflict('NOT_ADMITTED', 'The patient is no longer on the ward');
  return admission;
}

/** A doctor's ward round on an admitted patient: an encounter of the stay, written like a consultation. */
export async function openWardRound(db: Db, actor: Actor, input: unknown): Promise<Encounter> {
  const { admissionId } = admissionIdSchema.parse(input);
  const doctor = await doctorOfUser(db, actor.userId);
  if (!doctor) throw new Forbidden('Only a doctor goes on a ward round');
  return auditedOperation(db, actor, { model: 'Encounter', operation: 'ward round' }, async (tx) => {
    const admission = await admittedPatient(tx, admissionId);
    const record = await tx.encounter.create({
      data: { kind: 'IPD_ROUND', admissionId, patientId: admission.patientId, doctorId: doctor.id },
    });
    return { record };
  });
}

export const nursingNoteSchema = z.object({
  admissionId: recordId,
  text: z.string().trim().min(3, 'Write the note').max(5000),
});

export async function writeNursingNote(db: Db, actor: Actor, input: unknown): Promise<NursingNote> {
  const note = nursingNoteSchema.parse(input);
  return auditedOperation(db, actor, { model: 'NursingNote', operation: 'nursing note' }, async (tx) => {
    const admission = await admittedPatient(tx, note.admissionId);
    const record = await tx.nursingNote.create({
      data: { admissionId: admission.id, patientId: admission.patientId, text: note.text, writtenById: actor.userId },
    });
    return { record };
  });
}

/** Vitals taken on the ward (the four-hourly round), not inside a doctor's round. */
export async function recordWardVitals(db: Db, actor: Actor, input: unknown): Promise<Vitals> {
  const { admissionId } = admissionIdSchema.parse(input);
  const vitals = vitalsSchema.parse(input);
  return auditedOperation(db, actor, { model: 'Vitals', operation: 'ward vitals' }, async (tx) => {
    const admission = await admittedPatient(tx, admissionId);
    const record = await tx.vitals.create({
      data: { patientId: admission.patientId, admissionId, ...vitalsReading(vitals), recordedById: actor.userId },
    });
    return { record };
  });
}

/** The patients on a ward now, by bed: who the round and the nurses see. */
export function wardPatients(db: DbOrTx, wardId: number) {
  return db.admission.findMany({
    where: { status: 'ADMITTED', bed: { wardId } },
    select: {
      id: true,
      admissionNo: true,
      diagnosis: true,
      bed: { select: { bedNumber: true } },
      patient: {
        select: {
          id: true,
          uhid: true,
          name: true,
          gender: true,
          dateOfBirth: true,
          // The standing facts beside every patient a nurse gives medicines to.
          allergies: { where: { isActive: true }, select: { substance: true, severity: true } },
        },
      },
      doctor: { select: { name: true } },
    },
    orderBy: { bed: { bedNumber: 'asc' } },
  });
}

/** The stay's vitals in time order, as the chart plots them; and the notes and rounds beside them. */
export async function wardRecord(db: DbOrTx, admissionId: number) {
  const admission = await db.admission.findUnique({
    where: { id: admissionId },
    include: {
      patient: { select: { id: true, uhid: true, name: true, gender: true, dateOfBirth: true } },
      bed: { select: { bedNumber: true, ward: { select: { id: true, name: true } } } },
      doctor: { select: { name: true } },
    },
  });
  if (!admission) throw new NotFound('The admission');
  const [vitals, notes, rounds] = await Promise.all([
    db.vitals.findMany({ where: { admissionId }, orderBy: { recordedAt: 'asc' }, take: 500 }),
    db.nursingNote.findMany({
      where: { admissionId },
      include: { writtenBy: { select: { name: true } } },
      orderBy: { writtenAt: 'desc' },
      take: 100,
    }),
    db.encounter.findMany({
      where: { admissionId, kind: 'IPD_ROUND' },
      include: { doctor: { select: { name: true } }, diagnoses: { include: { icd10: true } } },
      orderBy: { startedAt: 'desc' },
      take: 100,
    }),
  ]);
  return { admission, vitals, notes, rounds };
}

/** Every ward in use with how many of its patients' doses are overdue, in one query. */
export function wardsWithOverdueDoses(db: Db, now: Date = new Date()) {
  const overdueBefore = new Date(now.getTime() - OVERDUE_AFTER_MINUTES * 60_000);
  return queryRows<{ id: number; name: string; overdue: number }>(
    db,
    Prisma.sql`SELECT w.id, w.name, count(d.id)::int AS overdue
               FROM "Ward" w
               LEFT JOIN "Bed" b ON b."wardId" = w.id
               LEFT JOIN "Admission" a ON a."bedId" = b.id AND a.status = 'ADMITTED'
               LEFT JOIN "MedicationDose" d ON d."admissionId" = a.id AND d.status = 'SCHEDULED' AND d."scheduledAt" < ${overdueBefore}
               WHERE w."isActive"
               GROUP BY w.id, w.name
               ORDER BY w.name`,
  );
}

/** What each role may do on the ward page (the routes' doors say the same). */
export function wardPermissions(role: Role) {
  return { record: role === 'NURSE', round: role === 'DOCTOR', note: role === 'DOCTOR' || role === 'NURSE' };
}

/**
 * The ward page: its patients (with allergies) and the medication round — a
 * read of every patient shown, audited for each in one INSERT.
 */
export async function wardRoundFor(db: Db, staff: ClinicalStaff, wardId: number, now: Date = new Date()) {
  const [doses, patients] = await Promise.all([wardMedicationRound(db, wardId, now), wardPatients(db, wardId)]);
  const shown = new Set([...patients.map((p) => p.patient.id), ...doses.map((d) => d.patientId)]);
  await recordClinicalReads(
    db,
    staff,
    [...shown].map((patientId) => ({ patientId, what: 'ward and medication round', model: 'Ward', recordId: wardId })),
  );
  return { doses, patients, may: wardPermissions(staff.role) };
}

/** The stay's ward record as a staff member opens it: an audited read of the patient's record. */
export async function wardRecordFor(db: Db, staff: ClinicalStaff, admissionId: number) {
  const record = await wardRecord(db, admissionId);
  await recordClinicalRead(db, staff, {
    patientId: record.admission.patientId,
    what: 'ward record',
    model: 'Admission',
    recordId: admissionId,
  });
  return record;
}
