/**
 * IPD rules against the real database: beds follow admissions, one patient
 * per bed even when two desks try at once, bed-days billed by the final bill,
 * discharge only once the money is clear.
 */
import { Prisma } from '@prisma/client';
import type { Actor } from '../../../src/modules/actor.js';
import {
  accruedRoomCharges,
  admitPatient,
  bedBoard,
  dischargePatient,
  markBedReady,
  markCreditPending,
  prepareFinalBill,
  transferBed,
} from '../../../src/modules/admissions/service.js';
import { refundDeposit } from '../../../src/modules/payments/refunds.js';
import { recordPayment } from '../../../src/modules/payments/service.js';
import { createActor, createBed, createDoctor, createPatient } from '../../factories.js';
import { errorOf, useDatabase } from '../../support/lifecycle.js';

const db = useDatabase(10);
let desk: Actor;
beforeAll(async () => {
  desk = await createActor(db, 'NURSE');
});

const bedStatus = async (id: number) => (await db.bed.findUniqueOrThrow({ where: { id } })).status;

describe('admitting', () => {
  it('admits to a free bed with an advance deposit, and the bed becomes occupied', async () => {
    const [patient, doctor, bed] = [await createPatient(db), await createDoctor(db), await createBed(db)];
    const admission = await admitPatient(db, desk, {
      patientId: patient.id,
      bedId: bed.id,
      doctorId: doctor.id,
      diagnosis: 'Dengue fever',
      deposit: { amount: '10000.00', method: 'UPI', reference: 'UPI-4471' },
    });
    expect(admission).toMatchObject({ status: 'ADMITTED', bedId: bed.id });
    expect(admission.admissionNo).toMatch(/^IP\/\d{4}-\d{2}\/\d{6}$/);
    expect(await bedStatus(bed.id)).toBe('OCCUPIED');
    const deposit = await db.deposit.findFirstOrThrow({ where: { admissionId: admission.id } });
    expect(deposit).toMatchObject({ status: 'HELD', method: 'UPI', receivedById: desk.userId });
    expect(deposit.amount.toFixed(2)).toBe('10000.00');
    expect(deposit.receiptNo).toMatch(/^AR\/\d{4}\/\d{6}$/);
    const stays = await db.admissionBedStay.findMany({ where: { admissionId: admission.id } });
    expect(stays).toHaveLength(1);
    expect(stays[0]?.dailyRate.toFixed(2)).toBe('1500.00');
  });

  it('lets exactly one of two desks admit to the same bed at the same moment', async () => {
    const [doctor, bed] = [await createDoctor(db), await createBed(db)];
    const patients = [await createPatient(db), await createPatient(db)];
    const outcomes = await Promise.allSettled(
      patients.map((p) => admitPatient(db, desk, { patientId: p.id, bedId: bed.id, doctorId: doctor.id })),
    );
    expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
    const refused = outcomes.find((o): o is PromiseRejectedResult => o.status === 'rejected');
    expect(refused?.reason).toMatchObject({ status: 409, code: 'BED_NOT_FREE' });
    expect(await db.admission.count({ where: { bedId: bed.id, status: 'ADMITTED' } })).toBe(1);
  });

  it('refuses a bed that is not free, a patient already admitted, bad deposits, and unknown ids — changing nothing', async () => {
    const [patient, doctor, bed, other] = [await createPatient(db), await createDoctor(db), await createBed(db), await createBed(db)];
    await admitPatient(db, desk, { patientId: patient.id, bedId: bed.id, doctorId: doctor.id });
    const occupied = await errorOf(admitPatient(db, desk, { patientId: (await createPatient(db)).id, bedId: bed.id, doctorId: doctor.id }));
    expect(occupied?.message).toMatch(/^Bed 01 is not free \(occupied\)/);
    expect(await errorOf(admitPatient(db, desk, { patientId: patient.id, bedId: other.id, doctorId: doctor.id }))).toMatchObject({
      code: 'ALREADY_ADMITTED',
    });
    const fresh = await createPatient(db);
    expect(
      await errorOf(
        admitPatient(db, desk, { patientId: fresh.id, bedId: other.id, doctorId: doctor.id, deposit: { amount: '-50', method: 'CASH' } }),
      ),
    ).toMatchObject({
      name: 'ZodError',
    });
    expect(await errorOf(admitPatient(db, desk, { patientId: fresh.id, bedId: 99_999_999, doctorId: doctor.id }))).toMatchObject({
      status: 404,
    });
    expect(await bedStatus(other.id)).toBe('FREE');
    expect(await db.admission.count({ where: { patientId: fresh.id } })).toBe(0);
  });
});

describe('transfer, discharge and the bed board', () => {
  it('transfers to a free bed; the old bed goes for cleaning', async () => {
    const [patient, doctor, first, second] = [await createPatient(db), await createDoctor(db), await createBed(db), await createBed(db)];
    const admission = await admitPatient(db, desk, { patientId: patient.id, bedId: first.id, doctorId: doctor.id });
    const moved = await transferBed(db, desk, { admissionId: admission.id, toBedId: second.id });
    expect(moved.bedId).toBe(second.id);
    expect(await bedStatus(first.id)).toBe('CLEANING');
    expect(await bedStatus(second.id)).toBe('OCCUPIED');
    const stays = await db.admissionBedStay.findMany({ where: { admissionId: admission.id }, orderBy: { id: 'asc' } });
    expect(stays.map((s) => [s.bedId, s.toTime === null])).toEqual([
      [first.id, false],
      [second.id, true],
    ]);
    expect(await errorOf(transferBed(db, desk, { admissionId: admission.id, toBedId: first.id }))).toMatchObject({ code: 'BED_NOT_FREE' });
  });

  it('discharges once the final bill (the bed-days) is paid, with a summary, and frees the bed after cleaning', async () => {
    const [patient, doctor, bed] = [await createPatient(db), await createDoctor(db), await createBed(db)];
    const admission = await admitPatient(db, desk, { patientId: patient.id, bedId: bed.id, doctorId: doctor.id });
    // Admitted three days ago (IST), as if the stay had run since then.
    const threeDaysAgo = new Date(Date.now() - 3 * 86_400_000);
    await db.admissionBedStay.updateMany({ where: { admissionId: admission.id }, data: { fromTime: threeDaysAgo } });
    expect((await accruedRoomCharges(db, admission.id)).map((c) => c.days)).toEqual([3]);

    expect(await errorOf(dischargePatient(db, desk, { admissionId: admission.id, summary: 'ok' }))).toMatchObject({ name: 'ZodError' });
    const summary = 'Recovered well. Review in OPD after one week.';
    // The money first: the room is not billed yet, then the bill is not paid.
    const unbilled = await errorOf(dischargePatient(db, desk, { admissionId: admission.id, summary }));
    expect(unbilled).toMatchObject({ status: 409, code: 'CHARGES_NOT_BILLED' });
    expect(unbilled?.message).toMatch(/Room rent .* use "Final bill" first/);
    const finalBill = await prepareFinalBill(db, { HOSPITAL_STATE_CODE: '27' }, desk, { admissionId: admission.id });
    expect(finalBill.invoice).toMatchObject({ documentType: 'BILL_OF_SUPPLY', total: new Prisma.Decimal('4500') });
    expect(finalBill.due.toFixed(2)).toBe('4500.00');
    const unpaid = await errorOf(dischargePatient(db, desk, { admissionId: admission.id, summary }));
    expect(unpaid).toMatchObject({ status: 409, code: 'BILL_NOT_SETTLED' });
    expect(unpaid?.message).toContain(`₹ 4500.00 is still due on ${finalBill.invoice?.number}`);
    await recordPayment(db, desk, { invoiceId: finalBill.invoice!.id, method: 'CASH', amount: '4500' });
    const discharged = await dischargePatient(db, desk, { admissionId: admission.id, summary });
    expect(discharged).toMatchObject({ status: 'DISCHARGED', dischargeSummary: summary });
    expect(await bedStatus(bed.id)).toBe('CLEANING');

    const items = await db.billableItem.findMany({ where: { admissionId: admission.id } });
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({ source: 'BED_DAY', patientId: patient.id });
    expect(items[0]?.quantity.toNumber()).toBe(3);
    expect(items[0]?.unitPrice.toFixed(2)).toBe('1500.00');

    expect(await errorOf(dischargePatient(db, desk, { admissionId: admission.id, summary: 'Discharging a second time' }))).toMatchObject({
      status: 409,
      code: 'INVALID_STATE',
    });
    expect(await errorOf(transferBed(db, desk, { admissionId: admission.id, toBedId: (await createBed(db)).id }))).toMatchObject({
      code: 'INVALID_STATE',
    });
    expect(await db.billableItem.count({ where: { admissionId: admission.id } })).toBe(1);

    await markBedReady(db, desk, { bedId: bed.id });
    expect(await bedStatus(bed.id)).toBe('FREE');
    expect(await errorOf(markBedReady(db, desk, { bedId: bed.id }))).toMatchObject({ code: 'INVALID_STATE' });
  });

  it('shows wards × beds with the current patient', async () => {
    const [patient, doctor, bed] = [await createPatient(db, { name: 'Board Patient' }), await createDoctor(db), await createBed(db)];
    await admitPatient(db, desk, { patientId: patient.id, bedId: bed.id, doctorId: doctor.id });
    const board = await bedBoard(db);
    const shown = board.flatMap((ward) => ward.beds).find((b) => b.id === bed.id);
    expect(shown?.status).toBe('OCCUPIED');
    expect(shown?.admissions[0]?.patient.name).toBe('Board Patient');
  });
});

describe('discharge clears the money', () => {
  const env = { HOSPITAL_STATE_CODE: '27' };

  async function admittedDaysAgo(days: number, deposit?: string) {
    const [patient, doctor, bed] = [await createPatient(db), await createDoctor(db), await createBed(db)];
    const admission = await admitPatient(db, desk, {
      patientId: patient.id,
      bedId: bed.id,
      doctorId: doctor.id,
      ...(deposit ? { deposit: { amount: deposit, method: 'CASH' } } : {}),
    });
    await db.admissionBedStay.updateMany({
      where: { admissionId: admission.id },
      data: { fromTime: new Date(Date.now() - days * 86_400_000) },
    });
    return admission;
  }
  const summary = 'Stable; discharged with advice.';

  it('applies the advance to the final bill and refunds its excess, approved by another administrator, before discharge', async () => {
    const [billing, approver] = [await createActor(db, 'BILLING'), await createActor(db, 'ADMIN')];
    const admission = await admittedDaysAgo(2, '5000');
    // Room ₹1,500 × 2 = ₹3,000 against a ₹5,000 advance: paid by the deposit, ₹2,000 left over.
    const bill = await prepareFinalBill(db, env, billing, { admissionId: admission.id });
    expect([bill.invoice?.total.toFixed(2), bill.due.toFixed(2), bill.held.toFixed(2)]).toEqual(['3000.00', '0.00', '2000.00']);
    expect(await db.invoice.findUniqueOrThrow({ where: { id: bill.invoice!.id } })).toMatchObject({ status: 'PAID' });
    expect(await errorOf(dischargePatient(db, desk, { admissionId: admission.id, summary }))).toMatchObject({ code: 'DEPOSIT_STILL_HELD' });

    const left = await db.deposit.findFirstOrThrow({ where: { admissionId: admission.id, status: 'HELD' } });
    expect(
      await errorOf(refundDeposit(db, billing, { depositId: left.id, reason: 'Excess advance', approvedById: billing.userId })),
    ).toMatchObject({
      status: 403,
    });
    const refund = await refundDeposit(db, billing, { depositId: left.id, reason: 'Excess advance', approvedById: approver.userId });
    expect(refund).toMatchObject({ depositId: left.id, invoiceId: bill.invoice!.id, status: 'PROCESSED', paymentId: null });
    expect(refund.amount.toFixed(2)).toBe('2000.00');
    expect(refund.refundNo).toMatch(/^RF\/\d{4}\/\d{6}$/);
    expect(await errorOf(refundDeposit(db, billing, { depositId: left.id, reason: 'Twice', approvedById: approver.userId }))).toMatchObject(
      {
        code: 'DEPOSIT_NOT_HELD',
      },
    );
    expect(await dischargePatient(db, desk, { admissionId: admission.id, summary })).toMatchObject({ status: 'DISCHARGED' });
  });

  it('lets a patient go with money due only when billing marks the stay credit / insurance pending, with a reason', async () => {
    const billing = await createActor(db, 'BILLING');
    const admission = await admittedDaysAgo(3, '1000');
    const bill = await prepareFinalBill(db, env, billing, { admissionId: admission.id });
    expect([bill.due.toFixed(2), bill.held.toFixed(2)]).toEqual(['3500.00', '0.00']);
    expect(await errorOf(dischargePatient(db, desk, { admissionId: admission.id, summary }))).toMatchObject({ code: 'BILL_NOT_SETTLED' });
    expect(await errorOf(markCreditPending(db, billing, { admissionId: admission.id, reason: '' }))).toMatchObject({ name: 'ZodError' });
    await markCreditPending(db, billing, { admissionId: admission.id, reason: 'Cashless claim CL-778 with Star Health' });
    const discharged = await dischargePatient(db, desk, { admissionId: admission.id, summary });
    expect(discharged).toMatchObject({
      status: 'DISCHARGED',
      creditPendingReason: 'Cashless claim CL-778 with Star Health',
      creditPendingById: billing.userId,
    });
    // Nothing half-done by the refused attempt: one bill, one room item.
    expect(await db.invoice.count({ where: { admissionId: admission.id } })).toBe(1);
    expect(await db.billableItem.count({ where: { admissionId: admission.id } })).toBe(1);
  });

  it('bills only the days not billed yet when the final bill is prepared again', async () => {
    const billing = await createActor(db, 'BILLING');
    const admission = await admittedDaysAgo(2);
    await prepareFinalBill(db, env, billing, { admissionId: admission.id });
    const again = await prepareFinalBill(db, env, billing, { admissionId: admission.id });
    expect(again.invoice).toBeNull();
    const items = await db.billableItem.findMany({ where: { admissionId: admission.id, source: 'BED_DAY' } });
    expect(items.map((i) => i.quantity.toNumber())).toEqual([2]);
  });
});
