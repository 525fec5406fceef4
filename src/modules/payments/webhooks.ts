/**
 * Razorpay's webhook deliveries. The signature is checked over the raw bytes
 * before anything is read; money moves only through the payment and refund
 * services, which are idempotent, so a delivery repeated any number of times
 * (Razorpay retries until it gets a 2xx) changes the books once.
 */
import { z } from 'zod';
import type { Db } from '../../config/db.js';
import { DomainError, NotFound } from '../../errors.js';
import {
  GatewayNotConfigured,
  GatewayRefusedRequest,
  InvalidSignature,
  recordGatewayPayment,
  signatureMatches,
  type Gateway,
} from './razorpay.js';
import { settleGatewayRefund } from './refunds.js';

const webhookSchema = z.object({
  event: z.string(),
  payload: z.object({ payment: z.object({ entity: z.unknown() }).optional(), refund: z.object({ entity: z.unknown() }).optional() }),
});

export type WebhookOutcome = { event: string; handled: boolean; paymentId?: number };

/** A webhook delivery: the signature is checked over the raw bytes before anything is read. */
export async function handleWebhook(db: Db, gateway: Gateway | undefined, rawBody: Buffer, signature: unknown): Promise<WebhookOutcome> {
  if (!gateway) throw new GatewayNotConfigured();
  if (!signatureMatches(rawBody, signature, gateway.webhookSecret)) throw new InvalidSignature();
  let parsed: unknown;
  try {
    parsed = JSON.parse(rawBody.toString('utf8'));
  } catch {
    throw new DomainError(400, 'MALFORMED_BODY', 'The webhook body is not valid JSON');
  }
  const delivery = webhookSchema.parse(parsed);
  if (delivery.event === 'payment.captured' && delivery.payload.payment) {
    try {
      const payment = await recordGatewayPayment(db, gateway, delivery.payload.payment.entity);
      return { event: delivery.event, handled: true, paymentId: payment.id };
    } catch (error) {
      // An order Razorpay does not know, or one that is not for an invoice of ours: nothing to
      // record, and retrying will not change that — acknowledged. Razorpay or our database
      // not answering (503) is thrown on, so Razorpay delivers the event again later.
      if (error instanceof GatewayRefusedRequest || error instanceof NotFound) return { event: delivery.event, handled: false };
      throw error;
    }
  }
  if ((delivery.event === 'refund.processed' || delivery.event === 'refund.failed') && delivery.payload.refund) {
    const outcome = delivery.event === 'refund.processed' ? 'processed' : 'failed';
    return { event: delivery.event, handled: await settleGatewayRefund(db, delivery.payload.refund.entity, outcome) };
  }
  // payment.failed and other events change no money: acknowledged so Razorpay stops retrying.
  return { event: delivery.event, handled: false };
}
