/**
 * Every report that leaves the building is in the audit trail: who exported
 * which report, with which filters, how many rows (a GSTR-1 return: which month).
 */
import type { Db } from '../../config/db.js';
import { recordAudit, type AuditActor } from '../audit/service.js';

export interface ReportExport {
  report: string;
  format: 'xlsx' | 'json';
  filters?: Record<string, unknown>;
  rows?: number;
  month?: string;
}

export async function recordReportExport(db: Db, actor: AuditActor, exported: ReportExport): Promise<void> {
  const { report, format, ...details } = exported;
  await recordAudit(db, actor, { action: 'ACTION', model: 'Report', recordId: report, after: { export: format, ...details } });
}
