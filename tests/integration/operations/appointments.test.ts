/**
 * OPD rules against the real database, including races between desks.
 */
import {
  bookAppointment,
  cancelAppointment,
  checkInAppointment,
  opdQueue,
  freeSlots,
  markNoShow,
  markSeen,
  rescheduleAppointment,
} from '../../../src/modules/appointments/service.js';
import type { Actor } from '../../../src/modules/actor.js';
import pg from 'pg';
import { checkInAndCollectFee } from '../../../src/modules/appointments/collectFee.js';
import type { Notifier } from '../../../src/modules/notifications/service.js';
import { bookMyAppointment } from '../../../src/modules/portal/service.js';
import { createActor, createDoctorWithDailyOpd, createPatient, createVisitToday, istAt, istDayFromToday } from '../../factories.js';
import { errorOf, useDatabase } from '../../support/lifecycle.js';

const db = useDatabase(25);
let desk: Actor;
const tomorrow = istDayFromToday(1);
beforeAll(async () => {
  desk = await createActor(db, 'RECEPTIONIST');
});

describe('free slots', () => {
  it('lists the day’s slots and drops booked ones', async () => {
    const doctor = await createDoctorWithDailyOpd(db);
    const slots = await freeSlots(db, { doctorId: doctor.id, date: tomorrow });
    expect(slots).toHaveLength(16);
    await bookAppointment(db, desk, { patientId: (await createPatient(db)).id, doctorId: doctor.id, slotStart: istAt(tomorrow, '09:15') });
    const after = await freeSlots(db, { doctorId: doctor.id, date: tomorrow });
    expect(after).toHaveLength(15);
    expect(after.map((s) => s.start.getTime())).not.toContain(istAt(tomorrow, '09:15').getTime());
  });

  it('offers nothing on the doctor’s leave or a hospital holiday', async () => {
    const doctor = await createDoctorWithDailyOpd(db);
    const inTwoDays = istDayFromToday(2);
    await db.doctorLeave.create({
      data: { doctorId: doctor.id, startDate: new Date(tomorrow), endDate: new Date(tomorrow), reason: 'Conference' },
    });
    expect(await freeSlots(db, { doctorId: doctor.id, date: tomorrow })).toEqual([]);
    expect(await freeSlots(db, { doctorId: doctor.id, date: inTwoDays })).toHaveLength(16);
    const err = await errorOf(
      bookAppointment(db, desk, { patientId: (await createPatient(db)).id, doctorId: doctor.id, slotStart: istAt(tomorrow, '10:00') }),
    );
    expect(err?.message).toMatch(/is on leave on/);
  });
  it('refuses a booking on a hospital holiday, naming it', async () => {
    const doctor = await createDoctorWithDailyOpd(db);
    const day = istDayFromToday(3);
    await db.holiday.upsert({ where: { date: new Date(day) }, create: { date: new Date(day), name: 'Guru Nanak Jayanti' }, update: {} });
    try {
      const err = await errorOf(
        bookAppointment(db, desk, { patientId: (await createPatient(db)).id, doctorId: doctor.id, slotStart: istAt(day, '10:00') }),
      );
      expect(err?.message).toMatch(/The hospital is closed on .* \(.+\)/);
    } finally {
      await db.holiday.delete({ where: { date: new Date(day) } });
    }
  });
  it('books a slot again once its appointment is cancelled, and refuses one that is taken', async () => {
    const doctor = await createDoctorWithDailyOpd(db);
    const slotStart = istAt(tomorrow, '12:00');
    const first = await bookAppointment(db, desk, { patientId: (await createPatient(db)).id, doctorId: doctor.id, slotStart });
    const taken = await errorOf(bookAppointment(db, desk, { patientId: (await createPatient(db)).id, doctorId: doctor.id, slotStart }));
    expect(taken).toMatchObject({ code: 'SLOT_TAKEN' });
    await cancelAppointment(db, desk, { appointmentId: first.id, reason: 'Patient travelling' });
    const again = await bookAppointment(db, desk, { patientId: (await createPatient(db)).id, doctorId: doctor.id, slotStart });
    expect(again.status).toBe('BOOKED');
  });
});

describe('booking', () => {
  it('books a free slot and records who booked it', async () => {
    const doctor = await createDoctorWithDailyOpd(db);
    const patient = await createPatient(db);
    const appointment = await bookAppointment(db, desk, {
      patientId: patient.id,
      doctorId: doctor.id,
      slotStart: istAt(tomorrow, '11:00'),
    });
    expect(appointment).toMatchObject({ status: 'BOOKED', bookedById: desk.userId, visitDate: new Date(`${tomorrow}T00:00:00Z`) });
    expect(appointment.slotEnd.getTime() - appointment.slotStart.getTime()).toBe(15 * 60_000);
    const audit = await db.auditLog.findFirst({ where: { model: 'Appointment', recordId: String(appointment.id), userId: desk.userId } });
    expect(audit?.after).toMatchObject({ operation: 'book' });
  });

  it('gives one slot to exactly one of 50 desks booking it at the same moment', async () => {
    const doctor = await createDoctorWithDailyOpd(db);
    const patients = await Promise.all(Array.from({ length: 50 }, () => createPatient(db)));
    const slotStart = istAt(tomorrow, '12:00');
    const outcomes = await Promise.allSettled(
      patients.map((p) => bookAppointment(db, desk, { patientId: p.id, doctorId: doctor.id, slotStart })),
    );
    const won = outcomes.filter((o) => o.status === 'fulfilled');
    const lost = outcomes.filter((o): o is PromiseRejectedResult => o.status === 'rejected');
    expect(won).toHaveLength(1);
    expect(lost).toHaveLength(49);
    for (const { reason } of lost) expect(reason).toMatchObject({ status: 409, code: 'SLOT_TAKEN' });
    expect(await db.appointment.count({ where: { doctorId: doctor.id, slotStart } })).toBe(1);
  }, 60_000);

  it.each([
    ['in the past', async () => istAt(istDayFromToday(-1), '10:00'), /already passed/],
    ['outside the schedule', async () => istAt(tomorrow, '15:00'), /no OPD slot starting at that time/],
    ['between two slots', async () => istAt(tomorrow, '09:07'), /no OPD slot starting at that time/],
  ])('refuses a booking %s with a reason', async (_case, when, message) => {
    const doctor = await createDoctorWithDailyOpd(db);
    const err = await errorOf(
      bookAppointment(db, desk, { patientId: (await createPatient(db)).id, doctorId: doctor.id, slotStart: await when() }),
    );
    expect(err).toMatchObject({ status: 422, code: 'SLOT_UNAVAILABLE' });
    expect(err?.message).toMatch(message);
  });

  it('refuses a doctor who is not active, and unknown patients or doctors', async () => {
    const inactive = await createDoctorWithDailyOpd(db, { isActive: false });
    const patient = await createPatient(db);
    const err = await errorOf(
      bookAppointment(db, desk, { patientId: patient.id, doctorId: inactive.id, slotStart: istAt(tomorrow, '10:00') }),
    );
    expect(err?.message).toBe('Dr. Test is not taking appointments');
    expect(
      await errorOf(bookAppointment(db, desk, { patientId: -5, doctorId: inactive.id, slotStart: istAt(tomorrow, '10:00') })),
    ).toMatchObject({ name: 'ZodError' });
    expect(
      await errorOf(bookAppointment(db, desk, { patientId: 99_999_999, doctorId: inactive.id, slotStart: istAt(tomorrow, '10:00') })),
    ).toMatchObject({ status: 404 });
    expect(
      await errorOf(bookAppointment(db, desk, { patientId: patient.id, doctorId: 99_999_999, slotStart: istAt(tomorrow, '10:00') })),
    ).toMatchObject({ status: 404 });
    expect(await db.appointment.count({ where: { doctorId: inactive.id } })).toBe(0);
  });

  it('stops at the session’s patient limit', async () => {
    const doctor = await createDoctorWithDailyOpd(db, {}, 2);
    for (const time of ['09:00', '09:15'])
      await bookAppointment(db, desk, { patientId: (await createPatient(db)).id, doctorId: doctor.id, slotStart: istAt(tomorrow, time) });
    const err = await errorOf(
      bookAppointment(db, desk, { patientId: (await createPatient(db)).id, doctorId: doctor.id, slotStart: istAt(tomorrow, '09:30') }),
    );
    expect(err?.message).toMatch(/fully booked/);
    expect(await freeSlots(db, { doctorId: doctor.id, date: tomorrow })).toEqual([]);
  });
});

describe('rescheduling and cancelling', () => {
  it('moves a booking to a free slot and frees the old one', async () => {
    const doctor = await createDoctorWithDailyOpd(db);
    const appt = await bookAppointment(db, desk, {
      patientId: (await createPatient(db)).id,
      doctorId: doctor.id,
      slotStart: istAt(tomorrow, '09:00'),
    });
    const moved = await rescheduleAppointment(db, desk, { appointmentId: appt.id, slotStart: istAt(tomorrow, '10:30') });
    expect(moved.slotStart).toEqual(istAt(tomorrow, '10:30'));
    const again = await bookAppointment(db, desk, {
      patientId: (await createPatient(db)).id,
      doctorId: doctor.id,
      slotStart: istAt(tomorrow, '09:00'),
    });
    expect(again.status).toBe('BOOKED');
    const clash = await errorOf(rescheduleAppointment(db, desk, { appointmentId: appt.id, slotStart: istAt(tomorrow, '09:00') }));
    expect(clash).toMatchObject({ code: 'SLOT_TAKEN' });
  });

  it('cancels with a reason and frees the slot', async () => {
    const doctor = await createDoctorWithDailyOpd(db);
    const appt = await bookAppointment(db, desk, {
      patientId: (await createPatient(db)).id,
      doctorId: doctor.id,
      slotStart: istAt(tomorrow, '09:45'),
    });
    expect(await errorOf(cancelAppointment(db, desk, { appointmentId: appt.id, reason: '' }))).toMatchObject({ name: 'ZodError' });
    const cancelled = await cancelAppointment(db, desk, { appointmentId: appt.id, reason: 'Patient travelling' });
    expect(cancelled).toMatchObject({ status: 'CANCELLED', cancelReason: 'Patient travelling' });
    await bookAppointment(db, desk, { patientId: (await createPatient(db)).id, doctorId: doctor.id, slotStart: istAt(tomorrow, '09:45') });
  });
});

describe('check-in and the day’s tokens', () => {
  it('issues gapless tokens 1…10 when ten desks check in at the same moment, and bills the consultation', async () => {
    const doctor = await createDoctorWithDailyOpd(db);
    const times = ['09:00', '09:15', '09:30', '09:45', '10:00', '10:15', '10:30', '10:45', '11:00', '11:15'];
    const booked = [];
    for (const t of times)
      booked.push(
        await bookAppointment(db, desk, { patientId: (await createPatient(db)).id, doctorId: doctor.id, slotStart: istAt(tomorrow, t) }),
      );
    const onTheDay = istAt(tomorrow, '08:30');
    const checkedIn = await Promise.all(booked.map((a) => checkInAppointment(db, desk, { appointmentId: a.id }, onTheDay)));
    expect(checkedIn.map((a) => a.tokenNo).sort((x, y) => (x ?? 0) - (y ?? 0))).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    const items = await db.billableItem.findMany({ where: { appointmentId: { in: booked.map((a) => a.id) } } });
    expect(items).toHaveLength(10);
    expect(items[0]).toMatchObject({ source: 'CONSULTATION', description: 'Consultation – Dr. Test' });
    expect(items[0]?.unitPrice.toFixed(2)).toBe('500.00');
    const queue = await opdQueue(db, tomorrow, doctor.id);
    expect(queue.map((a) => a.tokenNo)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
  });

  it('charges the follow-up fee for a follow-up visit', async () => {
    const doctor = await createDoctorWithDailyOpd(db, { followUpFee: 250 });
    const appt = await bookAppointment(db, desk, {
      patientId: (await createPatient(db)).id,
      doctorId: doctor.id,
      slotStart: istAt(tomorrow, '12:45'),
      isFollowUp: true,
    });
    await checkInAppointment(db, desk, { appointmentId: appt.id }, istAt(tomorrow, '12:30'));
    const item = await db.billableItem.findUniqueOrThrow({ where: { sourceRef: `appointment:${appt.id}` } });
    expect(item.unitPrice.toFixed(2)).toBe('250.00');
    expect(item.description).toBe('Follow-up consultation – Dr. Test');
  });

  it('refuses check-in on another day than the visit', async () => {
    const doctor = await createDoctorWithDailyOpd(db);
    const appt = await bookAppointment(db, desk, {
      patientId: (await createPatient(db)).id,
      doctorId: doctor.id,
      slotStart: istAt(tomorrow, '12:30'),
    });
    const err = await errorOf(checkInAppointment(db, desk, { appointmentId: appt.id }));
    expect(err).toMatchObject({ status: 409, code: 'INVALID_STATE' });
    expect(err?.message).toMatch(/check in on the day of their visit/);
  });
});

/** Every statement node-postgres sends while `work` runs (this test's client is the only one busy). */
async function statementsOf(work: () => Promise<unknown>): Promise<string[]> {
  const sent: string[] = [];
  const original = pg.Client.prototype.query;
  const counting = function (this: pg.Client, ...args: unknown[]) {
    sent.push(typeof args[0] === 'string' ? args[0] : (args[0] as { text: string }).text);
    return (original as (...a: unknown[]) => unknown).apply(this, args);
  };
  pg.Client.prototype.query = counting as typeof original;
  try {
    await work();
  } finally {
    pg.Client.prototype.query = original;
  }
  return sent;
}

describe('check in and collect fee', () => {
  it('checks in, bills, issues and takes the fee in one transaction of 22 statements', async () => {
    const doctor = await createDoctorWithDailyOpd(db);
    const patient = await createPatient(db);
    const visit = await createVisitToday(db, { patientId: patient.id, doctorId: doctor.id });
    let done: Awaited<ReturnType<typeof checkInAndCollectFee>> | undefined;
    const sent = await statementsOf(async () => {
      done = await checkInAndCollectFee(db, { HOSPITAL_STATE_CODE: '27' }, desk, { appointmentId: visit.id, method: 'CASH' });
    });
    // Each statement is a round trip and, with Prisma 6, a compile on the event loop: the desk's
    // busiest action took 38 before (bench/hospitalHour.ts). More means a new per-row read crept in.
    expect(sent.length).toBeLessThanOrEqual(22);
    // The checked-in visit comes from one raw statement (token, update, doctor's fee): Prisma's own row.
    expect(done?.appointment).toStrictEqual(await db.appointment.findUnique({ where: { id: visit.id } }));
    expect(done?.appointment).toMatchObject({ status: 'CHECKED_IN', tokenNo: expect.any(Number) });
    expect([sent[0], sent.at(-1)]).toEqual(['BEGIN', 'COMMIT']);
    const invoice = await db.invoice.findFirstOrThrow({ where: { appointmentId: visit.id }, include: { payments: true } });
    expect(invoice).toMatchObject({ status: 'PAID', documentType: 'BILL_OF_SUPPLY' });
    expect(invoice.payments.map((p) => p.amount.toFixed(2))).toEqual(['500.00']);
  });
});

describe('a portal booking', () => {
  it('is booked and answered in 10 statements, with no reads for a message no channel can carry', async () => {
    const doctor = await createDoctorWithDailyOpd(db);
    const patient = await createPatient(db);
    const day = istDayFromToday(2);
    // A notifier with no channel set up (SMS, WhatsApp and e-mail unconfigured), as in bench:hospital-hour.
    const silent: Notifier = {
      channels: {},
      link: (path) => path,
      toPatient: () => Promise.reject(new Error('nothing can be sent')),
      toStaff: () => Promise.reject(new Error('nothing can be sent')),
      sendSecret: () => Promise.reject(new Error('nothing can be sent')),
    };
    let answer: Awaited<ReturnType<typeof bookMyAppointment>> | undefined;
    const sent = await statementsOf(async () => {
      answer = await bookMyAppointment(
        db,
        desk,
        patient.id,
        { doctorId: doctor.id, startsAt: istAt(day, '10:00') },
        { maxActiveFuture: 3 },
        new Date(),
        silent,
      );
    });
    // The patient, then BEGIN, the patient's lock and count, the doctor's lock, the doctor's day, the
    // insert, the audit row and COMMIT, then the answer with the doctor and department.
    expect(sent.length).toBeLessThanOrEqual(10);
    expect(answer).toMatchObject({
      status: 'BOOKED',
      doctor: { id: doctor.id, name: doctor.name, department: { name: expect.any(String) } },
    });
    expect(answer?.slotStart.toISOString()).toBe(istAt(day, '10:00').toISOString());
  });
});

describe('the appointment state machine', () => {
  type Step = 'checkIn' | 'seen' | 'noShow' | 'cancel' | 'reschedule';
  const run = (step: Step, appointmentId: number, at: Date) => {
    switch (step) {
      case 'checkIn':
        return checkInAppointment(db, desk, { appointmentId }, at);
      case 'seen':
        return markSeen(db, desk, { appointmentId });
      case 'noShow':
        return markNoShow(db, desk, { appointmentId }, at);
      case 'cancel':
        return cancelAppointment(db, desk, { appointmentId, reason: 'Testing transitions' });
      case 'reschedule':
        return rescheduleAppointment(db, desk, { appointmentId, slotStart: istAt(istDayFromToday(3), '12:45') }, at);
    }
  };
  // From each state, the steps that are not allowed.
  const illegal: Array<[state: string, reach: Step[], refused: Step[]]> = [
    ['BOOKED', [], ['seen']],
    ['CHECKED_IN', ['checkIn'], ['checkIn', 'noShow', 'reschedule']],
    ['SEEN', ['checkIn', 'seen'], ['checkIn', 'seen', 'noShow', 'cancel', 'reschedule']],
    ['NO_SHOW', ['noShow'], ['checkIn', 'seen', 'noShow', 'cancel', 'reschedule']],
    ['CANCELLED', ['cancel'], ['checkIn', 'seen', 'noShow', 'cancel', 'reschedule']],
  ];

  it.each(illegal)('from %s refuses every illegal step and changes nothing', async (state, reach, refused) => {
    const doctor = await createDoctorWithDailyOpd(db);
    const appt = await bookAppointment(db, desk, {
      patientId: (await createPatient(db)).id,
      doctorId: doctor.id,
      slotStart: istAt(tomorrow, '10:00'),
    });
    const during = istAt(tomorrow, '10:05');
    for (const step of reach) await run(step, appt.id, during);
    const before = await db.appointment.findUniqueOrThrow({ where: { id: appt.id } });
    expect(before.status).toBe(state);
    for (const step of refused) {
      const err = await errorOf(run(step, appt.id, during));
      expect(err).toMatchObject({ status: 409, code: 'INVALID_STATE' });
    }
    expect(await db.appointment.findUniqueOrThrow({ where: { id: appt.id } })).toEqual(before);
  });

  it('refuses a no-show before the slot has started', async () => {
    const doctor = await createDoctorWithDailyOpd(db);
    const appt = await bookAppointment(db, desk, {
      patientId: (await createPatient(db)).id,
      doctorId: doctor.id,
      slotStart: istAt(tomorrow, '11:30'),
    });
    expect((await errorOf(markNoShow(db, desk, { appointmentId: appt.id })))?.message).toMatch(/has not started yet/);
  });
});
