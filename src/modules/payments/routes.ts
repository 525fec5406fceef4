/**
 * Razorpay's doors into the ERP: the webhook (raw body, signature checked
 * before anything is parsed) and the checkout callback relayed by the patient
 * frontend. Both only parse, call the service and shape the answer.
 */
import express, { Router } from 'express';
import type { Db } from '../../config/db.js';
import type { Logger } from '../../config/logger.js';
import { confirmCheckout, type Gateway } from './razorpay.js';
import { handleWebhook } from './webhooks.js';

export function razorpayRouter(deps: { db: Db; gateway: Gateway | undefined; logger: Logger }): Router {
  const router = Router();

  router.post('/api/v1/webhooks/razorpay', express.raw({ type: () => true, limit: '1mb' }), async (req, res, next) => {
    try {
      const body = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
      const outcome = await handleWebhook(deps.db, deps.gateway, body, req.get('X-Razorpay-Signature'));
      deps.logger.info('razorpay webhook', { requestId: req.id, event: outcome.event, handled: outcome.handled });
      res.json({ status: 'ok', ...outcome });
    } catch (error) {
      next(error);
    }
  });

  router.post('/api/v1/payments/razorpay/verify', express.json({ limit: '10kb' }), async (req, res, next) => {
    try {
      const payment = await confirmCheckout(deps.db, deps.gateway, req.body);
      res.status(201).json({ receiptNo: payment.receiptNo, amount: payment.amount.toFixed(2), invoiceId: payment.invoiceId });
    } catch (error) {
      next(error);
    }
  });

  return router;
}
