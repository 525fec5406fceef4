/**
 * Rupee amounts: typed as text ("1500", "1500.50"), held as Prisma.Decimal
 * (decimal.js), stored as Decimal(12,2). Never a JavaScript float.
 */
import { Prisma } from '@prisma/client';
import { z } from 'zod';

const RUPEES = /^\d{1,10}(\.\d{1,2})?$/;

/** A positive amount in rupees with at most two decimals, e.g. "2500" or "2500.50". */
export const positiveRupees = z
  .union([z.string(), z.number()])
  .transform((value) => String(value).trim().replaceAll(',', ''))
  .refine((value) => RUPEES.test(value), { message: 'Enter an amount in rupees, e.g. 2500 or 2500.50' })
  .transform((value) => new Prisma.Decimal(value))
  .refine((value) => value.greaterThan(0), { message: 'The amount must be more than zero' });

const indianGrouping = new Intl.NumberFormat('en-IN');

/** An amount as the hospital prints it, exactly (no float on the way): "₹ 1,23,456.50", "−₹ 40.00". */
export function rupeesText(value: Prisma.Decimal.Value): string {
  const amount = new Prisma.Decimal(value);
  const [whole = '0', paise = '00'] = amount.abs().toFixed(2).split('.');
  return `${amount.isNegative() && !amount.isZero() ? '−' : ''}₹ ${indianGrouping.format(BigInt(whole))}.${paise}`;
}
