/**
 * The OPD's operations in the back-office: book from the patient, then check
 * in (with or without collecting the fee), the token slip, seen, no-show,
 * reschedule, cancel. When each is offered comes from appointments/states.ts,
 * the table the service checks.
 */
import { checkInAndCollectFee } from '../../src/modules/appointments/collectFee.js';
import {
  bookAppointment,
  cancelAppointment,
  checkInAppointment,
  markNoShow,
  markSeen,
  rescheduleAppointment,
} from '../../src/modules/appointments/service.js';
import { appointmentAllows } from '../../src/modules/appointments/states.js';
import { istDate } from '../../src/time.js';
import { choices, timeOfDay } from './choices.js';
import type { Operation } from './operation.js';

export const appointmentsOperations: Record<string, Operation[]> = {
  Patient: [
    {
      name: 'bookAppointment',
      label: 'Book appointment',
      roles: ['ADMIN', 'RECEPTIONIST', 'NURSE'],
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
      run: async (db, actor, v, patientId, deps) => {
        const appointment = await bookAppointment(
          db,
          actor,
          {
            patientId,
            doctorId: v.doctorId,
            slotStart: v.slotStart,
            reason: v.reason || undefined,
          },
          undefined,
          undefined,
          deps.notifier,
        );
        return `Booked for ${timeOfDay.format(appointment.slotStart)} on ${istDate(appointment.slotStart)}`;
      },
    },
  ],
  Appointment: [
    {
      name: 'checkIn',
      label: 'Check in',
      roles: ['ADMIN', 'RECEPTIONIST', 'NURSE'],
      icon: 'LogIn',
      intro: 'Check the patient in and issue the next token.',
      offeredWhen: (p) => appointmentAllows('checkIn', p.status),
      run: async (db, actor, _v, id) => `Checked in: token ${(await checkInAppointment(db, actor, { appointmentId: id })).tokenNo}`,
    },
    {
      name: 'collectFee',
      label: 'Check in and collect fee',
      roles: ['ADMIN', 'RECEPTIONIST'],
      icon: 'DollarSign',
      intro: 'Check the patient in, bill the consultation and take the fee: the token and the receipt in one step.',
      offeredWhen: (p) => appointmentAllows('checkIn', p.status),
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
      roles: ['ADMIN', 'RECEPTIONIST', 'NURSE', 'DOCTOR'],
      icon: 'Printer',
      intro: 'Open the token slip to print for the patient.',
      link: '/admin/appointments/{id}/token',
      offeredWhen: (p) => appointmentAllows('printToken', p.status),
      run: async () => 'Nothing to do: open the token slip',
    },
    {
      name: 'markSeen',
      label: 'Mark seen',
      roles: ['ADMIN', 'DOCTOR', 'NURSE'],
      icon: 'CheckCircle',
      intro: 'The doctor has seen this patient.',
      offeredWhen: (p) => appointmentAllows('markSeen', p.status),
      run: async (db, actor, _v, id) => (await markSeen(db, actor, { appointmentId: id }), 'Marked as seen'),
    },
    {
      name: 'markNoShow',
      label: 'Mark no-show',
      roles: ['ADMIN', 'RECEPTIONIST', 'NURSE'],
      icon: 'UserX',
      intro: 'The patient did not come.',
      offeredWhen: (p) => appointmentAllows('markNoShow', p.status),
      run: async (db, actor, _v, id) => (await markNoShow(db, actor, { appointmentId: id }), 'Marked as no-show'),
    },
    {
      name: 'reschedule',
      label: 'Reschedule',
      roles: ['ADMIN', 'RECEPTIONIST', 'NURSE'],
      icon: 'Clock',
      offeredWhen: (p) => appointmentAllows('reschedule', p.status),
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
      roles: ['ADMIN', 'RECEPTIONIST', 'NURSE'],
      icon: 'XCircle',
      offeredWhen: (p) => appointmentAllows('cancel', p.status),
      fields: [{ name: 'reason', label: 'Reason', type: 'textarea', required: true }],
      run: async (db, actor, v, id) => (
        await cancelAppointment(db, actor, { appointmentId: id, reason: v.reason ?? '' }),
        'Appointment cancelled'
      ),
    },
  ],
};
