/**
 * The messages the hospital's own work sends, each once per thing it is about
 * (the dedupe key): a booking confirmed, a bill issued, a lab report released,
 * a discharge summary signed. Links lead to the patient frontend's page of it.
 * They are sent after the work is committed and never undo it: a message
 * that cannot be scheduled is logged, the booking stands. The services that do
 * the work send them (given the notifier), so every door that books, issues,
 * releases or signs sends the same message; a service called inside a caller's
 * transaction is given no notifier, since its work is not committed yet.
 */
import { Prisma } from '@prisma/client';
import { queryRows, type DbOrTx } from '../../config/db.js';
import { istText } from '../../time.js';
import { reachesPatients, type Notifier } from './service.js';

const timeOfDay = new Intl.DateTimeFormat('en-IN', { timeZone: 'Asia/Kolkata', hour: 'numeric', minute: '2-digit', hour12: true });

export async function confirmBooking(db: DbOrTx, notifier: Notifier | undefined, appointmentId: number): Promise<void> {
  if (!reachesPatients(notifier)) return;
  // What the message says, in one statement (it was three Prisma reads on every booking).
  const [appointment] = await queryRows<{ patientId: number; slotStart: Date; patient: string; doctor: string }>(
    db,
    Prisma.sql`SELECT a."patientId", a."slotStart", p.name AS patient, d.name AS doctor
               FROM "Appointment" a JOIN "Patient" p ON p.id = a."patientId" JOIN "Doctor" d ON d.id = a."doctorId"
               WHERE a.id = ${appointmentId}`,
  );
  if (!appointment) return;
  await notifier.toPatient({
    patientId: appointment.patientId,
    template: 'appointment.booked',
    values: {
      patient: appointment.patient,
      doctor: appointment.doctor,
      date: istText(appointment.slotStart, true),
      time: timeOfDay.format(appointment.slotStart),
    },
    dedupeKey: `appointment.booked:${appointmentId}`,
  });
}

export async function billReady(db: DbOrTx, notifier: Notifier | undefined, invoiceId: number): Promise<void> {
  if (!reachesPatients(notifier)) return;
  // numeric(12,2) as text has its two decimals, as the message shows the amount.
  const [invoice] = await queryRows<{ patientId: number; number: string | null; total: string; patient: string }>(
    db,
    Prisma.sql`SELECT i."patientId", i.number, i.total::text AS total, p.name AS patient
               FROM "Invoice" i JOIN "Patient" p ON p.id = i."patientId" WHERE i.id = ${invoiceId}`,
  );
  if (!invoice?.number) return;
  await notifier.toPatient({
    patientId: invoice.patientId,
    template: 'bill.ready',
    values: { patient: invoice.patient, number: invoice.number, amount: invoice.total, link: notifier.link(`/bills/${invoiceId}`) },
    dedupeKey: `bill.ready:${invoiceId}`,
  });
}

export async function labReportReady(db: DbOrTx, notifier: Notifier | undefined, labOrderId: number): Promise<void> {
  if (!reachesPatients(notifier)) return;
  const order = await db.labOrder.findUnique({
    where: { id: labOrderId },
    select: { patientId: true, labTest: { select: { name: true } }, patient: { select: { name: true } } },
  });
  if (!order) return;
  await notifier.toPatient({
    patientId: order.patientId,
    template: 'lab.ready',
    values: { patient: order.patient.name, test: order.labTest.name, link: notifier.link(`/lab-reports/${labOrderId}`) },
    dedupeKey: `lab.ready:${labOrderId}`,
  });
}

export async function dischargeSummaryReady(db: DbOrTx, notifier: Notifier | undefined, admissionId: number): Promise<void> {
  if (!reachesPatients(notifier)) return;
  const summary = await db.dischargeSummary.findFirst({
    where: { admissionId, status: 'SIGNED' },
    select: { id: true, patientId: true, patient: { select: { name: true } } },
  });
  if (!summary) return;
  await notifier.toPatient({
    patientId: summary.patientId,
    template: 'discharge.ready',
    values: { patient: summary.patient.name, link: notifier.link(`/discharge-summaries/${summary.id}`) },
    dedupeKey: `discharge.ready:${summary.id}`,
  });
}
