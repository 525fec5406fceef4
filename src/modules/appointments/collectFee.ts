/**
 * The front desk's "Check in and collect fee": the patient checks in, the
 * consultation is billed and issued, and the fee is received with its
 * receipt — one transaction, so there is never a token without its bill or a
 * bill half-paid by a network error. A free visit (a follow-up at no fee)
 * only checks in.
 */
import type { Appointment, Invoice, Payment } from '@prisma/client';
import { z } from 'zod';
import type { Db } from '../../config/db.js';
import type { Actor } from '../actor.js';
import { draftInvoice, issueInvoice, type BillingEnv } from '../billing/invoices.js';
import { recordId } from '../ids.js';
import { recordPayment } from '../payments/service.js';
import { checkInVisit } from './service.js';

export const collectFeeSchema = z.object({
  appointmentId: recordId,
  method: z.enum(['CASH', 'CARD', 'UPI'], { error: 'Choose cash, card or UPI' }),
  reference: z.string().trim().max(100).optional(),
});

export interface FeeCollected {
  appointment: Appointment;
  invoice: Invoice | null;
  payment: Payment | null;
}

export async function checkInAndCollectFee(
  db: Db,
  env: BillingEnv,
  actor: Actor,
  input: unknown,
  now: Date = new Date(),
): Promise<FeeCollected> {
  const request = collectFeeSchema.parse(input);
  return db.$transaction(async (tx) => {
    const { appointment, fee } = await checkInVisit(tx, actor, { appointmentId: request.appointmentId }, now);
    if (fee.isZero()) return { appointment, invoice: null, payment: null };
    const draft = await draftInvoice(tx, env, actor, { patientId: appointment.patientId, appointmentId: appointment.id });
    const invoice = await issueInvoice(tx, actor, { invoiceId: draft.id }, now);
    const payment = await recordPayment(
      tx,
      actor,
      { invoiceId: invoice.id, method: request.method, amount: invoice.total.toFixed(2), reference: request.reference || undefined },
      now,
    );
    return { appointment, invoice, payment };
  });
}
