/** Every report, and which role may run which. */
import type { Role } from '@prisma/client';
import { NotFound } from '../../errors.js';
import { collectionReport } from './collections.js';
import { duesReport } from './dues.js';
import { gstSummaryReport } from './gstSummary.js';
import { invoiceRegisterReport } from './invoiceRegister.js';
import { ipdOccupancyReport } from './ipdOccupancy.js';
import { labTurnaroundReport } from './labTurnaround.js';
import { opdCensusReport } from './opdCensus.js';
import { moversReport, nearExpiryReport, stockValuationReport } from './pharmacy.js';
import type { ReportDefinition } from './report.js';
import { revenueReport } from './revenue.js';

// Each definition is typed by its own filters; the catalogue only hands them to runReport, which parses first.
export const reports: readonly ReportDefinition<never>[] = [
  collectionReport,
  revenueReport,
  duesReport,
  opdCensusReport,
  ipdOccupancyReport,
  stockValuationReport,
  nearExpiryReport,
  moversReport,
  labTurnaroundReport,
  gstSummaryReport,
  invoiceRegisterReport,
] as unknown as ReportDefinition<never>[];

export function reportNamed(name: string): ReportDefinition<never> {
  const report = reports.find((r) => r.name === name);
  if (!report) throw new NotFound('The report');
  return report;
}

export const reportsFor = (role: Role | undefined) => reports.filter((r) => role !== undefined && r.roles.includes(role));

export const mayRunReport = (role: Role | undefined, report: ReportDefinition<never>) => role !== undefined && report.roles.includes(role);

/** Every role that can run at least one report: who sees the Reports page. */
export const REPORT_ROLES: readonly Role[] = [...new Set(reports.flatMap((r) => r.roles))];
