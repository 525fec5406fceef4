/**
 * The doctor's side of a consultation beyond the notes: tests ordered from it
 * (billed as every lab order), the follow-up booked in the doctor's free
 * slots, finishing it (the visit is then seen), everything the encounter page
 * shows in one read, and the doctor's worklist — "My patients today" with
 * tokens, whether vitals are taken and whose results wait.
 */
import type { Encounter, LabOrder, Role } from '@prisma/client';
import { z } from 'zod';
import type { Db, DbOrTx } from '../../config/db.js';
import { Conflict, Forbidden, NotFound, ValidationFailed } from '../../errors.js';
import { dateColumn, istDate, istDayBounds, istText } from '../../time.js';
import { auditedOperation, type Actor } from '../actor.js';
import { bookAppointment, freeSlots, markSeen } from '../appointments/service.js';
import { recordId } from '../ids.js';
import { orderLabTest } from '../lab/service.js';
import { recordClinicalRead, standingFacts } from './service.js';

export const orderTestsSchema = z.object({
  encounterId: recordId,
  labTestIds: z.array(recordId).min(1, 'Choose at least one test').max(30),
});

export const followUpSchema = z.object({
  encounterId: recordId,
  date: z.iso.date('expected a date as YYYY-MM-DD'),
  /** One of the doctor's free slots that day; the first free one when not chosen. */
  slotStart: z.coerce.date({ error: 'expected a date and time' }).optional(),
});

/** The doctor of the signed-in staff member (a doctor's worklist, who rounds on a ward). */
export async function doctorOfUser(db: DbOrTx, userId: number) {
  return db.doctor.findUnique({ where: { userId }, select: { id: true, name: true, userId: true } });
}

/** A consultation may be written in only by its own doctor (another doctor opens a visit or round of their own). */
export async function requireOwnEncounter(db: DbOrTx, actor: Actor, encounterId: number): Promise<Encounter> {
  const encounter = await db.encounter.findUnique({
    where: { id: encounterId },
    include: { doctor: { select: { userId: true, name: true } } },
  });
  if (!encounter) throw new NotFound('The consultation');
  if (encounter.doctor.userId !== actor.userId) throw new Forbidden(`This is ${encounter.doctor.name}'s consultation`);
  return encounter;
}

async function openEncounterOf(tx: DbOrTx, encounterId: number): Promise<Encounter> {
  const encounter = await tx.encounter.findUnique({ where: { id: encounterId } });
  if (!encounter) throw new NotFound('The consultation');
  if (encounter.status !== 'OPEN') throw new Conflict('ENCOUNTER_FINISHED', 'This consultation is finished: order in a new one');
  return encounter;
}

/** Tests ordered from the consultation: each a lab order of the visit (or the stay) and its charge, all or none. */
export async function orderTestsFromConsultation(db: Db, actor: Actor, input: unknown): Promise<LabOrder[]> {
  const { encounterId, labTestIds } = orderTestsSchema.parse(input);
  if (new Set(labTestIds).size !== labTestIds.length) {
    throw new ValidationFailed('labTestIds: a test is chosen twice', [{ path: 'labTestIds', message: 'A test is chosen twice' }]);
  }
  return db.$transaction(async (tx) => {
    const encounter = await openEncounterOf(tx, encounterId);
    const orders: LabOrder[] = [];
    for (const labTestId of labTestIds) {
      orders.push(
        await orderLabTest(tx, actor, {
          patientId: encounter.patientId,
          labTestId,
          encounterId,
          ...(encounter.appointmentId ? { appointmentId: encounter.appointmentId } : {}),
          ...(encounter.admissionId ? { admissionId: encounter.admissionId } : {}),
        }),
      );
    }
    return orders;
  });
}

/**
 * Books the follow-up with the same doctor on the date asked: the chosen free
 * slot or the first free one; a day without one is refused on the date.
 */
export async function bookFollowUp(db: Db, actor: Actor, input: unknown, now: Date = new Date()): Promise<Encounter> {
  const request = followUpSchema.parse(input);
  const encounter = await db.encounter.findUnique({ where: { id: request.encounterId }, include: { doctor: true } });
  if (!encounter) throw new NotFound('The consultation');
  if (request.date <= istDate(now)) {
    throw new ValidationFailed('date: a follow-up is on a later day', [{ path: 'date', message: 'Choose a day after today' }]);
  }
  if (encounter.followUpAppointmentId) throw new Conflict('FOLLOW_UP_BOOKED', 'A follow-up is already booked for this consultation');
  const slots = await freeSlots(db, { doctorId: encounter.doctorId, date: request.date }, now);
  const slot = request.slotStart ? slots.find((s) => s.start.getTime() === request.slotStart?.getTime()) : slots[0];
  if (!slot) {
    const day = istText(dateColumn(request.date), true);
    const message = request.slotStart
      ? `That time is not free with ${encounter.doctor.name} on ${day}`
      : `${encounter.doctor.name} has no free slot on ${day}: choose another day`;
    throw new ValidationFailed(`date: ${message}`, [{ path: request.slotStart ? 'slotStart' : 'date', message }]);
  }
  return db.$transaction(async (tx) => {
    const appointment = await bookAppointment(
      tx,
      actor,
      {
        patientId: encounter.patientId,
        doctorId: encounter.doctorId,
        slotStart: slot.start,
        isFollowUp: true,
        reason: `Follow-up of the visit on ${istText(encounter.startedAt, true)}`,
      },
      now,
    );
    return auditedOperation(tx, actor, { model: 'Encounter', operation: 'book follow-up' }, async (inner) => {
      const record = await inner.encounter.update({
        where: { id: encounter.id },
        data: { followUpDate: dateColumn(request.date), followUpAppointmentId: appointment.id },
      });
      return { record, after: { followUpAppointmentId: appointment.id, slotStart: appointment.slotStart } };
    });
  });
}

/** The doctor finishes the consultation: nothing more is added to it, and the visit is marked seen. */
export async function finishConsultation(db: Db, actor: Actor, input: unknown): Promise<Encounter> {
  const { encounterId } = z.object({ encounterId: recordId }).parse(input);
  return db.$transaction(async (tx) => {
    await tx.$queryRaw`SELECT id FROM "Encounter" WHERE id = ${encounterId} FOR UPDATE`;
    const encounter = await openEncounterOf(tx, encounterId);
    if (encounter.appointmentId) {
      const visit = await tx.appointment.findUnique({ where: { id: encounter.appointmentId }, select: { status: true } });
      if (visit?.status === 'CHECKED_IN') await markSeen(tx, actor, { appointmentId: encounter.appointmentId });
    }
    return auditedOperation(tx, actor, { model: 'Encounter', operation: 'finish' }, async (inner) => {
      const record = await inner.encounter.update({ where: { id: encounterId }, data: { status: 'FINISHED', finishedAt: new Date() } });
      return { record, before: { status: encounter.status }, after: { status: record.status } };
    });
  });
}

/** Everything the one-page encounter shows: the patient and standing facts, vitals, notes, diagnoses, Rx, tests, past visits. */
export async function encounterView(db: Db, encounterId: number) {
  const encounter = await db.encounter.findUnique({
    where: { id: encounterId },
    include: {
      patient: { select: { id: true, uhid: true, name: true, gender: true, dateOfBirth: true, phone: true } },
      doctor: { select: { id: true, name: true, userId: true } },
      appointment: { select: { id: true, tokenNo: true, slotStart: true, status: true } },
      followUp: { select: { id: true, slotStart: true } },
      vitals: { orderBy: { recordedAt: 'desc' }, include: { recordedBy: { select: { name: true } } } },
      diagnoses: { include: { icd10: true }, orderBy: { id: 'asc' } },
      prescriptions: { include: { items: { include: { drug: true }, orderBy: { id: 'asc' } } }, orderBy: { id: 'asc' } },
    },
  });
  if (!encounter) throw new NotFound('The consultation');
  const testsWhere = encounter.appointmentId ? { OR: [{ encounterId }, { appointmentId: encounter.appointmentId }] } : { encounterId };
  const [facts, tests, history] = await Promise.all([
    standingFacts(db, encounter.patientId),
    db.labOrder.findMany({
      where: testsWhere,
      include: { labTest: { select: { name: true, unit: true } }, results: { orderBy: { parameter: 'asc' } } },
      orderBy: { id: 'asc' },
    }),
    db.encounter.findMany({
      where: { patientId: encounter.patientId, id: { not: encounterId } },
      include: { doctor: { select: { name: true } }, diagnoses: { include: { icd10: true } } },
      orderBy: { startedAt: 'desc' },
      take: 5,
    }),
  ]);
  // Results reach the consultation once released by the laboratory, never before.
  const labOrders = tests.map((order) => ({ ...order, results: order.status === 'RELEASED' ? order.results : [] }));
  return { encounter, ...facts, labOrders, history };
}

/** The doctor's day: each patient with token, status, whether vitals are taken and whose results wait or are back. */
export async function doctorsWorklist(db: Db, doctorId: number, day: string = istDate()) {
  const { start, end } = istDayBounds(day);
  const visits = await db.appointment.findMany({
    where: { doctorId, slotStart: { gte: start, lt: end }, status: { notIn: ['CANCELLED'] } },
    include: {
      patient: { select: { id: true, uhid: true, name: true, gender: true, dateOfBirth: true } },
      encounter: { select: { id: true, status: true, _count: { select: { vitals: true } } } },
      labOrders: { select: { status: true } },
    },
    orderBy: [{ tokenNo: { sort: 'asc', nulls: 'last' } }, { slotStart: 'asc' }],
  });
  return visits.map((visit) => ({
    appointmentId: visit.id,
    tokenNo: visit.tokenNo,
    slotStart: visit.slotStart,
    status: visit.status,
    patient: visit.patient,
    encounter: visit.encounter ? { id: visit.encounter.id, status: visit.encounter.status } : null,
    vitalsTaken: (visit.encounter?._count.vitals ?? 0) > 0,
    resultsWaiting: visit.labOrders.filter((o) => !['RELEASED', 'CANCELLED'].includes(o.status)).length,
    resultsReady: visit.labOrders.filter((o) => o.status === 'RELEASED').length,
  }));
}

/** A staff member at the clinical screens: who, and in which role. */
export interface ClinicalStaff extends Actor {
  role: Role;
}

/** Vitals are taken by the consultation's own doctor or by any nurse (before the doctor sees the patient). */
export async function requireMayRecordVitals(db: DbOrTx, staff: ClinicalStaff, encounterId: number): Promise<void> {
  if (staff.role === 'NURSE') return;
  await requireOwnEncounter(db, staff, encounterId);
}

/**
 * The worklist a staff member opens: a doctor their own day; a nurse or an
 * administrator the day of the doctor they choose (the first doctor otherwise).
 */
export async function worklistFor(db: Db, staff: ClinicalStaff, askedDoctorId: number | null, day: string = istDate()) {
  const own = staff.role === 'DOCTOR' ? await doctorOfUser(db, staff.userId) : null;
  const doctors = await db.doctor.findMany({ where: { isActive: true }, orderBy: { name: 'asc' }, select: { id: true, name: true } });
  const doctorId = own?.id ?? (doctors.some((d) => d.id === askedDoctorId) ? askedDoctorId : (doctors[0]?.id ?? null));
  const patients = doctorId === null ? [] : await doctorsWorklist(db, doctorId, day);
  return { day, doctorId, own: own !== null, doctors, patients, role: staff.role };
}

/** The consultation as the staff member may see it — an audited read — with what they may write in it. */
export async function consultationFor(db: Db, staff: ClinicalStaff, encounterId: number) {
  const view = await encounterView(db, encounterId);
  await recordClinicalRead(db, staff, {
    patientId: view.encounter.patientId,
    what: 'consultation',
    model: 'Encounter',
    recordId: encounterId,
  });
  const own = view.encounter.doctor.userId === staff.userId;
  return { ...view, may: { write: own, vitals: own || staff.role === 'NURSE' } };
}
