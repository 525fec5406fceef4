/**
 * Razorpay's door into the ERP: the webhook (raw body, signature checked
 * before anything is parsed). It only parses, calls the service and shapes the
 * answer. (The checkout callback relayed by the patient frontend is a patient
 * API route, declared in src/http/api/v1.ts with its schema and rate limit.)
 */
import express, { Router } from 'express';
import type { Db } from '../../config/db.js';
import type { Logger } from '../../config/logger.js';
import type { Gateway } from './razorpay.js';
import { handleWebhook } from './webhooks.js';

export function razorpayRouter(deps: { db: Db; gateway: Gateway | undefined; logger: Logger }): Router {
  const router = Router({ caseSensitive: true, strict: true });

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

  return router;
}
