/**
 * Who is acting, for the audit rows written by HospitalResource. Set per
 * back-office request (admin/admin.ts) from the session and the client
 * address, and read wherever the request's async work goes.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import type { AuditActor } from '../src/modules/audit/service.js';

export const auditContext = new AsyncLocalStorage<AuditActor>();

export function currentActor(): AuditActor {
  return auditContext.getStore() ?? { userId: null, ip: null, userAgent: null };
}
