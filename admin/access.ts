/**
 * Who may do what in the back-office: one table, read by both the AdminJS
 * options (to hide what a role cannot use) and the server-side guard in
 * admin/guard.ts (to answer a crafted request with 403).
 *
 * Verbs: read = list, show, search, related · create = new · update = edit ·
 * delete = delete, bulkDelete. Custom actions name their own roles.
 * Deny by default: a model missing from the table is ADMIN-only, an action
 * that is neither a verb nor a listed operation is refused for everyone
 * (`rolesForAction`), and records the fiscal rules protect
 * (src/modules/billing/fiscalRecords.ts) are refused whatever the role.
 */
import type { Role } from '@prisma/client';
import { REPORT_ROLES } from '../src/modules/reports/catalogue.js';
import { operations } from './actions/operations.js';

export type Verb = 'read' | 'create' | 'update' | 'delete';
export type ModelAccess = Partial<Record<Verb, readonly Role[]>>;

const ALL: readonly Role[] = ['ADMIN', 'DOCTOR', 'NURSE', 'RECEPTIONIST', 'BILLING', 'PHARMACIST', 'LAB_TECH'];
const CLINICAL: readonly Role[] = ['ADMIN', 'DOCTOR', 'NURSE'];
const NONE: readonly Role[] = [];

/** Internal tables that never appear in the back-office, for anyone. */
export const INTERNAL_MODELS = new Set(['Session', 'LoginThrottle']);

// prettier-ignore
export const accessTable: Record<string, ModelAccess> = {
  // Front desk
  Patient:          { read: ALL, create: ['ADMIN', 'RECEPTIONIST', 'NURSE'], update: ['ADMIN', 'RECEPTIONIST', 'NURSE'], delete: ['ADMIN'] },
  // Appointments are booked with the patient's "Book appointment" operation, never with a blank form.
  Appointment:      { read: ALL, create: NONE, update: ['ADMIN', 'RECEPTIONIST', 'DOCTOR', 'NURSE'], delete: NONE },
  // OPD
  Doctor:           { read: ALL, create: ['ADMIN'], update: ['ADMIN'], delete: ['ADMIN'] },
  DoctorSchedule:   { read: ALL, create: ['ADMIN'], update: ['ADMIN'], delete: ['ADMIN'] },
  DoctorLeave:      { read: ALL, create: ['ADMIN', 'RECEPTIONIST'], update: ['ADMIN', 'RECEPTIONIST'], delete: ['ADMIN', 'RECEPTIONIST'] },
  Holiday:          { read: ALL, create: ['ADMIN'], update: ['ADMIN'], delete: ['ADMIN'] },
  Department:       { read: ALL, create: ['ADMIN'], update: ['ADMIN'], delete: ['ADMIN'] },
  // IPD
  Ward:             { read: ALL, create: ['ADMIN'], update: ['ADMIN'], delete: ['ADMIN'] },
  Bed:              { read: ALL, create: ['ADMIN'], update: ['ADMIN', 'NURSE'], delete: ['ADMIN'] },
  // Admissions start with the patient's "Admit" operation; transfers and discharges are operations too.
  Admission:        { read: [...CLINICAL, 'RECEPTIONIST', 'BILLING'], create: NONE, update: [...CLINICAL, 'RECEPTIONIST'], delete: NONE },
  AdmissionBedStay: { read: [...CLINICAL, 'RECEPTIONIST', 'BILLING'], create: NONE, update: NONE, delete: NONE },
  // Billing — an issued invoice is never deleted (see recordGuards below).
  Service:          { read: ALL, create: ['ADMIN', 'BILLING'], update: ['ADMIN', 'BILLING'], delete: ['ADMIN'] },
  // Invoices are drafted from unbilled items ("Generate bill"), issued and cancelled by the billing operations;
  // a draft may be deleted (its items become unbilled again), its lines are written only by the billing service.
  Invoice:          { read: ['ADMIN', 'BILLING', 'RECEPTIONIST'], create: NONE, update: ['ADMIN', 'BILLING'], delete: ['ADMIN', 'BILLING'] },
  InvoiceLine:      { read: ['ADMIN', 'BILLING', 'RECEPTIONIST'], create: NONE, update: NONE, delete: NONE },
  // Money moves only through the payment operations (record payment, apply deposit, refund).
  Payment:          { read: ['ADMIN', 'BILLING', 'RECEPTIONIST'], create: NONE, update: NONE, delete: NONE },
  Refund:           { read: ['ADMIN', 'BILLING'], create: NONE, update: NONE, delete: NONE },
  Deposit:          { read: ['ADMIN', 'BILLING', 'RECEPTIONIST'], create: NONE, update: NONE, delete: NONE },
  Sequence:         { read: ['ADMIN'], create: NONE, update: NONE, delete: NONE },
  // Written by the operations that cause a charge; billing invoices them.
  BillableItem:     { read: ['ADMIN', 'BILLING', 'RECEPTIONIST'], create: NONE, update: NONE, delete: NONE },
  // Pharmacy — stock changes only through the stock operations (receive, dispense, return, adjust, write off).
  Drug:             { read: [...CLINICAL, 'PHARMACIST', 'BILLING'], create: ['ADMIN', 'PHARMACIST'], update: ['ADMIN', 'PHARMACIST'], delete: ['ADMIN'] },
  DrugBatch:        { read: [...CLINICAL, 'PHARMACIST', 'BILLING'], create: NONE, update: ['ADMIN', 'PHARMACIST'], delete: NONE },
  StockMovement:    { read: ['ADMIN', 'PHARMACIST'], create: NONE, update: NONE, delete: NONE },
  Dispensation:     { read: [...CLINICAL, 'PHARMACIST', 'BILLING'], create: NONE, update: NONE, delete: NONE },
  // Laboratory — billing staff never touch results.
  LabTest:          { read: ALL, create: ['ADMIN', 'LAB_TECH'], update: ['ADMIN', 'LAB_TECH'], delete: ['ADMIN'] },
  // Lab orders and results change only through the lab operations (order, collect, enter, verify, release).
  LabOrder:         { read: [...CLINICAL, 'LAB_TECH', 'RECEPTIONIST', 'BILLING'], create: NONE, update: NONE, delete: NONE },
  LabResult:        { read: [...CLINICAL, 'LAB_TECH'], create: NONE, update: NONE, delete: NONE },
  // Clinical — the consultation's record is for doctors and nurses (reception and billing see that a visit happened).
  // Written through the clinical services (src/modules/clinical), never through a generic form.
  Encounter:        { read: CLINICAL, create: NONE, update: NONE, delete: NONE },
  Vitals:           { read: CLINICAL, create: NONE, update: NONE, delete: NONE },
  EncounterDiagnosis: { read: CLINICAL, create: NONE, update: NONE, delete: NONE },
  Allergy:          { read: CLINICAL, create: NONE, update: NONE, delete: NONE },
  ChronicCondition: { read: CLINICAL, create: NONE, update: NONE, delete: NONE },
  // The ICD-10 catalogue is reference data loaded from its file (src/modules/clinical/icd10.ts).
  Icd10Code:        { read: CLINICAL, create: NONE, update: NONE, delete: NONE },
  // The pharmacy reads prescriptions to dispense against them; only the doctor's prescribe writes them.
  Prescription:     { read: [...CLINICAL, 'PHARMACIST'], create: NONE, update: NONE, delete: NONE },
  PrescriptionItem: { read: [...CLINICAL, 'PHARMACIST'], create: NONE, update: NONE, delete: NONE },
  // The ward's record: written through the ward services (clinical/ward.ts, mar.ts, discharge.ts).
  NursingNote:      { read: CLINICAL, create: NONE, update: NONE, delete: NONE },
  MedicationDose:   { read: CLINICAL, create: NONE, update: NONE, delete: NONE },
  DischargeSummary: { read: CLINICAL, create: NONE, update: NONE, delete: NONE },
  // Administration — staff accounts are the ADMIN's; the audit log is read-only for everyone.
  User:             { read: ['ADMIN'], create: ['ADMIN'], update: ['ADMIN'], delete: ['ADMIN'] },
  ImportJob:        { read: ['ADMIN'], create: NONE, update: NONE, delete: NONE },
  // The job queue's workers and runs, the delivery log and background exports: written by the workers.
  JobWorker:        { read: ['ADMIN'], create: NONE, update: NONE, delete: NONE },
  JobRun:           { read: ['ADMIN'], create: NONE, update: NONE, delete: NONE },
  Notification:     { read: ['ADMIN'], create: NONE, update: NONE, delete: NONE },
  ReportExport:     { read: ['ADMIN'], create: NONE, update: NONE, delete: NONE },
  AuditLog:         { read: ['ADMIN'], create: NONE, update: NONE, delete: NONE },
};

const ADMIN_ONLY: ModelAccess = { read: ['ADMIN'], create: ['ADMIN'], update: ['ADMIN'], delete: ['ADMIN'] };

export function verbOfAction(action: string): Verb | undefined {
  switch (action) {
    case 'list':
    case 'show':
    case 'search':
    case 'related': // the hidden action behind a show page's related records (admin/related.ts)
      return 'read';
    case 'new':
      return 'create';
    case 'edit':
      return 'update';
    case 'delete':
    case 'bulkDelete':
      return 'delete';
    default:
      return undefined;
  }
}

export function mayDo(role: Role | undefined, model: string, verb: Verb): boolean {
  if (!role || INTERNAL_MODELS.has(model)) return false;
  const access = accessTable[model] ?? ADMIN_ONLY;
  return (access[verb] ?? NONE).includes(role);
}

/**
 * Who may run each hospital operation offered as a back-office action: each
 * operation names its roles beside it (admin/actions/<domain>.ts). Checked by
 * the guard (403) and hidden in the UI.
 */
export const operationRoles: Record<string, Record<string, readonly Role[]>> = Object.fromEntries(
  Object.entries(operations).map(([model, ops]) => [model, Object.fromEntries(ops.map((op) => [op.name, op.roles]))]),
);

export function mayRunOperation(role: Role | undefined, model: string, operation: string): boolean {
  return Boolean(role && operationRoles[model]?.[operation]?.includes(role));
}

/**
 * The roles that may use an action of a model — a verb's from the table, an
 * operation's from its own list — or undefined when no table names the action:
 * then nobody may (admin/guard.ts answers 403).
 */
export function rolesForAction(model: string, action: string): readonly Role[] | undefined {
  if (INTERNAL_MODELS.has(model)) return undefined;
  const verb = verbOfAction(action);
  if (verb) return (accessTable[model] ?? ADMIN_ONLY)[verb] ?? NONE;
  return operationRoles[model]?.[action];
}

/** Who may open each custom page (admin/pages.ts). */
// prettier-ignore
export const pageRoles: Record<string, readonly Role[]> = {
  todaysQueue:    ['ADMIN', 'RECEPTIONIST', 'NURSE', 'DOCTOR'],
  bedBoard:       ['ADMIN', 'RECEPTIONIST', 'NURSE', 'DOCTOR', 'BILLING'],
  pharmacyAlerts: ['ADMIN', 'PHARMACIST'],
  myPatients:     ['ADMIN', 'DOCTOR', 'NURSE'],
  encounter:      ['ADMIN', 'DOCTOR', 'NURSE'],
  wardRound:      ['ADMIN', 'DOCTOR', 'NURSE'],
  imports:        ['ADMIN'],
  jobs:           ['ADMIN'],
  // Each report names its own roles (src/modules/reports); the page opens for anyone with at least one.
  reports:        REPORT_ROLES,
};

/** Pages opened from a record (a consultation from the worklist), not from the sidebar. */
export const RECORD_PAGES: ReadonlySet<string> = new Set(['encounter']);

/** What the sidebar offers each role: the pages it may open, less those that need a record. */
export const sidebarPageRoles = Object.fromEntries(Object.entries(pageRoles).filter(([page]) => !RECORD_PAGES.has(page)));

export function mayOpenPage(role: Role | undefined, page: string): boolean {
  return Boolean(role && pageRoles[page]?.includes(role));
}
