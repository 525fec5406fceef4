/**
 * The medication administration record: an in-patient's prescription becomes
 * scheduled doses at the ward's dose times (1-0-1 → 08:00 and 20:00 IST), each
 * marked by the nurse as given, held or refused with the time and a reason;
 * overdue doses show on the ward's page. Stopping a drug cancels what was still
 * to be given; a course without a duration is scheduled two days ahead and
 * topped up whenever the ward looks at it. A dose is recorded once (the
 * database refuses a second recording: two nurses at one bed).
 */
import type { MedicationDose, PrescriptionItem } from '@prisma/client';
import { z } from 'zod';
import type { Db, DbOrTx, Tx } from '../../config/db.js';
import { Conflict, NotFound, ValidationFailed } from '../../errors.js';
import { inTransaction } from '../../config/db.js';
import { istDate } from '../../time.js';
import { auditedOperation, type Actor } from '../actor.js';
import { recordId } from '../ids.js';
import { parseFrequency } from './frequency.js';

/** The ward's dose times (IST) for the pattern's places: morning, afternoon, night, bedtime. */
export const DOSE_TIMES = ['08:00', '14:00', '20:00', '22:00'] as const;
/** An open-ended course (no duration) is scheduled this far ahead, and topped up as the ward reads it. */
export const OPEN_COURSE_HORIZON_HOURS = 48;
/** A dose not recorded this long after its time is overdue on the ward page. */
export const OVERDUE_AFTER_MINUTES = 30;

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const atIst = (day: string, hhmm: string) => new Date(`${day}T${hhmm}:00.000+05:30`);
const nextDay = (day: string) => istDate(new Date(atIst(day, '12:00').getTime() + DAY));

type Schedulable = Pick<PrescriptionItem, 'frequency' | 'durationDays'>;

/**
 * When the doses of an item fall, from `from` on: a course of N days gives
 * (doses a day × N) times starting at the next dose time; STAT one dose now; SOS
 * none (given when needed); no duration: every dose time until `until`.
 */
export function doseTimes(item: Schedulable, from: Date, until?: Date): Date[] {
  const frequency = parseFrequency(item.frequency);
  if (frequency.once) return [from];
  if (!frequency.pattern) return [];
  const times = frequency.pattern.flatMap((dose, i) => (dose > 0 ? [DOSE_TIMES[i] ?? DOSE_TIMES[0]] : []));
  const count = item.durationDays ? times.length * item.durationDays : Number.POSITIVE_INFINITY;
  const last = until ?? new Date(from.getTime() + OPEN_COURSE_HORIZON_HOURS * HOUR);
  const doses: Date[] = [];
  for (let day = istDate(from); doses.length < count; day = nextDay(day)) {
    for (const time of times) {
      const at = atIst(day, time);
      if (at <= from) continue;
      if (!item.durationDays && at > last) return doses;
      if (doses.length < count) doses.push(at);
    }
  }
  return doses;
}

/** Whose chart the doses go on. */
interface WardOrder {
  admissionId: number;
  patientId: number;
}

/** Writes an item's doses (a second writer of the same times adds nothing: the unique item + time). */
async function writeDoses(tx: DbOrTx, order: WardOrder, item: Schedulable & { id: number }, from: Date, until?: Date): Promise<number> {
  const times = doseTimes(item, from, until);
  if (times.length === 0) return 0;
  const made = await tx.medicationDose.createMany({
    data: times.map((scheduledAt) => ({
      prescriptionItemId: item.id,
      admissionId: order.admissionId,
      patientId: order.patientId,
      scheduledAt,
    })),
    skipDuplicates: true,
  });
  return made.count;
}

/** The doses of a new in-patient prescription (a ward round's), in the prescribing transaction. */
export async function scheduleDoses(
  tx: Tx,
  encounter: { admissionId: number | null; patientId: number; kind: string },
  items: Array<Schedulable & { id: number }>,
  now: Date = new Date(),
): Promise<number> {
  if (encounter.kind !== 'IPD_ROUND' || encounter.admissionId === null) return 0;
  const admission = await tx.admission.findUnique({ where: { id: encounter.admissionId }, select: { status: true } });
  if (admission?.status !== 'ADMITTED') return 0;
  let count = 0;
  for (const item of items) {
    count += await writeDoses(tx, { admissionId: encounter.admissionId, patientId: encounter.patientId }, item, now);
  }
  return count;
}

/** Open-ended courses of an admission scheduled up to the horizon again (idempotent). */
export async function topUpOpenCourses(db: DbOrTx, admissionId: number, now: Date = new Date()): Promise<number> {
  const items = await db.prescriptionItem.findMany({
    where: {
      status: 'ACTIVE',
      durationDays: null,
      frequency: { notIn: ['SOS', 'STAT'] },
      prescription: { encounter: { admissionId, kind: 'IPD_ROUND', admission: { status: 'ADMITTED' } } },
    },
    include: { prescription: { select: { patientId: true } }, doses: { orderBy: { scheduledAt: 'desc' }, take: 1 } },
  });
  let count = 0;
  for (const item of items) {
    const latest = item.doses[0]?.scheduledAt ?? now;
    const from = latest > now ? latest : now;
    const until = new Date(now.getTime() + OPEN_COURSE_HORIZON_HOURS * HOUR);
    if (from >= until) continue;
    count += await writeDoses(db, { admissionId, patientId: item.prescription.patientId }, item, from, until);
  }
  return count;
}

const instant = z.coerce.date({ error: 'expected a date and time' });

export const recordDoseSchema = z
  .object({
    doseId: recordId,
    outcome: z.enum(['GIVEN', 'HELD', 'REFUSED'], { error: 'Given, held or refused' }),
    /** When it was given (or held, refused): now unless the nurse says. */
    at: instant.optional(),
    reason: z.string().trim().max(300).optional(),
  })
  .refine((d) => d.outcome === 'GIVEN' || (d.reason ?? '').length >= 3, {
    message: 'Say why the dose was held or refused',
    path: ['reason'],
  });

/** The nurse's time must be a real one: not ahead of the clock, not long before the dose was due. */
function requirePlausibleTime(at: Date, dose: MedicationDose, now: Date): void {
  if (at.getTime() > now.getTime() + 5 * 60_000) {
    throw new ValidationFailed('at: the time is in the future', [{ path: 'at', message: 'The time cannot be in the future' }]);
  }
  if (at.getTime() < dose.scheduledAt.getTime() - 12 * HOUR) {
    throw new ValidationFailed('at: the time is long before the dose was due', [
      { path: 'at', message: 'More than 12 hours before the dose time: is this the right dose?' },
    ]);
  }
}

export async function recordDose(db: Db, actor: Actor, input: unknown, now: Date = new Date()): Promise<MedicationDose> {
  const request = recordDoseSchema.parse(input);
  return auditedOperation(db, actor, { model: 'MedicationDose', operation: `dose ${request.outcome.toLowerCase()}` }, async (tx) => {
    await tx.$queryRaw`SELECT id FROM "MedicationDose" WHERE id = ${request.doseId} FOR UPDATE`;
    const dose = await tx.medicationDose.findUnique({ where: { id: request.doseId }, include: { item: { include: { drug: true } } } });
    if (!dose) throw new NotFound('The dose');
    if (dose.status !== 'SCHEDULED') {
      throw new Conflict('DOSE_ALREADY_RECORDED', `This dose of ${dose.item.drug.name} is already ${dose.status.toLowerCase()}`);
    }
    const at = request.at ?? now;
    requirePlausibleTime(at, dose, now);
    const record = await tx.medicationDose.update({
      where: { id: dose.id },
      data: { status: request.outcome, recordedAt: at, recordedById: actor.userId, reason: request.reason ?? null },
    });
    return { record, before: { status: dose.status }, after: { status: record.status, recordedAt: at, reason: record.reason } };
  });
}

export const asNeededDoseSchema = z.object({
  itemId: recordId,
  at: instant.optional(),
  reason: z.string().trim().min(3, 'Say why it was needed (pain, fever…)').max(300),
});

/** An SOS drug given when needed: a dose row written as given, with why. */
export async function recordAsNeededDose(db: Db, actor: Actor, input: unknown, now: Date = new Date()): Promise<MedicationDose> {
  const request = asNeededDoseSchema.parse(input);
  return auditedOperation(db, actor, { model: 'MedicationDose', operation: 'dose given (SOS)' }, async (tx) => {
    const item = await tx.prescriptionItem.findUnique({
      where: { id: request.itemId },
      include: { drug: true, prescription: { include: { encounter: { include: { admission: true } } } } },
    });
    const admission = item?.prescription.encounter.admission;
    if (!item || !admission) throw new NotFound('The ward prescription');
    if (item.frequency !== 'SOS') throw new Conflict('NOT_AS_NEEDED', `${item.drug.name} is given at its times, not when needed`);
    if (item.status !== 'ACTIVE' || admission.status !== 'ADMITTED')
      throw new Conflict('ITEM_STOPPED', `${item.drug.name} is not to be given now`);
    const at = request.at ?? now;
    if (at.getTime() > now.getTime() + 5 * 60_000) {
      throw new ValidationFailed('at: the time is in the future', [{ path: 'at', message: 'The time cannot be in the future' }]);
    }
    const record = await tx.medicationDose.create({
      data: {
        prescriptionItemId: item.id,
        admissionId: admission.id,
        patientId: admission.patientId,
        scheduledAt: at,
        status: 'GIVEN',
        recordedAt: at,
        recordedById: actor.userId,
        reason: request.reason,
      },
    });
    return { record };
  });
}

export const stopItemSchema = z.object({
  itemId: recordId,
  reason: z.string().trim().min(3, 'Say why the drug is stopped').max(300),
});

/** The doctor stops a drug: no more doses are given (those still scheduled are cancelled), nothing more dispensed. */
export async function stopPrescriptionItem(db: DbOrTx, actor: Actor, input: unknown, now: Date = new Date()): Promise<PrescriptionItem> {
  const { itemId, reason } = stopItemSchema.parse(input);
  return auditedOperation(db, actor, { model: 'PrescriptionItem', operation: 'stop drug' }, async (tx) => {
    await tx.$queryRaw`SELECT id FROM "PrescriptionItem" WHERE id = ${itemId} FOR UPDATE`;
    const item = await tx.prescriptionItem.findUnique({ where: { id: itemId }, include: { drug: true, prescription: true } });
    if (!item) throw new NotFound('The prescription item');
    if (item.status === 'STOPPED') throw new Conflict('ITEM_STOPPED', `${item.drug.name} is already stopped`);
    const record = await tx.prescriptionItem.update({
      where: { id: itemId },
      data: { status: 'STOPPED', stoppedAt: now, stoppedById: actor.userId, stopReason: reason },
    });
    const cancelled = await tx.medicationDose.updateMany({
      where: { prescriptionItemId: itemId, status: 'SCHEDULED' },
      data: { status: 'CANCELLED', reason: `Stopped: ${reason}` },
    });
    return {
      record: { ...record, patientId: item.prescription.patientId },
      before: { status: item.status },
      after: { status: record.status, reason, dosesCancelled: cancelled.count },
    };
  });
}

/** Overdue doses: still scheduled well after their time, of patients still on the ward (a ward, or every ward). */
export function overdueDoses(db: DbOrTx, options: { wardId?: number; now?: Date } = {}) {
  const now = options.now ?? new Date();
  return db.medicationDose.findMany({
    where: {
      status: 'SCHEDULED',
      scheduledAt: { lt: new Date(now.getTime() - OVERDUE_AFTER_MINUTES * 60_000) },
      admission: { status: 'ADMITTED', ...(options.wardId ? { bed: { wardId: options.wardId } } : {}) },
    },
    include: {
      item: { include: { drug: { select: { name: true } } } },
      patient: { select: { id: true, uhid: true, name: true } },
      admission: { select: { id: true, admissionNo: true, bed: { select: { bedNumber: true, ward: { select: { name: true } } } } } },
    },
    orderBy: { scheduledAt: 'asc' },
    take: 500,
  });
}

/**
 * The ward's medication round: every dose of the ward's patients from 12 hours
 * ago to 6 hours ahead (overdue ones first in the eye), open courses topped up first.
 */
export async function wardMedicationRound(db: Db, wardId: number, now: Date = new Date()) {
  const admissions = await db.admission.findMany({ where: { status: 'ADMITTED', bed: { wardId } }, select: { id: true } });
  await inTransaction(db, async (tx) => {
    for (const admission of admissions) await topUpOpenCourses(tx, admission.id, now);
  });
  const doses = await db.medicationDose.findMany({
    where: {
      admissionId: { in: admissions.map((a) => a.id) },
      scheduledAt: { gte: new Date(now.getTime() - 12 * HOUR), lte: new Date(now.getTime() + 6 * HOUR) },
      status: { not: 'CANCELLED' },
    },
    include: {
      item: { include: { drug: { select: { name: true } } } },
      patient: { select: { id: true, uhid: true, name: true } },
      admission: { select: { id: true, admissionNo: true, bed: { select: { bedNumber: true } } } },
      recordedBy: { select: { name: true } },
    },
    orderBy: [{ scheduledAt: 'asc' }, { id: 'asc' }],
  });
  const overdueBefore = new Date(now.getTime() - OVERDUE_AFTER_MINUTES * 60_000);
  return doses.map((dose) => ({ ...dose, overdue: dose.status === 'SCHEDULED' && dose.scheduledAt < overdueBefore }));
}
