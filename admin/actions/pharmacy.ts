/**
 * The pharmacy's operations in the back-office: dispense from the patient,
 * receive stock, adjust, write off, take back a return.
 */
import { adjustStock, dispenseDrug, receiveStock, returnToStock, writeOffExpiredBatch } from '../../src/modules/pharmacy/service.js';
import { choices } from './choices.js';
import type { Operation } from './operation.js';

export const pharmacyOperations: Record<string, Operation[]> = {
  Patient: [
    {
      name: 'dispense',
      label: 'Dispense drug',
      roles: ['ADMIN', 'PHARMACIST'],
      icon: 'Package',
      fields: [
        { name: 'drugId', label: 'Drug', type: 'select', required: true },
        { name: 'quantity', label: 'Quantity (units)', type: 'number', required: true },
        {
          name: 'appointmentId',
          label: 'OPD visit (prescription)',
          type: 'select',
          hint: 'Leave empty for an admitted patient: the admission is used',
        },
      ],
      choices: async (db, _v, patientId) => ({ drugId: await choices.drugs(db), appointmentId: await choices.recentVisits(db, patientId) }),
      run: async (db, actor, v, patientId) => {
        const lines = await dispenseDrug(db, actor, {
          patientId,
          drugId: v.drugId,
          quantity: v.quantity,
          appointmentId: v.appointmentId || undefined,
        });
        return `Dispensed ${lines.reduce((sum, l) => sum + l.quantity, 0)} unit(s) from ${lines.length} batch(es)`;
      },
    },
  ],
  DrugBatch: [
    {
      name: 'receiveStock',
      label: 'Receive stock',
      roles: ['ADMIN', 'PHARMACIST'],
      icon: 'Download',
      actionType: 'resource',
      fields: [
        { name: 'drugId', label: 'Drug', type: 'select', required: true },
        { name: 'batchNo', label: 'Batch no.', type: 'text', required: true },
        { name: 'expiryDate', label: 'Expiry date', type: 'date', required: true },
        { name: 'quantity', label: 'Units received', type: 'number', required: true },
        { name: 'mrp', label: 'MRP per unit (₹)', type: 'text', required: true },
        { name: 'costPrice', label: 'Cost per unit (₹)', type: 'text', required: true },
      ],
      choices: async (db) => ({ drugId: await choices.drugs(db) }),
      run: async (db, actor, v) => `Batch ${(await receiveStock(db, actor, v)).batchNo} now holds the received units`,
    },
    {
      name: 'adjustStock',
      label: 'Adjust stock',
      roles: ['ADMIN', 'PHARMACIST'],
      icon: 'Sliders',
      fields: [
        { name: 'change', label: 'Change in units (e.g. -3 for breakage, 5 for a count surplus)', type: 'number', required: true },
        { name: 'reason', label: 'Reason', type: 'textarea', required: true },
      ],
      run: async (db, actor, v, id) =>
        `Batch now holds ${(await adjustStock(db, actor, { batchId: id, change: v.change, reason: v.reason ?? '' })).quantity} units`,
    },
    {
      name: 'writeOff',
      label: 'Write off expired',
      roles: ['ADMIN', 'PHARMACIST'],
      icon: 'Trash',
      intro: 'Remove the remaining units of this expired batch from stock.',
      run: async (db, actor, _v, id) => (await writeOffExpiredBatch(db, actor, { batchId: id }), 'Expired stock written off'),
    },
  ],
  Dispensation: [
    {
      name: 'returnToStock',
      label: 'Return to stock',
      roles: ['ADMIN', 'PHARMACIST'],
      icon: 'CornerUpLeft',
      fields: [{ name: 'quantity', label: 'Units returned by the patient', type: 'number', required: true }],
      run: async (db, actor, v, id) => (await returnToStock(db, actor, { dispensationId: id, quantity: v.quantity }), 'Returned to stock'),
    },
  ],
};
