/**
 * Payments, deposits and refunds against the real database: partial payments,
 * no overpayment even from two counters at once, deposits applied to the final
 * bill, refunds only up to what was paid and only with an approver.
 */
import type { Actor } from '../../../src/modules/actor.js';
import { refundDeposit, refundPayment } from '../../../src/modules/payments/refunds.js';
import { applyDeposit, recordPayment, takeDeposit } from '../../../src/modules/payments/service.js';
import { admitPatient, dischargePatient, prepareFinalBill } from '../../../src/modules/admissions/service.js';
import { createActor, createIssuedInvoice, createBed, createDoctor, createPatient, unique } from '../../factories.js';
import { errorOf, useDatabase } from '../../support/lifecycle.js';

const db = useDatabase(10);
let cashier: Actor;
let admin: Actor;
beforeAll(async () => {
  cashier = await createActor(db, 'BILLING');
  admin = await createActor(db, 'ADMIN');
});

const issuedInvoice = (amount: string) => createIssuedInvoice(db, cashier, amount);

const invoiceNow = (id: number) => db.invoice.findUniqueOrThrow({ where: { id } });

describe('payments', () => {
  it('takes partial payments with receipt numbers until the invoice is paid, and refuses overpayment', async () => {
    const invoice = await issuedInvoice('1000');
    const first = await recordPayment(db, cashier, { invoiceId: invoice.id, method: 'CASH', amount: '400' });
    expect(first.receiptNo).toMatch(/^RC\/\d{4}\/\d{6}$/);
    expect(await invoiceNow(invoice.id)).toMatchObject({ status: 'PARTIALLY_PAID' });
    const over = await errorOf(recordPayment(db, cashier, { invoiceId: invoice.id, method: 'UPI', amount: '600.01', reference: 'UPI-1' }));
    expect(over).toMatchObject({
      status: 409,
      code: 'OVERPAYMENT',
      message: 'Only ₹ 600.00 is due on this invoice; ₹ 600.01 is more than that',
    });
    await recordPayment(db, cashier, { invoiceId: invoice.id, method: 'CARD', amount: '600', reference: 'SLIP-8812' });
    const paid = await invoiceNow(invoice.id);
    expect(paid.status).toBe('PAID');
    expect(paid.amountPaid.toFixed(2)).toBe('1000.00');
    expect(await errorOf(recordPayment(db, cashier, { invoiceId: invoice.id, method: 'CASH', amount: '1' }))).toMatchObject({
      code: 'NOT_PAYABLE',
    });
  });

  it('lets only one of two counters taking the full amount at once succeed', async () => {
    const invoice = await issuedInvoice('750');
    const outcomes = await Promise.allSettled([
      recordPayment(db, cashier, { invoiceId: invoice.id, method: 'CASH', amount: '750' }),
      recordPayment(db, cashier, { invoiceId: invoice.id, method: 'CASH', amount: '750' }),
    ]);
    expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
    expect((await invoiceNow(invoice.id)).amountPaid.toFixed(2)).toBe('750.00');
    expect(await db.payment.count({ where: { invoiceId: invoice.id } })).toBe(1);
  });

  it('asks for a reference for card, UPI and insurance, and refuses zero or negative amounts', async () => {
    const invoice = await issuedInvoice('500');
    expect(await errorOf(recordPayment(db, cashier, { invoiceId: invoice.id, method: 'INSURANCE', amount: '500' }))).toMatchObject({
      name: 'ZodError',
    });
    expect(await errorOf(recordPayment(db, cashier, { invoiceId: invoice.id, method: 'CASH', amount: '0' }))).toMatchObject({
      name: 'ZodError',
    });
    expect(await errorOf(recordPayment(db, cashier, { invoiceId: invoice.id, method: 'CASH', amount: '-5' }))).toMatchObject({
      name: 'ZodError',
    });
    expect(await db.payment.count({ where: { invoiceId: invoice.id } })).toBe(0);
  });
});

describe('deposits', () => {
  it('applies an advance deposit to the final bill, keeping any excess as a held deposit', async () => {
    const invoice = await issuedInvoice('8000');
    const deposit = await db.deposit.create({
      data: { receiptNo: unique('DEP/'), patientId: invoice.patientId, amount: 10000, method: 'UPI' },
    });
    const payment = await applyDeposit(db, cashier, { invoiceId: invoice.id, depositId: deposit.id });
    expect(payment).toMatchObject({ method: 'DEPOSIT', reference: deposit.receiptNo });
    expect(payment.amount.toFixed(2)).toBe('8000.00');
    expect((await invoiceNow(invoice.id)).status).toBe('PAID');
    const deposits = await db.deposit.findMany({ where: { patientId: invoice.patientId }, orderBy: { id: 'asc' } });
    expect(deposits.map((d) => [d.status, d.amount.toFixed(2)])).toEqual([
      ['APPLIED', '8000.00'],
      ['HELD', '2000.00'],
    ]);
    expect(await errorOf(applyDeposit(db, cashier, { invoiceId: invoice.id, depositId: deposit.id }))).toMatchObject({
      code: 'NOT_PAYABLE',
    });
  });

  it("refuses another patient's deposit", async () => {
    const invoice = await issuedInvoice('100');
    const other = await createPatient(db);
    const deposit = await db.deposit.create({ data: { receiptNo: unique('DEP/'), patientId: other.id, amount: 100, method: 'CASH' } });
    expect((await errorOf(applyDeposit(db, cashier, { invoiceId: invoice.id, depositId: deposit.id })))?.message).toBe(
      'This deposit belongs to another patient',
    );
  });
});

describe('refunds', () => {
  it('refunds up to what the payment brought in, with a reason and an approving administrator', async () => {
    const invoice = await issuedInvoice('1200');
    const payment = await recordPayment(db, cashier, { invoiceId: invoice.id, method: 'CASH', amount: '1200' });
    const refund = await refundPayment(db, cashier, {
      paymentId: payment.id,
      amount: '200',
      reason: 'Test not done',
      approvedById: admin.userId,
    });
    expect(refund.refundNo).toMatch(/^RF\/\d{4}\/\d{6}$/);
    expect(await invoiceNow(invoice.id)).toMatchObject({ status: 'PARTIALLY_PAID' });
    const tooMuch = await errorOf(
      refundPayment(db, cashier, { paymentId: payment.id, amount: '1000.01', reason: 'Patient left', approvedById: admin.userId }),
    );
    expect(tooMuch).toMatchObject({ code: 'REFUND_TOO_LARGE', message: 'At most ₹ 1000.00 of this payment can still be refunded' });
    expect(
      (
        await errorOf(
          refundPayment(db, admin, { paymentId: payment.id, amount: '10', reason: 'Self approval', approvedById: admin.userId }),
        )
      )?.message,
    ).toMatch(/someone other than/);
    expect(
      (
        await errorOf(
          refundPayment(db, cashier, { paymentId: payment.id, amount: '10', reason: 'No approver', approvedById: cashier.userId }),
        )
      )?.message,
    ).toMatch(/approved by an administrator/);
    expect(await db.refund.count({ where: { paymentId: payment.id } })).toBe(1);
  });
});

describe('taking deposits', () => {
  it('takes a further advance from an admitted patient only', async () => {
    const patient = await createPatient(db);
    const admission = await admitPatient(db, cashier, {
      patientId: patient.id,
      bedId: (await createBed(db)).id,
      doctorId: (await createDoctor(db)).id,
    });
    const deposit = await takeDeposit(db, cashier, { admissionId: admission.id, amount: '5000', method: 'CARD', reference: 'SLIP-1' });
    expect(deposit).toMatchObject({ status: 'HELD', patientId: patient.id });
    expect(deposit.receiptNo).toMatch(/^AR\/\d{4}\/\d{6}$/);
    // Discharge needs the money clear: the final bill takes ₹1,500 of the advance, the rest is refunded.
    await prepareFinalBill(db, { HOSPITAL_STATE_CODE: '27' }, cashier, { admissionId: admission.id });
    const left = await db.deposit.findFirstOrThrow({ where: { admissionId: admission.id, status: 'HELD' } });
    await refundDeposit(db, cashier, { depositId: left.id, reason: 'Excess advance', approvedById: admin.userId });
    await dischargePatient(db, cashier, { admissionId: admission.id, summary: 'Discharged in stable condition.' });
    expect(await errorOf(takeDeposit(db, cashier, { admissionId: admission.id, amount: '100', method: 'CASH' }))).toMatchObject({
      code: 'NOT_PAYABLE',
    });
  });
});
