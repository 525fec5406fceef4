/**
 * The wards' operations in the back-office: admit from the patient (with the
 * ward's gender and age rule), the final bill, credit pending, deposits,
 * transfer, discharge, and a bed made ready. When each is offered comes from
 * admissions/states.ts, which the service checks too.
 */
import {
  admitPatient,
  dischargePatient,
  markBedReady,
  markCreditPending,
  prepareFinalBill,
  transferBed,
} from '../../src/modules/admissions/service.js';
import { admissionIsOpen, bedCanBeMadeReady } from '../../src/modules/admissions/states.js';
import { takeDeposit } from '../../src/modules/payments/service.js';
import { choices } from './choices.js';
import type { Field, Operation } from './operation.js';

/** The way past a ward's gender or age rule (src/modules/admissions/wardRules.ts): a reason, only when warned. */
const WARD_RULE_OVERRIDE: Field = {
  name: 'wardRuleOverride',
  label: 'Reason for a ward whose gender or age rule the patient does not meet',
  type: 'textarea',
  hint: 'Only when the form warns about the ward, e.g. "Female ward full tonight; curtained bed, moved in the morning"',
};

export const admissionsOperations: Record<string, Operation[]> = {
  Patient: [
    {
      name: 'admit',
      label: 'Admit',
      roles: ['ADMIN', 'RECEPTIONIST', 'NURSE', 'DOCTOR'],
      icon: 'Home',
      fields: [
        { name: 'bedId', label: 'Free bed', type: 'select', required: true },
        { name: 'doctorId', label: 'Attending doctor', type: 'select', required: true },
        { name: 'diagnosis', label: 'Provisional diagnosis', type: 'textarea' },
        { name: 'depositAmount', label: 'Advance deposit (₹, optional)', type: 'text' },
        { name: 'depositMethod', label: 'Deposit paid by', type: 'select' },
        WARD_RULE_OVERRIDE,
      ],
      choices: async (db) => ({
        bedId: await choices.freeBeds(db),
        doctorId: await choices.doctors(db),
        depositMethod: choices.depositMethods,
      }),
      run: async (db, actor, v, patientId) => {
        const deposit = v.depositAmount ? { amount: v.depositAmount, method: v.depositMethod } : undefined;
        const admission = await admitPatient(db, actor, {
          patientId,
          bedId: v.bedId,
          doctorId: v.doctorId,
          diagnosis: v.diagnosis || undefined,
          deposit,
          wardRuleOverride: v.wardRuleOverride || undefined,
        });
        return `Admitted: ${admission.admissionNo}`;
      },
    },
  ],
  Admission: [
    {
      name: 'finalBill',
      label: 'Final bill',
      roles: ['ADMIN', 'BILLING'],
      icon: 'FileText',
      offeredWhen: admissionIsOpen,
      intro: 'Bill the room up to today and every charge of the stay, issue the bill, and apply the advance deposits to it.',
      run: async (db, actor, _v, admissionId, { env }) => {
        const bill = await prepareFinalBill(db, env, actor, { admissionId });
        const issued = bill.invoice ? `Issued ${bill.invoice.number}. ` : 'Nothing new to bill. ';
        const due = bill.due.greaterThan(0) ? `₹ ${bill.due.toFixed(2)} still due` : 'Nothing due';
        const held = bill.held.greaterThan(0) ? `; ₹ ${bill.held.toFixed(2)} of the advance is left to refund` : '';
        return `${issued}${due}${held}`;
      },
    },
    {
      name: 'markCreditPending',
      label: 'Credit / insurance pending',
      roles: ['ADMIN', 'BILLING'],
      icon: 'Clock',
      offeredWhen: admissionIsOpen,
      intro: 'Let the patient go home with the bill still open (a cashless insurance claim, a company on credit). Say why.',
      fields: [{ name: 'reason', label: 'Reason (claim number, insurer or company)', type: 'textarea', required: true }],
      run: async (db, actor, v, id) => (
        await markCreditPending(db, actor, { admissionId: id, reason: v.reason ?? '' }),
        'Marked credit / insurance pending: the patient may be discharged'
      ),
    },
    {
      name: 'takeDeposit',
      label: 'Take deposit',
      roles: ['ADMIN', 'BILLING', 'RECEPTIONIST'],
      icon: 'Archive',
      offeredWhen: admissionIsOpen,
      fields: [
        { name: 'amount', label: 'Amount (₹)', type: 'text', required: true },
        { name: 'method', label: 'Paid by', type: 'select', required: true },
        { name: 'reference', label: 'Card slip / UPI transaction', type: 'text' },
      ],
      choices: async () => ({ method: choices.depositMethods }),
      run: async (db, actor, v, id) =>
        `Deposit ${(await takeDeposit(db, actor, { admissionId: id, amount: v.amount, method: v.method, reference: v.reference || undefined })).receiptNo} received`,
    },
    {
      name: 'transfer',
      label: 'Transfer bed',
      roles: ['ADMIN', 'NURSE', 'DOCTOR', 'RECEPTIONIST'],
      icon: 'Shuffle',
      offeredWhen: admissionIsOpen,
      fields: [{ name: 'toBedId', label: 'Free bed', type: 'select', required: true }, WARD_RULE_OVERRIDE],
      choices: async (db) => ({ toBedId: await choices.freeBeds(db) }),
      run: async (db, actor, v, id) => (
        await transferBed(db, actor, { admissionId: id, toBedId: v.toBedId, wardRuleOverride: v.wardRuleOverride || undefined }),
        'Transferred'
      ),
    },
    {
      name: 'discharge',
      label: 'Discharge',
      roles: ['ADMIN', 'DOCTOR', 'NURSE'],
      icon: 'LogOut',
      offeredWhen: admissionIsOpen,
      fields: [{ name: 'summary', label: 'Discharge summary', type: 'textarea', required: true }],
      intro:
        'Discharge once the money is clear: the final bill issued and paid (or marked credit / insurance pending), no advance left held.',
      run: async (db, actor, v, id) => (await dischargePatient(db, actor, { admissionId: id, summary: v.summary ?? '' }), 'Discharged'),
    },
  ],
  Bed: [
    {
      name: 'markReady',
      label: 'Mark ready',
      roles: ['ADMIN', 'NURSE'],
      icon: 'Check',
      intro: 'The bed is clean and can take the next patient.',
      offeredWhen: bedCanBeMadeReady,
      run: async (db, actor, _v, id) => (await markBedReady(db, actor, { bedId: id }), 'Bed is free'),
    },
  ],
};
