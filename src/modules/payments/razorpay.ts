/**
 * Online payment through Razorpay (the official SDK). An order is created for
 * an invoice's due amount; the money is recorded when Razorpay confirms it —
 * by the checkout callback (signature over order id | payment id with the key
 * secret) or by the `payment.captured` webhook (signature over the raw body
 * with the webhook secret), whichever comes first. Recording is idempotent:
 * the gateway payment id is unique, and the invoice row is locked while it is
 * checked, so callback + webhook, or ten deliveries at once, record one payment.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { Prisma, type Payment } from '@prisma/client';
import Razorpay from 'razorpay';
import { z } from 'zod';
import type { Db } from '../../config/db.js';
import type { Env } from '../../config/env.js';
import { DomainError, NotFound, ServiceUnavailable } from '../../errors.js';
import { recordAudit } from '../audit/service.js';
import { takeFiscalDocumentNumber } from '../numbering/service.js';
import { RECEIPT_SERIES } from '../billing/documents.js';
import { NotPayable } from './service.js';
import { lockInvoiceRow } from '../billing/invoiceLock.js';

export type RazorpayEnv = Pick<Env, 'RAZORPAY_KEY_ID' | 'RAZORPAY_KEY_SECRET' | 'RAZORPAY_WEBHOOK_SECRET' | 'RAZORPAY_API_BASE'>;

export interface Gateway {
  client: Razorpay;
  keyId: string;
  keySecret: string;
  webhookSecret: string;
}

export class InvalidSignature extends DomainError {
  constructor() {
    super(400, 'INVALID_SIGNATURE', 'The payment signature is not valid');
  }
}

export class GatewayNotConfigured extends DomainError {
  constructor() {
    super(503, 'ONLINE_PAYMENT_OFF', 'Online payment is not set up for this hospital');
  }
}

/** Razorpay answered, and refused: an id it does not know, a request it will not take. */
export class GatewayRefusedRequest extends DomainError {
  constructor(
    readonly gatewayStatus: number,
    description: string,
  ) {
    super(404, 'NOT_FOUND_AT_RAZORPAY', `Razorpay does not know this payment or order (${description})`);
  }
}

/**
 * Razorpay's SDK rejects with a plain object carrying Razorpay's 4xx answer,
 * or with a TypeError when no answer came (network down, timeout). The first
 * is a refusal; the second is a 503, so a webhook delivery is retried later.
 */
export function gatewayRefusal(error: unknown): { status: number; description: string } | undefined {
  const answer = z
    .object({ statusCode: z.number().int().min(400).max(499), error: z.object({ description: z.string() }).optional() })
    .safeParse(error);
  if (!answer.success) return undefined;
  return { status: answer.data.statusCode, description: answer.data.error?.description ?? `HTTP ${answer.data.statusCode}` };
}

async function askGateway<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    const refusal = gatewayRefusal(error);
    if (refusal) throw new GatewayRefusedRequest(refusal.status, refusal.description);
    throw new ServiceUnavailable('Razorpay is not answering right now: please try again in a minute', 30);
  }
}

const GATEWAY_TIMEOUT_MS = 20_000;

/** The Razorpay client, or undefined when the keys are not configured. */
export function createGateway(env: RazorpayEnv): Gateway | undefined {
  if (!env.RAZORPAY_KEY_ID || !env.RAZORPAY_KEY_SECRET || !env.RAZORPAY_WEBHOOK_SECRET) return undefined;
  const client = new Razorpay({ key_id: env.RAZORPAY_KEY_ID, key_secret: env.RAZORPAY_KEY_SECRET });
  const http = (client as unknown as { api: { rq: { defaults: { baseURL: string; timeout: number } } } }).api.rq.defaults;
  // The SDK fixes its host; this is the one seam for a Razorpay-compatible server.
  if (env.RAZORPAY_API_BASE) http.baseURL = env.RAZORPAY_API_BASE;
  // The SDK waits for ever by default; a counter must not hang on a slow gateway.
  http.timeout = GATEWAY_TIMEOUT_MS;
  return { client, keyId: env.RAZORPAY_KEY_ID, keySecret: env.RAZORPAY_KEY_SECRET, webhookSecret: env.RAZORPAY_WEBHOOK_SECRET };
}

/** HMAC-SHA256 hex of `payload`, compared in constant time. */
export function signatureMatches(payload: string | Buffer, signature: unknown, secret: string): boolean {
  if (typeof signature !== 'string' || !/^[0-9a-f]{64}$/i.test(signature)) return false;
  const expected = createHmac('sha256', secret).update(payload).digest();
  return timingSafeEqual(expected, Buffer.from(signature, 'hex'));
}

/** Who the audit trail names for what Razorpay tells us (webhooks, callbacks). */
export const RAZORPAY_ACTOR = { userId: null, ip: null, userAgent: 'razorpay' } as const;

export const toPaise = (rupees: Prisma.Decimal) => rupees.mul(100).toDecimalPlaces(0).toNumber();
export const fromPaise = (paise: number) => new Prisma.Decimal(paise).div(100);

export interface GatewayOrder {
  id: string;
  amount: number;
  currency: string;
  receipt: string;
  keyId: string;
}

/** A Razorpay order for what is still due on an invoice (amount in paise, receipt = invoice number). */
export async function createOrderForInvoice(db: Db, gateway: Gateway | undefined, invoiceId: number): Promise<GatewayOrder> {
  if (!gateway) throw new GatewayNotConfigured();
  const invoice = await db.invoice.findUnique({ where: { id: invoiceId } });
  if (!invoice) throw new NotFound('The invoice');
  if (invoice.kind !== 'INVOICE' || !['ISSUED', 'PARTIALLY_PAID'].includes(invoice.status) || !invoice.number) {
    throw new NotPayable('Only issued, unpaid invoices can be paid online');
  }
  const due = invoice.total.minus(invoice.amountPaid);
  const receipt = invoice.number;
  const order = await askGateway(() =>
    gateway.client.orders.create({ amount: toPaise(due), currency: 'INR', receipt, notes: { invoiceId: String(invoice.id) } }),
  );
  return { id: order.id, amount: Number(order.amount), currency: order.currency, receipt, keyId: gateway.keyId };
}

const capturedPaymentSchema = z.object({
  id: z.string().min(1),
  order_id: z.string().min(1),
  amount: z.number().int().positive(),
  status: z.string(),
});

/**
 * Records a captured gateway payment once. Returns the existing payment when
 * this gateway payment id was already recorded.
 */
export async function recordGatewayPayment(db: Db, gateway: Gateway, entity: unknown): Promise<Payment> {
  const payment = capturedPaymentSchema.parse(entity);
  const existing = await db.payment.findUnique({ where: { gatewayPaymentId: payment.id } });
  if (existing) return existing;
  const order = await askGateway(() => gateway.client.orders.fetch(payment.order_id));
  const invoiceId = Number((order.notes as Record<string, unknown> | undefined)?.invoiceId);
  if (!Number.isInteger(invoiceId) || invoiceId <= 0) throw new NotFound('The invoice of this order');
  const amount = fromPaise(payment.amount);

  try {
    return await db.$transaction(async (tx) => {
      const invoice = await lockInvoiceRow(tx, invoiceId);
      const again = await tx.payment.findUnique({ where: { gatewayPaymentId: payment.id } });
      if (again) return again;
      if (!invoice) throw new NotFound('The invoice');
      // Money Razorpay has captured is recorded even if the invoice was settled meanwhile;
      // the paid amount stops at the total and the excess shows for a refund.
      const amountPaid = Prisma.Decimal.min(invoice.total, invoice.amountPaid.plus(amount));
      await tx.invoice.update({
        where: { id: invoiceId },
        data: { amountPaid, status: amountPaid.equals(invoice.total) ? 'PAID' : 'PARTIALLY_PAID' },
      });
      const record = await tx.payment.create({
        data: {
          receiptNo: await takeFiscalDocumentNumber(tx, RECEIPT_SERIES.payment),
          invoiceId,
          method: 'RAZORPAY',
          status: 'CAPTURED',
          amount,
          gatewayOrderId: payment.order_id,
          gatewayPaymentId: payment.id,
        },
      });
      await recordAudit(tx, RAZORPAY_ACTOR, {
        action: 'CREATE',
        model: 'Payment',
        recordId: String(record.id),
        after: { receiptNo: record.receiptNo, gatewayPaymentId: payment.id, amount: amount.toFixed(2) },
      });
      return record;
    });
  } catch (error) {
    // Another delivery recorded it between our check and our insert: that one stands.
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002') {
      return db.payment.findUniqueOrThrow({ where: { gatewayPaymentId: payment.id } });
    }
    throw error;
  }
}

export const checkoutCallbackSchema = z.object({
  razorpay_order_id: z.string().min(1),
  razorpay_payment_id: z.string().min(1),
  razorpay_signature: z.string().min(1),
});

/** The checkout callback: verify the signature, then record what Razorpay says was captured. */
export async function confirmCheckout(db: Db, gateway: Gateway | undefined, input: unknown): Promise<Payment> {
  if (!gateway) throw new GatewayNotConfigured();
  const callback = checkoutCallbackSchema.parse(input);
  if (!signatureMatches(`${callback.razorpay_order_id}|${callback.razorpay_payment_id}`, callback.razorpay_signature, gateway.keySecret)) {
    throw new InvalidSignature();
  }
  const payment = await askGateway(() => gateway.client.payments.fetch(callback.razorpay_payment_id));
  if (payment.status !== 'captured' || payment.order_id !== callback.razorpay_order_id)
    throw new NotPayable('Razorpay has not captured this payment');
  return recordGatewayPayment(db, gateway, payment);
}
