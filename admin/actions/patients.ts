/**
 * The patient register's own operations in the back-office: an
 * administrator's merge of a duplicate registration, and its undoing.
 */
import { mergePatients, undoPatientMerge } from '../../src/modules/patients/merge.js';
import type { Operation } from './operation.js';

/** The record a patient was merged into (AdminJS names the key column by its relation). */
const mergedInto = (params: Record<string, unknown>) => params.mergedInto ?? params.mergedIntoId ?? null;

export const patientsOperations: Record<string, Operation[]> = {
  Patient: [
    {
      name: 'mergeDuplicate',
      label: 'Merge a duplicate into this record',
      roles: ['ADMIN'],
      icon: 'GitMerge',
      offeredWhen: (p) => !mergedInto(p),
      intro:
        "The same person registered twice: the duplicate's visits, admissions, bills, deposits, lab orders and medicines move to this record, and the duplicate is marked as merged. It can be undone from the duplicate's page.",
      fields: [
        { name: 'duplicateUhid', label: 'UHID of the duplicate record', type: 'text', required: true },
        { name: 'reason', label: 'Why these are the same person', type: 'textarea', required: true },
      ],
      run: async (db, actor, v, keepId) => {
        const merged = await mergePatients(db, actor, { keepId, duplicateUhid: v.duplicateUhid ?? '', reason: v.reason ?? '' });
        const rows = Object.values(merged.moved).reduce((sum, ids) => sum + ids.length, 0);
        return `Merged ${merged.duplicate.uhid} into ${merged.kept.uhid}: ${rows} record(s) moved`;
      },
    },
    {
      name: 'undoMerge',
      label: 'Undo merge',
      roles: ['ADMIN'],
      icon: 'CornerUpLeft',
      offeredWhen: (p) => Boolean(mergedInto(p)),
      intro: 'Make this record a patient of its own again: what the merge moved goes back to it.',
      fields: [{ name: 'reason', label: 'Why the merge is undone', type: 'textarea', required: true }],
      run: async (db, actor, v, duplicateId) => {
        const undone = await undoPatientMerge(db, actor, { duplicateId, reason: v.reason ?? '' });
        return `${undone.duplicate.uhid} is a record of its own again (moved back from ${undone.kept.uhid})`;
      },
    },
  ],
};
