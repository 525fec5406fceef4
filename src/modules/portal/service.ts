/**
 * What a signed-in patient may see and do through the patient API. Every
 * function takes the patient's id from the access token and finds records
 * *of that patient*: another patient's record answers exactly like one that
 * does not exist (NotFound), so ids cannot be probed.
 */
import { Prisma, type Invoice } from '@prisma/client';
import { queryRows, type Db } from '../../config/db.js';
import { Conflict, NotFound } from '../../errors.js';
import { recordAudit, type AuditActor } from '../audit/service.js';
import { bookAppointment, cancelAppointment, rescheduleAppointment, type BookingLimits } from '../appointments/service.js';
import { renderInvoicePdf, type HospitalHeader } from '../billing/pdf.js';
import { renderLabReportPdf } from '../lab/pdf.js';
import type { Notifier } from '../notifications/service.js';
import { confirmCheckout, createOrderForInvoice, type Gateway } from '../payments/razorpay.js';

export interface Page {
  page: number;
  limit: number;
}

export interface Paged<T> {
  items: T[];
  page: number;
  limit: number;
  hasMore: boolean;
}

/** One page of a list: asks for one row more than shown to know whether another page exists. */
async function paged<T>(page: Page, fetch: (skip: number, take: number) => Promise<T[]>): Promise<Paged<T>> {
  const rows = await fetch((page.page - 1) * page.limit, page.limit + 1);
  return { items: rows.slice(0, page.limit), page: page.page, limit: page.limit, hasMore: rows.length > page.limit };
}

// ── Catalogue ──

export function listDepartments(db: Db, page: Page) {
  return paged(page, (skip, take) =>
    db.department.findMany({
      where: { isActive: true },
      orderBy: [{ name: 'asc' }, { id: 'asc' }],
      skip,
      take,
      select: { id: true, code: true, name: true, description: true },
    }),
  );
}

export function listDoctors(db: Db, filter: { departmentId?: number | undefined; q?: string | undefined }, page: Page) {
  const where: Prisma.DoctorWhereInput = {
    isActive: true,
    ...(filter.departmentId ? { departmentId: filter.departmentId } : {}),
    ...(filter.q
      ? { OR: [{ name: { contains: filter.q, mode: 'insensitive' } }, { specialization: { contains: filter.q, mode: 'insensitive' } }] }
      : {}),
  };
  return paged(page, (skip, take) =>
    db.doctor.findMany({
      where,
      orderBy: [{ name: 'asc' }, { id: 'asc' }],
      skip,
      take,
      select: {
        id: true,
        name: true,
        qualification: true,
        specialization: true,
        consultationFee: true,
        followUpFee: true,
        department: { select: { id: true, name: true } },
      },
    }),
  );
}

// ── Appointments ──

/**
 * My appointments in one statement through pg (the frontend's home screen
 * asks for this on every visit): upcoming = not yet past and still active,
 * soonest first; past = the rest, latest first.
 */
export async function myAppointments(
  db: Db,
  patientId: number,
  when: 'upcoming' | 'past',
  page: Page,
  now: Date = new Date(),
): Promise<Paged<AppointmentRow>> {
  const rows = await queryRows<AppointmentRow>(db, myAppointmentsSql(patientId, when, page, now));
  return { items: rows.slice(0, page.limit), page: page.page, limit: page.limit, hasMore: rows.length > page.limit };
}

interface AppointmentRow {
  id: number;
  slotStart: Date;
  slotEnd: Date;
  status: string;
  tokenNo: number | null;
  isFollowUp: boolean;
  reason: string | null;
  doctor: { id: number; name: string; department: { name: string } };
}

/** An appointment as the patient API answers it (with its doctor and department), from "Appointment" a. */
const appointmentAnswer = Prisma.sql`
    SELECT a.id, a."slotStart", a."slotEnd", a.status, a."tokenNo", a."isFollowUp", a.reason,
           json_build_object('id', d.id, 'name', d.name, 'department', json_build_object('name', dep.name)) AS doctor
    FROM "Appointment" a JOIN "Doctor" d ON d.id = a."doctorId" JOIN "Department" dep ON dep.id = d."departmentId"`;

/**
 * One appointment as the patient API answers it, in one statement (Prisma's read with the
 * doctor and department was three, after every portal booking, reschedule and cancellation).
 */
async function appointmentAnswerFor(db: Db, appointmentId: number): Promise<AppointmentRow> {
  const [row] = await queryRows<AppointmentRow>(db, Prisma.sql`${appointmentAnswer} WHERE a.id = ${appointmentId}`);
  if (!row) throw new NotFound('The appointment');
  return row;
}

/** The statement behind myAppointments (one row more than the page, to tell whether another follows). */
export function myAppointmentsSql(patientId: number, when: 'upcoming' | 'past', page: Page, now: Date): Prisma.Sql {
  const upcoming = when === 'upcoming';
  const filter = upcoming
    ? Prisma.sql`a."slotStart" >= ${now} AND a.status IN ('BOOKED', 'CHECKED_IN')`
    : Prisma.sql`(a."slotStart" < ${now} OR a.status IN ('SEEN', 'NO_SHOW', 'CANCELLED'))`;
  return Prisma.sql`
    ${appointmentAnswer}
    WHERE a."patientId" = ${patientId} AND ${filter}
    ORDER BY a."slotStart" ${upcoming ? Prisma.raw('ASC') : Prisma.raw('DESC')}, a.id
    LIMIT ${page.limit + 1} OFFSET ${(page.page - 1) * page.limit}`;
}

async function myAppointment(db: Db, patientId: number, appointmentId: number) {
  const appointment = await db.appointment.findFirst({ where: { id: appointmentId, patientId } });
  if (!appointment) throw new NotFound('The appointment');
  return appointment;
}

export class TooLateToChange extends Conflict {
  constructor(hours: number) {
    super('TOO_LATE', `Appointments can be changed or cancelled online up to ${hours} hours before; please call the hospital`);
  }
}

function requireBeforeCutoff(slotStart: Date, cutoffHours: number, now: Date) {
  if (slotStart.getTime() - now.getTime() < cutoffHours * 3_600_000) throw new TooLateToChange(cutoffHours);
}

export async function bookMyAppointment(
  db: Db,
  actor: AuditActor,
  patientId: number,
  request: { doctorId: number; startsAt: Date; reason?: string | undefined },
  limits: BookingLimits,
  now = new Date(),
  notifier?: Notifier,
) {
  const booked = await bookAppointment(
    db,
    actor,
    { patientId, doctorId: request.doctorId, slotStart: request.startsAt, reason: request.reason, source: 'PATIENT_PORTAL' },
    now,
    limits,
    notifier,
  );
  return appointmentAnswerFor(db, booked.id);
}

export async function rescheduleMyAppointment(
  db: Db,
  actor: AuditActor,
  patientId: number,
  appointmentId: number,
  startsAt: Date,
  cutoffHours: number,
  now = new Date(),
) {
  const current = await myAppointment(db, patientId, appointmentId);
  requireBeforeCutoff(current.slotStart, cutoffHours, now);
  await rescheduleAppointment(db, actor, { appointmentId, slotStart: startsAt }, now);
  return appointmentAnswerFor(db, appointmentId);
}

export async function cancelMyAppointment(
  db: Db,
  actor: AuditActor,
  patientId: number,
  appointmentId: number,
  reason: string,
  cutoffHours: number,
  now = new Date(),
) {
  const current = await myAppointment(db, patientId, appointmentId);
  requireBeforeCutoff(current.slotStart, cutoffHours, now);
  await cancelAppointment(db, actor, { appointmentId, reason });
  return appointmentAnswerFor(db, appointmentId);
}

// ── Bills ──

const invoiceView = {
  id: true,
  number: true,
  kind: true,
  status: true,
  issuedAt: true,
  taxableTotal: true,
  cgstTotal: true,
  sgstTotal: true,
  igstTotal: true,
  roundOff: true,
  total: true,
  amountPaid: true,
} as const;

/** Issued invoices and credit notes only: a draft is still the hospital's work in progress. */
const visibleInvoices = (patientId: number): Prisma.InvoiceWhereInput => ({ patientId, number: { not: null } });

type InvoiceSummary = Pick<
  Invoice,
  | 'id'
  | 'number'
  | 'kind'
  | 'status'
  | 'issuedAt'
  | 'taxableTotal'
  | 'cgstTotal'
  | 'sgstTotal'
  | 'igstTotal'
  | 'roundOff'
  | 'total'
  | 'amountPaid'
>;
const INVOICE_AMOUNTS = ['taxableTotal', 'cgstTotal', 'sgstTotal', 'igstTotal', 'roundOff', 'total', 'amountPaid'] as const;

/**
 * My invoices and credit notes, latest first, in one prepared statement (the
 * frontend's bills screen): Prisma compiled this read on every request, the
 * biggest group of its statements in bench:hospital-hour. The amounts come back
 * as Decimal, as Prisma's read gave them, so the answer is unchanged.
 */
export async function myInvoices(db: Db, patientId: number, page: Page): Promise<Paged<InvoiceSummary>> {
  const rows = await queryRows<Record<string, unknown>>(db, myInvoicesSql(patientId, page));
  for (const row of rows) for (const amount of INVOICE_AMOUNTS) row[amount] = new Prisma.Decimal(String(row[amount]));
  const items = rows as unknown as InvoiceSummary[];
  return { items: items.slice(0, page.limit), page: page.page, limit: page.limit, hasMore: items.length > page.limit };
}

/** The statement behind myInvoices: visibleInvoices in SQL, one row more than the page. */
export function myInvoicesSql(patientId: number, page: Page): Prisma.Sql {
  return Prisma.sql`
    SELECT id, number, kind::text AS kind, status::text AS status, "issuedAt",
           "taxableTotal"::text AS "taxableTotal", "cgstTotal"::text AS "cgstTotal", "sgstTotal"::text AS "sgstTotal",
           "igstTotal"::text AS "igstTotal", "roundOff"::text AS "roundOff", total::text AS total, "amountPaid"::text AS "amountPaid"
    FROM "Invoice"
    WHERE "patientId" = ${patientId} AND number IS NOT NULL
    ORDER BY "issuedAt" DESC, id DESC
    LIMIT ${page.limit + 1} OFFSET ${(page.page - 1) * page.limit}`;
}

export async function myInvoice(db: Db, patientId: number, invoiceId: number) {
  const invoice = await db.invoice.findFirst({
    where: { id: invoiceId, ...visibleInvoices(patientId) },
    select: {
      ...invoiceView,
      lines: {
        orderBy: { id: 'asc' },
        select: {
          id: true,
          description: true,
          sacCode: true,
          quantity: true,
          unitPrice: true,
          discount: true,
          taxableValue: true,
          gstRate: true,
          cgst: true,
          sgst: true,
          igst: true,
          lineTotal: true,
        },
      },
      payments: {
        where: { status: 'CAPTURED' },
        orderBy: { receivedAt: 'asc' },
        select: { receiptNo: true, method: true, amount: true, receivedAt: true },
      },
    },
  });
  if (!invoice) throw new NotFound('The invoice');
  return invoice;
}

export async function myInvoicePdf(
  db: Db,
  hospital: HospitalHeader,
  patientId: number,
  invoiceId: number,
): Promise<{ fileName: string; pdf: Buffer }> {
  const invoice = await myInvoice(db, patientId, invoiceId);
  return { fileName: `${(invoice.number ?? 'invoice').replaceAll('/', '-')}.pdf`, pdf: await renderInvoicePdf(db, hospital, invoiceId) };
}

/** A Razorpay order for what is due on the patient's own invoice, with what the checkout form needs. */
export async function startInvoicePayment(db: Db, gateway: Gateway | undefined, patientId: number, invoiceId: number) {
  const invoice = await myInvoice(db, patientId, invoiceId);
  const order = await createOrderForInvoice(db, gateway, invoice.id);
  const patient = await db.patient.findUniqueOrThrow({ where: { id: patientId }, select: { name: true, email: true, phone: true } });
  return {
    keyId: order.keyId,
    orderId: order.id,
    amount: order.amount,
    currency: order.currency,
    invoiceNumber: invoice.number,
    prefill: patient,
  };
}

/**
 * The checkout's answer, signature checked on the server. The order must be
 * for one of this patient's invoices (Razorpay's order notes name it).
 */
export async function confirmMyPayment(
  db: Db,
  gateway: Gateway | undefined,
  patientId: number,
  callback: { razorpay_order_id: string; razorpay_payment_id: string; razorpay_signature: string },
) {
  if (gateway) {
    const order = await gateway.client.orders.fetch(callback.razorpay_order_id).catch(() => null);
    const invoiceId = Number((order?.notes as Record<string, unknown> | undefined)?.invoiceId);
    if (!Number.isInteger(invoiceId)) throw new NotFound('The payment order');
    await myInvoice(db, patientId, invoiceId).catch(() => {
      throw new NotFound('The payment order');
    });
  }
  const payment = await confirmCheckout(db, gateway, callback);
  return { receiptNo: payment.receiptNo, amount: payment.amount, invoiceId: payment.invoiceId, status: payment.status };
}

// ── Laboratory ──

export function myLabResults(db: Db, patientId: number, page: Page) {
  return paged(page, (skip, take) =>
    db.labOrder.findMany({
      where: { patientId, status: 'RELEASED' },
      orderBy: [{ releasedAt: 'desc' }, { id: 'desc' }],
      skip,
      take,
      select: {
        id: true,
        orderNo: true,
        orderedAt: true,
        releasedAt: true,
        labTest: { select: { code: true, name: true } },
        results: {
          orderBy: { parameter: 'asc' },
          select: { parameter: true, value: true, unit: true, refRangeLow: true, refRangeHigh: true, isAbnormal: true },
        },
      },
    }),
  );
}

export async function myLabReportPdf(db: Db, hospital: HospitalHeader, patientId: number, labOrderId: number) {
  const order = await db.labOrder.findFirst({
    where: { id: labOrderId, patientId, status: 'RELEASED' },
    select: { id: true, orderNo: true },
  });
  if (!order) throw new NotFound('The lab report');
  return { fileName: `${order.orderNo.replaceAll('/', '-')}.pdf`, pdf: await renderLabReportPdf(db, hospital, order.id) };
}

// ── Profile ──

export const profileView = {
  id: true,
  uhid: true,
  name: true,
  dateOfBirth: true,
  gender: true,
  phone: true,
  email: true,
  addressLine: true,
  city: true,
  stateCode: true,
  pincode: true,
  bloodGroup: true,
  emergencyContactName: true,
  emergencyContactPhone: true,
} as const;

export async function myProfile(db: Db, patientId: number) {
  const patient = await db.patient.findUnique({ where: { id: patientId }, select: profileView });
  if (!patient) throw new NotFound('The patient');
  return patient;
}

export async function updateMyProfile(db: Db, actor: AuditActor, patientId: number, changes: Prisma.PatientUpdateInput) {
  return db
    .$transaction(async (tx) => {
      const before = await tx.patient.findUniqueOrThrow({ where: { id: patientId }, select: profileView });
      const after = await tx.patient.update({ where: { id: patientId }, data: changes, select: profileView });
      await recordAudit(tx, actor, {
        action: 'UPDATE',
        model: 'Patient',
        recordId: String(patientId),
        before: pick(before, changes),
        after: pick(after, changes),
      });
      return after;
    })
    .catch((error: unknown) => {
      if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002') {
        throw new Conflict('EMAIL_TAKEN', 'This e-mail address is already used by another account');
      }
      throw error;
    });
}

const pick = (row: Record<string, unknown>, keys: object) => Object.fromEntries(Object.keys(keys).map((k) => [k, row[k]]));
