/**
 * Outstanding dues: what patients still owe on issued invoices, per patient,
 * in ageing buckets by the invoice's IST issue day (0–30, 31–60, 61–90, 90+
 * days old on the chosen day, today by default). Cancelled invoices owe
 * nothing (their credit note settled them); paid ones neither.
 */
import { Prisma } from '@prisma/client';
import { z } from 'zod';
import { istDate, istDayBounds } from '../../time.js';
import { istDay, type Column, type ReportDefinition } from './report.js';

const filters = z.object({
  asOf: z.preprocess(
    (v) => (v === '' || v === undefined ? istDate() : v),
    z
      .string()
      .regex(/^\d{4}-\d{2}-\d{2}$/, 'Enter a date as YYYY-MM-DD')
      .refine((d) => !Number.isNaN(Date.parse(d)), 'Enter a real date'),
  ),
});
export type DuesFilters = z.infer<typeof filters>;

const bucket = (low: number, high: number | null) =>
  high === null
    ? Prisma.sql`COALESCE(sum(d.due) FILTER (WHERE d.age > ${low}), 0)`
    : Prisma.sql`COALESCE(sum(d.due) FILTER (WHERE d.age BETWEEN ${low} AND ${high}), 0)`;

export const duesReport: ReportDefinition<DuesFilters> = {
  name: 'dues',
  title: 'Outstanding dues (ageing)',
  description: 'Unpaid balances of issued invoices per patient, aged by invoice date. Largest balances first.',
  roles: ['ADMIN', 'BILLING'],
  filterFields: [{ name: 'asOf', label: 'Ages counted on', kind: 'date' }],
  filters,
  columns: (): Column[] => [
    { key: 'uhid', label: 'UHID', type: 'text' },
    { key: 'patient', label: 'Patient', type: 'text' },
    { key: 'phone', label: 'Phone', type: 'text' },
    { key: 'invoices', label: 'Invoices', type: 'int' },
    { key: 'days0to30', label: '0–30 days (₹)', type: 'money' },
    { key: 'days31to60', label: '31–60 days (₹)', type: 'money' },
    { key: 'days61to90', label: '61–90 days (₹)', type: 'money' },
    { key: 'days90plus', label: '90+ days (₹)', type: 'money' },
    { key: 'due', label: 'Total due (₹)', type: 'money' },
  ],
  chart: { kind: 'bar', from: 'totals', values: ['days0to30', 'days31to60', 'days61to90', 'days90plus'] },
  sql(f) {
    return Prisma.sql`
      WITH d AS (
        SELECT i."patientId", i.total - i."amountPaid" AS due, ${f.asOf}::date - ${istDay(Prisma.raw('i."issuedAt"'))} AS age
        FROM "Invoice" i
        WHERE i.kind = 'INVOICE' AND i.status IN ('ISSUED', 'PARTIALLY_PAID') AND i.total > i."amountPaid"
          AND i."issuedAt" < ${istDayBounds(f.asOf).end}
      )
      SELECT GROUPING(d."patientId") = 1 AS "_total", max(p.uhid) AS uhid, max(p.name) AS patient, max(p.phone) AS phone,
             count(*)::int AS invoices,
             ${bucket(0, 30)} AS "days0to30", ${bucket(31, 60)} AS "days31to60", ${bucket(61, 90)} AS "days61to90",
             ${bucket(90, null)} AS "days90plus", sum(d.due) AS due
      FROM d JOIN "Patient" p ON p.id = d."patientId"
      GROUP BY GROUPING SETS ((d."patientId"), ())
      ORDER BY "_total" DESC, due DESC, uhid`;
  },
};
