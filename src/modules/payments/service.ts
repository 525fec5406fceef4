/**
 * Money received against invoices and given back. Every payment and refund
 * gets a receipt number; an invoice is never paid more than its total, and a
 * payment is never refunded more than it brought in. The invoice row is
 * locked while its paid amount changes, so two counters taking money for the
 * same bill at once cannot overpay it.
 */
import { Prisma, type Deposit, type Invoice, type Payment } from '@prisma/client';
import { z } from 'zod';
import { recordId } from '../ids.js';
import { lockRow, type DbOrTx, type Tx } from '../../config/db.js';
import { Conflict, NotFound } from '../../errors.js';
import { auditedOperation, type Actor } from '../actor.js';
import { positiveRupees } from '../money.js';
import { takeFiscalDocumentNumber } from '../numbering/service.js';
import { RECEIPT_SERIES } from '../billing/documents.js';
import { lockInvoiceRow } from '../billing/invoiceLock.js';
import { invoiceAllows } from '../billing/states.js';

const id = recordId;

export const recordPaymentSchema = z
  .object({
    invoiceId: id,
    method: z.enum(['CASH', 'CARD', 'UPI', 'INSURANCE'], { error: 'Choose cash, card, UPI or insurance/TPA' }),
    amount: positiveRupees,
    reference: z.string().trim().max(100).optional(),
  })
  .refine((p) => p.method === 'CASH' || Boolean(p.reference), {
    message: 'Enter the card slip, UPI transaction or TPA claim reference',
    path: ['reference'],
  });

/** An advance's money, wherever it is taken (on admission or later): card and UPI need their reference. */
export const depositMoneySchema = z
  .object({
    amount: positiveRupees,
    method: z.enum(['CASH', 'CARD', 'UPI'], { error: 'Deposits are taken in cash, by card or by UPI' }),
    reference: z.string().trim().max(100).optional(),
  })
  .refine((d) => d.method === 'CASH' || Boolean(d.reference), {
    message: 'Enter the card slip or UPI transaction reference',
    path: ['reference'],
  });
export type DepositMoney = z.infer<typeof depositMoneySchema>;

export const takeDepositSchema = z.object({ admissionId: id }).and(depositMoneySchema);

export const applyDepositSchema = z.object({ invoiceId: id, depositId: id });
export class Overpayment extends Conflict {
  constructor(due: Prisma.Decimal, offered: Prisma.Decimal) {
    super('OVERPAYMENT', `Only ₹ ${due.toFixed(2)} is due on this invoice; ₹ ${offered.toFixed(2)} is more than that`, {
      due: due.toFixed(2),
    });
  }
}

export class NotPayable extends Conflict {
  constructor(message: string) {
    super('NOT_PAYABLE', message);
  }
}

async function lockPayableInvoice(tx: Tx, invoiceId: number): Promise<Invoice> {
  const invoice = await lockInvoiceRow(tx, invoiceId);
  if (!invoice) throw new NotFound('The invoice');
  if (!invoiceAllows('pay', invoice)) {
    throw new NotPayable(
      `Payments are taken only on issued, unpaid invoices (this one is ${invoice.status.toLowerCase().replace('_', ' ')})`,
    );
  }
  return invoice;
}

/** Adds money to an invoice's paid amount and moves its status (partially paid / paid). */
async function creditInvoice(tx: Tx, invoice: Invoice, amount: Prisma.Decimal): Promise<Invoice> {
  const due = invoice.total.minus(invoice.amountPaid);
  if (amount.greaterThan(due)) throw new Overpayment(due, amount);
  const amountPaid = invoice.amountPaid.plus(amount);
  return tx.invoice.update({
    where: { id: invoice.id },
    data: { amountPaid, status: amountPaid.equals(invoice.total) ? 'PAID' : 'PARTIALLY_PAID' },
  });
}

export async function recordPayment(db: DbOrTx, actor: Actor, input: unknown, now: Date = new Date()): Promise<Payment> {
  const payment = recordPaymentSchema.parse(input);
  return auditedOperation(db, actor, { model: 'Payment', operation: 'receive' }, async (tx) => {
    const invoice = await lockPayableInvoice(tx, payment.invoiceId);
    await creditInvoice(tx, invoice, payment.amount);
    const record = await tx.payment.create({
      data: {
        receiptNo: await takeFiscalDocumentNumber(tx, RECEIPT_SERIES.payment, now),
        invoiceId: invoice.id,
        method: payment.method,
        amount: payment.amount,
        reference: payment.reference ?? null,
        receivedById: actor.userId,
        receivedAt: now,
      },
    });
    return {
      record,
      after: { receiptNo: record.receiptNo, invoice: invoice.number, amount: record.amount.toFixed(2), method: record.method },
    };
  });
}

/** An advance (or a further advance) from an admitted patient, held until the final bill. */
export async function takeDeposit(db: DbOrTx, actor: Actor, input: unknown, now: Date = new Date()) {
  const request = takeDepositSchema.parse(input);
  return auditedOperation(db, actor, { model: 'Deposit', operation: 'take' }, async (tx) => {
    const admission = await tx.admission.findUnique({ where: { id: request.admissionId } });
    if (!admission) throw new NotFound('The admission');
    if (admission.status !== 'ADMITTED') throw new NotPayable('Deposits are taken from admitted patients');
    const record = await recordDeposit(tx, actor, admission, request, now);
    return { record, after: { receiptNo: record.receiptNo, amount: record.amount.toFixed(2) } };
  });
}

/** A deposit taken for a change of its state (applied, split, refunded): its row is locked until the transaction ends. */
export async function lockDepositRow(tx: Tx, depositId: number): Promise<Deposit | null> {
  return lockRow(tx, 'Deposit', depositId);
}

/** Books an advance with its receipt voucher (Rule 50), in the caller's transaction (admission or a later deposit). */
export async function recordDeposit(
  tx: Tx,
  actor: Actor,
  admission: { id: number; patientId: number },
  money: DepositMoney,
  now: Date,
): Promise<Deposit> {
  return tx.deposit.create({
    data: {
      receiptNo: await takeFiscalDocumentNumber(tx, RECEIPT_SERIES.advance, now),
      patientId: admission.patientId,
      admissionId: admission.id,
      amount: money.amount,
      method: money.method,
      reference: money.reference ?? null,
      receivedById: actor.userId,
      receivedAt: now,
    },
  });
}

/**
 * Applies a patient's advance deposit to their invoice. A deposit larger than
 * what is due is split: the due part is applied, the rest stays held (to be
 * refunded or applied to a later bill) under the same receipt number + "-R".
 */
export async function applyDeposit(db: DbOrTx, actor: Actor, input: unknown, now: Date = new Date()): Promise<Payment> {
  const { invoiceId, depositId } = applyDepositSchema.parse(input);
  return auditedOperation(db, actor, { model: 'Payment', operation: 'apply deposit' }, async (tx) => {
    const invoice = await lockPayableInvoice(tx, invoiceId);
    const deposit = await lockDepositRow(tx, depositId);
    if (!deposit) throw new NotFound('The deposit');
    if (deposit.patientId !== invoice.patientId) throw new NotPayable('This deposit belongs to another patient');
    if (deposit.status !== 'HELD') throw new NotPayable(`This deposit is already ${deposit.status.toLowerCase()}`);
    const due = invoice.total.minus(invoice.amountPaid);
    const applied = Prisma.Decimal.min(deposit.amount, due);
    if (applied.lessThanOrEqualTo(0)) throw new NotPayable('Nothing is due on this invoice');
    if (deposit.amount.greaterThan(applied)) {
      await tx.deposit.create({
        data: {
          receiptNo: `${deposit.receiptNo}-R`,
          patientId: deposit.patientId,
          admissionId: deposit.admissionId,
          amount: deposit.amount.minus(applied),
          method: deposit.method,
          reference: deposit.reference,
          receivedById: deposit.receivedById,
          receivedAt: deposit.receivedAt,
        },
      });
    }
    await tx.deposit.update({ where: { id: deposit.id }, data: { amount: applied, status: 'APPLIED', appliedInvoiceId: invoice.id } });
    await creditInvoice(tx, invoice, applied);
    const record = await tx.payment.create({
      data: {
        receiptNo: await takeFiscalDocumentNumber(tx, RECEIPT_SERIES.payment, now),
        invoiceId: invoice.id,
        method: 'DEPOSIT',
        amount: applied,
        reference: deposit.receiptNo,
        receivedById: actor.userId,
        receivedAt: now,
      },
    });
    return { record, after: { deposit: deposit.receiptNo, applied: applied.toFixed(2), receiptNo: record.receiptNo } };
  });
}

/** Advance deposits still held for the patient of an invoice, oldest first ("Apply deposit"). */
export async function heldDepositsForInvoice(db: DbOrTx, invoiceId: number) {
  const invoice = await db.invoice.findUnique({ where: { id: invoiceId }, select: { patientId: true } });
  if (!invoice) return [];
  return db.deposit.findMany({ where: { patientId: invoice.patientId, status: 'HELD' }, orderBy: { id: 'asc' } });
}
