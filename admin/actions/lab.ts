/**
 * The laboratory's operations in the back-office: order from the patient,
 * collect, enter, verify (reading the results first), release, print, cancel.
 * When each is offered comes from lab/states.ts, the table the service checks.
 */
import {
  cancelLabOrder,
  collectSample,
  enterResults,
  orderLabTest,
  releaseResults,
  resultsForReview,
  verifyResults,
} from '../../src/modules/lab/service.js';
import { labOrderAllows } from '../../src/modules/lab/states.js';
import { choices } from './choices.js';
import type { Operation } from './operation.js';

export const labOperations: Record<string, Operation[]> = {
  Patient: [
    {
      name: 'orderLabTest',
      label: 'Order lab test',
      roles: ['ADMIN', 'DOCTOR', 'NURSE', 'RECEPTIONIST', 'LAB_TECH'],
      icon: 'Droplet',
      fields: [
        { name: 'labTestId', label: 'Test', type: 'select', required: true },
        { name: 'appointmentId', label: 'OPD visit', type: 'select', hint: 'Leave empty for an admitted patient: the admission is used' },
      ],
      choices: async (db, _v, patientId) => ({
        labTestId: await choices.labTests(db),
        appointmentId: await choices.recentVisits(db, patientId),
      }),
      run: async (db, actor, v, patientId) => {
        const order = await orderLabTest(db, actor, { patientId, labTestId: v.labTestId, appointmentId: v.appointmentId || undefined });
        return `Ordered: ${order.orderNo}`;
      },
    },
  ],
  LabOrder: [
    {
      name: 'collectSample',
      label: 'Collect sample',
      roles: ['ADMIN', 'LAB_TECH', 'NURSE'],
      icon: 'Droplet',
      intro: 'The sample has been collected.',
      offeredWhen: (p) => labOrderAllows('collectSample', p.status),
      run: async (db, actor, _v, id) => (await collectSample(db, actor, { labOrderId: id }), 'Sample collected'),
    },
    {
      name: 'enterResults',
      label: 'Enter result',
      roles: ['ADMIN', 'LAB_TECH', 'DOCTOR'],
      icon: 'Edit3',
      offeredWhen: (p) => labOrderAllows('enterResults', p.status),
      fields: [
        { name: 'parameter', label: 'Parameter', type: 'text', required: true },
        { name: 'value', label: 'Result', type: 'text', required: true },
        { name: 'unit', label: 'Unit (if not the test’s)', type: 'text' },
      ],
      run: async (db, actor, v, id) => (
        await enterResults(db, actor, {
          labOrderId: id,
          results: [{ parameter: v.parameter ?? '', value: v.value ?? '', unit: v.unit || undefined }],
        }),
        'Result entered'
      ),
    },
    {
      name: 'verifyResults',
      label: 'Verify',
      roles: ['LAB_TECH', 'DOCTOR'],
      icon: 'CheckSquare',
      intro: 'Read the results against their reference ranges, then verify them (someone other than who entered them).',
      offeredWhen: (p) => labOrderAllows('verifyResults', p.status),
      review: async (db, id) => {
        const results = await resultsForReview(db, id);
        return {
          heading: 'Results to verify',
          columns: ['Parameter', 'Result', 'Unit', 'Normal range', 'Flag', 'Entered by'],
          rows: results.map((r) => ({
            cells: [r.parameter, r.value, r.unit ?? '—', r.range, r.abnormal ? 'Abnormal' : 'Normal', r.enteredBy ?? '—'],
            alert: r.abnormal,
          })),
        };
      },
      run: async (db, actor, _v, id) => (await verifyResults(db, actor, { labOrderId: id }), 'Results verified'),
    },
    {
      name: 'releaseResults',
      label: 'Release to patient',
      roles: ['ADMIN', 'LAB_TECH', 'DOCTOR'],
      icon: 'Send',
      intro: 'Make the verified results visible to the patient.',
      offeredWhen: (p) => labOrderAllows('releaseResults', p.status),
      run: async (db, actor, _v, id, deps) => {
        await releaseResults(db, actor, { labOrderId: id }, deps.notifier);
        return 'Results released';
      },
    },
    {
      name: 'printLabReport',
      label: 'Print lab report',
      roles: ['ADMIN', 'LAB_TECH', 'DOCTOR', 'NURSE'],
      icon: 'Printer',
      intro: 'Open the verified report as a PDF to print or hand over.',
      link: '/admin/lab-orders/{id}/pdf',
      offeredWhen: (p) => labOrderAllows('printReport', p.status),
      run: async () => 'Nothing to do: open the PDF',
    },
    {
      name: 'cancelLabOrder',
      label: 'Cancel order',
      roles: ['ADMIN', 'DOCTOR', 'LAB_TECH'],
      icon: 'XCircle',
      offeredWhen: (p) => labOrderAllows('cancel', p.status),
      fields: [{ name: 'reason', label: 'Reason', type: 'textarea', required: true }],
      run: async (db, actor, v, id) => (await cancelLabOrder(db, actor, { labOrderId: id, reason: v.reason ?? '' }), 'Lab order cancelled'),
    },
  ],
};
