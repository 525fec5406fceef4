/**
 * Opening a clinical record's list or page in the back-office is an audited
 * read too (NABH; the DPDP rules), not only the patient's file and prints: one
 * READ row per patient whose records were shown, naming the records, so the
 * patient's access history (audit/service.ts patientAccessHistory) finds it.
 */
import type { ActionRequest, ActionResponse, After } from 'adminjs';
import type { Db } from '../src/config/db.js';
import { recordClinicalRead } from '../src/modules/clinical/service.js';
import { currentActor } from './auditContext.js';

/** The models whose rows are medical data: their every list and record page is a clinical read. */
export const CLINICAL_MODELS: ReadonlySet<string> = new Set([
  'Encounter',
  'Vitals',
  'EncounterDiagnosis',
  'Allergy',
  'ChronicCondition',
  'Prescription',
  'PrescriptionItem',
  'LabResult',
  'NursingNote',
  'MedicationDose',
  'DischargeSummary',
]);

type Owners = (db: Db, ids: number[]) => Promise<Array<{ id: number; patientId: number }>>;

/** Rows that do not carry the patient themselves: found through their parent. */
const OWNERS: Record<string, Owners> = {
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

type Shown = { params?: Record<string, unknown> };

async function ownersOf(db: Db, model: string, records: Shown[]): Promise<Array<{ id: number; patientId: number }>> {
  // The Prisma adapter names the key by its relation (patient), a raw column by itself (patientId).
  const rows = records
    .map((r) => ({ id: Number(r.params?.id), patientId: Number(r.params?.patientId ?? r.params?.patient) }))
    .filter((r) => Number.isInteger(r.id));
  const lookUp = OWNERS[model];
  if (!lookUp) return rows.filter((r) => Number.isInteger(r.patientId));
  return lookUp(
    db,
    rows.map((r) => r.id),
  );
}

/** The after-hook of a clinical model's list and show actions. */
export function auditClinicalReads(db: Db, model: string, page: 'list' | 'record page'): After<ActionResponse> {
  return async (response: ActionResponse, _request: ActionRequest) => {
    const records = ((response.records as Shown[] | undefined) ?? (response.record ? [response.record as Shown] : [])) as Shown[];
    if (records.length === 0) return response;
    const byPatient = new Map<number, number[]>();
    for (const { id, patientId } of await ownersOf(db, model, records)) byPatient.set(patientId, [...(byPatient.get(patientId) ?? []), id]);
    const actor = currentActor();
    for (const [patientId, ids] of byPatient) {
      await recordClinicalRead(db, actor, {
        patientId,
        what: `${model} ${page}`,
        ids,
        model,
        ...(page === 'record page' && ids[0] !== undefined ? { recordId: ids[0] } : {}),
      });
    }
    return response;
  };
}
