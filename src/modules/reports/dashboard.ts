/**
 * Today's numbers for the back-office dashboard, for the IST calendar day:
 * the same report functions as the Reports page, for one day, so the two can
 * never disagree, plus the live bed and inpatient counts.
 */
import type { Db } from '../../config/db.js';
import { istDate } from '../../time.js';
import { collectionReport } from './collections.js';
import { ipdOccupancyReport } from './ipdOccupancy.js';
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
  const [collection, census, ipd, currentInpatients, occupiedBeds, totalBeds] = await Promise.all([
    runReport(reportSource, collectionReport, today, 0),
    runReport(reportSource, opdCensusReport, today, 0),
    runReport(reportSource, ipdOccupancyReport, today, 0),
    db.admission.count({ where: { status: 'ADMITTED' } }),
    db.bed.count({ where: { status: 'OCCUPIED' } }),
    db.bed.count(),
  ]);
  return {
    date,
    opdAppointments: Number(census.totals.appointments),
    opdCheckedIn: Number(census.totals.attended),
    admissionsToday: Number(ipd.totals.admissions),
    currentInpatients,
    occupiedBeds,
    totalBeds,
    collectionToday: String(collection.totals.received),
    refundsToday: String(collection.totals.refunded),
  };
}
