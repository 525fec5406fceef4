/**
 * How records and values are named in the back-office: a record by the words
 * a clerk knows it by (a patient by name and UHID), an enum value in words.
 */
import type { RecordTitle } from './hospitalResource.js';
import { istText } from '../src/time.js';
import { operations } from './actions/operations.js';
import { dottedCode as dotted } from '../src/modules/clinical/icd10.js';

const enumLabelOverrides: Record<string, string> = {
  A_POS: 'A+',
  A_NEG: 'A−',
  B_POS: 'B+',
  B_NEG: 'B−',
  AB_POS: 'AB+',
  AB_NEG: 'AB−',
  O_POS: 'O+',
  O_NEG: 'O−',
  LAB_TECH: 'Lab technician',
  UPI: 'UPI',
  TPA: 'TPA',
  IGST: 'IGST',
  OPD: 'OPD',
  IPD: 'IPD',
};

/** CHECKED_IN → "Checked in" */
export function enumLabel(value: string): string {
  const override = enumLabelOverrides[value];
  if (override) return override;
  const words = value.toLowerCase().replaceAll('_', ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}

type Row = Record<string, unknown>;

const text = (value: unknown) => (value === null || value === undefined ? '' : String(value));
const nameOf = (relation: unknown) => text((relation as { name?: unknown } | null)?.name);
const when = (value: unknown) => (value ? istText(new Date(String(value))) : '');

/**
 * How a record is named wherever it appears — in a list column, a link, a
 * picker, a page title: by the words a clerk knows it by, never its id.
 */
// prettier-ignore
export const titles: Record<string, RecordTitle> = {
  // A merged duplicate says so wherever it appears (its "Merged into" link leads to the real file).
  Patient:     { text: (r) => `${text(r.name)} · ${text(r.uhid)}${r.mergedIntoId ? ' (merged duplicate)' : ''}` },
  User:        { text: (r) => `${text(r.name)} (${enumLabel(text(r.role))})` },
  Doctor:      { text: (r) => text(r.name) },
  Appointment: { include: { doctor: { select: { name: true } } }, text: (r) => `${nameOf(r.doctor)} · ${when(r.slotStart)}` },
  Invoice:     { text: (r) => (r.number ? `${r.kind === 'CREDIT_NOTE' ? 'Credit note' : 'Invoice'} ${text(r.number)}` : `Draft bill (not yet numbered) #${text(r.id)}`) },
  InvoiceLine: { text: (r) => text(r.description) },
  Bed:         { include: { ward: { select: { name: true } } }, text: (r) => `${nameOf(r.ward)} · bed ${text(r.bedNumber)}` },
  Admission:   { text: (r) => `Admission ${text(r.admissionNo)}` },
  LabOrder:    { include: { labTest: { select: { name: true } } }, text: (r) => `${text(r.orderNo)} · ${nameOf(r.labTest)}` },
  LabResult:   { text: (r) => `${text(r.parameter)}: ${text(r.value)} ${text(r.unit)}`.trim() },
  DrugBatch:   { include: { drug: { select: { name: true } } }, text: (r) => `${nameOf(r.drug)} · batch ${text(r.batchNo)}` },
  Payment:     { text: (r) => `Receipt ${text(r.receiptNo)}` },
  Deposit:     { text: (r) => `Advance receipt ${text(r.receiptNo)}` },
  Refund:      { text: (r) => `Refund voucher ${text(r.refundNo)}` },
  AuditLog:    { text: (r) => `${auditedAction(r)} · ${text(r.model)} #${text(r.recordId)} · ${when(r.createdAt)}` },
  Dispensation: { include: { drug: { select: { name: true } } }, text: (r) => `${nameOf(r.drug)} × ${text(r.quantity)}` },
  AdmissionBedStay: { include: { bed: { select: { bedNumber: true } } }, text: (r) => `Bed ${text((r.bed as { bedNumber?: unknown } | null)?.bedNumber)} from ${when(r.fromTime)}` },
  Icd10Code:   { text: (r) => `${dotted(text(r.code))} ${text(r.title)}` },
  Encounter:   { include: { doctor: { select: { name: true } } }, text: (r) => `${ENCOUNTER_KINDS[text(r.kind)] ?? 'Consultation'} · ${nameOf(r.doctor)} · ${when(r.startedAt)}` },
  DischargeSummary: { include: { admission: { select: { admissionNo: true } } }, text: (r) => `Discharge summary · ${text((r.admission as { admissionNo?: unknown } | null)?.admissionNo)}${r.status === 'SIGNED' ? '' : ' (draft)'}` },
  NursingNote: { text: (r) => `Nursing note · ${when(r.writtenAt)}` },
  MedicationDose: { include: { item: { select: { drug: { select: { name: true } } } } }, text: (r) => `${nameOf((r.item as { drug?: unknown } | null)?.drug)} due ${when(r.scheduledAt)}` },
  Prescription: { include: { doctor: { select: { name: true } } }, text: (r) => `Rx ${text(r.id)} · ${nameOf(r.doctor)} · ${when(r.createdAt)}` },
  PrescriptionItem: { include: { drug: { select: { name: true } } }, text: (r) => `${nameOf(r.drug)} ${text(r.dose)} ${text(r.frequency)}` },
  DoctorSchedule: { include: { doctor: { select: { name: true } } }, text: (r) => `${nameOf(r.doctor)} · ${text(r.startTime)}–${text(r.endTime)}` },
};

const ENCOUNTER_KINDS: Record<string, string> = { OPD_VISIT: 'OPD visit', IPD_ROUND: 'Ward round', DISCHARGE: 'Discharge' };

const AUDIT_WORDS: Record<string, string> = {
  CREATE: 'Created',
  UPDATE: 'Changed',
  DELETE: 'Deleted',
  LOGIN: 'Signed in',
  LOGOUT: 'Signed out',
  LOGIN_FAILED: 'Failed sign-in',
  READ: 'Viewed medical records',
};

/** What an audit row records, in words: an operation by its button's label ("Check in"), else the verb. */
function auditedAction(row: Row): string {
  const operation = (row.after as { operation?: unknown } | null)?.operation;
  if (row.action === 'ACTION' && typeof operation === 'string') {
    const named = operations[text(row.model)]?.find((op) => op.name === operation)?.label;
    return named ?? enumLabel(operation.replace(/([a-z])([A-Z])/g, '$1_$2').toUpperCase());
  }
  return AUDIT_WORDS[text(row.action)] ?? enumLabel(text(row.action));
}
