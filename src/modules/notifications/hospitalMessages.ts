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
import type { DbOrTx } from '../../config/db.js';
import { istText } from '../../time.js';
import type { Notifier } from './service.js';

const timeOfDay = new Intl.DateTimeFormat('en-IN', { timeZone: 'Asia/Kolkata', hour: 'numeric', minute: '2-digit', hour12: true });

export async function confirmBooking(db: DbOrTx, notifier: Notifier | undefined, appointmentId: number): Promise<void> {
  if (!notifier) return;
  const appointment = await db.appointment.findUnique({
    where: { id: appointmentId },
    select: { patientId: true, slotStart: true, patient: { select: { name: true } }, doctor: { select: { name: true } } },
  });
  if (!appointment) return;
  await notifier.toPatient({
    patientId: appointment.patientId,
    template: 'appointment.booked',
    values: {
      patient: appointment.patient.name,
      doctor: appointment.doctor.name,
      date: istText(appointment.slotStart, true),
      time: timeOfDay.format(appointment.slotStart),
    },
    dedupeKey: `appointment.booked:${appointmentId}`,
  });
}

export async function billReady(db: DbOrTx, notifier: Notifier | undefined, invoiceId: number): Promise<void> {
  if (!notifier) return;
  const invoice = await db.invoice.findUnique({
    where: { id: invoiceId },
    select: { patientId: true, number: true, total: true, patient: { select: { name: true } } },
  });
  if (!invoice?.number) return;
  await notifier.toPatient({
    patientId: invoice.patientId,
    template: 'bill.ready',
    values: {
      patient: invoice.patient.name,
      number: invoice.number,
      amount: invoice.total.toFixed(2),
      link: notifier.link(`/bills/${invoiceId}`),
    },
    dedupeKey: `bill.ready:${invoiceId}`,
  });
}

export async function labReportReady(db: DbOrTx, notifier: Notifier | undefined, labOrderId: number): Promise<void> {
  if (!notifier) return;
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
  if (!notifier) return;
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
