/**
 * The hospital's operations as back-office actions. Each one only reads the
 * form, calls its service in src/modules, and turns the outcome into a notice:
 * no rule lives here. Roles come from operationRoles in admin/access.ts.
 */
import type { Role } from '@prisma/client';
import type { ActionContext, ActionRequest, ActionResponse, ResourceOptions } from 'adminjs';
import type { Db } from '../../src/config/db.js';
import type { Actor } from '../../src/modules/actor.js';
import {
  admitPatient,
  dischargePatient,
  markBedReady,
  markCreditPending,
  prepareFinalBill,
  transferBed,
} from '../../src/modules/admissions/service.js';
import {
  bookAppointment,
  cancelAppointment,
  checkInAppointment,
  freeSlots,
  markNoShow,
  markSeen,
  rescheduleAppointment,
} from '../../src/modules/appointments/service.js';
import {
  cancelLabOrder,
  collectSample,
  enterResults,
  orderLabTest,
  releaseResults,
  resultsForReview,
  verifyResults,
} from '../../src/modules/lab/service.js';
import { checkInAndCollectFee } from '../../src/modules/appointments/collectFee.js';
import { mergePatients, undoPatientMerge } from '../../src/modules/patients/merge.js';
import { adjustStock, dispenseDrug, receiveStock, returnToStock, writeOffExpiredBatch } from '../../src/modules/pharmacy/service.js';
import { DOCUMENT_TITLE } from '../../src/modules/billing/documents.js';
import {
  addServiceToDraft,
  cancelInvoice,
  draftInvoice,
  issueInvoice,
  setBillRecipient,
  type BillingEnv,
} from '../../src/modules/billing/invoices.js';
import type { Gateway } from '../../src/modules/payments/razorpay.js';
import { refundDeposit, refundPayment } from '../../src/modules/payments/refunds.js';
import { applyDeposit, recordPayment, takeDeposit } from '../../src/modules/payments/service.js';
import { istDate } from '../../src/time.js';
import { mayRunOperation } from '../access.js';
import { currentActor } from '../auditContext.js';
import type { Components } from '../components.js';
import { noticeFor } from '../notices.js';

type Values = Record<string, string | undefined>;
type Option = { value: string; label: string };

/** A field of an operation's form (rendered by admin/components/OperationForm.tsx). */
export interface Field {
  name: string;
  label: string;
  type: 'text' | 'textarea' | 'number' | 'date' | 'select';
  required?: boolean;
  dependsOn?: string[];
  hint?: string;
}

interface Operation {
  name: string;
  label: string;
  icon: string;
  actionType?: 'record' | 'resource';
  intro?: string;
  fields?: Field[];
  /** A document to open instead of a form to submit ("{id}" is the record id). */
  link?: string;
  /** When the button is offered, from the record's fields (the service still decides). */
  offeredWhen?: (params: Record<string, unknown>) => boolean;
  choices?: (db: Db, values: Values, recordId: number) => Promise<Record<string, Option[]>>;
  /** What the person must read before confirming (the results a verifier signs for). */
  review?: (db: Db, recordId: number) => Promise<Review>;
  /** The notice; or the notice and the record the clerk continues on (a new draft bill). */
  run: (db: Db, actor: Actor, values: Values, recordId: number, deps: OperationDeps) => Promise<string | Outcome>;
}

/** A table shown above an operation's button (admin/components/OperationForm.tsx). */
export interface Review {
  heading: string;
  columns: string[];
  rows: Array<{ cells: string[]; alert: boolean }>;
}

/** What operations need beyond the database: the GST state rule, and Razorpay for its refunds. */
export interface OperationDeps {
  env: BillingEnv;
  gateway?: Gateway | undefined;
}

const timeOfDay = new Intl.DateTimeFormat('en-IN', { timeZone: 'Asia/Kolkata', hour: '2-digit', minute: '2-digit', hour12: true });

const choices = {
  async doctors(db: Db): Promise<Option[]> {
    const doctors = await db.doctor.findMany({ where: { isActive: true }, include: { department: true }, orderBy: { name: 'asc' } });
    return doctors.map((d) => ({ value: String(d.id), label: `${d.name} — ${d.department.name}` }));
  },
  async slots(db: Db, values: Values): Promise<Option[]> {
    if (!values.doctorId || !values.date) return [];
    const slots = await freeSlots(db, { doctorId: values.doctorId, date: values.date }).catch(() => []);
    return slots.map((s) => ({ value: s.start.toISOString(), label: timeOfDay.format(s.start) }));
  },
  async freeBeds(db: Db): Promise<Option[]> {
    const beds = await db.bed.findMany({
      where: { status: 'FREE', ward: { isActive: true } },
      include: { ward: true },
      orderBy: [{ wardId: 'asc' }, { bedNumber: 'asc' }],
    });
    return beds.map((b) => ({ value: String(b.id), label: `${b.ward.name} — ${b.bedNumber} (₹ ${b.ward.dailyRate.toFixed(2)}/day)` }));
  },
  async drugs(db: Db): Promise<Option[]> {
    const drugs = await db.drug.findMany({ where: { isActive: true }, orderBy: { name: 'asc' } });
    return drugs.map((d) => ({ value: String(d.id), label: `${d.name} (${d.code})` }));
  },
  async labTests(db: Db): Promise<Option[]> {
    const tests = await db.labTest.findMany({ where: { isActive: true, serviceId: { not: null } }, orderBy: { name: 'asc' } });
    return tests.map((t) => ({ value: String(t.id), label: `${t.name} (${t.code})` }));
  },
  /** The patient's OPD visits of the last week, to tie a prescription or a test to one. */
  async recentVisits(db: Db, patientId: number): Promise<Option[]> {
    const since = new Date(Date.now() - 7 * 86_400_000);
    const visits = await db.appointment.findMany({
      where: { patientId, status: { in: ['CHECKED_IN', 'SEEN'] }, slotStart: { gte: since } },
      include: { doctor: { select: { name: true } } },
      orderBy: { slotStart: 'desc' },
    });
    return visits.map((v) => ({ value: String(v.id), label: `${istDate(v.slotStart)} — ${v.doctor.name}` }));
  },
  async services(db: Db): Promise<Option[]> {
    const services = await db.service.findMany({ where: { isActive: true }, orderBy: { name: 'asc' } });
    return services.map((s) => ({
      value: String(s.id),
      label: `${s.name} (${s.code}) — ₹ ${s.price.toFixed(2)}, GST ${s.gstRate.toString()}%`,
    }));
  },
  async heldDeposits(db: Db, invoiceId: number): Promise<Option[]> {
    const invoice = await db.invoice.findUnique({ where: { id: invoiceId }, select: { patientId: true } });
    const deposits = invoice
      ? await db.deposit.findMany({ where: { patientId: invoice.patientId, status: 'HELD' }, orderBy: { id: 'asc' } })
      : [];
    return deposits.map((d) => ({ value: String(d.id), label: `${d.receiptNo} — ₹ ${d.amount.toFixed(2)}` }));
  },
  async administrators(db: Db): Promise<Option[]> {
    const admins = await db.user.findMany({ where: { role: 'ADMIN', isActive: true }, orderBy: { name: 'asc' } });
    return admins.map((a) => ({ value: String(a.id), label: a.name }));
  },
  paymentMethods: [
    { value: 'CASH', label: 'Cash' },
    { value: 'CARD', label: 'Card' },
    { value: 'UPI', label: 'UPI' },
    { value: 'INSURANCE', label: 'Insurance / TPA' },
  ] as Option[],
  depositMethods: [
    { value: 'CASH', label: 'Cash' },
    { value: 'CARD', label: 'Card' },
    { value: 'UPI', label: 'UPI' },
  ] as Option[],
};

/** The way past a ward's gender or age rule (src/modules/admissions/wardRules.ts): a reason, only when warned. */
const WARD_RULE_OVERRIDE: Field = {
  name: 'wardRuleOverride',
  label: 'Reason for a ward whose gender or age rule the patient does not meet',
  type: 'textarea',
  hint: 'Only when the form warns about the ward, e.g. "Female ward full tonight; curtained bed, moved in the morning"',
};

/** The record a patient was merged into (AdminJS names the key column by its relation). */
const mergedInto = (params: Record<string, unknown>) => params.mergedInto ?? params.mergedIntoId ?? null;

const status = (params: Record<string, unknown>) => String(params.status ?? '');

// prettier-ignore
/** What an operation made, to open next: "Generate bill" lands on the draft. */
interface Outcome {
  message: string;
  open: { model: string; id: number };
}

const onDraft = (invoice: { id: number; total: { toFixed(digits: number): string } }): Outcome => ({
  message: `Draft bill for ₹ ${invoice.total.toFixed(2)}: add services, then issue it`,
  open: { model: 'Invoice', id: invoice.id },
});

export const operations: Record<string, Operation[]> = {
  Invoice: [
    {
      name: 'addService',
      label: 'Add service',
      icon: 'PlusCircle',
      offeredWhen: (p) => status(p) === 'DRAFT',
      fields: [
        { name: 'serviceId', label: 'Service from the tariff', type: 'select', required: true },
        { name: 'quantity', label: 'Quantity', type: 'number', required: true },
        { name: 'discount', label: 'Discount (₹)', type: 'text' },
      ],
      choices: async (db) => ({ serviceId: await choices.services(db) }),
      run: async (db, actor, v, id) =>
        `Total now ₹ ${(await addServiceToDraft(db, actor, { invoiceId: id, serviceId: v.serviceId, quantity: v.quantity, discount: v.discount ?? '0' })).total.toFixed(2)}`,
    },
    {
      name: 'setRecipient',
      label: 'Bill to a GST-registered party',
      icon: 'Briefcase',
      offeredWhen: (p) => status(p) === 'DRAFT',
      intro:
        'For an insurer or a company registered under GST: its GSTIN and legal name print on the bill and it goes to GSTR-1 as B2B. Leave the GSTIN empty to bill the patient.',
      fields: [
        { name: 'gstin', label: 'GSTIN (15 characters)', type: 'text' },
        { name: 'legalName', label: 'Legal name as registered', type: 'text' },
        { name: 'address', label: 'Address', type: 'textarea' },
      ],
      run: async (db, actor, v, id) => {
        const invoice = await setBillRecipient(db, actor, {
          invoiceId: id,
          gstin: v.gstin ?? '',
          legalName: v.legalName || undefined,
          address: v.address || undefined,
        });
        return invoice.recipientGstin ? `Billed to ${invoice.recipientName} (GSTIN ${invoice.recipientGstin})` : 'Billed to the patient';
      },
    },
    {
      name: 'issue',
      label: 'Issue bill',
      icon: 'FileText',
      intro:
        'Give the bill its document type and number (tax invoice, bill of supply or invoice-cum-bill of supply). It cannot be edited afterwards.',
      offeredWhen: (p) => status(p) === 'DRAFT',
      run: async (db, actor, _v, id) => {
        const invoice = await issueInvoice(db, actor, { invoiceId: id });
        return `Issued ${DOCUMENT_TITLE[invoice.documentType ?? 'TAX_INVOICE'].toLowerCase()} ${invoice.number}`;
      },
    },
    {
      name: 'recordPayment',
      label: 'Record payment',
      icon: 'DollarSign',
      offeredWhen: (p) => ['ISSUED', 'PARTIALLY_PAID'].includes(status(p)) && p.kind === 'INVOICE',
      fields: [
        { name: 'method', label: 'Paid by', type: 'select', required: true },
        { name: 'amount', label: 'Amount (₹)', type: 'text', required: true },
        { name: 'reference', label: 'Card slip / UPI transaction / TPA claim no.', type: 'text' },
      ],
      choices: async () => ({ method: choices.paymentMethods }),
      run: async (db, actor, v, id) => {
        const payment = await recordPayment(db, actor, {
          invoiceId: id,
          method: v.method,
          amount: v.amount,
          reference: v.reference || undefined,
        });
        return `Received ₹ ${payment.amount.toFixed(2)}: receipt ${payment.receiptNo}`;
      },
    },
    {
      name: 'applyDeposit',
      label: 'Apply deposit',
      icon: 'Archive',
      offeredWhen: (p) => ['ISSUED', 'PARTIALLY_PAID'].includes(status(p)) && p.kind === 'INVOICE',
      fields: [{ name: 'depositId', label: "Patient's advance deposit", type: 'select', required: true }],
      choices: async (db, _v, id) => ({ depositId: await choices.heldDeposits(db, id) }),
      run: async (db, actor, v, id) =>
        `Applied ₹ ${(await applyDeposit(db, actor, { invoiceId: id, depositId: v.depositId })).amount.toFixed(2)} from the deposit`,
    },
    {
      name: 'printInvoice',
      label: 'Print invoice',
      icon: 'Printer',
      intro: 'Open the invoice as a PDF to print or send.',
      link: '/admin/invoices/{id}/pdf',
      offeredWhen: (p) => status(p) !== 'DRAFT',
      run: async () => 'Nothing to do: open the PDF',
    },
    {
      name: 'cancelWithCreditNote',
      label: 'Cancel with credit note',
      icon: 'XCircle',
      offeredWhen: (p) => status(p) === 'ISSUED' && p.kind === 'INVOICE',
      fields: [{ name: 'reason', label: 'Reason', type: 'textarea', required: true }],
      run: async (db, actor, v, id) =>
        `Cancelled; credit note ${(await cancelInvoice(db, actor, { invoiceId: id, reason: v.reason ?? '' })).creditNote.number}`,
    },
  ],
  Payment: [
    {
      name: 'printReceipt',
      label: 'Print receipt',
      icon: 'Printer',
      intro: 'Open the receipt as a PDF.',
      link: '/admin/receipts/{id}/pdf',
      run: async () => 'Nothing to do: open the PDF',
    },
    {
      name: 'refund',
      label: 'Refund',
      icon: 'CornerUpLeft',
      offeredWhen: (p) => status(p) === 'CAPTURED',
      fields: [
        { name: 'amount', label: 'Amount to refund (₹)', type: 'text', required: true },
        { name: 'reason', label: 'Reason', type: 'textarea', required: true },
        { name: 'approvedById', label: 'Approved by (administrator)', type: 'select', required: true },
      ],
      choices: async (db) => ({ approvedById: await choices.administrators(db) }),
      run: async (db, actor, v, id, { gateway }) => {
        const refund = await refundPayment(
          db,
          actor,
          { paymentId: id, amount: v.amount, reason: v.reason ?? '', approvedById: v.approvedById },
          { gateway },
        );
        if (refund.status === 'PROCESSED') return `Refund ${refund.refundNo} of ₹ ${refund.amount.toFixed(2)} recorded`;
        return refund.gatewayRefundId
          ? `Refund ${refund.refundNo} sent to Razorpay: it completes when the bank credits the patient`
          : `Refund ${refund.refundNo} sent, but Razorpay did not answer: it stays pending until Razorpay confirms or refuses it`;
      },
    },
  ],
  Patient: [
    {
      name: 'mergeDuplicate',
      label: 'Merge a duplicate into this record',
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
      icon: 'CornerUpLeft',
      offeredWhen: (p) => Boolean(mergedInto(p)),
      intro: 'Make this record a patient of its own again: what the merge moved goes back to it.',
      fields: [{ name: 'reason', label: 'Why the merge is undone', type: 'textarea', required: true }],
      run: async (db, actor, v, duplicateId) => {
        const undone = await undoPatientMerge(db, actor, { duplicateId, reason: v.reason ?? '' });
        return `${undone.duplicate.uhid} is a record of its own again (moved back from ${undone.kept.uhid})`;
      },
    },
    {
      name: 'generateBill',
      label: 'Generate bill',
      icon: 'CreditCard',
      intro: "Draft an invoice with all of the patient's unbilled items.",
      run: async (db, actor, _v, patientId, { env }) => {
        return onDraft(await draftInvoice(db, env, actor, { patientId }));
      },
    },
    {
      name: 'bookAppointment',
      label: 'Book appointment',
      icon: 'Calendar',
      fields: [
        { name: 'doctorId', label: 'Doctor', type: 'select', required: true },
        { name: 'date', label: 'Date', type: 'date', required: true },
        {
          name: 'slotStart',
          label: 'Free slot',
          type: 'select',
          required: true,
          dependsOn: ['doctorId', 'date'],
          hint: 'Choose the doctor and the date to see free slots',
        },
        { name: 'reason', label: 'Reason for visit', type: 'text' },
      ],
      choices: async (db, values) => ({ doctorId: await choices.doctors(db), slotStart: await choices.slots(db, values) }),
      run: async (db, actor, v, patientId) => {
        const appointment = await bookAppointment(db, actor, {
          patientId,
          doctorId: v.doctorId,
          slotStart: v.slotStart,
          reason: v.reason || undefined,
        });
        return `Booked for ${timeOfDay.format(appointment.slotStart)} on ${istDate(appointment.slotStart)}`;
      },
    },
    {
      name: 'admit',
      label: 'Admit',
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
    {
      name: 'dispense',
      label: 'Dispense drug',
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
    {
      name: 'orderLabTest',
      label: 'Order lab test',
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
  Appointment: [
    {
      name: 'checkIn',
      label: 'Check in',
      icon: 'LogIn',
      intro: 'Check the patient in and issue the next token.',
      offeredWhen: (p) => status(p) === 'BOOKED',
      run: async (db, actor, _v, id) => `Checked in: token ${(await checkInAppointment(db, actor, { appointmentId: id })).tokenNo}`,
    },
    {
      name: 'collectFee',
      label: 'Check in and collect fee',
      icon: 'DollarSign',
      intro: 'Check the patient in, bill the consultation and take the fee: the token and the receipt in one step.',
      offeredWhen: (p) => status(p) === 'BOOKED',
      fields: [
        { name: 'method', label: 'Paid by', type: 'select', required: true },
        { name: 'reference', label: 'Card slip / UPI transaction', type: 'text' },
      ],
      choices: async () => ({ method: choices.depositMethods }),
      run: async (db, actor, v, id, { env }) => {
        const done = await checkInAndCollectFee(db, env, actor, {
          appointmentId: id,
          method: v.method,
          reference: v.reference || undefined,
        });
        const token = `Checked in: token ${done.appointment.tokenNo}`;
        return done.payment
          ? `${token}. Received ₹ ${done.payment.amount.toFixed(2)}: receipt ${done.payment.receiptNo}`
          : `${token}. No fee for this visit.`;
      },
    },
    {
      name: 'printToken',
      label: 'Print token slip',
      icon: 'Printer',
      intro: 'Open the token slip to print for the patient.',
      link: '/admin/appointments/{id}/token',
      offeredWhen: (p) => ['CHECKED_IN', 'SEEN'].includes(status(p)),
      run: async () => 'Nothing to do: open the token slip',
    },
    {
      name: 'markSeen',
      label: 'Mark seen',
      icon: 'CheckCircle',
      intro: 'The doctor has seen this patient.',
      offeredWhen: (p) => status(p) === 'CHECKED_IN',
      run: async (db, actor, _v, id) => (await markSeen(db, actor, { appointmentId: id }), 'Marked as seen'),
    },
    {
      name: 'markNoShow',
      label: 'Mark no-show',
      icon: 'UserX',
      intro: 'The patient did not come.',
      offeredWhen: (p) => status(p) === 'BOOKED',
      run: async (db, actor, _v, id) => (await markNoShow(db, actor, { appointmentId: id }), 'Marked as no-show'),
    },
    {
      name: 'reschedule',
      label: 'Reschedule',
      icon: 'Clock',
      offeredWhen: (p) => status(p) === 'BOOKED',
      fields: [
        { name: 'date', label: 'New date', type: 'date', required: true },
        { name: 'slotStart', label: 'Free slot', type: 'select', required: true, dependsOn: ['date'] },
      ],
      choices: async (db, values) => ({ slotStart: await choices.slots(db, values) }),
      run: async (db, actor, v, id) =>
        `Moved to ${timeOfDay.format((await rescheduleAppointment(db, actor, { appointmentId: id, slotStart: v.slotStart })).slotStart)}`,
    },
    {
      name: 'cancelAppointment',
      label: 'Cancel appointment',
      icon: 'XCircle',
      offeredWhen: (p) => ['BOOKED', 'CHECKED_IN'].includes(status(p)),
      fields: [{ name: 'reason', label: 'Reason', type: 'textarea', required: true }],
      run: async (db, actor, v, id) => (
        await cancelAppointment(db, actor, { appointmentId: id, reason: v.reason ?? '' }),
        'Appointment cancelled'
      ),
    },
  ],
  Deposit: [
    {
      name: 'refundDeposit',
      label: 'Refund deposit',
      icon: 'CornerUpLeft',
      offeredWhen: (p) => status(p) === 'HELD',
      intro: 'Pay back an advance that is still held (what is left after the final bill). An administrator other than you approves it.',
      fields: [
        { name: 'reason', label: 'Reason', type: 'textarea', required: true },
        { name: 'approvedById', label: 'Approved by', type: 'select', required: true },
      ],
      choices: async (db) => ({ approvedById: await choices.administrators(db) }),
      run: async (db, actor, v, id) => {
        const refund = await refundDeposit(db, actor, { depositId: id, reason: v.reason ?? '', approvedById: v.approvedById });
        return `Refund voucher ${refund.refundNo}: pay back ₹ ${refund.amount.toFixed(2)}`;
      },
    },
  ],
  Admission: [
    {
      name: 'finalBill',
      label: 'Final bill',
      icon: 'FileText',
      offeredWhen: (p) => status(p) === 'ADMITTED',
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
      icon: 'Clock',
      offeredWhen: (p) => status(p) === 'ADMITTED',
      intro: 'Let the patient go home with the bill still open (a cashless insurance claim, a company on credit). Say why.',
      fields: [{ name: 'reason', label: 'Reason (claim number, insurer or company)', type: 'textarea', required: true }],
      run: async (db, actor, v, id) => (
        await markCreditPending(db, actor, { admissionId: id, reason: v.reason ?? '' }),
        'Marked credit / insurance pending: the patient may be discharged'
      ),
    },
    {
      name: 'generateBill',
      label: 'Generate bill',
      icon: 'CreditCard',
      intro: 'Draft an invoice with this admission\'s unbilled items (the room is billed by "Final bill").',
      run: async (db, actor, _v, admissionId, { env }) => {
        const admission = await db.admission.findUniqueOrThrow({ where: { id: admissionId }, select: { patientId: true } });
        return onDraft(await draftInvoice(db, env, actor, { patientId: admission.patientId, admissionId }));
      },
    },
    {
      name: 'takeDeposit',
      label: 'Take deposit',
      icon: 'Archive',
      offeredWhen: (p) => status(p) === 'ADMITTED',
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
      icon: 'Shuffle',
      offeredWhen: (p) => status(p) === 'ADMITTED',
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
      icon: 'LogOut',
      offeredWhen: (p) => status(p) === 'ADMITTED',
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
      icon: 'Check',
      intro: 'The bed is clean and can take the next patient.',
      offeredWhen: (p) => ['CLEANING', 'MAINTENANCE'].includes(status(p)),
      run: async (db, actor, _v, id) => (await markBedReady(db, actor, { bedId: id }), 'Bed is free'),
    },
  ],
  DrugBatch: [
    {
      name: 'receiveStock',
      label: 'Receive stock',
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
      icon: 'Trash',
      intro: 'Remove the remaining units of this expired batch from stock.',
      run: async (db, actor, _v, id) => (await writeOffExpiredBatch(db, actor, { batchId: id }), 'Expired stock written off'),
    },
  ],
  Dispensation: [
    {
      name: 'returnToStock',
      label: 'Return to stock',
      icon: 'CornerUpLeft',
      fields: [{ name: 'quantity', label: 'Units returned by the patient', type: 'number', required: true }],
      run: async (db, actor, v, id) => (await returnToStock(db, actor, { dispensationId: id, quantity: v.quantity }), 'Returned to stock'),
    },
  ],
  LabOrder: [
    {
      name: 'collectSample',
      label: 'Collect sample',
      icon: 'Droplet',
      intro: 'The sample has been collected.',
      offeredWhen: (p) => status(p) === 'ORDERED',
      run: async (db, actor, _v, id) => (await collectSample(db, actor, { labOrderId: id }), 'Sample collected'),
    },
    {
      name: 'enterResults',
      label: 'Enter result',
      icon: 'Edit3',
      offeredWhen: (p) => ['SAMPLE_COLLECTED', 'RESULT_ENTERED'].includes(status(p)),
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
      icon: 'CheckSquare',
      intro: 'Read the results against their reference ranges, then verify them (someone other than who entered them).',
      offeredWhen: (p) => status(p) === 'RESULT_ENTERED',
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
      icon: 'Send',
      intro: 'Make the verified results visible to the patient.',
      offeredWhen: (p) => status(p) === 'VERIFIED',
      run: async (db, actor, _v, id) => (await releaseResults(db, actor, { labOrderId: id }), 'Results released'),
    },
    {
      name: 'printLabReport',
      label: 'Print lab report',
      icon: 'Printer',
      intro: 'Open the verified report as a PDF to print or hand over.',
      link: '/admin/lab-orders/{id}/pdf',
      offeredWhen: (p) => ['VERIFIED', 'RELEASED'].includes(status(p)),
      run: async () => 'Nothing to do: open the PDF',
    },
    {
      name: 'cancelLabOrder',
      label: 'Cancel order',
      icon: 'XCircle',
      offeredWhen: (p) => ['ORDERED', 'SAMPLE_COLLECTED'].includes(status(p)),
      fields: [{ name: 'reason', label: 'Reason', type: 'textarea', required: true }],
      run: async (db, actor, v, id) => (await cancelLabOrder(db, actor, { labOrderId: id, reason: v.reason ?? '' }), 'Lab order cancelled'),
    },
  ],
};

function asActor(): Actor {
  const actor = currentActor();
  if (actor.userId === null) throw new Error('An operation ran without a signed-in staff member');
  return { ...actor, userId: actor.userId };
}

function operationAction(db: Db, deps: OperationDeps, model: string, op: Operation, component: string) {
  const roleOf = (context: ActionContext) => context.currentAdmin?.role as Role | undefined;
  return {
    actionType: op.actionType ?? 'record',
    icon: op.icon,
    label: op.label,
    component,
    custom: { fields: op.fields ?? [], intro: op.intro, link: op.link },
    isAccessible: (context: ActionContext) =>
      mayRunOperation(roleOf(context), model, op.name) && (!op.offeredWhen || !context.record || op.offeredWhen(context.record.params)),
    handler: async (request: ActionRequest, _response: unknown, context: ActionContext): Promise<ActionResponse> => {
      const { record, currentAdmin, h, resource } = context;
      const recordJson = record?.toJSON(currentAdmin);
      const values = (request.method === 'post' ? request.payload : request.query) as Values | undefined;
      // Reading the form: only the choices. Operations run on POST only.
      if (request.method !== 'post') {
        const recordId = Number(record?.id() ?? 0);
        const options = (await op.choices?.(db, values ?? {}, recordId)) ?? {};
        const review = op.review ? await op.review(db, recordId) : undefined;
        return { record: recordJson, options, review } as ActionResponse;
      }
      try {
        const outcome = await op.run(db, asActor(), values ?? {}, Number(record?.id() ?? 0), deps);
        const message = typeof outcome === 'string' ? outcome : outcome.message;
        const redirectUrl =
          typeof outcome !== 'string'
            ? h.recordActionUrl({ resourceId: outcome.open.model, recordId: String(outcome.open.id), actionName: 'show' })
            : record
              ? h.recordActionUrl({ resourceId: resource.id(), recordId: record.id(), actionName: 'show' })
              : h.resourceUrl({ resourceId: resource.id() });
        const fresh = record ? await resource.findOne(record.id()) : null;
        return { record: fresh?.toJSON(currentAdmin) ?? recordJson, notice: { message, type: 'success' }, redirectUrl };
      } catch (error) {
        return { record: recordJson, notice: noticeFor(error) };
      }
    },
  };
}

/** The operation actions of a model, ready to merge into its resource options. */
export function operationActions(
  db: Db,
  deps: OperationDeps,
  model: string,
  components: Components,
): NonNullable<ResourceOptions['actions']> {
  return Object.fromEntries(
    (operations[model] ?? []).map((op) => [op.name, operationAction(db, deps, model, op, components.OperationForm)]),
  );
}
