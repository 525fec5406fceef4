/**
 * GST rate slabs as dated data: which rates exist on which day. A bill is
 * checked against the slabs in force on its date of supply, so a document from
 * before the 2025 reform (12 % medicines) still reprints and credits exactly,
 * and nothing new is billed at a rate that no longer exists.
 *
 * The same rows are in the database table "GstSlab" (migration
 * 20261202090000_gst_law_2026), where triggers check catalogue and billable
 * rates against them; tests/integration/billing/gstLaw.test.ts keeps the two equal.
 */
import { Prisma } from '@prisma/client';
import { istDate } from '../../time.js';

export interface GstSlab {
  /** Percent, CGST + SGST (or IGST). 0 stands for nil-rated and exempt supplies. */
  rate: number;
  /** First day of supply the slab applies to (IST calendar date). */
  from: string;
  /** Last day, or null while in force. */
  to: string | null;
  source: string;
}

const BEFORE_REFORM = 'CGST rate notifications 1/2017 and 11/2017-Central Tax (Rate), 28-06-2017, in force from 01-07-2017';
const REFORM =
  '56th GST Council (03-09-2025); notifications 9/2025 (goods) and 15/2025 (services)-Central Tax (Rate), 17-09-2025, in force from 22-09-2025';

export const GST_SLABS: readonly GstSlab[] = [
  { rate: 0, from: '2017-07-01', to: null, source: 'Nil-rated and exempt supplies (notifications 2/2017 and 12/2017-Central Tax (Rate))' },
  { rate: 5, from: '2017-07-01', to: null, source: `${BEFORE_REFORM}; ${REFORM}` },
  { rate: 12, from: '2017-07-01', to: '2025-09-21', source: `${BEFORE_REFORM}; removed by ${REFORM}` },
  { rate: 18, from: '2017-07-01', to: null, source: `${BEFORE_REFORM}; ${REFORM}` },
  { rate: 28, from: '2017-07-01', to: '2025-09-21', source: `${BEFORE_REFORM}; removed by ${REFORM}` },
  { rate: 40, from: '2025-09-22', to: null, source: REFORM },
];

/** The slabs in force on a day of supply (an IST date 'yyyy-MM-dd' or an instant). */
export function slabsOn(day: string | Date): number[] {
  const date = typeof day === 'string' ? day : istDate(day);
  return GST_SLABS.filter((slab) => slab.from <= date && (slab.to === null || date <= slab.to)).map((slab) => slab.rate);
}

export function isRateInForce(rate: Prisma.Decimal.Value, day: string | Date): boolean {
  const value = new Prisma.Decimal(rate);
  return slabsOn(day).some((slab) => value.equals(slab));
}

/** "0, 5, 18 or 40" — for messages to the clerk. */
export function slabList(day: string | Date): string {
  const rates = slabsOn(day).map(String);
  return rates.length > 1 ? `${rates.slice(0, -1).join(', ')} or ${rates[rates.length - 1]}` : (rates[0] ?? '');
}
