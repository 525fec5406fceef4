/**
 * Opening a clinical record's list or page in the back-office is an audited
 * read too (NABH; the DPDP rules), not only the patient's file and prints: one
 * READ row per patient whose records were shown (clinical/service.ts
 * recordScreenRead), which the patient's access history reads.
 */
import type { ActionRequest, ActionResponse, After } from 'adminjs';
import type { Db } from '../src/config/db.js';
import { recordScreenRead } from '../src/modules/clinical/service.js';
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

type Shown = { params?: Record<string, unknown> };

/** The after-hook of a clinical model's list and show actions. */
export function auditClinicalReads(db: Db, model: string, page: 'list' | 'record page'): After<ActionResponse> {
  return async (response: ActionResponse, _request: ActionRequest) => {
    const records = ((response.records as Shown[] | undefined) ?? (response.record ? [response.record as Shown] : [])) as Shown[];
    const ids = records.map((r) => Number(r.params?.id)).filter((id) => Number.isInteger(id));
    if (ids.length > 0) await recordScreenRead(db, currentActor(), { model, ids, what: `${model} ${page}` });
    return response;
  };
}
