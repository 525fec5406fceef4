/**
 * Today's numbers for the back-office dashboard, for the IST calendar day:
 * the same report functions as the Reports page, for one day, so the two can
 * never disagree (today's admissions: the same rule, bounded by the day), plus
 * the live bed and inpatient counts.
 */
import type { Db } from '../../config/db.js';
import { istDate, istDayBounds } from '../../time.js';
import { collectionReport } from './collections.js';
import { opdCensusReport } from './opdCensus.js';
import { runReport } from './report.js';
import type { ReportSource } from './source.js';

export interface TodaysNumbers {
  date: string;
  opdAppointments: number;
  opdCheckedIn: number;
  admissionsToday: number;
  currentInpatients: number;
  occupiedBeds: number;
  totalBeds: number;
  /** Rupees received today (payments and deposits), two decimals, as text (exact). */
  collectionToday: string;
  refundsToday: string;
}

export async function todaysNumbers(db: Db, reportSource: ReportSource, at: Date = new Date()): Promise<TodaysNumbers> {
  const date = istDate(at);
  const today = { from: date, to: date };
  const { start, end } = istDayBounds(date);
  const [collection, census, admissionsToday, currentInpatients, occupiedBeds, totalBeds] = await Promise.all([
    runReport(reportSource, collectionReport, today, 0),
    runReport(reportSource, opdCensusReport, today, 0),
    // Counted as the IPD occupancy report counts admissions, but bounded by the day: that
    // report's midnight census reads the whole stay history (issue #15).
    db.admission.count({ where: { admittedAt: { gte: start, lt: end }, status: { not: 'CANCELLED' } } }),
    db.admission.count({ where: { status: 'ADMITTED' } }),
    db.bed.count({ where: { status: 'OCCUPIED' } }),
    db.bed.count(),
  ]);
  return {
    date,
    opdAppointments: Number(census.totals.appointments),
    opdCheckedIn: Number(census.totals.attended),
    admissionsToday,
    currentInpatients,
    occupiedBeds,
    totalBeds,
    collectionToday: String(collection.totals.received),
    refundsToday: String(collection.totals.refunded),
  };
}
