/**
 * Every Prisma model as an AdminJS resource, read from the full DMMF: a new
 * model appears here with no edit. What a screen shows (group, columns,
 * filters, title, hidden secrets) is set per model in `screens` below; money,
 * dates and enum labels are derived from the field types.
 */
import { getModelByName } from '@adminjs/prisma';
import type { Role } from '@prisma/client';
import type { ActionContext, ActionRequest, PropertyOptions, ResourceOptions, ResourceWithOptions } from 'adminjs';
import { ValidationError } from 'adminjs';
import type { Db } from '../src/config/db.js';
import { SECRET_FIELDS } from '../src/modules/audit/service.js';
import { hashNewStaffPassword } from '../src/modules/staff/service.js';
import { DomainError } from '../src/errors.js';
import { fiscalRefusal } from '../src/modules/billing/fiscalRecords.js';
import { GST_STATES } from '../src/modules/billing/gstCodes.js';
import { INTERNAL_MODELS, mayDo, rolesForAction, type Verb } from './access.js';
import { operationActions, type OperationDeps } from './actions/operations.js';
import { auditClinicalReads, CLINICAL_MODELS } from './clinicalReads.js';
import { TITLE_PROPERTY, type QueryRules, type HospitalResource } from './hospitalResource.js';
import { REGISTER_ANYWAY } from '../src/modules/patients/duplicates.js';
import { enumLabel, titles } from './titles.js';
import type { Components } from './components.js';
import { RelatedRecords, relatedAction } from './related.js';
import { listHandler } from './listAction.js';
import { isCalendarDate, isMoney, type Datamodel, type DatamodelModel } from './dmmf.js';

type Group = 'Front desk' | 'OPD' | 'IPD' | 'Clinical' | 'Billing' | 'Pharmacy' | 'Laboratory' | 'Administration';

interface Screen {
  group: Group;
  /** Property shown when another record refers to this one (a patient's name, not an id). */
  title?: string;
  list?: string[];
  filter?: string[];
  /** Properties never offered in the create/edit form (computed or changed only by a service). */
  readOnly?: string[];
  /** Raw columns a better view replaces (an audit row's JSON, shown as its Changes table). */
  hidden?: string[];
  /** How the list opens: registers newest first (the default), catalogues by their title. */
  sort?: { sortBy: string; direction: 'asc' | 'desc' };
}

const STATE_CHOICES = Object.entries(GST_STATES)
  .map(([code, state]) => ({ value: code, label: `${state} (${code})` }))
  .sort((a, b) => a.label.localeCompare(b.label));

const byTitle = (sortBy: string) => ({ sortBy, direction: 'asc' as const });
const NEWEST_FIRST = { sortBy: 'id', direction: 'desc' as const };

/** The columns a reference picker searches (admin/hospitalResource.ts `pick`). */
const pickers: Record<string, QueryRules['pickBy']> = {
  Patient: { title: 'name', uhid: 'uhid', phone: 'phone' },
};

const groupIcons: Record<Group, string> = {
  'Front desk': 'UserPlus',
  OPD: 'Activity',
  IPD: 'Home',
  Clinical: 'Heart',
  Billing: 'CreditCard',
  Pharmacy: 'Package',
  Laboratory: 'Droplet',
  Administration: 'Settings',
};

// prettier-ignore
const screens: Record<string, Screen> = {
  Patient:          { group: 'Front desk', title: 'name', list: ['uhid', 'name', 'phone', 'gender', 'dateOfBirth', 'city', 'createdAt'], filter: ['uhid', 'name', 'phone', 'gender', 'city', 'abhaNumber', 'createdAt'], readOnly: ['uhid', 'importJobId', 'portalEnabled', 'mergedIntoId', 'mergedAt'] },
  Appointment:      { group: 'Front desk', sort: { sortBy: 'slotStart', direction: 'desc' }, list: ['slotStart', 'patientId', 'doctorId', 'status', 'tokenNo', 'source'], filter: ['visitDate', 'doctorId', 'patientId', 'status'], readOnly: ['patientId', 'doctorId', 'slotStart', 'slotEnd', 'visitDate', 'status', 'source', 'tokenNo', 'bookedById', 'checkedInAt', 'seenAt', 'cancelledAt', 'cancelReason'] },
  Doctor:           { group: 'OPD', title: 'name', sort: byTitle('name'), list: ['name', 'departmentId', 'registrationNo', 'consultationFee', 'isActive'], filter: ['name', 'departmentId', 'isActive'] },
  DoctorSchedule:   { group: 'OPD', list: ['doctorId', 'weekday', 'startTime', 'endTime', 'slotMinutes', 'isActive'], filter: ['doctorId', 'weekday'] },
  DoctorLeave:      { group: 'OPD', list: ['doctorId', 'startDate', 'endDate', 'reason'], filter: ['doctorId', 'startDate'] },
  Department:       { group: 'OPD', title: 'name', sort: byTitle('name'), list: ['code', 'name', 'isActive'] },
  Ward:             { group: 'IPD', title: 'name', sort: byTitle('name'), list: ['code', 'name', 'category', 'admits', 'minAgeYears', 'maxAgeYears', 'dailyRate', 'isActive'] },
  Bed:              { group: 'IPD', title: 'bedNumber', list: ['bedNumber', 'wardId', 'status'], filter: ['wardId', 'status'], readOnly: ['status'] },
  Admission:        { group: 'IPD', title: 'admissionNo', list: ['admissionNo', 'patientId', 'bedId', 'doctorId', 'status', 'admittedAt'], filter: ['admissionNo', 'patientId', 'status', 'admittedAt'], readOnly: ['admissionNo', 'patientId', 'bedId', 'status', 'admittedAt', 'dischargedAt', 'dischargeSummary'] },
  AdmissionBedStay: { group: 'IPD', list: ['admissionId', 'bedId', 'dailyRate', 'fromTime', 'toTime', 'wardRuleOverride'] },
  Service:          { group: 'Billing', title: 'name', sort: byTitle('name'), list: ['code', 'name', 'category', 'price', 'gstRate', 'isActive'], filter: ['code', 'name', 'category', 'isActive'] },
  Invoice:          { group: 'Billing', title: 'number', list: ['number', 'patientId', 'status', 'total', 'amountPaid', 'issuedAt'], filter: ['number', 'patientId', 'status', 'issuedAt'], readOnly: ['number', 'kind', 'fiscalYear', 'patientId', 'appointmentId', 'admissionId', 'originalInvoiceId', 'status', 'placeOfSupply', 'interState', 'subtotal', 'discountTotal', 'taxableTotal', 'cgstTotal', 'sgstTotal', 'igstTotal', 'roundOff', 'total', 'amountPaid', 'cancelReason', 'issuedAt', 'cancelledAt', 'createdById'] },
  InvoiceLine:      { group: 'Billing', list: ['invoiceId', 'description', 'quantity', 'unitPrice', 'gstRate', 'lineTotal'] },
  Payment:          { group: 'Billing', title: 'receiptNo', list: ['receiptNo', 'invoiceId', 'method', 'amount', 'status', 'receivedAt'], filter: ['receiptNo', 'method', 'status', 'receivedAt'] },
  Refund:           { group: 'Billing', title: 'refundNo', list: ['refundNo', 'invoiceId', 'amount', 'status', 'createdAt'] },
  Deposit:          { group: 'Billing', title: 'receiptNo', list: ['receiptNo', 'patientId', 'amount', 'method', 'status', 'receivedAt'] },
  Drug:             { group: 'Pharmacy', title: 'name', sort: byTitle('name'), list: ['code', 'name', 'genericName', 'form', 'gstRate', 'reorderLevel', 'isActive'], filter: ['code', 'name', 'genericName', 'isActive'] },
  DrugBatch:        { group: 'Pharmacy', title: 'batchNo', list: ['drugId', 'batchNo', 'expiryDate', 'quantity', 'mrp'], filter: ['drugId', 'batchNo', 'expiryDate'], readOnly: ['drugId', 'batchNo', 'expiryDate', 'quantity', 'receivedAt'] },
  StockMovement:    { group: 'Pharmacy', list: ['batchId', 'type', 'quantity', 'createdById', 'createdAt'], filter: ['batchId', 'type', 'createdAt'] },
  Dispensation:     { group: 'Pharmacy', list: ['patientId', 'drugId', 'quantity', 'unitPrice', 'dispensedAt'] },
  BillableItem:     { group: 'Billing', list: ['patientId', 'source', 'description', 'quantity', 'unitPrice', 'gstRate', 'invoiceLineId', 'createdAt'], filter: ['patientId', 'source', 'createdAt'] },
  LabTest:          { group: 'Laboratory', title: 'name', sort: byTitle('name'), list: ['code', 'name', 'sampleType', 'unit', 'refRangeLow', 'refRangeHigh', 'isActive'] },
  LabOrder:         { group: 'Laboratory', title: 'orderNo', list: ['orderNo', 'patientId', 'labTestId', 'status', 'orderedAt'], filter: ['orderNo', 'patientId', 'status', 'orderedAt'] },
  LabResult:        { group: 'Laboratory', list: ['labOrderId', 'parameter', 'value', 'unit', 'isAbnormal', 'verifiedAt'] },
  Encounter:        { group: 'Clinical', list: ['startedAt', 'patientId', 'doctorId', 'kind', 'status'], filter: ['patientId', 'doctorId', 'status', 'startedAt'] },
  Vitals:           { group: 'Clinical', list: ['recordedAt', 'patientId', 'systolic', 'diastolic', 'pulse', 'temperatureC', 'spo2', 'flags'], filter: ['patientId', 'recordedAt'] },
  EncounterDiagnosis: { group: 'Clinical', list: ['encounterId', 'icd10Code', 'text', 'certainty', 'createdAt'] },
  Allergy:          { group: 'Clinical', list: ['patientId', 'kind', 'substance', 'reaction', 'severity', 'isActive'], filter: ['patientId', 'kind', 'isActive'] },
  ChronicCondition: { group: 'Clinical', list: ['patientId', 'icd10Code', 'text', 'since', 'isActive'], filter: ['patientId', 'isActive'] },
  Prescription:     { group: 'Clinical', list: ['createdAt', 'patientId', 'doctorId', 'encounterId'], filter: ['patientId', 'doctorId', 'createdAt'] },
  PrescriptionItem: { group: 'Clinical', list: ['prescriptionId', 'drugId', 'dose', 'frequency', 'durationDays', 'quantity', 'dispensed', 'status'], filter: ['prescriptionId', 'drugId', 'status'] },
  NursingNote:      { group: 'Clinical', list: ['writtenAt', 'admissionId', 'patientId', 'text', 'writtenById'], filter: ['admissionId', 'patientId', 'writtenAt'] },
  MedicationDose:   { group: 'Clinical', list: ['scheduledAt', 'patientId', 'prescriptionItemId', 'status', 'recordedAt', 'reason'], filter: ['admissionId', 'patientId', 'status', 'scheduledAt'] },
  DischargeSummary: { group: 'Clinical', list: ['admissionId', 'patientId', 'doctorId', 'status', 'signedAt'], filter: ['admissionId', 'patientId', 'status'] },
  Icd10Code:        { group: 'Clinical', title: 'title', sort: byTitle('code'), list: ['code', 'title'], filter: ['code', 'title'] },
  User:             { group: 'Administration', title: 'name', sort: byTitle('name'), list: ['name', 'email', 'role', 'isActive', 'lastLoginAt'], filter: ['name', 'email', 'role', 'isActive'], readOnly: ['lastLoginAt'] },
  Holiday:          { group: 'OPD', title: 'name', list: ['date', 'name'], sort: { sortBy: 'date', direction: 'desc' } },
  Sequence:         { group: 'Administration', title: 'name' },
  ImportJob:        { group: 'Administration', title: 'fileName', list: ['type', 'fileName', 'status', 'totalRows', 'rejectedRows', 'createdAt'] },
  JobWorker:        { group: 'Administration', title: 'id', list: ['id', 'host', 'pid', 'startedAt', 'lastSeenAt', 'stoppedAt'] },
  JobRun:           { group: 'Administration', title: 'task', list: ['task', 'jobId', 'attempt', 'outcome', 'error', 'finishedAt'] },
  Notification:     { group: 'Administration', title: 'template', list: ['template', 'channel', 'recipient', 'status', 'attempts', 'createdAt'] },
  ReportExport:     { group: 'Administration', title: 'report', list: ['report', 'status', 'rows', 'requestedBy', 'createdAt'] },
  // The list says what happened in words (the title: "Check in · Appointment #12"); the show page's Changes table has before → after.
  AuditLog:         { group: 'Administration', list: ['createdAt', 'userId', TITLE_PROPERTY, 'ip'], filter: ['userId', 'action', 'model', 'recordId', 'createdAt'], hidden: ['before', 'after'] },
};

const DEFAULT_SCREEN: Screen = { group: 'Administration' };

const roleOf = (context: ActionContext): Role | undefined => context.currentAdmin?.role as Role | undefined;

function allowed(model: string, verb: Verb) {
  return (context: ActionContext) => mayDo(roleOf(context), model, verb);
}

/** Foreign-key column → the relation field AdminJS shows as a link (patientId → patient). */
function relationFieldsByForeignKey(model: DatamodelModel): Map<string, string> {
  const byKey = new Map<string, string>();
  for (const field of model.fields) {
    const from = field.relationFromFields ?? [];
    if (field.kind === 'object' && from.length === 1 && from[0]) byKey.set(from[0], field.name);
  }
  return byKey;
}

/** Screens name columns as in the database (patientId); AdminJS shows the relation (patient). */
function screenProperties(model: DatamodelModel, names: string[] | undefined): string[] | undefined {
  const relations = relationFieldsByForeignKey(model);
  return names?.map((name) => relations.get(name) ?? name);
}

/** Read-only columns, and the relation links that stand for read-only key columns. */
function readOnlyNames(model: DatamodelModel, screen: Screen): string[] {
  return [...new Set([...(screen.readOnly ?? []), ...(screenProperties(model, screen.readOnly) ?? [])])];
}

function propertyOptions(
  model: DatamodelModel,
  datamodel: Datamodel,
  screen: Screen,
  components: Components,
): Record<string, PropertyOptions> {
  const options: Record<string, PropertyOptions> = {};
  const relations = relationFieldsByForeignKey(model);
  const readOnly = readOnlyNames(model, screen);
  for (const field of model.fields) {
    const option: PropertyOptions = {};
    // The raw key column duplicates its relation link: show only the link.
    if (relations.has(field.name)) option.isVisible = false;
    if (isMoney(field)) option.components = { list: components.Money, show: components.Money };
    if (field.type === 'DateTime') {
      option.components = { list: components.IstDateTime, show: components.IstDateTime };
      if (isCalendarDate(field)) option.type = 'date';
    }
    if (field.kind === 'enum') {
      const values = datamodel.enums.find((e) => e.name === field.type)?.values ?? [];
      option.availableValues = values.map((v) => ({ value: v.name, label: enumLabel(v.name) }));
    }
    if (SECRET_FIELDS.has(field.name)) option.isVisible = false;
    if (readOnly.includes(field.name) && !relations.has(field.name))
      option.isVisible = { list: true, filter: true, show: true, edit: false };
    if (screen.title === field.name && !titles[model.name]) option.isTitle = true;
    if (screen.hidden?.includes(field.name)) option.isVisible = false;
    if (Object.keys(option).length > 0) options[field.name] = option;
  }
  // A computed title (admin/hospitalResource.ts fills it): shown as the record's name, never as a column of its own.
  if (titles[model.name]) {
    const listed = screen.list?.includes(TITLE_PROPERTY) ?? false;
    options[TITLE_PROPERTY] = {
      isTitle: true,
      type: 'string',
      isVisible: { list: listed, show: false, edit: false, filter: false },
      isSortable: false,
    };
  }
  return options;
}

/** Refuses, for everyone, what the record's state forbids (an issued invoice is never deleted). */
function recordGuard(model: string, verb: 'update' | 'delete') {
  return (context: ActionContext) => {
    const records = [...(context.record ? [context.record] : []), ...(context.records ?? [])];
    return mayDo(roleOf(context), model, verb) && records.every((record) => fiscalRefusal(model, verb, record.params) === null);
  };
}

type ActionResult = { record?: { params?: Record<string, unknown> }; records?: Array<{ params?: Record<string, unknown> }> };

/** The reference pickers' search (a patient in a form or filter): indexed, a few matches, never a preload of the table. */
async function pickerSearch(request: ActionRequest, _response: unknown, context: ActionContext) {
  const query = String((request.params as { query?: unknown } | undefined)?.query ?? '');
  const records = await (context.resource as unknown as HospitalResource).pick(query);
  // A picker option is an id and a name: nothing else of the record travels.
  return {
    records: records.map((record) => {
      const { id, title, params } = record.toJSON(context.currentAdmin);
      return {
        id,
        title,
        params: { id: params.id, [TITLE_PROPERTY]: params[TITLE_PROPERTY] },
        populated: {},
        errors: {},
        baseError: null,
        recordActions: [],
        bulkActions: [],
      };
    }),
  };
}

type SavedAnswer = { record?: { id?: unknown; title?: unknown; errors?: Record<string, unknown> }; redirectUrl?: string; notice?: unknown };

/** After a record is created the clerk lands on it, its name and number in the notice ("Saved: Kavya Shinde · PH-000123"). */
async function landOnNewRecord<T>(response: T, _request: ActionRequest, context: ActionContext): Promise<T> {
  const answer = response as SavedAnswer;
  const saved = answer.record;
  if (!saved?.id || (saved.errors && Object.keys(saved.errors).length > 0) || !answer.redirectUrl) return response;
  answer.redirectUrl = context.h.recordActionUrl({ resourceId: context.resource.id(), recordId: String(saved.id), actionName: 'show' });
  answer.notice = { type: 'success', message: `Saved: ${String(saved.title ?? saved.id)}` };
  return response;
}

/** Secrets never leave the server, whatever an action put into its answer. */
async function withoutSecrets<T>(response: T): Promise<T> {
  const result = response as ActionResult;
  for (const params of [result.record?.params, ...(result.records ?? []).map((r) => r.params)]) {
    if (params) for (const secret of SECRET_FIELDS) delete params[secret];
  }
  return response;
}

type ListedAction = { name: string; custom?: unknown };
type ListedRecord = {
  params?: Record<string, unknown>;
  populated?: Record<string, ListedRecord | null>;
  recordActions?: ListedAction[];
  bulkActions?: ListedAction[];
};

/** The buttons a list row offers; a hospital operation is run from the record's own page, where its form is. */
const ROW_ACTIONS = new Set(['show', 'edit', 'delete']);

/**
 * A list row carries only what its columns show (a patient row was 4.8 KB with
 * every field, every referenced record whole and every operation's form): its
 * listed columns, id and title, its show/edit/delete buttons; a referenced
 * record only its id and title, which is all its link shows.
 */
function onlyListedColumns(columns: string[]) {
  const keep = new Set(['id', TITLE_PROPERTY, ...columns]);
  const listed = (key: string) => keep.has(key.split('.')[0] ?? key);
  const slim = (params: Record<string, unknown> | undefined, allow: (key: string) => boolean) =>
    params ? Object.fromEntries(Object.entries(params).filter(([key]) => allow(key))) : params;
  return async <T>(response: T): Promise<T> => {
    for (const record of (response as { records?: ListedRecord[] }).records ?? []) {
      record.params = slim(record.params, listed);
      record.recordActions = record.recordActions?.filter((action) => ROW_ACTIONS.has(action.name));
      for (const action of [...(record.recordActions ?? []), ...(record.bulkActions ?? [])]) delete action.custom;
      for (const [key, populated] of Object.entries(record.populated ?? {})) {
        if (!listed(key)) delete record.populated?.[key];
        else if (populated) {
          populated.params = slim(populated.params, (k) => k === 'id' || k === TITLE_PROPERTY);
          // Its link needs only to know that it may be opened.
          populated.recordActions = populated.recordActions?.filter((action) => action.name === 'show');
          populated.bulkActions = [];
        }
      }
    }
    return response;
  };
}

/** Hashes are never written from a form; a typed `password` is (as its hash, below). */
const STORED_SECRETS = new Set([...SECRET_FIELDS].filter((field) => field !== 'password'));

/**
 * Fields a screen does not offer for editing are also refused from a crafted
 * request: they are dropped from the payload before the record is saved.
 */
function withoutReadOnlyFields(readOnly: string[]) {
  return async (request: ActionRequest): Promise<ActionRequest> => {
    if (request.method !== 'post' || !request.payload) return request;
    const payload = Object.fromEntries(
      Object.entries(request.payload as Record<string, unknown>).filter(
        ([key]) => !readOnly.includes(key.split('.')[0] ?? key) && !STORED_SECRETS.has(key),
      ),
    );
    return { ...request, payload };
  };
}

/** Staff passwords: typed in a virtual `password` field, stored only as a bcrypt hash. */
async function hashPasswordField(request: ActionRequest, context: ActionContext): Promise<ActionRequest> {
  if (request.method !== 'post' || !request.payload) return request;
  const { password, ...rest } = request.payload as Record<string, unknown>;
  const creating = context.action.name === 'new';
  if (password === undefined || password === '') {
    if (creating) throw new ValidationError({ password: { message: 'Set a password for the new staff member' } });
    return { ...request, payload: rest };
  }
  try {
    return { ...request, payload: { ...rest, passwordHash: await hashNewStaffPassword(password) } };
  } catch (error) {
    if (error instanceof DomainError) throw new ValidationError({ password: { message: error.message } });
    throw error;
  }
}

function resourceOptions(
  model: DatamodelModel,
  datamodel: Datamodel,
  db: Db,
  deps: OperationDeps,
  components: Components,
  related: RelatedRecords,
): ResourceOptions {
  const name = model.name;
  const screen = screens[name] ?? DEFAULT_SCREEN;
  const guardFields = withoutReadOnlyFields([...readOnlyNames(model, screen), 'id', 'createdAt', 'updatedAt']);
  const options: ResourceOptions = {
    navigation: { name: screen.group, icon: groupIcons[screen.group] },
    properties: propertyOptions(model, datamodel, screen, components),
    actions: {
      list: { isAccessible: allowed(name, 'read'), after: withoutSecrets },
      show: { isAccessible: allowed(name, 'read'), after: withoutSecrets },
      search: { isAccessible: allowed(name, 'read'), handler: pickerSearch, after: withoutSecrets },
      new: { isAccessible: allowed(name, 'create'), before: guardFields, after: [withoutSecrets, landOnNewRecord] },
      edit: { isAccessible: recordGuard(name, 'update'), before: guardFields, after: withoutSecrets },
      delete: { isAccessible: recordGuard(name, 'delete'), after: withoutSecrets },
      bulkDelete: { isAccessible: recordGuard(name, 'delete'), after: withoutSecrets },
      related: relatedAction(related, name),
      ...operationActions(db, deps, name, components),
    },
  };
  // Only the references a list shows are looked up (admin/listAction.ts).
  (options.actions?.list as { handler?: unknown }).handler = listHandler;
  options.sort = screen.sort ?? NEWEST_FIRST;
  if (titles[name]) options.titleProperty = TITLE_PROPERTY;
  const listed = screenProperties(model, screen.list);
  if (listed) {
    options.listProperties = listed;
    const list = options.actions?.list as { after?: unknown } | undefined;
    if (list) list.after = [withoutSecrets, onlyListedColumns(listed)];
  }
  // Medical rows shown are an audited read, per patient (admin/clinicalReads.ts).
  if (CLINICAL_MODELS.has(name)) {
    for (const [action, page] of [
      ['list', 'list'],
      ['show', 'record page'],
    ] as const) {
      const hooked = options.actions?.[action] as { after?: unknown } | undefined;
      if (hooked) hooked.after = [...[hooked.after].flat(), auditClinicalReads(db, name, page)];
    }
  }
  // The filter drawer offers exactly what the server accepts (HospitalResource refuses the rest).
  const filterable = queryRules(model, screen).filterable;
  options.filterProperties = (screenProperties(model, screen.filter ?? screen.list) ?? []).filter((name) => filterable.has(name));
  if (name === 'Patient') {
    // The duplicate check's explicit way past it (admin/hospitalResource.ts CREATE_CHECKS).
    options.properties = {
      ...options.properties,
      // A state is picked by name; the two-digit GST code it stands for decides CGST+SGST or IGST.
      stateCode: { availableValues: STATE_CHOICES },
      [REGISTER_ANYWAY]: {
        type: 'boolean',
        isVisible: { list: false, filter: false, show: false, edit: true },
        description: 'Only when the form warns that this patient may already be registered, and you have checked it is someone else.',
      },
    };
  }
  if (name === 'User') {
    options.properties = {
      ...options.properties,
      password: { type: 'password', isVisible: { list: false, filter: false, show: false, edit: true } },
    };
    options.actions = {
      ...options.actions,
      // Secrets are stripped first, then the typed password becomes the hash.
      new: { isAccessible: allowed(name, 'create'), before: [guardFields, hashPasswordField], after: [withoutSecrets, landOnNewRecord] },
      edit: { isAccessible: recordGuard(name, 'update'), before: [guardFields, hashPasswordField], after: withoutSecrets },
    };
  }
  return options;
}

/**
 * What a list may be filtered and sorted by: the screen's filters (its list
 * columns when it names none) and its title; sorted by its columns, title, id
 * and creation time. Secrets never, whatever a screen says.
 */
export function queryRules(model: DatamodelModel, screen: Screen = screens[model.name] ?? DEFAULT_SCREEN): QueryRules {
  const withKeys = (names: string[]) => [...names, ...(screenProperties(model, names) ?? [])];
  const fields = new Set(model.fields.map((field) => field.name));
  const keep = (names: string[]) => new Set(names.filter((name) => fields.has(name) && !SECRET_FIELDS.has(name)));
  // The reference pickers search by the title (AdminJS's default title is the id or a "name"-like field).
  const title = [...(screen.title ? [screen.title] : []), 'id', 'name', 'title', 'email', 'subject'];
  return {
    filterable: keep(withKeys([...(screen.filter ?? screen.list ?? []), ...title])),
    sortable: keep(withKeys([...(screen.list ?? []), ...title, 'id', 'createdAt', ...(screen.sort ? [screen.sort.sortBy] : [])])),
    title: titles[model.name],
    pickBy: pickers[model.name] ?? (screen.title ? { title: screen.title } : undefined),
  };
}

/** Every action a resource offers must be named in admin/access.ts: deny by default, checked at start-up. */
function assertEveryActionHasRoles(model: string, options: ResourceOptions): void {
  const missing = Object.keys(options.actions ?? {}).filter((action) => rolesForAction(model, action) === undefined);
  if (missing.length > 0) throw new Error(`admin/access.ts names no roles for ${model} actions: ${missing.join(', ')}`);
}

/** Names of the models shown in the back-office: every model but the internal tables. */
export function backOfficeModelNames(datamodel: Datamodel): string[] {
  return datamodel.models.map((m) => m.name).filter((name) => !INTERNAL_MODELS.has(name));
}

export function buildResources(datamodel: Datamodel, db: Db, deps: OperationDeps, components: Components): ResourceWithOptions[] {
  const clientModule = { Prisma: { dmmf: { datamodel } } };
  const related = new RelatedRecords(db, datamodel, '/admin');
  return datamodel.models
    .filter((model) => !INTERNAL_MODELS.has(model.name))
    .map((model) => {
      const options = resourceOptions(model, datamodel, db, deps, components, related);
      assertEveryActionHasRoles(model.name, options);
      const rules = queryRules(model);
      return { resource: { model: getModelByName(model.name, clientModule), client: db, clientModule, rules }, options };
    });
}
