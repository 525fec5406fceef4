/**
 * The patient's bills and payments in the patient API: list, detail, PDF, Razorpay checkout and its callback.
 */
import { z } from 'zod';
import { byId, invoiceDetail, invoiceSummary, page, paging } from '../../http/api/answers.js';
import { FileAnswer } from '../../http/api/route.js';
import { confirmCheckout } from '../payments/razorpay.js';
import * as portal from '../portal/service.js';
import type { PatientRoutes } from '../../http/api/context.js';

export function billRoutes(routes: PatientRoutes): void {
  const { api, db, deps } = routes;
  const { everything, payment, paymentCallback } = routes.limits;
  api.add({
    method: 'get',
    path: '/me/invoices',
    tag: 'Bills',
    summary: 'My invoices and credit notes',
    query: z.strictObject(paging),
    limits: [everything],
    response: page(invoiceSummary),
    handle: (ctx) => portal.myInvoices(db, ctx.patientId, ctx.query),
  });
  api.add({
    method: 'get',
    path: '/me/invoices/:id',
    tag: 'Bills',
    summary: 'One of my invoices, with its lines and payments',
    params: byId,
    limits: [everything],
    response: invoiceDetail,
    handle: (ctx) => portal.myInvoice(db, ctx.patientId, ctx.params.id),
  });
  api.add({
    method: 'get',
    path: '/me/invoices/:id/pdf',
    tag: 'Bills',
    summary: 'One of my invoices as PDF',
    params: byId,
    produces: 'application/pdf',
    limits: [everything],
    handle: async (ctx) => {
      const file = await portal.myInvoicePdf(db, deps.env, ctx.patientId, ctx.params.id);
      return new FileAnswer(file.fileName, 'application/pdf', file.pdf);
    },
  });
  api.add({
    method: 'post',
    path: '/me/invoices/:id/payments',
    tag: 'Bills',
    summary: 'Start paying what is due online: a Razorpay order and what the checkout needs',
    params: byId,
    status: 201,
    response: z.object({
      keyId: z.string(),
      orderId: z.string(),
      amount: z.number(),
      currency: z.string(),
      invoiceNumber: z.string().nullable(),
      prefill: z.object({ name: z.string(), email: z.string().nullable(), phone: z.string() }),
    }),
    limits: [everything, payment],
    handle: (ctx) => portal.startInvoicePayment(db, deps.gateway, ctx.patientId, ctx.params.id),
  });
  api.add({
    method: 'post',
    path: '/me/payments/verify',
    tag: 'Bills',
    summary: 'Confirm a checkout: the signature is verified on the server, then the payment is recorded once',
    body: z.strictObject({
      razorpay_order_id: z.string().min(1).max(100),
      razorpay_payment_id: z.string().min(1).max(100),
      razorpay_signature: z.string().min(1).max(200),
    }),
    response: z.object({ receiptNo: z.string(), amount: z.string(), invoiceId: z.number(), status: z.string() }),
    limits: [everything, payment],
    handle: (ctx) => portal.confirmMyPayment(db, deps.gateway, ctx.patientId, ctx.body),
  });

  api.add({
    method: 'post',
    path: '/payments/razorpay/verify',
    tag: 'Bills',
    summary:
      'Confirm a checkout without a session (the frontend relays Razorpay’s callback): the signature is verified, then the payment is recorded once',
    auth: false,
    status: 201,
    body: z.strictObject({
      razorpay_order_id: z.string().min(1).max(100),
      razorpay_payment_id: z.string().min(1).max(100),
      razorpay_signature: z.string().min(1).max(200),
    }),
    response: z.object({ receiptNo: z.string(), amount: z.string(), invoiceId: z.number() }),
    limits: [everything, paymentCallback],
    handle: async (ctx) => {
      const recorded = await confirmCheckout(db, deps.gateway, ctx.body);
      return { receiptNo: recorded.receiptNo, amount: recorded.amount.toFixed(2), invoiceId: recorded.invoiceId };
    },
  });
}
