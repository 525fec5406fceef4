import { z } from 'zod';

/** The largest id a PostgreSQL `integer` column holds. */
export const MAX_RECORD_ID = 2_147_483_647;

/** A record id as it arrives from a form or a URL ("42" or 42). */
export const recordId = z.coerce
  .number({ error: 'expected a number' })
  .int('expected a whole number')
  .positive('expected a positive id')
  .max(MAX_RECORD_ID, 'no record has an id this large');

/** True for a string or number that can be the id of a row (1 … 2³¹−1). */
export function isRecordId(value: unknown): boolean {
  if (typeof value !== 'string' && typeof value !== 'number') return false;
  if (typeof value === 'string' && !/^\d{1,10}$/.test(value)) return false;
  const n = Number(value);
  return Number.isInteger(n) && n > 0 && n <= MAX_RECORD_ID;
}

/** The years a date in this hospital's records may fall in. */
export const EARLIEST_YEAR = 1900;
export const LATEST_YEAR = 2100;

export function isPlausibleDate(date: Date): boolean {
  const year = date.getUTCFullYear();
  return !Number.isNaN(date.getTime()) && year >= EARLIEST_YEAR && year <= LATEST_YEAR;
}
