/**
 * Money given back. A refund needs a reason and an administrator other than
 * the person asking; it never gives back more than its payment brought in.
 * Counter payments (cash, card, UPI, TPA) are refunded at the counter and are
 * done at once. A Razorpay payment is refunded through Razorpay: the refund is
 * booked PENDING (so a second refund cannot exceed what is left), then
 * Razorpay is asked; it becomes PROCESSED when Razorpay says so (in its answer
 * or by the `refund.processed` webhook) and FAILED, with the amount put back
 * on the invoice, when Razorpay refuses it or reports `refund.failed`.
 */
import { Prisma, type Invoice, type Refund } from '@prisma/client';
import { z } from 'zod';
import type { Db } from '../../config/db.js';
import { Conflict, DomainError, Forbidden, NotFound } from '../../errors.js';
import { auditedOperation, type Actor } from '../actor.js';
import { recordAudit } from '../audit/service.js';
import { recordId } from '../ids.js';
import { positiveRupees } from '../money.js';
import { takeFiscalDocumentNumber } from '../numbering/service.js';
import { RECEIPT_SERIES } from '../billing/documents.js';
import { GatewayNotConfigured, gatewayRefusal, RAZORPAY_ACTOR, toPaise, type Gateway } from './razorpay.js';
import { lockInvoiceRow } from '../billing/invoiceLock.js';
import { lockDepositRow } from './service.js';

type Tx = Prisma.TransactionClient;

export const refundSchema = z.object({
  paymentId: recordId,
  amount: positiveRupees,
  reason: z.string().trim().min(5, 'Give the reason for the refund').max(500),
  approvedById: recordId,
});
type RefundRequest = z.infer<typeof refundSchema>;

export class RefundTooLarge extends Conflict {
  constructor(refundable: Prisma.Decimal) {
    super('REFUND_TOO_LARGE', `At most ₹ ${refundable.toFixed(2)} of this payment can still be refunded`, {
      refundable: refundable.toFixed(2),
    });
  }
}

export class GatewayRefused extends DomainError {
  constructor(description: string) {
    super(502, 'GATEWAY_REFUSED', `Razorpay refused the refund: ${description}. Nothing was refunded.`);
  }
}

/**
 * Refunds part or all of a payment. `gateway` is needed only for Razorpay
 * payments. A gateway refund whose answer never came back stays PENDING
 * until Razorpay's webhook settles it.
 */
export async function refundPayment(
  db: Db,
  actor: Actor,
  input: unknown,
  options: { gateway?: Gateway | undefined; now?: Date } = {},
): Promise<Refund> {
  const request = refundSchema.parse(input);
  const now = options.now ?? new Date();
  await checkApprover(db, actor, request.approvedById);
  const payment = await db.payment.findUnique({ where: { id: request.paymentId } });
  if (!payment) throw new NotFound('The payment');
  if (payment.method !== 'RAZORPAY') return bookRefund(db, actor, request, now, 'PROCESSED');

  const { gateway } = options;
  if (!gateway) throw new GatewayNotConfigured();
  if (!payment.gatewayPaymentId) throw new Conflict('NO_GATEWAY_PAYMENT', 'This payment has no Razorpay payment id to refund');
  const pending = await bookRefund(db, actor, request, now, 'PENDING');
  let answer: unknown;
  try {
    answer = await gateway.client.payments.refund(payment.gatewayPaymentId, {
      amount: toPaise(request.amount),
      receipt: pending.refundNo,
      notes: { refundId: String(pending.id) },
    });
  } catch (error) {
    const refusal = gatewayRefusal(error)?.description;
    // No answer (network, Razorpay down): the refund may or may not have been
    // made, so it stays PENDING and the webhook decides.
    if (!refusal) return pending;
    await db.$transaction(async (tx) => {
      await failRefund(tx, pending);
      await recordAudit(tx, actor, {
        action: 'ACTION',
        model: 'Refund',
        recordId: String(pending.id),
        after: { operation: 'refund refused by Razorpay', refundNo: pending.refundNo, reason: refusal },
      });
    });
    throw new GatewayRefused(refusal);
  }
  const refund = gatewayRefundSchema.parse(answer);
  // Only a refund still pending changes: a webhook may have settled it already.
  await db.refund.updateMany({
    where: { id: pending.id, status: 'PENDING' },
    data: { gatewayRefundId: refund.id, ...(refund.status === 'processed' ? { status: 'PROCESSED', processedAt: new Date() } : {}) },
  });
  return db.refund.findUniqueOrThrow({ where: { id: pending.id } });
}

export const refundDepositSchema = z.object({
  depositId: recordId,
  reason: z.string().trim().min(5, 'Give the reason for the refund').max(500),
  approvedById: recordId,
});

/**
 * Pays back an advance still held (the excess after the final bill), with a
 * refund voucher (Rule 51) under the same approval as any refund: an
 * administrator other than the requester. The voucher refers to the stay's
 * latest bill; the money goes back the way it came (cash, or to the card/UPI
 * account by the cashier), so it is processed at once.
 */
export async function refundDeposit(db: Db, actor: Actor, input: unknown, now: Date = new Date()): Promise<Refund> {
  const request = refundDepositSchema.parse(input);
  await checkApprover(db, actor, request.approvedById);
  return auditedOperation(db, actor, { model: 'Refund', operation: 'refund deposit' }, async (tx) => {
    const deposit = await lockDepositRow(tx, request.depositId);
    if (!deposit) throw new NotFound('The deposit');
    if (deposit.status !== 'HELD') throw new Conflict('DEPOSIT_NOT_HELD', `This deposit is already ${deposit.status.toLowerCase()}`);
    const bill = await tx.invoice.findFirst({
      where: {
        kind: 'INVOICE',
        status: { not: 'DRAFT' },
        patientId: deposit.patientId,
        ...(deposit.admissionId ? { admissionId: deposit.admissionId } : {}),
      },
      orderBy: { id: 'desc' },
    });
    if (!bill) throw new Conflict('NO_FINAL_BILL', 'Prepare the final bill first: the refund voucher refers to it');
    const record = await tx.refund.create({
      data: {
        refundNo: await takeFiscalDocumentNumber(tx, RECEIPT_SERIES.refund, now),
        invoiceId: bill.id,
        depositId: deposit.id,
        amount: deposit.amount,
        reason: request.reason,
        status: 'PROCESSED',
        requestedById: actor.userId,
        approvedById: request.approvedById,
        processedAt: now,
      },
    });
    await tx.deposit.update({ where: { id: deposit.id }, data: { status: 'REFUNDED' } });
    return {
      record,
      after: { refundNo: record.refundNo, deposit: deposit.receiptNo, amount: record.amount.toFixed(2), approvedBy: request.approvedById },
    };
  });
}

async function checkApprover(db: Db, actor: Actor, approvedById: number): Promise<void> {
  const approver = await db.user.findUnique({ where: { id: approvedById } });
  if (!approver || approver.role !== 'ADMIN' || !approver.isActive) throw new Forbidden('A refund is approved by an administrator');
  if (approver.id === actor.userId) throw new Forbidden('A refund is approved by someone other than the person requesting it');
}

/**
 * Books the refund and takes its amount off the invoice's paid amount, under
 * the invoice's row lock, so two refunds at once cannot give back more than
 * came in.
 */
function bookRefund(db: Db, actor: Actor, request: RefundRequest, now: Date, status: 'PROCESSED' | 'PENDING'): Promise<Refund> {
  return auditedOperation(db, actor, { model: 'Refund', operation: 'refund' }, async (tx) => {
    const payment = await tx.payment.findUniqueOrThrow({ where: { id: request.paymentId } });
    const invoice = await lockedInvoice(tx, payment.invoiceId);
    // A failed gateway refund gave nothing back, so it does not count.
    const refunded = await tx.refund.aggregate({ _sum: { amount: true }, where: { paymentId: payment.id, status: { not: 'FAILED' } } });
    const refundable = payment.amount.minus(refunded._sum.amount ?? 0);
    if (request.amount.greaterThan(refundable)) throw new RefundTooLarge(refundable);
    const record = await tx.refund.create({
      data: {
        refundNo: await takeFiscalDocumentNumber(tx, RECEIPT_SERIES.refund, now),
        invoiceId: invoice.id,
        paymentId: payment.id,
        amount: request.amount,
        reason: request.reason,
        status,
        requestedById: actor.userId,
        approvedById: request.approvedById,
        processedAt: status === 'PROCESSED' ? now : null,
      },
    });
    // Money a late gateway capture brought in beyond the total was never counted as paid.
    await setAmountPaid(tx, invoice, Prisma.Decimal.max(0, invoice.amountPaid.minus(request.amount)));
    return {
      record,
      after: {
        refundNo: record.refundNo,
        amount: record.amount.toFixed(2),
        approvedBy: request.approvedById,
        reason: record.reason,
        status,
      },
    };
  });
}

/** A refund that never happened: its amount goes back on the invoice's paid amount. */
async function failRefund(tx: Tx, refund: Refund): Promise<void> {
  const invoice = await lockedInvoice(tx, refund.invoiceId);
  await setAmountPaid(tx, invoice, Prisma.Decimal.min(invoice.total, invoice.amountPaid.plus(refund.amount)));
  await tx.refund.update({ where: { id: refund.id }, data: { status: 'FAILED' } });
}

/** A refund's invoice always exists (a foreign key): locked for the change of its paid amount. */
async function lockedInvoice(tx: Tx, invoiceId: number): Promise<Invoice> {
  const invoice = await lockInvoiceRow(tx, invoiceId);
  if (!invoice) throw new NotFound('The invoice');
  return invoice;
}

async function setAmountPaid(tx: Tx, invoice: Invoice, amountPaid: Prisma.Decimal): Promise<void> {
  const status = amountPaid.isZero() ? 'ISSUED' : amountPaid.greaterThanOrEqualTo(invoice.total) ? 'PAID' : 'PARTIALLY_PAID';
  await tx.invoice.update({ where: { id: invoice.id }, data: { amountPaid, status } });
}

/** Razorpay's description when it answered with a refusal (4xx); undefined when there was no answer. */
const gatewayRefundSchema = z.object({
  id: z.string().min(1),
  status: z.enum(['pending', 'processed', 'failed']),
  receipt: z.string().nullish(),
  notes: z.union([z.record(z.string(), z.unknown()), z.array(z.unknown())]).nullish(),
});

/**
 * Razorpay's word on a refund (webhook `refund.processed` / `refund.failed`).
 * The refund is found by Razorpay's refund id, or by our refund number sent as
 * its receipt when Razorpay's first answer was lost. Settling twice is a no-op.
 */
export async function settleGatewayRefund(db: Db, entity: unknown, outcome: 'processed' | 'failed'): Promise<boolean> {
  const refund = gatewayRefundSchema.parse(entity);
  return db.$transaction(async (tx) => {
    const candidates = await tx.refund.findMany({
      where: { OR: [{ gatewayRefundId: refund.id }, ...(refund.receipt ? [{ refundNo: refund.receipt, gatewayRefundId: null }] : [])] },
    });
    const ours = candidates[0];
    if (!ours) return false;
    await tx.$queryRaw`SELECT id FROM "Refund" WHERE id = ${ours.id} FOR UPDATE`;
    const current = await tx.refund.findUniqueOrThrow({ where: { id: ours.id } });
    if (current.status !== 'PENDING') return current.status === outcome.toUpperCase();
    if (outcome === 'failed') {
      await failRefund(tx, current);
      await tx.refund.update({ where: { id: current.id }, data: { gatewayRefundId: refund.id } });
    } else {
      await tx.refund.update({
        where: { id: current.id },
        data: { status: 'PROCESSED', processedAt: new Date(), gatewayRefundId: refund.id },
      });
    }
    await recordAudit(tx, RAZORPAY_ACTOR, {
      action: 'UPDATE',
      model: 'Refund',
      recordId: String(current.id),
      after: { status: outcome.toUpperCase(), gatewayRefundId: refund.id },
    });
    return true;
  });
}
