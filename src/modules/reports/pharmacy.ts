/**
 * Pharmacy: stock on hand valued at cost and at MRP, batches near expiry,
 * and fast and slow movers over a date range.
 */
import { Prisma } from '@prisma/client';
import { z } from 'zod';
import { istDate } from '../../time.js';
import { dateRange, instantBounds, rangeFields, type Column, type ReportDefinition } from './report.js';

const PHARMACY_ROLES = ['ADMIN', 'PHARMACIST'] as const;

export const stockValuationReport: ReportDefinition<Record<string, never>> = {
  name: 'pharmacyStock',
  title: 'Pharmacy stock valuation',
  description: 'Units on hand per drug (all batches, expired ones too until written off), valued at cost and at MRP.',
  roles: PHARMACY_ROLES,
  filterFields: [],
  filters: z.object({}).transform(() => ({}) as Record<string, never>),
  columns: (): Column[] => [
    { key: 'code', label: 'Code', type: 'text' },
    { key: 'drug', label: 'Drug', type: 'text' },
    { key: 'batches', label: 'Batches', type: 'int' },
    { key: 'quantity', label: 'Units on hand', type: 'int' },
    { key: 'costValue', label: 'Value at cost (₹)', type: 'money' },
    { key: 'mrpValue', label: 'Value at MRP (₹)', type: 'money' },
  ],
  chart: { kind: 'bar', from: 'rows', values: ['costValue', 'mrpValue'] },
  sql: () => Prisma.sql`
    SELECT GROUPING(b."drugId") = 1 AS "_total", max(d.code) AS code, max(d.name) AS drug,
           count(*)::int AS batches, sum(b.quantity)::int AS quantity,
           sum(b.quantity * b."costPrice") AS "costValue", sum(b.quantity * b.mrp) AS "mrpValue"
    FROM "DrugBatch" b JOIN "Drug" d ON d.id = b."drugId"
    WHERE b.quantity > 0
    GROUP BY GROUPING SETS ((b."drugId"), ())
    ORDER BY "_total" DESC, "mrpValue" DESC, drug`,
};

const expiryFilters = z.object({
  days: z.preprocess((v) => (v === '' || v === undefined ? 90 : v), z.coerce.number().int().min(0).max(730, 'At most 730 days')),
  today: z.preprocess((v) => (v === '' || v === undefined ? istDate() : v), z.string().regex(/^\d{4}-\d{2}-\d{2}$/)),
});

export const nearExpiryReport: ReportDefinition<z.infer<typeof expiryFilters>> = {
  name: 'pharmacyExpiry',
  title: 'Pharmacy near expiry',
  description: 'Batches with stock that expire within the chosen number of days (expired ones first).',
  roles: PHARMACY_ROLES,
  filterFields: [{ name: 'days', label: 'Expiring within (days)', kind: 'number' }],
  filters: expiryFilters,
  columns: (): Column[] => [
    { key: 'drug', label: 'Drug', type: 'text' },
    { key: 'batchNo', label: 'Batch', type: 'text' },
    { key: 'expiryDate', label: 'Expiry', type: 'text' },
    { key: 'daysLeft', label: 'Days left', type: 'int', noTotal: true },
    { key: 'quantity', label: 'Units', type: 'int' },
    { key: 'costValue', label: 'Value at cost (₹)', type: 'money' },
    { key: 'mrpValue', label: 'Value at MRP (₹)', type: 'money' },
  ],
  chart: { kind: 'bar', from: 'rows', values: ['costValue'] },
  sql: (f) => Prisma.sql`
    SELECT GROUPING(b.id) = 1 AS "_total", max(d.name) AS drug, max(b."batchNo") AS "batchNo",
           to_char(max(b."expiryDate"), 'YYYY-MM-DD') AS "expiryDate", (max(b."expiryDate") - ${f.today}::date) AS "daysLeft",
           sum(b.quantity)::int AS quantity, sum(b.quantity * b."costPrice") AS "costValue", sum(b.quantity * b.mrp) AS "mrpValue"
    FROM "DrugBatch" b JOIN "Drug" d ON d.id = b."drugId"
    WHERE b.quantity > 0 AND b."expiryDate" <= ${f.today}::date + ${f.days}::int
    GROUP BY GROUPING SETS ((b.id), ())
    ORDER BY "_total" DESC, "expiryDate", drug`,
};

const moverFilters = dateRange;

/**
 * Units dispensed (less returns) per drug in the range. Fast = the top fifth
 * of drugs by units, slow = the bottom fifth, not moving = none dispensed.
 */
export const moversReport: ReportDefinition<z.infer<typeof moverFilters>> = {
  name: 'pharmacyMovers',
  title: 'Pharmacy fast and slow movers',
  description: 'Units dispensed less returns per drug in the range, with stock on hand.',
  roles: PHARMACY_ROLES,
  filterFields: [...rangeFields],
  filters: moverFilters,
  columns: (): Column[] => [
    { key: 'code', label: 'Code', type: 'text' },
    { key: 'drug', label: 'Drug', type: 'text' },
    { key: 'dispensed', label: 'Units dispensed', type: 'int' },
    { key: 'dispensations', label: 'Dispensations', type: 'int' },
    { key: 'onHand', label: 'Units on hand', type: 'int' },
    { key: 'movement', label: 'Movement', type: 'text' },
  ],
  chart: { kind: 'bar', from: 'rows', values: ['dispensed'] },
  sql(f) {
    const { start, end } = instantBounds(f);
    return Prisma.sql`
      WITH moved AS (
        SELECT b."drugId", -sum(m.quantity) AS dispensed, count(DISTINCT m."dispensationId") FILTER (WHERE m.type = 'DISPENSE') AS dispensations
        FROM "StockMovement" m JOIN "DrugBatch" b ON b.id = m."batchId"
        WHERE m.type IN ('DISPENSE', 'RETURN') AND m."createdAt" >= ${start} AND m."createdAt" < ${end}
        GROUP BY b."drugId"
      ),
      stock AS (SELECT "drugId", sum(quantity) AS on_hand FROM "DrugBatch" GROUP BY "drugId"),
      ranked AS (
        SELECT d.id, d.code, d.name, COALESCE(mv.dispensed, 0) AS dispensed, COALESCE(mv.dispensations, 0) AS dispensations,
               COALESCE(st.on_hand, 0) AS on_hand,
               cume_dist() OVER (ORDER BY COALESCE(mv.dispensed, 0) DESC) AS share_above
        FROM "Drug" d LEFT JOIN moved mv ON mv."drugId" = d.id LEFT JOIN stock st ON st."drugId" = d.id
        WHERE d."isActive" OR mv.dispensed IS NOT NULL
      )
      SELECT GROUPING(r.id) = 1 AS "_total", max(r.code) AS code, max(r.name) AS drug,
             sum(r.dispensed)::int AS dispensed, sum(r.dispensations)::int AS dispensations, sum(r.on_hand)::int AS "onHand",
             CASE WHEN max(r.dispensed) <= 0 THEN 'Not moving' WHEN max(r.share_above) <= 0.2 THEN 'Fast'
                  WHEN max(r.share_above) > 0.8 THEN 'Slow' ELSE 'Normal' END AS movement
      FROM ranked r
      GROUP BY GROUPING SETS ((r.id), ())
      ORDER BY "_total" DESC, dispensed DESC, drug`;
  },
};
