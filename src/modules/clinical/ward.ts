/**
 * The ward's clinical record of an admission: the doctor's round (an
 * encounter of the stay: notes, diagnoses, prescriptions that become the
 * nurses' chart — clinical/mar.ts), nursing notes, vitals taken on the ward and
 * the vitals chart over the stay.
 */
import type { Encounter, NursingNote, Vitals } from '@prisma/client';
import { z } from 'zod';
import type { Db, DbOrTx, Tx } from '../../config/db.js';
import { Conflict, Forbidden, NotFound } from '../../errors.js';
import { auditedOperation, type Actor } from '../actor.js';
import { recordId } from '../ids.js';
import { doctorOfUser } from './consultation.js';
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
