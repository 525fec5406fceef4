/**
 * The clinical record's operations in the back-office: the printed
 * prescription, the pharmacy's dispensing against it, and the doctor's
 * discharge summary (written as a draft, signed, printed). The consultation
 * itself is its own page (admin/components/EncounterPage.tsx, admin/clinical.ts).
 */
import { dispenseFromPrescription } from '../../src/modules/clinical/dispensing.js';
import {
  diagnosisLines,
  dischargeSummaryForm,
  medicineLines,
  signDischargeSummary,
  writeDischargeSummary,
} from '../../src/modules/clinical/discharge.js';
import { choices } from './choices.js';
import type { Operation } from './operation.js';

export const clinicalOperations: Record<string, Operation[]> = {
  Admission: [
    {
      name: 'writeDischargeSummary',
      label: 'Discharge summary',
      roles: ['DOCTOR'],
      icon: 'FileText',
      intro: 'Write the summary as a draft and correct it as often as needed; "Sign discharge summary" makes it final.',
      fields: [
        {
          name: 'diagnoses',
          label: 'Diagnoses (one per line: an ICD-10 code and words, or words alone)',
          type: 'textarea',
          required: true,
        },
        { name: 'procedures', label: 'Procedures', type: 'textarea' },
        { name: 'courseInHospital', label: 'Course in hospital', type: 'textarea', required: true },
        { name: 'conditionAtDischarge', label: 'Condition at discharge', type: 'textarea', required: true },
        {
          name: 'medicines',
          label: 'Medicines on discharge (one per line: drug code; dose; frequency; duration)',
          type: 'textarea',
          hint: 'e.g. AZEE500; 1 tablet; OD; 3 days — the same allergy checks as any prescription',
        },
        { name: 'advice', label: 'Advice', type: 'textarea' },
        { name: 'followUpDate', label: 'Follow-up on', type: 'date' },
      ],
      prefill: (db, admissionId) => dischargeSummaryForm(db, admissionId),
      run: async (db, actor, v, admissionId) => {
        await writeDischargeSummary(db, actor, {
          admissionId,
          diagnoses: diagnosisLines(v.diagnoses ?? ''),
          procedures: v.procedures || undefined,
          courseInHospital: v.courseInHospital ?? '',
          conditionAtDischarge: v.conditionAtDischarge ?? '',
          advice: v.advice || undefined,
          followUpDate: v.followUpDate || undefined,
          medicines: await medicineLines(db, v.medicines ?? ''),
        });
        return 'Discharge summary saved as a draft: sign it when it is final';
      },
    },
    {
      name: 'signDischargeSummary',
      label: 'Sign discharge summary',
      roles: ['DOCTOR'],
      icon: 'CheckSquare',
      intro: 'Signing makes the summary final: it can no longer be changed, and the patient can read it.',
      run: async (db, actor, _v, admissionId, deps) => {
        await signDischargeSummary(db, actor, { admissionId }, deps.notifier);
        return 'Discharge summary signed';
      },
    },
  ],
  DischargeSummary: [
    {
      name: 'printDischargeSummary',
      label: 'Print discharge summary',
      roles: ['ADMIN', 'DOCTOR', 'NURSE'],
      icon: 'Printer',
      intro: 'Open the discharge summary as a PDF to print or hand over.',
      link: '/admin/discharge-summaries/{id}/pdf',
      run: async () => 'Nothing to do: open the PDF',
    },
  ],
  Prescription: [
    {
      name: 'printPrescription',
      label: 'Print prescription',
      roles: ['ADMIN', 'DOCTOR', 'NURSE', 'PHARMACIST'],
      icon: 'Printer',
      intro: 'Open the prescription as a PDF to print or hand over.',
      link: '/admin/prescriptions/{id}/pdf',
      run: async () => 'Nothing to do: open the PDF',
    },
  ],
  PrescriptionItem: [
    {
      name: 'dispenseFromPrescription',
      label: 'Dispense',
      roles: ['ADMIN', 'PHARMACIST'],
      icon: 'Package',
      intro: 'Hand over all of this item or part of it (first expiry first); another drug only with a reason.',
      offeredWhen: (p) => p.status === 'ACTIVE' && Number(p.dispensed ?? 0) < Number(p.quantity ?? 0),
      fields: [
        { name: 'quantity', label: 'Units handed over', type: 'number', required: true },
        { name: 'substituteDrugId', label: 'Another drug instead (optional)', type: 'select' },
        { name: 'substituteReason', label: 'Why another drug', type: 'textarea' },
      ],
      choices: async (db) => ({ substituteDrugId: await choices.drugs(db) }),
      run: async (db, actor, v, itemId) => {
        const done = await dispenseFromPrescription(db, actor, {
          itemId,
          quantity: v.quantity,
          substituteDrugId: v.substituteDrugId || undefined,
          substituteReason: v.substituteReason || undefined,
        });
        return done.remaining > 0 ? `Dispensed: ${done.remaining} unit(s) remain on the prescription` : 'Dispensed: the item is complete';
      },
    },
  ],
};
