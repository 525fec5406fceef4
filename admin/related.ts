/**
 * What a show page carries under the record itself: an invoice its lines,
 * payments, refunds and credit notes; an admission its bed stays, deposits
 * and bills; a patient the whole file — visits, admissions, bills and dues,
 * payments, lab results, medicines. Served by the hidden record action
 * `related` (admin/components/RecordFile.tsx shows it) and read through the
 * same access table as every screen: a section whose records the role may
 * not read is left out, a column that needs another table is left out too,
 * and clinical rows shown are an audited read.
 */
import { Prisma, type Role } from '@prisma/client';
import type { ActionContext, ActionRequest, ActionResponse } from 'adminjs';
import type { Db } from '../src/config/db.js';
import { describeChanges, patientAccessHistory, recordAudit } from '../src/modules/audit/service.js';
import { referenceRange } from '../src/modules/lab/service.js';
import { ownersOfRecords } from '../src/modules/clinical/service.js';
import { rupeesText } from '../src/modules/money.js';
import { istText } from '../src/time.js';
import { mayDo } from './access.js';
import { currentActor } from './auditContext.js';
import type { Datamodel, DatamodelModel } from './dmmf.js';
import { isCalendarDate, isMoney } from './dmmf.js';
import { propertyLabel } from './labels.js';
import { enumLabel, titles } from './titles.js';

type Row = Record<string, unknown>;

/** A column of a section: a field of the row (formatted by its type) or a computed text. */
type Column = string | { label: string; text: (row: Row) => string; needs?: string };

interface Section {
  key: string;
  label: string;
  model: string;
  where: (id: number) => Row;
  columns: Column[];
  include?: Row;
  orderBy?: Row;
  /** The list filter that shows all of them ("See all"), when the list can be filtered so. */
  listFilter?: string;
  /** A row to flag for the eye (an abnormal result). */
  alert?: (row: Row) => boolean;
  /** A line under the heading (what the patient owes). */
  summary?: (db: Db, id: number) => Promise<string | null>;
  /** Medical data: showing it is recorded in the audit trail. */
  clinical?: boolean;
}

/** A section computed from the record itself rather than from a child table (an audit row's changes). */
interface DerivedSection {
  key: string;
  label: string;
  model: string;
  load: (db: Db, id: number) => Promise<{ columns: string[]; rows: string[][] }>;
  /** What the page says when there is nothing to show. */
  empty: string;
}

/** How many rows a section shows; "See all" opens the filtered list for the rest. */
const SECTION_ROWS = 20;

const text = (value: unknown) => (value === null || value === undefined ? '' : String(value));
const decimal = (value: unknown) => new Prisma.Decimal(text(value) || '0');
const OPEN_BILL = ['ISSUED', 'PARTIALLY_PAID'];

/** What is still to be paid on an issued bill (credit notes and drafts owe nothing). */
const dueOn = (row: Row) =>
  row.kind === 'INVOICE' && OPEN_BILL.includes(text(row.status)) ? rupeesText(decimal(row.total).minus(decimal(row.amountPaid))) : '—';

const range = (row: Row) => referenceRange(row.refRangeLow as Prisma.Decimal | null, row.refRangeHigh as Prisma.Decimal | null);

/** A lab order's results in one line, abnormal ones marked ("Haemoglobin 9.1 g/dL ▲ abnormal"). */
function resultsLine(row: Row): string {
  const results = (row.results as Row[] | undefined) ?? [];
  if (results.length === 0) return '—';
  return results
    .map((r) => `${text(r.parameter)} ${text(r.value)} ${text(r.unit)}`.trim() + (r.isAbnormal ? ' (abnormal)' : ''))
    .join('; ');
}

async function patientDues(db: Db, patientId: number): Promise<string | null> {
  const open = await db.invoice.aggregate({
    where: { patientId, kind: 'INVOICE', status: { in: ['ISSUED', 'PARTIALLY_PAID'] } },
    _sum: { total: true, amountPaid: true },
    _count: true,
  });
  if (open._count === 0) return 'Nothing due.';
  const due = decimal(open._sum.total).minus(decimal(open._sum.amountPaid));
  return `Due on ${open._count} open bill(s): ${rupeesText(due)}`;
}

const payments = (where: (id: number) => Row): Section => ({
  key: 'payments',
  label: 'Payments',
  model: 'Payment',
  where,
  columns: ['receivedAt', 'method', 'amount', 'status', 'reference'],
});

const bills = (where: (id: number) => Row, listFilter?: string): Section => ({
  key: 'bills',
  label: 'Bills',
  model: 'Invoice',
  where,
  listFilter,
  columns: ['status', 'issuedAt', 'total', 'amountPaid', { label: 'Due', text: dueOn }],
});

const deposits = (where: (id: number) => Row): Section => ({
  key: 'deposits',
  label: 'Advance deposits',
  model: 'Deposit',
  where,
  columns: ['receivedAt', 'method', 'amount', 'status'],
});

const labOrders = (where: (id: number) => Row, listFilter?: string): Section => ({
  key: 'labOrders',
  label: 'Lab tests and results',
  model: 'LabOrder',
  where,
  listFilter,
  include: { results: { orderBy: { parameter: 'asc' } } },
  columns: ['orderedAt', 'status', { label: 'Results', text: resultsLine, needs: 'LabResult' }],
  alert: (row) => ((row.results as Row[] | undefined) ?? []).some((r) => r.isAbnormal === true),
  clinical: true,
});

const medicines = (where: (id: number) => Row): Section => ({
  key: 'medicines',
  label: 'Medicines dispensed',
  model: 'Dispensation',
  where,
  orderBy: { dispensedAt: 'desc' },
  columns: ['dispensedAt', 'quantity', 'unitPrice'],
  clinical: true,
});

// prettier-ignore
const sections: Record<string, Section[]> = {
  Patient: [
    { key: 'visits', label: 'OPD visits', model: 'Appointment', where: (id) => ({ patientId: id }), listFilter: 'patient', orderBy: { slotStart: 'desc' }, columns: ['status', 'tokenNo', 'reason'] },
    { key: 'admissions', label: 'Admissions', model: 'Admission', where: (id) => ({ patientId: id }), columns: ['admittedAt', 'dischargedAt', 'status', 'diagnosis'], clinical: true },
    { ...bills((id) => ({ patientId: id }), 'patient'), summary: patientDues },
    payments((id) => ({ invoice: { patientId: id } })),
    deposits((id) => ({ patientId: id })),
    labOrders((id) => ({ patientId: id }), 'patient'),
    { key: 'prescriptions', label: 'Prescriptions', model: 'Prescription', where: (id) => ({ patientId: id }), listFilter: 'patient', include: { items: { include: { drug: { select: { name: true } } } } }, columns: [{ label: 'Drugs', text: (r) => ((r.items as Array<{ drug?: { name?: string }; frequency?: string }> | undefined) ?? []).map((i) => `${text(i.drug?.name)} ${text(i.frequency)}`).join('; ') }], clinical: true },
    { key: 'dischargeSummaries', label: 'Discharge summaries', model: 'DischargeSummary', where: (id) => ({ patientId: id }), listFilter: 'patient', include: { admission: { select: { admissionNo: true } } }, columns: [{ label: 'Admission', text: (r) => text((r.admission as Row | undefined)?.admissionNo) }, 'status', 'conditionAtDischarge', 'signedAt'], clinical: true },
    medicines((id) => ({ patientId: id })),
  ],
  Invoice: [
    { key: 'lines', label: 'Lines', model: 'InvoiceLine', where: (id) => ({ invoiceId: id }), orderBy: { id: 'asc' }, columns: ['sacCode', 'quantity', 'unitPrice', 'discount', 'taxableValue', 'gstRate', 'cgst', 'sgst', 'igst', 'lineTotal'] },
    payments((id) => ({ invoiceId: id })),
    { key: 'refunds', label: 'Refunds', model: 'Refund', where: (id) => ({ invoiceId: id }), columns: ['createdAt', 'amount', 'status', 'reason'] },
    { key: 'creditNotes', label: 'Credit notes', model: 'Invoice', where: (id) => ({ originalInvoiceId: id }), columns: ['issuedAt', 'total', 'cancelReason'] },
    { ...deposits((id) => ({ appliedInvoiceId: id })), label: 'Advance deposits applied' },
  ],
  Admission: [
    { key: 'stays', label: 'Bed stays', model: 'AdmissionBedStay', where: (id) => ({ admissionId: id }), include: { bed: { include: { ward: true } } }, orderBy: { fromTime: 'asc' }, columns: [{ label: 'Bed', text: (r) => `${text((r.bed as { ward?: Row } | undefined)?.ward?.name)} · bed ${text((r.bed as Row | undefined)?.bedNumber)}` }, 'fromTime', 'toTime', 'dailyRate', 'wardRuleOverride'] },
    deposits((id) => ({ admissionId: id })),
    bills((id) => ({ admissionId: id })),
    labOrders((id) => ({ admissionId: id })),
    medicines((id) => ({ admissionId: id })),
    // The ward's clinical record (clinical/ward.ts, mar.ts, discharge.ts): doctors and nurses only.
    { key: 'dischargeSummary', label: 'Discharge summary', model: 'DischargeSummary', where: (id) => ({ admissionId: id }), columns: ['status', 'conditionAtDischarge', 'followUpDate', 'signedAt'], clinical: true },
    { key: 'wardVitals', label: 'Vitals chart', model: 'Vitals', where: (id) => ({ admissionId: id }), orderBy: { recordedAt: 'desc' }, columns: ['recordedAt', 'systolic', 'diastolic', 'pulse', 'temperatureC', 'spo2', 'respiratoryRate', { label: 'Outside normal', text: (r) => ((r.flags as string[] | undefined) ?? []).join(', ') || '—' }], alert: (row) => ((row.flags as string[] | undefined) ?? []).length > 0, clinical: true },
    { key: 'doses', label: 'Medication administration', model: 'MedicationDose', where: (id) => ({ admissionId: id, status: { not: 'CANCELLED' } }), include: { item: { include: { drug: true } } }, orderBy: { scheduledAt: 'desc' }, columns: [{ label: 'Drug', text: (r) => text(((r.item as Row | undefined)?.drug as Row | undefined)?.name) }, 'scheduledAt', 'status', 'recordedAt', 'reason'], alert: (row) => row.status === 'SCHEDULED' && new Date(text(row.scheduledAt)).getTime() < Date.now() - 30 * 60_000, clinical: true },
    { key: 'nursingNotes', label: 'Nursing notes', model: 'NursingNote', where: (id) => ({ admissionId: id }), orderBy: { writtenAt: 'desc' }, columns: ['writtenAt', 'text'], clinical: true },
    { key: 'rounds', label: 'Ward rounds', model: 'Encounter', where: (id) => ({ admissionId: id, kind: 'IPD_ROUND' }), orderBy: { startedAt: 'desc' }, columns: ['startedAt', 'status', 'examination', 'advice'], clinical: true },
  ],
  // What the pharmacist dispenses against: each drug with what was prescribed, handed over and what remains.
  Prescription: [
    { key: 'items', label: 'Drugs', model: 'PrescriptionItem', where: (id) => ({ prescriptionId: id }), orderBy: { id: 'asc' }, columns: ['dose', 'frequency', 'route', 'durationDays', 'quantity', 'dispensed', { label: 'Remaining', text: (r) => String(Number(r.quantity) - Number(r.dispensed)) }, 'status', 'overrideReason'], clinical: true },
  ],
  Appointment: [
    labOrders((id) => ({ appointmentId: id })),
    bills((id) => ({ appointmentId: id })),
    medicines((id) => ({ appointmentId: id })),
  ],
  LabOrder: [
    { key: 'results', label: 'Results', model: 'LabResult', where: (id) => ({ labOrderId: id }), orderBy: { parameter: 'asc' }, columns: ['value', 'unit', { label: 'Normal range', text: range }, { label: 'Flag', text: (r) => (r.isAbnormal ? 'Abnormal' : 'Normal') }, 'verifiedAt'], alert: (row) => row.isAbnormal === true, clinical: true },
  ],
};

/** An audit row's changes, field by field: before → after. */
const derived: Record<string, DerivedSection[]> = {
  Patient: [
    {
      key: 'accessHistory',
      label: 'Access history (who opened this clinical record)',
      model: 'AuditLog',
      load: async (db, id) => {
        const rows = await patientAccessHistory(db, id);
        return { columns: ['When', 'Who', 'What', 'From'], rows: rows.map((r) => [istText(r.at), r.who, r.what, r.ip ?? '—']) };
      },
      empty: 'Nobody has opened this clinical record yet.',
    },
  ],
  AuditLog: [
    {
      key: 'changes',
      label: 'Changes',
      model: 'AuditLog',
      load: async (db, id) => {
        const entry = await db.auditLog.findUnique({ where: { id } });
        const changes = entry ? describeChanges(entry.before, entry.after, (at) => istText(at)) : [];
        return { columns: ['Field', 'Before', 'After'], rows: changes.map((c) => [propertyLabel(c.field), c.before, c.after]) };
      },
      empty: 'No field values were recorded for this entry.',
    },
  ],
};

export interface RelatedRow {
  id: string;
  title: string;
  href: string | null;
  cells: string[];
  alert: boolean;
}

export interface RelatedSection {
  key: string;
  label: string;
  columns: string[];
  rows: RelatedRow[];
  /** There are more than the rows shown. */
  more: boolean;
  listHref: string | null;
  summary: string | null;
}

type Delegate = { findMany(args: { where: Row; take: number; orderBy: Row; include?: Row }): Promise<Row[]> };

const lowerFirst = (name: string) => name.charAt(0).toLowerCase() + name.slice(1);

/** A field's value as the hospital writes it: ₹ amounts, IST dates, enum words, Yes/No. */
function cellText(model: DatamodelModel | undefined, field: string, value: unknown): string {
  if (value === null || value === undefined || value === '') return '—';
  const spec = model?.fields.find((f) => f.name === field);
  if (spec && isMoney(spec)) return rupeesText(text(value));
  if (value instanceof Date) return istText(value, spec ? isCalendarDate(spec) : false);
  if (typeof value === 'boolean') return value ? 'Yes' : 'No';
  if (spec?.kind === 'enum') return enumLabel(text(value));
  return text(value);
}

export class RelatedRecords {
  private readonly models: Map<string, DatamodelModel>;

  constructor(
    private readonly db: Db,
    datamodel: Datamodel,
    private readonly rootPath: string,
  ) {
    this.models = new Map(datamodel.models.map((m) => [m.name, m]));
  }

  /** The sections a role sees under a record of `model`. */
  async of(model: string, id: number, role: Role | undefined): Promise<RelatedSection[]> {
    const readable = (name: string) => mayDo(role, name, 'read');
    const served = (sections[model] ?? []).filter((section) => readable(section.model));
    const answers = await Promise.all(served.map((section) => this.section(section, id, readable)));
    const clinical = served.filter((section, i) => section.clinical && (answers[i]?.rows.length ?? 0) > 0);
    if (clinical.length > 0) await this.auditClinicalRead(model, id, clinical, answers);
    const computed = await Promise.all((derived[model] ?? []).filter((d) => readable(d.model)).map((d) => this.derivedSection(d, id)));
    return [...computed, ...answers];
  }

  private async section(section: Section, id: number, readable: (model: string) => boolean): Promise<RelatedSection> {
    const model = this.models.get(section.model);
    const title = titles[section.model];
    const include = { ...(title?.include ?? {}), ...(section.include ?? {}) };
    const delegate = (this.db as unknown as Record<string, Delegate>)[lowerFirst(section.model)] as Delegate;
    const found = await delegate.findMany({
      where: section.where(id),
      take: SECTION_ROWS + 1,
      orderBy: section.orderBy ?? { id: 'desc' },
      ...(Object.keys(include).length > 0 ? { include } : {}),
    });
    const columns = section.columns.filter((column) => typeof column === 'string' || !column.needs || readable(column.needs));
    const rows = found.slice(0, SECTION_ROWS).map((row) => ({
      id: text(row.id),
      title: title ? title.text(row) : `#${text(row.id)}`,
      href: `${this.rootPath}/resources/${section.model}/records/${text(row.id)}/show`,
      cells: columns.map((column) => (typeof column === 'string' ? cellText(model, column, row[column]) : column.text(row))),
      alert: section.alert?.(row) ?? false,
    }));
    return {
      key: section.key,
      label: section.label,
      columns: columns.map((column) => (typeof column === 'string' ? propertyLabel(column) : column.label)),
      rows,
      more: found.length > SECTION_ROWS,
      listHref: section.listFilter ? `${this.rootPath}/resources/${section.model}?filters.${section.listFilter}=${id}` : null,
      summary: (await section.summary?.(this.db, id)) ?? null,
    };
  }

  private async derivedSection(section: DerivedSection, id: number): Promise<RelatedSection> {
    const { columns, rows } = await section.load(this.db, id);
    return {
      key: section.key,
      label: section.label,
      columns: columns.slice(1),
      rows: rows.map((cells, i) => ({ id: String(i), title: cells[0] ?? '', href: null, cells: cells.slice(1), alert: false })),
      more: false,
      listHref: null,
      summary: rows.length === 0 ? section.empty : null,
    };
  }

  /** Who looked at which medical records, and where from (a patient's file, a lab order). */
  private async auditClinicalRead(model: string, id: number, shown: Section[], answers: RelatedSection[]): Promise<void> {
    const seen = Object.fromEntries(
      shown.map((section) => [section.model, answers.find((a) => a.key === section.key)?.rows.map((r) => Number(r.id)) ?? []]),
    );
    const [owner] = await ownersOfRecords(this.db, model, [id]);
    await recordAudit(this.db, currentActor(), {
      action: 'READ',
      model,
      recordId: String(id),
      patientId: owner?.patientId ?? null,
      after: { shown: seen },
    });
  }
}

/** The hidden record action every resource has: its show page's related records (admin/components/RecordFile.tsx). */
export function relatedAction(related: RelatedRecords, model: string) {
  return {
    actionType: 'record' as const,
    isVisible: false,
    component: false as const,
    isAccessible: (context: ActionContext) => mayDo(context.currentAdmin?.role as Role | undefined, model, 'read'),
    handler: async (_request: ActionRequest, _response: unknown, context: ActionContext): Promise<ActionResponse> => {
      const { record, currentAdmin } = context;
      const id = Number(record?.id() ?? NaN);
      const answer = Number.isInteger(id) ? await related.of(model, id, currentAdmin?.role as Role | undefined) : [];
      return { record: record?.toJSON(currentAdmin), sections: answer } as unknown as ActionResponse;
    },
  };
}
