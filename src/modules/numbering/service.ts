/**
 * Gapless counters (tokens per doctor per day, admission, lab order and
 * receipt numbers). Taking a number is one upsert that locks the counter's
 * row until the caller's transaction ends: concurrent takers queue, and a
 * rolled-back transaction gives its number back — no gaps, no duplicates.
 */
import { Prisma } from '@prisma/client';
import { fiscalYear } from '../../time.js';

/** The upsert that takes a counter's next number, answering it as "lastValue" (also inside a larger statement, as a CTE). */
export const nextNumberSql = (counter: string): Prisma.Sql => Prisma.sql`
    INSERT INTO "Sequence" ("name", "lastValue") VALUES (${counter}, 1)
    ON CONFLICT ("name") DO UPDATE SET "lastValue" = "Sequence"."lastValue" + 1
    RETURNING "lastValue"`;

export async function takeNextNumber(tx: Prisma.TransactionClient, counter: string): Promise<number> {
  const [row] = await tx.$queryRaw<[{ lastValue: number }]>(nextNumberSql(counter));
  return row.lastValue;
}

/**
 * GST documents (invoices, bills of supply, credit notes, receipts, refund and
 * advance vouchers) are numbered per series and fiscal year in at most 16
 * characters (CGST Rule 46(b)): SERIES/YYYY/NNNNNN, e.g. TI/2627/000123 for
 * the 123rd tax invoice of 2026-27 (14 characters with a two-letter series).
 */
export async function takeFiscalDocumentNumber(tx: Prisma.TransactionClient, series: string, at: Date = new Date()): Promise<string> {
  const year = fiscalYear(at);
  const value = await takeNextNumber(tx, `doc:${series}/${year}`);
  const number = `${series}/${year.slice(2, 4)}${year.slice(5, 7)}/${String(value).padStart(6, '0')}`;
  // Rule 46(b): a serial number "not exceeding sixteen characters"; a longer series code is our bug.
  if (number.length > 16) throw new Error(`document number ${number} is longer than 16 characters`);
  return number;
}

/** e.g. IP/2026-27/000042 — numbered per Indian fiscal year (internal registers, not GST documents). */
export async function takeDocumentNumber(tx: Prisma.TransactionClient, prefix: string, at: Date = new Date()): Promise<string> {
  const year = fiscalYear(at);
  const value = await takeNextNumber(tx, `${prefix}/${year}`);
  return `${prefix}/${year}/${String(value).padStart(6, '0')}`;
}
