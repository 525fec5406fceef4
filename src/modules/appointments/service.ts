/**
 * OPD appointments: free slots, booking, rescheduling, cancelling, check-in
 * with the day's token, seen and no-show.
 *
 * Races are settled by the database: a booking locks the doctor's row (so a
 * session's patient limit is exact), the partial unique index on
 * (doctorId, slotStart) refuses a second active appointment whatever happens,
 * and tokens come from a gapless counter locked per doctor per day.
 */
import { Prisma, type Appointment, type AppointmentStatus, type Doctor } from '@prisma/client';
import { lockRow, queryRows, type Db, type DbOrTx } from '../../config/db.js';
import { NotFound } from '../../errors.js';
import { dateColumn, istDate, istDayBounds } from '../../time.js';
import { classifySupply } from '../billing/supply.js';
import { auditedOperation, type Actor } from '../actor.js';
import { confirmBooking } from '../notifications/hospitalMessages.js';
import type { Notifier } from '../notifications/service.js';
import type { AuditActor } from '../audit/service.js';
import { nextNumberSql } from '../numbering/service.js';
import { InvalidAppointmentState, OnePerDoctorPerDay, SlotTaken, SlotUnavailable, TooManyBookings } from './errors.js';
import { slotsForDay, type Session, type Slot } from './slots.js';
import { appointmentIdSchema, bookAppointmentSchema, cancelSchema, freeSlotsSchema, rescheduleSchema } from './schemas.js';
import { APPOINTMENT_STEPS } from './states.js';

type Tx = Prisma.TransactionClient;
type Reader = Db | Tx;

interface DoctorDay {
  doctor: Doctor;
  slots: Slot[];
  closedBecause: string | null;
  /** Start times (ms) of slots holding an active appointment, and per-session counts. */
  taken: Set<number>;
  bookedPerSession: Map<number, number>;
  maxPerSession: Map<number, number | null>;
}

const ACTIVE: AppointmentStatus[] = ['BOOKED', 'CHECKED_IN', 'SEEN', 'NO_SHOW'];

/** What a doctor's day holds, read in one statement (four Prisma reads were four compiled queries a booking). */
interface DayRows {
  sessions: Session[];
  onLeave: boolean;
  holiday: string | null;
  /** Start times (ms since the epoch) of the day's active appointments. */
  taken: number[];
}

async function loadDoctorDay(db: Reader, doctor: Doctor, day: string, excludeAppointmentId?: number): Promise<DoctorDay> {
  const [rows] = await db.$queryRaw<DayRows[]>`
    SELECT
      (SELECT coalesce(json_agg(json_build_object('id', s.id, 'weekday', s.weekday, 'startTime', s."startTime",
                'endTime', s."endTime", 'slotMinutes', s."slotMinutes", 'maxPatients', s."maxPatients", 'isActive', s."isActive")), '[]'::json)
         FROM "DoctorSchedule" s WHERE s."doctorId" = ${doctor.id}) AS sessions,
      EXISTS (SELECT 1 FROM "DoctorLeave" l
              WHERE l."doctorId" = ${doctor.id} AND l."startDate" <= ${day}::date AND l."endDate" >= ${day}::date) AS "onLeave",
      (SELECT h.name FROM "Holiday" h WHERE h.date = ${day}::date) AS holiday,
      ARRAY(SELECT (extract(epoch FROM a."slotStart") * 1000)::float8 FROM "Appointment" a
            WHERE a."doctorId" = ${doctor.id} AND a."visitDate" = ${day}::date AND a.status::text = ANY (${ACTIVE})
              AND a.id IS DISTINCT FROM ${excludeAppointmentId ?? null}::int) AS taken`;
  const { sessions, onLeave, holiday, taken: takenTimes } = rows as DayRows;
  const slots = slotsForDay(sessions, day, { onLeave, holiday });
  const taken = new Set(takenTimes);
  const bookedPerSession = new Map<number, number>();
  for (const slot of slots) {
    if (taken.has(slot.start.getTime())) bookedPerSession.set(slot.sessionId, (bookedPerSession.get(slot.sessionId) ?? 0) + 1);
  }
  const closedBecause = onLeave
    ? `${doctor.name} is on leave on ${day}`
    : holiday !== null
      ? `The hospital is closed on ${day} (${holiday})`
      : null;
  return { doctor, slots, closedBecause, taken, bookedPerSession, maxPerSession: new Map(sessions.map((s) => [s.id, s.maxPatients])) };
}

function sessionFull(day: DoctorDay, slot: Slot): boolean {
  const max = day.maxPerSession.get(slot.sessionId);
  return max !== null && max !== undefined && (day.bookedPerSession.get(slot.sessionId) ?? 0) >= max;
}

/** The slot starting at `start`, or the reason the doctor cannot be booked then. */
function bookableSlot(day: DoctorDay, start: Date, now: Date): Slot {
  if (!day.doctor.isActive) throw new SlotUnavailable(`${day.doctor.name} is not taking appointments`);
  if (start.getTime() <= now.getTime()) throw new SlotUnavailable('That time has already passed: choose a slot later than now');
  if (day.closedBecause) throw new SlotUnavailable(day.closedBecause);
  const slot = day.slots.find((s) => s.start.getTime() === start.getTime());
  if (!slot) throw new SlotUnavailable(`${day.doctor.name} has no OPD slot starting at that time`);
  if (day.taken.has(slot.start.getTime())) throw new SlotTaken();
  if (sessionFull(day, slot)) throw new SlotUnavailable(`${day.doctor.name}'s session is fully booked`);
  return slot;
}

/** Locks the doctor's row: bookings for one doctor take turns, other doctors are unaffected. */
async function lockDoctor(tx: Tx, doctorId: number): Promise<Doctor> {
  const doctor = await lockRow(tx, 'Doctor', doctorId);
  if (!doctor) throw new NotFound('The doctor');
  return doctor;
}

/** The columns of the unique index a P2002 names (the pg adapter quotes them). */
function clashingColumns(error: Prisma.PrismaClientKnownRequestError): string[] {
  const meta = error.meta as { target?: unknown; driverAdapterError?: { cause?: { constraint?: { fields?: unknown } } } } | undefined;
  const fields = meta?.driverAdapterError?.cause?.constraint?.fields ?? meta?.target;
  return Array.isArray(fields) ? fields.map((field) => String(field).replace(/^"|"$/g, '')) : [];
}

async function withSlotClashAsSlotTaken<T>(work: Promise<T>): Promise<T> {
  try {
    return await work;
  } catch (error) {
    // The partial unique indexes are the last line of defence; say it in the clerk's words.
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002') {
      throw clashingColumns(error).includes('patientId') ? new OnePerDoctorPerDay() : new SlotTaken();
    }
    throw error;
  }
}

/** Limits the patient portal sets on one patient's bookings (the front desk books without them). */
export interface BookingLimits {
  /** Most appointments a patient may hold from now on (booked or checked in). */
  maxActiveFuture?: number;
}

/**
 * Refuses a booking past the patient's limit. The patient's row is locked
 * first, so two bookings of one patient at once are counted one after the other.
 */
async function requireWithinLimits(tx: Tx, patientId: number, limits: BookingLimits, now: Date): Promise<void> {
  if (limits.maxActiveFuture === undefined) return;
  await tx.$queryRaw`SELECT id FROM "Patient" WHERE id = ${patientId} FOR UPDATE`;
  const active = await tx.appointment.count({ where: { patientId, status: { in: ['BOOKED', 'CHECKED_IN'] }, slotStart: { gte: now } } });
  if (active >= limits.maxActiveFuture) throw new TooManyBookings(limits.maxActiveFuture);
}

/**
 * The free slots of a doctor's day in one SQL statement (one round trip: the
 * patient API serves this on every date the patient taps): the day's active
 * sessions cut into slots, nothing on leave or a holiday, minus slots that are
 * past, taken, or in a session that reached its patient limit. The same rules
 * as `slotsForDay` + `bookableSlot`, which booking uses under the doctor's lock.
 */
export async function freeSlots(db: Db, input: unknown, now: Date = new Date()): Promise<Array<{ start: Date; end: Date }>> {
  return (await freeSlotTimes(db, input, now)).map((slot) => ({ start: new Date(slot.start), end: new Date(slot.end) }));
}

/**
 * The same free slots with their times as ISO 8601 text (`2026-12-09T11:30:00.000Z`,
 * what a Date prints in JSON), written by PostgreSQL: the patient API sends them as
 * they come, since parsing and printing two Dates a slot was a tenth of a
 * free-slots request's CPU (bench/api.ts).
 */
export async function freeSlotTimes(db: Db, input: unknown, now: Date = new Date()): Promise<Array<{ start: string; end: string }>> {
  const { doctorId, date } = freeSlotsSchema.parse(input);
  const [answer] = await queryRows<{ doctorId: number | null; slots: Array<{ start: string; end: string }> }>(
    db,
    freeSlotsSql(doctorId, date, now),
  );
  if (!answer?.doctorId) throw new NotFound('The doctor');
  return answer.slots;
}

/** The statement behind freeSlots, also run bare through pg by bench/api.ts as its baseline. */
export function freeSlotsSql(doctorId: number, date: string, now: Date): Prisma.Sql {
  // A timestamptz as JavaScript's Date#toISOString() writes it, whatever the session's time zone.
  const isoText = (column: string) => Prisma.raw(`to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`);
  const minutes = (column: string) => Prisma.raw(`split_part(s."${column}", ':', 1)::int * 60 + split_part(s."${column}", ':', 2)::int`);
  return Prisma.sql`
    WITH doctor AS (
      SELECT d.id FROM "Doctor" d
      WHERE d.id = ${doctorId} AND d."isActive"
        AND NOT EXISTS (SELECT 1 FROM "DoctorLeave" l WHERE l."doctorId" = d.id AND l."startDate" <= ${date}::date AND l."endDate" >= ${date}::date)
        AND NOT EXISTS (SELECT 1 FROM "Holiday" h WHERE h.date = ${date}::date)
    ),
    slots AS (
      SELECT s.id AS session_id, s."maxPatients" AS max_patients,
             (${date}::date + make_interval(mins => m)) AT TIME ZONE 'Asia/Kolkata' AS start,
             (${date}::date + make_interval(mins => m + s."slotMinutes")) AT TIME ZONE 'Asia/Kolkata' AS "end"
      FROM doctor
      JOIN "DoctorSchedule" s ON s."doctorId" = doctor.id AND s."isActive" AND s.weekday = extract(isodow FROM ${date}::date)
      CROSS JOIN LATERAL generate_series(${minutes('startTime')}, ${minutes('endTime')} - s."slotMinutes", s."slotMinutes") m
    ),
    taken AS (
      SELECT sl.session_id, sl.start FROM slots sl
      JOIN "Appointment" a ON a."doctorId" = ${doctorId} AND a."visitDate" = ${date}::date AND a."slotStart" = sl.start
       AND a.status IN ('BOOKED', 'CHECKED_IN', 'SEEN', 'NO_SHOW')
    ),
    free AS (
      SELECT sl.start, sl."end" FROM slots sl
      WHERE sl.start > ${now}
        AND NOT EXISTS (SELECT 1 FROM taken t WHERE t.start = sl.start)
        AND (sl.max_patients IS NULL OR (SELECT count(*) FROM taken t WHERE t.session_id = sl.session_id) < sl.max_patients)
    )
    SELECT (SELECT id FROM "Doctor" WHERE id = ${doctorId}) AS "doctorId",
           COALESCE((SELECT json_agg(json_build_object('start', ${isoText('free.start')}, 'end', ${isoText('free."end"')}) ORDER BY free.start) FROM free), '[]'::json) AS slots`;
}

export async function bookAppointment(
  db: DbOrTx,
  actor: AuditActor,
  input: unknown,
  now: Date = new Date(),
  limits: BookingLimits = {},
  /** Sends the patient the confirmation once booked; none inside a caller's transaction. */
  notifier?: Notifier,
): Promise<Appointment> {
  const booking = bookAppointmentSchema.parse(input);
  const [patient] = await queryRows<{ id: number }>(db, Prisma.sql`SELECT id FROM "Patient" WHERE id = ${booking.patientId}`);
  if (!patient) throw new NotFound('The patient');
  const booked = await withSlotClashAsSlotTaken(
    auditedOperation(db, actor, { model: 'Appointment', operation: 'book' }, async (tx) => {
      await requireWithinLimits(tx, booking.patientId, limits, now);
      const doctor = await lockDoctor(tx, booking.doctorId);
      const day = istDate(booking.slotStart);
      const slot = bookableSlot(await loadDoctorDay(tx, doctor, day), booking.slotStart, now);
      const record = await tx.appointment.create({
        data: {
          patientId: booking.patientId,
          doctorId: doctor.id,
          slotStart: slot.start,
          slotEnd: slot.end,
          visitDate: dateColumn(day),
          isFollowUp: booking.isFollowUp,
          reason: booking.reason ?? null,
          source: booking.source,
          bookedById: actor.userId,
        },
      });
      return { record };
    }),
  );
  await confirmBooking(db, notifier, booked.id);
  return booked;
}

async function lockAppointment(tx: Tx, appointmentId: number): Promise<Appointment> {
  const appointment = await lockRow(tx, 'Appointment', appointmentId);
  if (!appointment) throw new NotFound('The appointment');
  return appointment;
}

function requireStatus(appointment: Appointment, allowed: readonly AppointmentStatus[], doing: string): void {
  if (!allowed.includes(appointment.status)) {
    throw new InvalidAppointmentState(`Cannot ${doing} an appointment that is ${appointment.status.toLowerCase().replace('_', ' ')}`);
  }
}

export async function rescheduleAppointment(db: Db, actor: AuditActor, input: unknown, now: Date = new Date()): Promise<Appointment> {
  const { appointmentId, slotStart } = rescheduleSchema.parse(input);
  return withSlotClashAsSlotTaken(
    auditedOperation(db, actor, { model: 'Appointment', operation: 'reschedule' }, async (tx) => {
      const current = await lockAppointment(tx, appointmentId);
      requireStatus(current, APPOINTMENT_STEPS.reschedule, 'reschedule');
      const doctor = await lockDoctor(tx, current.doctorId);
      const day = istDate(slotStart);
      const slot = bookableSlot(await loadDoctorDay(tx, doctor, day, current.id), slotStart, now);
      const record = await tx.appointment.update({
        where: { id: current.id },
        data: { slotStart: slot.start, slotEnd: slot.end, visitDate: dateColumn(day) },
      });
      return { record, before: { slotStart: current.slotStart }, after: { slotStart: record.slotStart } };
    }),
  );
}

export async function cancelAppointment(db: Db, actor: AuditActor, input: unknown): Promise<Appointment> {
  const { appointmentId, reason } = cancelSchema.parse(input);
  return auditedOperation(db, actor, { model: 'Appointment', operation: 'cancel' }, async (tx) => {
    const current = await lockAppointment(tx, appointmentId);
    requireStatus(current, APPOINTMENT_STEPS.cancel, 'cancel');
    // A consultation charged at check-in and not yet billed goes with the visit.
    await tx.billableItem.deleteMany({ where: { sourceRef: `appointment:${current.id}`, invoiceLineId: null } });
    const record = await tx.appointment.update({
      where: { id: current.id },
      data: { status: 'CANCELLED', cancelReason: reason, cancelledAt: new Date() },
    });
    return { record, before: { status: current.status }, after: { status: record.status, cancelReason: reason } };
  });
}

/** Check-in on the visit day: the next token for the doctor's day, and the consultation becomes billable. */
export async function checkInAppointment(db: DbOrTx, actor: Actor, input: unknown, now: Date = new Date()): Promise<Appointment> {
  return (await checkInVisit(db, actor, input, now)).appointment;
}

/** Checks a patient in and books the consultation fee; answers the visit and that fee (zero for a free follow-up). */
export async function checkInVisit(
  db: DbOrTx,
  actor: Actor,
  input: unknown,
  now: Date = new Date(),
): Promise<{ appointment: Appointment; fee: Prisma.Decimal }> {
  const { appointmentId } = appointmentIdSchema.parse(input);
  let fee = new Prisma.Decimal(0);
  const appointment = await auditedOperation(db, actor, { model: 'Appointment', operation: 'check-in' }, async (tx) => {
    const current = await lockAppointment(tx, appointmentId);
    requireStatus(current, APPOINTMENT_STEPS.checkIn, 'check in');
    const day = current.visitDate.toISOString().slice(0, 10);
    if (day !== istDate(now))
      throw new InvalidAppointmentState(`This appointment is for ${day}: patients check in on the day of their visit`);
    const { record, doctor } = await giveTokenAndCheckIn(tx, current, day, now);
    const tokenNo = record.tokenNo;
    fee = current.isFollowUp && doctor.followUpFee ? doctor.followUpFee : doctor.consultationFee;
    await tx.billableItem.create({
      data: {
        patientId: current.patientId,
        source: 'CONSULTATION',
        sourceRef: `appointment:${current.id}`,
        description: `${current.isFollowUp ? 'Follow-up consultation' : 'Consultation'} – ${doctor.name}`,
        sacCode: '999311',
        quantity: 1,
        unitPrice: fee,
        // A consultation is a health care service of a clinical establishment: exempt.
        ...classifySupply({ source: 'CONSULTATION', admitted: false, catalogueRate: 0 }),
        appointmentId: current.id,
      },
    });
    return { record, before: { status: current.status }, after: { status: record.status, tokenNo } };
  });
  return { appointment, fee };
}

/**
 * The doctor's next token for the day (the gapless counter of takeNextNumber, its row locked
 * until the transaction ends), the visit checked in with it, and the doctor's name and fees:
 * one statement, where it was three (the counter, Prisma's update, Prisma's read of the doctor).
 * The row has Prisma's shape, as lockRow's do (tests/integration/rowLocks.test.ts).
 */
async function giveTokenAndCheckIn(tx: Tx, visit: Appointment, day: string, now: Date) {
  type Answer = Appointment & Pick<Doctor, 'consultationFee' | 'followUpFee'> & { doctorName: string };
  const [row] = await tx.$queryRaw<Answer[]>`
    WITH token AS (${nextNumberSql(`token:${visit.doctorId}:${day}`)})
    UPDATE "Appointment" a
    SET status = 'CHECKED_IN', "tokenNo" = (SELECT "lastValue" FROM token), "checkedInAt" = ${now}, "updatedAt" = ${new Date()}
    FROM "Doctor" d
    WHERE a.id = ${visit.id} AND d.id = a."doctorId"
    RETURNING a.*, d.name AS "doctorName", d."consultationFee", d."followUpFee"`;
  if (!row) throw new NotFound('The appointment');
  const { doctorName, consultationFee, followUpFee, ...record } = row;
  return { record: record as Appointment, doctor: { name: doctorName, consultationFee, followUpFee } };
}

export async function markSeen(db: DbOrTx, actor: Actor, input: unknown): Promise<Appointment> {
  const { appointmentId } = appointmentIdSchema.parse(input);
  return auditedOperation(db, actor, { model: 'Appointment', operation: 'seen' }, async (tx) => {
    const current = await lockAppointment(tx, appointmentId);
    requireStatus(current, APPOINTMENT_STEPS.markSeen, 'mark as seen');
    const record = await tx.appointment.update({ where: { id: current.id }, data: { status: 'SEEN', seenAt: new Date() } });
    return { record, before: { status: current.status }, after: { status: record.status } };
  });
}

export async function markNoShow(db: Db, actor: Actor, input: unknown, now: Date = new Date()): Promise<Appointment> {
  const { appointmentId } = appointmentIdSchema.parse(input);
  return auditedOperation(db, actor, { model: 'Appointment', operation: 'no-show' }, async (tx) => {
    const current = await lockAppointment(tx, appointmentId);
    requireStatus(current, APPOINTMENT_STEPS.markNoShow, 'mark as no-show');
    if (current.slotStart > now)
      throw new InvalidAppointmentState('The slot has not started yet: a patient can only be a no-show after their time');
    const record = await tx.appointment.update({ where: { id: current.id }, data: { status: 'NO_SHOW' } });
    return { record, before: { status: current.status }, after: { status: record.status } };
  });
}

/** A doctor's whole queue for a day: checked-in patients by token, then those still expected. */
export async function opdQueue(db: Db, day: string, doctorId: number) {
  const { start, end } = istDayBounds(day);
  return db.appointment.findMany({
    where: { doctorId, slotStart: { gte: start, lt: end }, status: { not: 'CANCELLED' } },
    include: {
      patient: { select: { id: true, uhid: true, name: true, phone: true } },
      doctor: { select: { id: true, name: true } },
    },
    orderBy: [{ tokenNo: { sort: 'asc', nulls: 'last' } }, { slotStart: 'asc' }],
  });
}

/** How many of each doctor's next patients the all-doctors queue shows. */
export const NEXT_UP_PER_DOCTOR = 5;

export interface QueueEntry {
  id: number;
  tokenNo: number | null;
  slotStart: Date;
  status: AppointmentStatus;
  doctorId: number;
  doctor: string;
  patient: { id: number; uhid: string; name: string; phone: string };
}

/** A row of the board's query: an entry without its patient object, with the doctor's counts. */
type BoardRow = Omit<QueueEntry, 'patient'> & {
  patientId: number;
  uhid: string;
  name: string;
  phone: string;
  waiting: number;
  seen: number;
  position: number;
};

export interface DoctorQueueSummary {
  doctorId: number;
  doctor: string;
  waiting: number;
  seen: number;
}

/**
 * Every doctor's queue at once, for the front desk of a big OPD: each doctor's
 * next few patients still waiting (checked in by token, then those expected)
 * and how many wait and were seen — a bounded answer however many hundreds of
 * visits the day has (one index range on the day's slots, numbered per doctor).
 */
export async function opdBoard(db: Db, day: string = istDate()): Promise<{ entries: QueueEntry[]; doctors: DoctorQueueSummary[] }> {
  const { start, end } = istDayBounds(day);
  const rows = await queryRows<BoardRow>(
    db,
    Prisma.sql`
      WITH day AS (
        SELECT a.id, a."tokenNo", a."slotStart", a.status, a."doctorId", a."patientId",
               a.status IN ('BOOKED', 'CHECKED_IN') AS "isWaiting",
               row_number() OVER (PARTITION BY a."doctorId", a.status IN ('BOOKED', 'CHECKED_IN')
                                  ORDER BY (a.status = 'CHECKED_IN') DESC, a."tokenNo" NULLS LAST, a."slotStart", a.id) AS rank,
               row_number() OVER (PARTITION BY a."doctorId" ORDER BY a.id) AS "rowOfDoctor",
               count(*) FILTER (WHERE a.status IN ('BOOKED', 'CHECKED_IN')) OVER (PARTITION BY a."doctorId") AS waiting,
               count(*) FILTER (WHERE a.status = 'SEEN') OVER (PARTITION BY a."doctorId") AS seen
        FROM "Appointment" a
        WHERE a."slotStart" >= ${start} AND a."slotStart" < ${end} AND a.status <> 'CANCELLED'
      )
      SELECT day.id, day."tokenNo", day."slotStart", day.status, day."doctorId", d.name AS doctor,
             p.id AS "patientId", p.uhid, p.name, p.phone, day.waiting::int AS waiting, day.seen::int AS seen,
             CASE WHEN day."isWaiting" THEN day.rank ELSE 0 END::int AS position
      FROM day
      JOIN "Doctor" d ON d.id = day."doctorId"
      JOIN "Patient" p ON p.id = day."patientId"
      WHERE (day."isWaiting" AND day.rank <= ${NEXT_UP_PER_DOCTOR}) OR day."rowOfDoctor" = 1
      ORDER BY day."doctorId", position`,
  );
  const doctors = new Map<number, DoctorQueueSummary>();
  const entries: QueueEntry[] = [];
  for (const row of rows) {
    doctors.set(row.doctorId, { doctorId: row.doctorId, doctor: row.doctor, waiting: row.waiting, seen: row.seen });
    if (row.position >= 1 && row.position <= NEXT_UP_PER_DOCTOR) {
      entries.push({
        id: row.id,
        tokenNo: row.tokenNo,
        slotStart: new Date(row.slotStart),
        status: row.status,
        doctorId: row.doctorId,
        doctor: row.doctor,
        patient: { id: row.patientId, uhid: row.uhid, name: row.name, phone: row.phone },
      });
    }
  }
  const byName = (a: { doctor: string; doctorId: number }, b: { doctor: string; doctorId: number }) =>
    a.doctor.localeCompare(b.doctor) || a.doctorId - b.doctorId;
  // Sorted by doctor, each doctor's patients in queue order (the query's order within a doctor).
  return { entries: entries.sort((a, b) => byName(a, b)), doctors: [...doctors.values()].sort(byName) };
}

/** Doctors a visit can be booked with, by name (the booking and admission forms). */
export function doctorsTakingPatients(db: Db) {
  return db.doctor.findMany({ where: { isActive: true }, include: { department: true }, orderBy: { name: 'asc' } });
}

/** The patient's OPD visits of the last week (checked in or seen), to tie a prescription or a test to one. */
export function recentVisits(db: Db, patientId: number, now: Date = new Date()) {
  const since = new Date(now.getTime() - 7 * 86_400_000);
  return db.appointment.findMany({
    where: { patientId, status: { in: ['CHECKED_IN', 'SEEN'] }, slotStart: { gte: since } },
    include: { doctor: { select: { name: true } } },
    orderBy: { slotStart: 'desc' },
  });
}
