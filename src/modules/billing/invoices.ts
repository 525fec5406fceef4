/**
 * Bills: a draft gathers the patient's unbilled items (each exactly once),
 * billing staff may add tariff services and name a GST-registered recipient,
 * then issuing decides the document — tax invoice, bill of supply or
 * invoice-cum-bill of supply (documents.ts) — gives it the next gapless number
 * of its series and fiscal year (TI/2627/000123) and freezes it. An issued
 * bill is never deleted: it is cancelled with a reason and a credit note
 * (CN/2627/…), and its items become billable again. Every line's tax follows
 * from its supply class (supply.ts); the place of supply is the hospital's state.
 *
 * Races: the unbilled items are locked while a draft takes them (and each item
 * can point at one invoice line only); numbers come from a counter row locked
 * until the issuing transaction ends, so they have no gaps and follow the order
 * in which invoices are issued.
 */
import {
  Prisma,
  type BillableSource,
  type Invoice,
  type InvoiceLine,
  type InvoiceStatus,
  type Role,
  type Service,
  type ServiceCategory,
} from '@prisma/client';
import { z } from 'zod';
import { recordId } from '../ids.js';
import type { DbOrTx } from '../../config/db.js';
import { billReady } from '../notifications/hospitalMessages.js';
import type { Notifier } from '../notifications/service.js';
import type { Env } from '../../config/env.js';
import { Conflict, Forbidden, NotFound, ValidationFailed } from '../../errors.js';
import { fiscalYear } from '../../time.js';
import { auditedOperation, type Actor } from '../actor.js';
import { takeFiscalDocumentNumber } from '../numbering/service.js';
import { chooseDocumentType, DOCUMENT_SERIES, unitQuantityCode } from './documents.js';
import { computeLine, invoiceTotals, InvalidLine, type InvoiceTotals, type LineAmounts } from './gst.js';
import { gstinProblem } from './gstCodes.js';
import { classifySupply } from './supply.js';
import { lockInvoiceRow } from './invoiceLock.js';
import { INVOICE_STEPS } from './states.js';

type Tx = Prisma.TransactionClient;
export type BillingEnv = Pick<Env, 'HOSPITAL_STATE_CODE'>;

const id = recordId;
const rupeesOrZero = z
  .union([z.string(), z.number()])
  .transform((v) => String(v).trim() || '0')
  .refine((v) => /^\d{1,10}(\.\d{1,2})?$/.test(v), { message: 'Enter an amount in rupees, e.g. 250 or 250.50' });

export const draftInvoiceSchema = z.object({ patientId: id, admissionId: id.optional(), appointmentId: id.optional() });
export const addServiceSchema = z.object({
  invoiceId: id,
  serviceId: id,
  quantity: z.coerce.number().positive('The quantity must be more than zero').max(10_000),
  discount: rupeesOrZero.default('0'),
});
export const invoiceIdSchema = z.object({ invoiceId: id });
export const billRecipientSchema = z.object({
  invoiceId: id,
  gstin: z
    .string()
    .trim()
    .toUpperCase()
    .superRefine((value, ctx) => {
      const problem = value === '' ? null : gstinProblem(value);
      if (problem) ctx.addIssue({ code: 'custom', message: problem });
    })
    .transform((value) => value || null),
  legalName: z.string().trim().max(200).optional(),
  address: z.string().trim().max(500).optional(),
});
export const cancelInvoiceSchema = z.object({ invoiceId: id, reason: z.string().trim().min(5, 'Give the reason for cancelling').max(500) });

/** The largest discount each role may give, as a percentage of a line's amount. */
export const DISCOUNT_LIMIT_PERCENT: Partial<Record<Role, number>> = { ADMIN: 100, BILLING: 10 };

async function requireDiscountWithinLimit(tx: Tx, actor: Actor, gross: Prisma.Decimal, discount: Prisma.Decimal): Promise<void> {
  if (discount.isZero()) return;
  const user = await tx.user.findUnique({ where: { id: actor.userId }, select: { role: true } });
  const percent = (user && DISCOUNT_LIMIT_PERCENT[user.role]) ?? 0;
  const limit = gross.mul(percent).div(100).toDecimalPlaces(2, Prisma.Decimal.ROUND_DOWN);
  if (discount.greaterThan(limit)) {
    throw new Forbidden(
      `Your role may give at most ${percent}% discount on a line (₹ ${limit.toFixed(2)} here); ask an administrator for more`,
    );
  }
}

export class NothingToBill extends Conflict {
  constructor() {
    super('NOTHING_TO_BILL', 'This patient has no unbilled items');
  }
}

export class InvalidInvoiceState extends Conflict {
  constructor(message: string) {
    super('INVALID_STATE', message);
  }
}

function lineAmounts(input: Parameters<typeof computeLine>[0]): LineAmounts {
  try {
    return computeLine(input);
  } catch (error) {
    if (error instanceof InvalidLine) throw new ValidationFailed(error.message);
    throw error;
  }
}

/** The computed money columns of an invoice line. */
const amountColumns = (a: LineAmounts) => ({
  discount: a.discount,
  taxableValue: a.taxableValue,
  cgst: a.cgst,
  sgst: a.sgst,
  igst: a.igst,
  lineTotal: a.lineTotal,
});

async function lockInvoice(tx: Tx, invoiceId: number, allowed: readonly InvoiceStatus[], doing: string): Promise<Invoice> {
  const invoice = await lockInvoiceRow(tx, invoiceId);
  if (!invoice) throw new NotFound('The invoice');
  if (!allowed.includes(invoice.status)) {
    throw new InvalidInvoiceState(`Cannot ${doing}: the invoice is ${invoice.status.toLowerCase().replace('_', ' ')}`);
  }
  return invoice;
}

/** An invoice's totals from its stored lines (each already exact to the paisa). */
function totalsOfLines(lines: readonly InvoiceLine[]): InvoiceTotals {
  return invoiceTotals(
    lines.map((l) => ({
      gross: l.quantity.mul(l.unitPrice).toDecimalPlaces(2, Prisma.Decimal.ROUND_HALF_UP),
      discount: l.discount,
      taxableValue: l.taxableValue,
      cgst: l.cgst,
      sgst: l.sgst,
      igst: l.igst,
      lineTotal: l.lineTotal,
    })),
  );
}

/** Recomputes an invoice's totals from its lines. */
async function refreshTotals(tx: Tx, invoiceId: number): Promise<Invoice> {
  const lines = await tx.invoiceLine.findMany({ where: { invoiceId } });
  return tx.invoice.update({ where: { id: invoiceId }, data: totalsOfLines(lines) });
}

const CATEGORY_OF_SOURCE: Record<BillableSource, ServiceCategory> = {
  CONSULTATION: 'CONSULTATION',
  BED_DAY: 'ROOM',
  DRUG: 'PHARMACY',
  LAB_TEST: 'LAB',
  SERVICE: 'OTHER',
};

interface TreatingDoctor {
  id: number;
  departmentId: number;
}

/** What revenue reports group a line by: its category, treating doctor and department. */
function lineAttribution(
  source: BillableSource,
  service: Pick<Service, 'category' | 'departmentId'> | null,
  doctor: TreatingDoctor | null,
) {
  return {
    category: service?.category ?? CATEGORY_OF_SOURCE[source],
    doctorId: doctor?.id ?? null,
    departmentId: service?.departmentId ?? doctor?.departmentId ?? null,
  };
}

const treatingDoctor = { select: { doctor: { select: { id: true, departmentId: true } } } } as const;

/** What attributes an unbilled item's line besides its own columns (lineAttribution). */
interface ItemAttribution {
  id: number;
  category: ServiceCategory | null;
  serviceDepartmentId: number | null;
  doctorId: number | null;
  doctorDepartmentId: number | null;
}

/**
 * Locks the patient's unbilled items (of one admission or one visit, when given) until the
 * transaction ends and reads them with their service and treating doctor. Two statements:
 * Prisma's `include` loaded each relation with a query of its own, five more on every bill.
 */
async function lockUnbilledItems(tx: Tx, patientId: number, admissionId?: number, appointmentId?: number) {
  const admissionFilter = admissionId ? Prisma.sql`AND b."admissionId" = ${admissionId}` : Prisma.empty;
  const visitFilter = appointmentId ? Prisma.sql`AND b."appointmentId" = ${appointmentId}` : Prisma.empty;
  const attributions = await tx.$queryRaw<ItemAttribution[]>`
    SELECT b.id, s.category::text AS category, s."departmentId" AS "serviceDepartmentId",
           d.id AS "doctorId", d."departmentId" AS "doctorDepartmentId"
    FROM "BillableItem" b
    LEFT JOIN "Service" s ON s.id = b."serviceId"
    LEFT JOIN "Appointment" ap ON ap.id = b."appointmentId"
    LEFT JOIN "Admission" ad ON ad.id = b."admissionId"
    LEFT JOIN "Doctor" d ON d.id = COALESCE(ap."doctorId", ad."doctorId")
    WHERE b."patientId" = ${patientId} AND b."invoiceLineId" IS NULL ${admissionFilter} ${visitFilter}
    ORDER BY b.id
    FOR UPDATE OF b`;
  if (attributions.length === 0) return [];
  const byId = new Map(attributions.map((a) => [a.id, a]));
  const items = await tx.billableItem.findMany({ where: { id: { in: [...byId.keys()] } }, orderBy: { id: 'asc' } });
  return items.map((item) => {
    const a = byId.get(item.id)!;
    const service = a.category ? { category: a.category, departmentId: a.serviceDepartmentId } : null;
    const doctor = a.doctorId !== null && a.doctorDepartmentId !== null ? { id: a.doctorId, departmentId: a.doctorDepartmentId } : null;
    return { item, attribution: lineAttribution(item.source, service, doctor) };
  });
}

/**
 * A draft invoice holding every unbilled item of the patient (of one admission, or one OPD
 * visit, when given). Its totals are computed from the lines before it is written, and the
 * lines go in as one statement, so a bill of any length takes the same six statements.
 */
export async function draftInvoice(db: DbOrTx, env: BillingEnv, actor: Actor, input: unknown): Promise<Invoice> {
  const { patientId, admissionId, appointmentId } = draftInvoiceSchema.parse(input);
  return auditedOperation(db, actor, { model: 'Invoice', operation: 'draft' }, async (tx) => {
    const items = await lockUnbilledItems(tx, patientId, admissionId, appointmentId);
    if (items.length === 0) {
      // Only then is it asked whether the patient exists at all: an item always has its patient.
      if (!(await tx.patient.findUnique({ where: { id: patientId }, select: { id: true } }))) throw new NotFound('The patient');
      throw new NothingToBill();
    }
    const lines = items.map(({ item, attribution }) => ({
      serviceId: item.serviceId,
      source: item.source,
      sourceRef: item.sourceRef,
      description: item.description,
      sacCode: item.sacCode,
      unit: unitQuantityCode(item.source),
      supplyClass: item.supplyClass,
      quantity: item.quantity,
      unitPrice: item.unitPrice,
      gstRate: item.gstRate,
      priceIncludesGst: item.priceIncludesGst,
      amounts: lineAmounts({ ...item, suppliedOn: item.createdAt }),
      ...attribution,
    }));
    const record = await tx.invoice.create({
      data: {
        patientId,
        admissionId: admissionId ?? null,
        appointmentId: appointmentId ?? null,
        // Health services are supplied where performed and goods where handed over: at the hospital
        // (supply.ts). A patient's home state never makes a bill inter-state.
        interState: false,
        placeOfSupply: env.HOSPITAL_STATE_CODE,
        createdById: actor.userId,
        ...invoiceTotals(lines.map((l) => l.amounts)),
      },
    });
    await tx.invoiceLine.createMany({
      data: lines.map(({ amounts, ...line }) => ({ invoiceId: record.id, ...line, ...amountColumns(amounts) })),
    });
    // Each item points at the line made from it: the line carries the item's sourceRef, unique among items.
    await tx.$executeRaw`
      UPDATE "BillableItem" b SET "invoiceLineId" = l.id
      FROM "InvoiceLine" l
      WHERE l."invoiceId" = ${record.id} AND l."sourceRef" = b."sourceRef" AND b.id = ANY(${items.map(({ item }) => item.id)})`;
    return { record, after: { items: items.length, total: record.total.toFixed(2) } };
  });
}

/** Adds a tariff service (an extra procedure, a certificate …) to a draft, at today's price. */
export async function addServiceToDraft(db: DbOrTx, actor: Actor, input: unknown, now: Date = new Date()): Promise<Invoice> {
  const request = addServiceSchema.parse(input);
  return auditedOperation(db, actor, { model: 'Invoice', operation: 'add service' }, async (tx) => {
    const invoice = await lockInvoice(tx, request.invoiceId, INVOICE_STEPS.editDraft, 'add a service');
    const service = await tx.service.findUnique({ where: { id: request.serviceId } });
    if (!service || !service.isActive) throw new NotFound('The service');
    const supply = classifySupply({
      source: 'SERVICE',
      admitted: invoice.admissionId !== null,
      catalogueRate: service.gstRate,
      isHealthCare: service.isHealthCare,
    });
    const amounts = lineAmounts({
      quantity: request.quantity,
      unitPrice: service.price,
      discount: request.discount,
      gstRate: supply.gstRate,
      suppliedOn: now,
    });
    await requireDiscountWithinLimit(tx, actor, amounts.gross, amounts.discount);
    const admission = invoice.admissionId ? await tx.admission.findUnique({ where: { id: invoice.admissionId }, ...treatingDoctor }) : null;
    await tx.invoiceLine.create({
      data: {
        invoiceId: invoice.id,
        serviceId: service.id,
        source: 'SERVICE',
        description: service.name,
        sacCode: service.sacCode,
        unit: unitQuantityCode('SERVICE'),
        supplyClass: supply.supplyClass,
        quantity: request.quantity,
        unitPrice: service.price,
        gstRate: supply.gstRate,
        ...amountColumns(amounts),
        ...lineAttribution('SERVICE', service, admission?.doctor ?? null),
      },
    });
    const record = await refreshTotals(tx, invoice.id);
    return { record, after: { service: service.code, quantity: request.quantity, total: record.total.toFixed(2) } };
  });
}

/**
 * Names the GST-registered recipient of a draft (an insurer, a corporate): its GSTIN
 * (checked, check digit included), legal name and address print on the bill and send
 * it to GSTR-1's B2B table. An empty GSTIN makes it a patient's (B2C) bill again.
 */
export async function setBillRecipient(db: DbOrTx, actor: Actor, input: unknown): Promise<Invoice> {
  const request = billRecipientSchema.parse(input);
  if (request.gstin && !request.legalName)
    throw new ValidationFailed('Give the legal name registered with this GSTIN', [{ path: 'legalName', message: 'Required with a GSTIN' }]);
  return auditedOperation(db, actor, { model: 'Invoice', operation: 'set recipient' }, async (tx) => {
    const invoice = await lockInvoice(tx, request.invoiceId, INVOICE_STEPS.editDraft, 'change the recipient');
    const record = await tx.invoice.update({
      where: { id: invoice.id },
      data: {
        recipientGstin: request.gstin,
        recipientName: request.gstin ? (request.legalName ?? null) : null,
        recipientAddress: request.gstin ? (request.address ?? null) : null,
      },
    });
    return { record, before: { gstin: invoice.recipientGstin }, after: { gstin: record.recipientGstin, name: record.recipientName } };
  });
}

/** Issues a draft: its document type, the next gapless number of that series and fiscal year; then it is frozen. */
/**
 * Issues a draft: its document type and fiscal number, final from then on. Given the
 * notifier, tells the patient the bill is ready (none inside a caller's transaction).
 */
export async function issueInvoice(
  db: DbOrTx,
  actor: Actor,
  input: unknown,
  now: Date = new Date(),
  notifier?: Notifier,
): Promise<Invoice> {
  const { invoiceId } = invoiceIdSchema.parse(input);
  const issued = await auditedOperation(db, actor, { model: 'Invoice', operation: 'issue' }, async (tx) => {
    const invoice = await lockInvoice(tx, invoiceId, INVOICE_STEPS.editDraft, 'issue it');
    const lines = await tx.invoiceLine.findMany({ where: { invoiceId } });
    if (lines.length === 0) throw new InvalidInvoiceState('An invoice needs at least one line');
    const documentType = chooseDocumentType(lines, invoice.recipientGstin);
    const number = await takeFiscalDocumentNumber(tx, DOCUMENT_SERIES[documentType], now);
    // The totals are recomputed from the lines as the number is given, in the same update.
    const record = await tx.invoice.update({
      where: { id: invoiceId },
      data: { ...totalsOfLines(lines), status: 'ISSUED', documentType, number, fiscalYear: fiscalYear(now), issuedAt: now },
    });
    return {
      record,
      before: { status: invoice.status },
      after: { status: record.status, documentType, number: record.number, total: record.total.toFixed(2) },
    };
  });
  await billReady(db, notifier, issued.id);
  return issued;
}

/**
 * Cancels an unpaid issued invoice with a credit note for the same amounts;
 * its items become billable again (a corrected invoice can be drafted).
 */
export async function cancelInvoice(
  db: DbOrTx,
  actor: Actor,
  input: unknown,
  now: Date = new Date(),
): Promise<{ invoice: Invoice; creditNote: Invoice }> {
  const { invoiceId, reason } = cancelInvoiceSchema.parse(input);
  let creditNote: Invoice | undefined;
  const invoice = await auditedOperation(db, actor, { model: 'Invoice', operation: 'cancel' }, async (tx) => {
    const current = await lockInvoice(tx, invoiceId, INVOICE_STEPS.cancel, 'cancel it');
    if (current.amountPaid.greaterThan(0))
      throw new InvalidInvoiceState('Payments were received against this invoice: refund them before cancelling');
    const {
      id: _id,
      number: _n,
      createdAt: _c,
      updatedAt: _u,
      issuedAt: _i,
      cancelledAt: _x,
      cancelReason: _r,
      originalInvoiceId: _o,
      ...amounts
    } = current;
    creditNote = await tx.invoice.create({
      data: {
        ...amounts,
        kind: 'CREDIT_NOTE',
        documentType: 'CREDIT_NOTE',
        status: 'ISSUED',
        number: await takeFiscalDocumentNumber(tx, DOCUMENT_SERIES.CREDIT_NOTE, now),
        fiscalYear: fiscalYear(now),
        originalInvoiceId: current.id,
        cancelReason: reason,
        issuedAt: now,
        createdById: actor.userId,
      },
    });
    const lineIds = (await tx.invoiceLine.findMany({ where: { invoiceId }, select: { id: true } })).map((l) => l.id);
    await tx.billableItem.updateMany({ where: { invoiceLineId: { in: lineIds } }, data: { invoiceLineId: null } });
    const record = await tx.invoice.update({
      where: { id: invoiceId },
      data: { status: 'CANCELLED', cancelReason: reason, cancelledAt: now },
    });
    return { record, before: { status: current.status }, after: { status: record.status, creditNote: creditNote.number, reason } };
  });
  return { invoice, creditNote: creditNote as Invoice };
}

/** The tariff's services in use, by name (a draft's "Add service"). */
export function tariffServices(db: DbOrTx) {
  return db.service.findMany({ where: { isActive: true }, orderBy: { name: 'asc' } });
}
