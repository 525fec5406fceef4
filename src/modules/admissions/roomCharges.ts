/**
 * Room rent (bed-days). Rule, as the hospital charges it: each IST calendar
 * day counts, the day of admission included and the day of discharge not;
 * an admission that ends on the day it began is one day. After a transfer,
 * the transfer day is charged at the new bed's rate. Pure: no database.
 */
import { type Prisma } from '@prisma/client';
import { istDate } from '../../time.js';

export interface StayPeriod {
  id: number;
  fromTime: Date;
  toTime: Date | null;
  dailyRate: Prisma.Decimal;
}

export interface StayCharge {
  stayId: number;
  days: number;
  dailyRate: Prisma.Decimal;
  amount: Prisma.Decimal;
}

const DAY_MS = 86_400_000;
const daysBetween = (fromDay: string, toDay: string) => Math.round((Date.parse(toDay) - Date.parse(fromDay)) / DAY_MS);

/** Bed-days per stay up to `until` (the discharge time, or now for an interim bill). */
export function bedDays(stays: StayPeriod[], until: Date): StayCharge[] {
  const ordered = [...stays].sort((a, b) => a.fromTime.getTime() - b.fromTime.getTime());
  const charges = ordered.map((stay) => {
    const days = Math.max(0, daysBetween(istDate(stay.fromTime), istDate(stay.toTime ?? until)));
    return { stayId: stay.id, days, dailyRate: stay.dailyRate, amount: stay.dailyRate.mul(days) };
  });
  const last = charges[charges.length - 1];
  // Admitted and discharged (or billed) the same day: one day, at the last bed's rate.
  if (last && charges.every((charge) => charge.days === 0)) {
    last.days = 1;
    last.amount = last.dailyRate;
  }
  return charges.filter((charge) => charge.days > 0);
}
