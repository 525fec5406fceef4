/**
 * Daily collection: money received at the counters and online, and money
 * given back, by payment method, by cashier or by day.
 *
 * Received = captured payments + IPD deposits taken. Applying a deposit to a
 * bill books a DEPOSIT payment, which is not new money (it was counted when
 * the deposit was taken) and is left out. A deposit split on application keeps
 * its receipt time, so the deposit rows of a day still add up to what was
 * taken that day; the split-off remainder ("…-R") is not a new receipt.
 * Refunded = refunds paid out (processed), on the day they were processed.
 */
import { Prisma } from '@prisma/client';
import { z } from 'zod';
import { choice, dateRange, groupByField, instantBounds, rangeFields, type Column, type ReportDefinition } from './report.js';

const groupings = {
  method: { label: 'Payment method', key: Prisma.raw('m.method'), text: Prisma.raw('max(m.method)') },
  cashier: { label: 'Cashier', key: Prisma.raw('m.cashier_id'), text: Prisma.raw(`COALESCE(max(u.name), 'Online (Razorpay)')`) },
  day: {
    label: 'Day',
    key: Prisma.raw(`(m.at AT TIME ZONE 'Asia/Kolkata')::date`),
    text: Prisma.raw(`to_char((m.at AT TIME ZONE 'Asia/Kolkata')::date, 'YYYY-MM-DD')`),
  },
} as const;

const filters = z.intersection(dateRange, z.object({ groupBy: choice(['method', 'cashier', 'day'], 'method') }));
export type CollectionFilters = z.infer<typeof filters>;

export const collectionReport: ReportDefinition<CollectionFilters> = {
  name: 'collections',
  title: 'Daily collection',
  description: 'Receipts (payments and deposits) and refunds paid out, by method, cashier or day. Deposit adjustments are not new money.',
  roles: ['ADMIN', 'BILLING'],
  filterFields: [...rangeFields, groupByField(groupings)],
  filters,
  columns: (f): Column[] => [
    { key: 'label', label: groupings[f.groupBy].label, type: 'text' },
    { key: 'receipts', label: 'Receipts', type: 'int' },
    { key: 'received', label: 'Received (₹)', type: 'money' },
    { key: 'refunded', label: 'Refunded (₹)', type: 'money' },
    { key: 'net', label: 'Net collection (₹)', type: 'money' },
  ],
  chart: { kind: 'bar', from: 'rows', values: ['received', 'refunded'] },
  sql(f) {
    const { start, end } = instantBounds(f);
    const group = groupings[f.groupBy];
    return Prisma.sql`
      WITH m AS (
        SELECT p.method::text AS method, p."receivedById" AS cashier_id, p."receivedAt" AS at,
               1 AS receipts, p.amount AS received, 0::numeric AS refunded
        FROM "Payment" p
        WHERE p.status = 'CAPTURED' AND p.method <> 'DEPOSIT' AND p."receivedAt" >= ${start} AND p."receivedAt" < ${end}
        UNION ALL
        SELECT d.method::text, d."receivedById", d."receivedAt",
               CASE WHEN d."receiptNo" LIKE '%-R' THEN 0 ELSE 1 END, d.amount, 0
        FROM "Deposit" d
        WHERE d."receivedAt" >= ${start} AND d."receivedAt" < ${end}
        UNION ALL
        SELECT COALESCE(p.method::text, dep.method::text, 'CASH'), r."requestedById", r."processedAt", 0, 0, r.amount
        FROM "Refund" r LEFT JOIN "Payment" p ON p.id = r."paymentId" LEFT JOIN "Deposit" dep ON dep.id = r."depositId"
        WHERE r.status = 'PROCESSED' AND r."processedAt" >= ${start} AND r."processedAt" < ${end}
      )
      SELECT GROUPING(${group.key}) = 1 AS "_total", ${group.text} AS label,
             sum(m.receipts)::int AS receipts, sum(m.received) AS received, sum(m.refunded) AS refunded,
             sum(m.received) - sum(m.refunded) AS net
      FROM m ${f.groupBy === 'cashier' ? Prisma.sql`LEFT JOIN "User" u ON u.id = m.cashier_id` : Prisma.empty}
      GROUP BY GROUPING SETS ((${group.key}), ())
      ORDER BY "_total" DESC, label`;
  },
};
