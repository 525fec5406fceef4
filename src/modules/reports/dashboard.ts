/**
 * Today's numbers for the back-office dashboard, for the IST calendar day.
 * Each figure is one aggregate query in PostgreSQL.
 */
import { Prisma } from '@prisma/client';
import type { Db } from '../../config/db.js';
import { istDate, istDayBounds } from '../../time.js';

export interface TodaysNumbers {
  date: string;
  opdAppointments: number;
  opdCheckedIn: number;
  admissionsToday: number;
  currentInpatients: number;
  occupiedBeds: number;
  totalBeds: number;
  /** Rupees, two decimals, as text (exact). */
  collectionToday: string;
  refundsToday: string;
}

export async function todaysNumbers(db: Db, at: Date = new Date()): Promise<TodaysNumbers> {
  const date = istDate(at);
  const { start, end } = istDayBounds(date);
  const visitDate = new Date(`${date}T00:00:00.000Z`);

  const [opdAppointments, opdCheckedIn, admissionsToday, currentInpatients, occupiedBeds, totalBeds, collected, refunded] =
    await Promise.all([
      db.appointment.count({ where: { visitDate, status: { not: 'CANCELLED' } } }),
      db.appointment.count({ where: { visitDate, status: { in: ['CHECKED_IN', 'SEEN'] } } }),
      db.admission.count({ where: { admittedAt: { gte: start, lt: end }, status: { not: 'CANCELLED' } } }),
      db.admission.count({ where: { status: 'ADMITTED' } }),
      db.bed.count({ where: { status: 'OCCUPIED' } }),
      db.bed.count(),
      db.payment.aggregate({ _sum: { amount: true }, where: { status: 'CAPTURED', receivedAt: { gte: start, lt: end } } }),
      db.refund.aggregate({ _sum: { amount: true }, where: { status: 'PROCESSED', createdAt: { gte: start, lt: end } } }),
    ]);

  const rupees = (value: Prisma.Decimal | null) => (value ?? new Prisma.Decimal(0)).toFixed(2);
  return {
    date,
    opdAppointments,
    opdCheckedIn,
    admissionsToday,
    currentInpatients,
    occupiedBeds,
    totalBeds,
    collectionToday: rupees(collected._sum.amount),
    refundsToday: rupees(refunded._sum.amount),
  };
}
