/**
 * IPD: admit to a free bed (with an optional advance deposit), transfer,
 * discharge, and beds made ready again. Bed status follows the admissions.
 *
 * Two desks admitting to one bed: the bed's row is locked for the whole
 * admission, and the partial unique indexes (one current admission per bed and
 * per patient) stay as the last line of defence.
 */
import { Prisma, type Admission, type Bed } from '@prisma/client';
import { inTransaction, type Db, type DbOrTx } from '../../config/db.js';
import { NotFound } from '../../errors.js';
import { istDate } from '../../time.js';
import { auditedOperation, type Actor } from '../actor.js';
import { takeDocumentNumber } from '../numbering/service.js';
import { applyDeposit, recordDeposit } from '../payments/service.js';
import { draftInvoice, issueInvoice, type BillingEnv } from '../billing/invoices.js';
import { BedNotFree, DischargeBlocked, InvalidAdmissionState, PatientAlreadyAdmitted } from './errors.js';
import { classifySupply } from '../billing/supply.js';
import { bedDays } from './roomCharges.js';
import { checkWardRule } from './wardRules.js';
import { admissionIsOpen, bedCanBeMadeReady } from './states.js';
import { admissionIdSchema, admitPatientSchema, bedIdSchema, creditPendingSchema, dischargeSchema, transferSchema } from './schemas.js';

type Tx = Prisma.TransactionClient;

/** Locks beds in id order (so two transfers never deadlock) and returns them with their wards. */
async function lockBeds(tx: Tx, bedIds: number[]) {
  const ids = [...new Set(bedIds)].sort((a, b) => a - b);
  await tx.$queryRaw`SELECT id FROM "Bed" WHERE id IN (${Prisma.join(ids)}) ORDER BY id FOR UPDATE`;
  const beds = await tx.bed.findMany({ where: { id: { in: ids } }, include: { ward: true } });
  for (const id of ids) if (!beds.some((bed) => bed.id === id)) throw new NotFound('The bed');
  return beds;
}

function requireFree(bed: Bed): void {
  if (bed.status !== 'FREE') throw new BedNotFree(bed.bedNumber, bed.status);
}

async function lockAdmission(tx: Tx, admissionId: number): Promise<Admission> {
  await tx.$queryRaw`SELECT id FROM "Admission" WHERE id = ${admissionId} FOR UPDATE`;
  const admission = await tx.admission.findUnique({ where: { id: admissionId } });
  if (!admission) throw new NotFound('The admission');
  if (!admissionIsOpen(admission)) {
    throw new InvalidAdmissionState(`This admission is ${admission.status.toLowerCase()}: it cannot be changed any more`);
  }
  return admission;
}

function translateIndexClash(error: unknown): never {
  if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002') {
    const text = JSON.stringify(error.meta ?? {});
    if (text.includes('patientId')) throw new PatientAlreadyAdmitted();
    throw new BedNotFree('selected', 'occupied');
  }
  throw error;
}

export async function admitPatient(db: Db, actor: Actor, input: unknown): Promise<Admission> {
  const request = admitPatientSchema.parse(input);
  const [patient, doctor] = await Promise.all([
    db.patient.findUnique({ where: { id: request.patientId }, select: { id: true, gender: true, dateOfBirth: true } }),
    db.doctor.findUnique({ where: { id: request.doctorId } }),
  ]);
  if (!patient) throw new NotFound('The patient');
  if (!doctor) throw new NotFound('The doctor');
  if (!doctor.isActive) throw new InvalidAdmissionState(`${doctor.name} is not active and cannot be the attending doctor`);

  return auditedOperation(db, actor, { model: 'Admission', operation: 'admit' }, async (tx) => {
    const [bed] = await lockBeds(tx, [request.bedId]);
    if (!bed) throw new NotFound('The bed');
    requireFree(bed);
    const already = await tx.admission.findFirst({ where: { patientId: request.patientId, status: 'ADMITTED' }, select: { id: true } });
    if (already) throw new PatientAlreadyAdmitted();
    const now = new Date();
    const wardRuleOverride = checkWardRule(bed.ward, patient, request.wardRuleOverride, now);
    const record = await tx.admission
      .create({
        data: {
          admissionNo: await takeDocumentNumber(tx, 'IP', now),
          patientId: request.patientId,
          bedId: bed.id,
          doctorId: doctor.id,
          diagnosis: request.diagnosis ?? null,
          admittedAt: now,
          stays: { create: { bedId: bed.id, dailyRate: bed.ward.dailyRate, fromTime: now, wardRuleOverride } },
        },
      })
      .catch(translateIndexClash);
    await tx.bed.update({ where: { id: bed.id }, data: { status: 'OCCUPIED' } });
    // The same deposit, the same rules (card and UPI need their reference) as a later one.
    if (request.deposit) await recordDeposit(tx, actor, record, request.deposit, now);
    return {
      record,
      after: { admissionNo: record.admissionNo, bed: bed.bedNumber, deposit: request.deposit?.amount.toFixed(2) ?? null, wardRuleOverride },
    };
  });
}

export async function transferBed(db: Db, actor: Actor, input: unknown): Promise<Admission> {
  const { admissionId, toBedId, wardRuleOverride: reason } = transferSchema.parse(input);
  return auditedOperation(db, actor, { model: 'Admission', operation: 'transfer' }, async (tx) => {
    const admission = await lockAdmission(tx, admissionId);
    if (admission.bedId === toBedId) throw new InvalidAdmissionState('The patient is already in this bed');
    const beds = await lockBeds(tx, [admission.bedId, toBedId]);
    const from = beds.find((bed) => bed.id === admission.bedId) as Bed;
    const to = beds.find((bed) => bed.id === toBedId);
    if (!to) throw new NotFound('The bed');
    requireFree(to);
    const now = new Date();
    const patient = await tx.patient.findUniqueOrThrow({ where: { id: admission.patientId }, select: { gender: true, dateOfBirth: true } });
    const wardRuleOverride = checkWardRule(to.ward, patient, reason, now);
    await tx.admissionBedStay.updateMany({ where: { admissionId, toTime: null }, data: { toTime: now } });
    await tx.admissionBedStay.create({
      data: { admissionId, bedId: to.id, dailyRate: to.ward.dailyRate, fromTime: now, wardRuleOverride },
    });
    await tx.bed.update({ where: { id: from.id }, data: { status: 'CLEANING' } });
    await tx.bed.update({ where: { id: to.id }, data: { status: 'OCCUPIED' } });
    const record = await tx.admission.update({ where: { id: admissionId }, data: { bedId: to.id } }).catch(translateIndexClash);
    return { record, before: { bed: from.bedNumber }, after: { bed: to.bedNumber, wardRuleOverride } };
  });
}

/**
 * Room rent of every stay up to `until`, as billable items: only the days not
 * billed yet (a final bill before discharge bills up to today; a discharge on a
 * later day adds the days since), each chunk once (`stay:<id>:<n>`).
 */
async function billBedDays(tx: Tx, admission: Admission, until: Date): Promise<void> {
  const stays = await tx.admissionBedStay.findMany({ where: { admissionId: admission.id }, include: { bed: { include: { ward: true } } } });
  for (const charge of bedDays(stays, until)) {
    const stay = stays.find((s) => s.id === charge.stayId);
    if (!stay) continue;
    const billed = await tx.billableItem.aggregate({
      _sum: { quantity: true },
      _count: true,
      where: { source: 'BED_DAY', OR: [{ sourceRef: `stay:${stay.id}` }, { sourceRef: { startsWith: `stay:${stay.id}:` } }] },
    });
    const days = charge.days - Number(billed._sum.quantity ?? 0);
    if (days <= 0) continue;
    await tx.billableItem.create({
      data: {
        patientId: admission.patientId,
        admissionId: admission.id,
        source: 'BED_DAY',
        sourceRef: `stay:${stay.id}:${billed._count + 1}`,
        description: `Room rent – ${stay.bed.ward.name}, bed ${stay.bed.bedNumber} (${days} day${days === 1 ? '' : 's'} to ${istDate(stay.toTime ?? until)})`,
        sacCode: '999311',
        quantity: days,
        unitPrice: charge.dailyRate,
        ...classifySupply({
          source: 'BED_DAY',
          admitted: true,
          catalogueRate: 0,
          room: { wardCategory: stay.bed.ward.category, dailyRate: charge.dailyRate },
        }),
      },
    });
  }
}

/** What the stay's bills say: what is still due (and on which), and the advance still held. */
async function settlementOf(tx: Tx, admissionId: number) {
  const [unpaid, held] = await Promise.all([
    tx.invoice.findMany({ where: { admissionId, kind: 'INVOICE', status: { in: ['ISSUED', 'PARTIALLY_PAID'] } }, orderBy: { id: 'asc' } }),
    tx.deposit.findMany({ where: { admissionId, status: 'HELD' }, orderBy: { id: 'asc' } }),
  ]);
  const sum = (values: Prisma.Decimal[]) => values.reduce((a, b) => a.plus(b), new Prisma.Decimal(0));
  return {
    unpaid,
    due: sum(unpaid.map((i) => i.total.minus(i.amountPaid))),
    held,
    heldAmount: sum(held.map((d) => d.amount)),
  };
}

/**
 * The final bill of a stay, before discharge, in one transaction: the room up to
 * today, every unbilled charge of the admission drafted and issued, and the
 * advance deposits applied to it (a larger advance is split; its excess stays
 * held, to be refunded). Answers what is then due and what is still held.
 */
export async function prepareFinalBill(db: DbOrTx, env: BillingEnv, actor: Actor, input: unknown, now: Date = new Date()) {
  const { admissionId } = admissionIdSchema.parse(input);
  return inTransaction(db, async (tx) => {
    const admission = await lockAdmission(tx, admissionId);
    await billBedDays(tx, admission, now);
    const unbilled = await tx.billableItem.count({ where: { admissionId, invoiceLineId: null } });
    const invoice = unbilled > 0 ? await issueFinalInvoice(tx, env, actor, admission, now) : null;
    await applyHeldDeposits(tx, actor, admissionId, now);
    const after = await settlementOf(tx, admissionId);
    return { invoice, due: after.due, held: after.heldAmount, unpaid: after.unpaid.map((i) => i.number ?? '') };
  });
}

/** Each held advance goes to the oldest unpaid bill of the stay; each step settles a bill or uses up a deposit. */
async function applyHeldDeposits(tx: Tx, actor: Actor, admissionId: number, now: Date): Promise<void> {
  for (;;) {
    const { unpaid, held } = await settlementOf(tx, admissionId);
    const [bill, deposit] = [unpaid[0], held[0]];
    if (!bill || !deposit) return;
    await applyDeposit(tx, actor, { invoiceId: bill.id, depositId: deposit.id }, now);
  }
}

async function issueFinalInvoice(tx: Tx, env: BillingEnv, actor: Actor, admission: Admission, now: Date) {
  const draft = await draftInvoice(tx, env, actor, { patientId: admission.patientId, admissionId: admission.id });
  return issueInvoice(tx, actor, { invoiceId: draft.id }, now);
}

/** Billing lets an admitted patient go with money due (an insurer's cashless claim, a company's credit), with the reason. */
export async function markCreditPending(db: DbOrTx, actor: Actor, input: unknown): Promise<Admission> {
  const { admissionId, reason } = creditPendingSchema.parse(input);
  return auditedOperation(db, actor, { model: 'Admission', operation: 'credit pending' }, async (tx) => {
    await lockAdmission(tx, admissionId);
    const record = await tx.admission.update({
      where: { id: admissionId },
      data: { creditPendingReason: reason, creditPendingById: actor.userId, creditPendingAt: new Date() },
    });
    return { record, after: { creditPendingReason: reason } };
  });
}

/**
 * Discharges an admitted patient — only once the money is clear: every charge
 * of the stay billed (the room up to today included), nothing due unless billing
 * marked it credit / insurance pending, and no advance still held (refund it).
 */
export async function dischargePatient(db: DbOrTx, actor: Actor, input: unknown): Promise<Admission> {
  const { admissionId, summary } = dischargeSchema.parse(input);
  return auditedOperation(db, actor, { model: 'Admission', operation: 'discharge' }, async (tx) => {
    const admission = await lockAdmission(tx, admissionId);
    await lockBeds(tx, [admission.bedId]);
    const now = new Date();
    await tx.admissionBedStay.updateMany({ where: { admissionId, toTime: null }, data: { toTime: now } });
    await billBedDays(tx, admission, now);
    await requireMoneyCleared(tx, admission);
    await tx.bed.update({ where: { id: admission.bedId }, data: { status: 'CLEANING' } });
    // The ward gives no more doses: what was still scheduled is cancelled (the MAR keeps the rows).
    await tx.medicationDose.updateMany({
      where: { admissionId, status: 'SCHEDULED' },
      data: { status: 'CANCELLED', reason: 'Patient discharged' },
    });
    const record = await tx.admission.update({
      where: { id: admissionId },
      data: { status: 'DISCHARGED', dischargedAt: now, dischargeSummary: summary },
    });
    return { record, before: { status: admission.status }, after: { status: record.status } };
  });
}

async function requireMoneyCleared(tx: Tx, admission: Admission): Promise<void> {
  const unbilled = await tx.billableItem.findMany({
    where: { admissionId: admission.id, invoiceLineId: null },
    select: { description: true },
  });
  if (unbilled.length > 0) {
    const listed = unbilled
      .slice(0, 3)
      .map((item) => item.description)
      .join('; ');
    throw new DischargeBlocked(
      'CHARGES_NOT_BILLED',
      `${unbilled.length} charge(s) of this stay are not billed yet (${listed}${unbilled.length > 3 ? '; …' : ''}): use "Final bill" first`,
    );
  }
  const { due, unpaid, heldAmount } = await settlementOf(tx, admission.id);
  if (due.greaterThan(0) && !admission.creditPendingReason) {
    throw new DischargeBlocked(
      'BILL_NOT_SETTLED',
      `₹ ${due.toFixed(2)} is still due on ${unpaid.map((i) => i.number).join(', ')}: take the payment, or billing marks the stay "credit / insurance pending" with a reason`,
    );
  }
  if (heldAmount.greaterThan(0)) {
    throw new DischargeBlocked(
      'DEPOSIT_STILL_HELD',
      `₹ ${heldAmount.toFixed(2)} of the advance is still held: apply it with "Final bill", or refund it ("Refund deposit") before discharge`,
    );
  }
}

/** Housekeeping has cleaned the bed: it can take the next patient. */
export async function markBedReady(db: Db, actor: Actor, input: unknown): Promise<Bed> {
  const { bedId } = bedIdSchema.parse(input);
  return auditedOperation(db, actor, { model: 'Bed', operation: 'ready' }, async (tx) => {
    const [bed] = await lockBeds(tx, [bedId]);
    if (!bed) throw new NotFound('The bed');
    if (!bedCanBeMadeReady(bed)) {
      throw new InvalidAdmissionState(`Bed ${bed.bedNumber} is ${bed.status.toLowerCase()}, not waiting to be made ready`);
    }
    const record = await tx.bed.update({ where: { id: bedId }, data: { status: 'FREE' } });
    return { record, before: { status: bed.status }, after: { status: record.status } };
  });
}

/** The patient's current admission, if they are an inpatient. */
export async function currentAdmissionId(db: DbOrTx, patientId: number): Promise<number | undefined> {
  const admission = await db.admission.findFirst({ where: { patientId, status: 'ADMITTED' }, select: { id: true } });
  return admission?.id;
}

/** Room rent accrued so far for an admitted patient (for an interim bill); nothing is written. */
export async function accruedRoomCharges(db: Db, admissionId: number, asOf: Date = new Date()) {
  const stays = await db.admissionBedStay.findMany({ where: { admissionId } });
  return bedDays(stays, asOf);
}

/** Wards × beds with each bed's status and current patient. */
export async function bedBoard(db: Db) {
  return db.ward.findMany({
    where: { isActive: true },
    orderBy: { code: 'asc' },
    include: {
      beds: {
        orderBy: { bedNumber: 'asc' },
        include: {
          admissions: {
            where: { status: 'ADMITTED' },
            select: { id: true, admissionNo: true, admittedAt: true, patient: { select: { id: true, uhid: true, name: true } } },
          },
        },
      },
    },
  });
}

/** Free beds of wards in use, ward by ward (the admission and transfer forms). */
export function freeBeds(db: Db) {
  return db.bed.findMany({
    where: { status: 'FREE', ward: { isActive: true } },
    include: { ward: true },
    orderBy: [{ wardId: 'asc' }, { bedNumber: 'asc' }],
  });
}
