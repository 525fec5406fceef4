/**
 * The clinical record's operations in the back-office: the printed
 * prescription, and the pharmacy's dispensing against it. The doctor's
 * encounter page comes with the rest of issue #16.
 */
import { dispenseFromPrescription } from '../../src/modules/clinical/dispensing.js';
import { choices } from './choices.js';
import type { Operation } from './operation.js';

export const clinicalOperations: Record<string, Operation[]> = {
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
