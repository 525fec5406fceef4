/**
 * The consultation's record: an encounter per OPD visit, its vitals (a nurse
 * may take them before the doctor), notes, coded diagnoses; the patient's
 * standing facts — allergies and chronic conditions — that every clinical
 * screen shows. One transaction per change with its audit row; showing any of
 * it is an audited read (recordClinicalRead).
 */
import type { Encounter, Vitals } from '@prisma/client';
import { Prisma } from '@prisma/client';
import type { Db, DbOrTx } from '../../config/db.js';
import { Conflict, NotFound, ValidationFailed } from '../../errors.js';
import { dateColumn } from '../../time.js';
import { auditedOperation, type Actor } from '../actor.js';
import { recordAudit, recordAudits, type AuditActor } from '../audit/service.js';
import {
  addDiagnosisSchema,
  consultationNotesSchema,
  encounterIdSchema,
  openVisitSchema,
  recordAllergySchema,
  recordConditionSchema,
} from './schemas.js';
import { vitalsReading, vitalsSchema } from './vitals.js';

type Tx = Prisma.TransactionClient;

/** The OPD visit's encounter, opened once the patient is checked in (the same one on a second call). */
export async function openVisit(db: Db, actor: Actor, input: unknown): Promise<Encounter> {
  const { appointmentId } = openVisitSchema.parse(input);
  const existing = await db.encounter.findUnique({ where: { appointmentId } });
  if (existing) return existing;
  // The nurse and the doctor opening it at once: one encounter (the unique appointmentId), the other gets it.
  return createVisitEncounter(db, actor, appointmentId).catch(async (error: unknown) => {
    if (!(error instanceof Prisma.PrismaClientKnownRequestError) || error.code !== 'P2002') throw error;
    return db.encounter.findUniqueOrThrow({ where: { appointmentId } });
  });
}

function createVisitEncounter(db: Db, actor: Actor, appointmentId: number): Promise<Encounter> {
  return auditedOperation(db, actor, { model: 'Encounter', operation: 'open visit' }, async (tx) => {
    const visit = await tx.appointment.findUnique({ where: { id: appointmentId } });
    if (!visit) throw new NotFound('The appointment');
    if (visit.status !== 'CHECKED_IN' && visit.status !== 'SEEN') {
      throw new Conflict('NOT_CHECKED_IN', 'The patient has not checked in for this visit yet');
    }
    const record = await tx.encounter.create({
      data: { kind: 'OPD_VISIT', appointmentId, patientId: visit.patientId, doctorId: visit.doctorId },
    });
    return { record };
  });
}

/** A code the doctor typed must be in the ICD-10 catalogue, refused on its field otherwise. */
async function requireCatalogueCode(tx: Tx, code: string): Promise<void> {
  if (await tx.icd10Code.findUnique({ where: { code }, select: { code: true } })) return;
  throw new ValidationFailed(`code: ${code} is not an ICD-10 code`, [{ path: 'code', message: 'Choose a code from the catalogue' }]);
}

async function openEncounter(tx: Tx, encounterId: number): Promise<Encounter> {
  await tx.$queryRaw`SELECT id FROM "Encounter" WHERE id = ${encounterId} FOR UPDATE`;
  const encounter = await tx.encounter.findUnique({ where: { id: encounterId } });
  if (!encounter) throw new NotFound('The encounter');
  if (encounter.status !== 'OPEN') throw new Conflict('ENCOUNTER_FINISHED', 'This consultation is finished: add to it in a new one');
  return encounter;
}

/** A set of vitals on the encounter; out-of-range values flagged, BMI from weight and height. */
export async function recordVitals(db: Db, actor: Actor, input: unknown): Promise<Vitals> {
  const { encounterId } = encounterIdSchema.parse(input);
  const vitals = vitalsSchema.parse(input);
  return auditedOperation(db, actor, { model: 'Vitals', operation: 'record vitals' }, async (tx) => {
    const encounter = await openEncounter(tx, encounterId);
    const record = await tx.vitals.create({
      data: {
        patientId: encounter.patientId,
        encounterId,
        admissionId: encounter.admissionId,
        ...vitalsReading(vitals),
        recordedById: actor.userId,
      },
    });
    return { record };
  });
}

export async function writeConsultationNotes(db: Db, actor: Actor, input: unknown): Promise<Encounter> {
  const { encounterId, followUpDate, ...text } = consultationNotesSchema.parse(input);
  const notes = { ...text, ...(followUpDate ? { followUpDate: dateColumn(followUpDate) } : {}) };
  return auditedOperation(db, actor, { model: 'Encounter', operation: 'notes' }, async (tx) => {
    const before = await openEncounter(tx, encounterId);
    const record = await tx.encounter.update({ where: { id: encounterId }, data: notes });
    const changed = Object.keys(notes) as Array<keyof typeof notes>;
    return {
      record,
      before: Object.fromEntries(changed.map((k) => [k, before[k]])),
      after: Object.fromEntries(changed.map((k) => [k, record[k]])),
    };
  });
}

export async function addDiagnosis(db: Db, actor: Actor, input: unknown) {
  const request = addDiagnosisSchema.parse(input);
  return auditedOperation(db, actor, { model: 'EncounterDiagnosis', operation: 'diagnose' }, async (tx) => {
    await openEncounter(tx, request.encounterId);
    if (request.code) await requireCatalogueCode(tx, request.code);
    const record = await tx.encounterDiagnosis
      .create({
        data: {
          encounterId: request.encounterId,
          icd10Code: request.code ?? null,
          text: request.text ?? null,
          certainty: request.certainty,
        },
      })
      .catch((error: unknown) => {
        if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002') {
          throw new Conflict('ALREADY_DIAGNOSED', 'This diagnosis is already on the consultation');
        }
        throw error;
      });
    return { record };
  });
}

export async function recordAllergy(db: Db, actor: Actor, input: unknown) {
  const allergy = recordAllergySchema.parse(input);
  return auditedOperation(db, actor, { model: 'Allergy', operation: 'record allergy' }, async (tx) => {
    if (!(await tx.patient.findUnique({ where: { id: allergy.patientId }, select: { id: true } }))) throw new NotFound('The patient');
    const record = await tx.allergy.create({ data: { ...allergy, recordedById: actor.userId } });
    return { record };
  });
}

export async function recordChronicCondition(db: Db, actor: Actor, input: unknown) {
  const condition = recordConditionSchema.parse(input);
  return auditedOperation(db, actor, { model: 'ChronicCondition', operation: 'record condition' }, async (tx) => {
    if (!(await tx.patient.findUnique({ where: { id: condition.patientId }, select: { id: true } }))) throw new NotFound('The patient');
    if (condition.code) await requireCatalogueCode(tx, condition.code);
    const record = await tx.chronicCondition.create({
      data: {
        patientId: condition.patientId,
        icd10Code: condition.code ?? null,
        text: condition.text,
        since: condition.since ? new Date(`${condition.since}T00:00:00.000Z`) : null,
        recordedById: actor.userId,
      },
    });
    return { record };
  });
}

/** What every clinical screen shows about the patient first: active allergies and chronic conditions. */
export async function standingFacts(db: DbOrTx, patientId: number) {
  const [allergies, conditions] = await Promise.all([
    db.allergy.findMany({ where: { patientId, isActive: true }, orderBy: [{ severity: 'desc' }, { id: 'asc' }] }),
    db.chronicCondition.findMany({ where: { patientId, isActive: true }, orderBy: { id: 'asc' } }),
  ]);
  return { allergies, conditions };
}

type ClinicalRead = { patientId: number; what: string; ids?: number[]; model?: string; recordId?: number };

const readEntry = (read: ClinicalRead) => ({
  action: 'READ' as const,
  model: read.model ?? 'Patient',
  recordId: String(read.recordId ?? read.patientId),
  patientId: read.patientId,
  after: { read: read.what, ...(read.ids ? { ids: read.ids } : {}) },
});

/**
 * A staff member or the patient saw clinical records: who, which patient,
 * what, from where (NABH; the DPDP rules) — not only writes are audited.
 */
export async function recordClinicalRead(db: DbOrTx, actor: AuditActor, read: ClinicalRead): Promise<void> {
  await recordAudit(db as Tx, actor, readEntry(read));
}

/** One screen that showed several patients' records: a READ row for each patient, in one INSERT. */
export async function recordClinicalReads(db: DbOrTx, actor: AuditActor, reads: ClinicalRead[]): Promise<void> {
  await recordAudits(db as Tx, actor, reads.map(readEntry));
}

type Owned = Array<{ id: number; patientId: number }>;
type OwnerQuery = (db: DbOrTx, ids: number[]) => Promise<Owned>;

/**
 * Whose records these are, by model: the back-office's clinical screens record
 * their reads against the patient (the patient's access history reads them).
 * A model not named here holds no patient's record.
 */
const OWNERS: Record<string, OwnerQuery> = {
  Admission: (db, ids) => db.admission.findMany({ where: { id: { in: ids } }, select: { id: true, patientId: true } }),
  Appointment: (db, ids) => db.appointment.findMany({ where: { id: { in: ids } }, select: { id: true, patientId: true } }),
  LabOrder: (db, ids) => db.labOrder.findMany({ where: { id: { in: ids } }, select: { id: true, patientId: true } }),
  Encounter: (db, ids) => db.encounter.findMany({ where: { id: { in: ids } }, select: { id: true, patientId: true } }),
  Vitals: (db, ids) => db.vitals.findMany({ where: { id: { in: ids } }, select: { id: true, patientId: true } }),
  Allergy: (db, ids) => db.allergy.findMany({ where: { id: { in: ids } }, select: { id: true, patientId: true } }),
  ChronicCondition: (db, ids) => db.chronicCondition.findMany({ where: { id: { in: ids } }, select: { id: true, patientId: true } }),
  Prescription: (db, ids) => db.prescription.findMany({ where: { id: { in: ids } }, select: { id: true, patientId: true } }),
  NursingNote: (db, ids) => db.nursingNote.findMany({ where: { id: { in: ids } }, select: { id: true, patientId: true } }),
  MedicationDose: (db, ids) => db.medicationDose.findMany({ where: { id: { in: ids } }, select: { id: true, patientId: true } }),
  DischargeSummary: (db, ids) => db.dischargeSummary.findMany({ where: { id: { in: ids } }, select: { id: true, patientId: true } }),
  EncounterDiagnosis: async (db, ids) =>
    (
      await db.encounterDiagnosis.findMany({ where: { id: { in: ids } }, select: { id: true, encounter: { select: { patientId: true } } } })
    ).map((row) => ({ id: row.id, patientId: row.encounter.patientId })),
  PrescriptionItem: async (db, ids) =>
    (
      await db.prescriptionItem.findMany({
        where: { id: { in: ids } },
        select: { id: true, prescription: { select: { patientId: true } } },
      })
    ).map((row) => ({ id: row.id, patientId: row.prescription.patientId })),
  LabResult: async (db, ids) =>
    (await db.labResult.findMany({ where: { id: { in: ids } }, select: { id: true, labOrder: { select: { patientId: true } } } })).map(
      (row) => ({
        id: row.id,
        patientId: row.labOrder.patientId,
      }),
    ),
};

/** The patient of each record of a model, in one query (none for a model that holds no patient's record). */
export async function ownersOfRecords(db: DbOrTx, model: string, ids: number[]): Promise<Owned> {
  if (model === 'Patient') return ids.map((id) => ({ id, patientId: id }));
  const query = OWNERS[model];
  return query && ids.length > 0 ? query(db, ids) : [];
}

/**
 * Records of a model shown on one screen (a list, a record's page): one READ
 * row per patient they belong to, naming them — in one lookup and one INSERT.
 */
export async function recordScreenRead(
  db: DbOrTx,
  actor: AuditActor,
  shown: { model: string; ids: number[]; what: string },
): Promise<void> {
  const byPatient = new Map<number, number[]>();
  for (const { id, patientId } of await ownersOfRecords(db, shown.model, shown.ids)) {
    byPatient.set(patientId, [...(byPatient.get(patientId) ?? []), id]);
  }
  await recordClinicalReads(
    db,
    actor,
    [...byPatient].map(([patientId, ids]) => ({
      patientId,
      what: shown.what,
      ids,
      model: shown.model,
      ...(shown.ids.length === 1 && ids[0] !== undefined ? { recordId: ids[0] } : {}),
    })),
  );
}

/** The patient's own OPD visits as the portal shows them: date, doctor, diagnoses in words, advice, follow-up. */
export async function myVisits(db: DbOrTx, patientId: number, paging: { page: number; limit: number }) {
  const rows = await db.encounter.findMany({
    where: { patientId, kind: 'OPD_VISIT' },
    include: { doctor: { select: { id: true, name: true } }, diagnoses: { include: { icd10: true }, orderBy: { id: 'asc' } } },
    orderBy: [{ startedAt: 'desc' }, { id: 'desc' }],
    skip: (paging.page - 1) * paging.limit,
    take: paging.limit + 1,
  });
  const items = rows.slice(0, paging.limit).map((e) => ({
    id: e.id,
    date: e.startedAt.toISOString(),
    doctor: e.doctor,
    diagnoses: e.diagnoses.map((d) => d.text ?? d.icd10?.title ?? '').filter((text) => text.length > 0),
    advice: e.advice,
    followUpDate: e.followUpDate ? e.followUpDate.toISOString().slice(0, 10) : null,
  }));
  return { items, page: paging.page, limit: paging.limit, hasMore: rows.length > paging.limit };
}
