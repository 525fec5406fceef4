/**
 * Gapless counters (tokens per doctor per day, admission, lab order and
 * receipt numbers). Taking a number is one upsert that locks the counter's
 * row until the caller's transaction ends: concurrent takers queue, and a
 * rolled-back transaction gives its number back — no gaps, no duplicates.
 */
import type { Prisma } from '@prisma/client';
import { fiscalYear } from '../../time.js';

export async function takeNextNumber(tx: Prisma.TransactionClient, counter: string): Promise<number> {
  const [row] = await tx.$queryRaw<[{ lastValue: number }]>`
    INSERT INTO "Sequence" ("name", "lastValue") VALUES (${counter}, 1)
    ON CONFLICT ("name") DO UPDATE SET "lastValue" = "Sequence"."lastValue" + 1
    RETURNING "lastValue"`;
  return row.lastValue;
}

/** e.g. IP/2026-27/000042 — numbered per Indian fiscal year. */
export async function takeDocumentNumber(tx: Prisma.TransactionClient, prefix: string, at: Date = new Date()): Promise<string> {
  const year = fiscalYear(at);
  const value = await takeNextNumber(tx, `${prefix}/${year}`);
  return `${prefix}/${year}/${String(value).padStart(6, '0')}`;
}
