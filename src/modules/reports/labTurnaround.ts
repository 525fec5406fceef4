/**
 * Laboratory: tests ordered in the range and their turnaround (order →
 * release) in hours: average, median, 90th percentile, and how many were
 * released later than the test's promised turnaround. Cancelled orders are left out.
 */
import { Prisma } from '@prisma/client';
import { dateRange, instantBounds, rangeFields, type Column, type ReportDefinition } from './report.js';

const hours = Prisma.raw(`extract(epoch FROM o."releasedAt" - o."orderedAt") / 3600`);

export const labTurnaroundReport: ReportDefinition<{ from: string; to: string }> = {
  name: 'labTurnaround',
  title: 'Laboratory turnaround',
  description: 'Tests ordered and released, and turnaround time from order to release, per test.',
  roles: ['ADMIN', 'LAB_TECH'],
  filterFields: [...rangeFields],
  filters: dateRange,
  columns: (): Column[] => [
    { key: 'test', label: 'Test', type: 'text' },
    { key: 'ordered', label: 'Ordered', type: 'int' },
    { key: 'released', label: 'Released', type: 'int' },
    { key: 'averageHours', label: 'Average (h)', type: 'decimal' },
    { key: 'medianHours', label: 'Median (h)', type: 'decimal' },
    { key: 'p90Hours', label: '90th percentile (h)', type: 'decimal' },
    { key: 'targetHours', label: 'Target (h)', type: 'int', noTotal: true },
    { key: 'late', label: 'Released late', type: 'int' },
  ],
  chart: { kind: 'bar', from: 'rows', values: ['averageHours', 'p90Hours'] },
  sql(f) {
    const { start, end } = instantBounds(f);
    return Prisma.sql`
      SELECT GROUPING(t.id) = 1 AS "_total", max(t.name) AS test,
             count(*)::int AS ordered, count(o."releasedAt")::int AS released,
             round(avg(${hours})::numeric, 1) AS "averageHours",
             round((percentile_cont(0.5) WITHIN GROUP (ORDER BY ${hours}))::numeric, 1) AS "medianHours",
             round((percentile_cont(0.9) WITHIN GROUP (ORDER BY ${hours}))::numeric, 1) AS "p90Hours",
             max(t."turnaroundHours") AS "targetHours",
             count(*) FILTER (WHERE o."releasedAt" - o."orderedAt" > make_interval(hours => t."turnaroundHours"))::int AS late
      FROM "LabOrder" o JOIN "LabTest" t ON t.id = o."labTestId"
      WHERE o.status <> 'CANCELLED' AND o."orderedAt" >= ${start} AND o."orderedAt" < ${end}
      GROUP BY GROUPING SETS ((t.id), ())
      ORDER BY "_total" DESC, ordered DESC, test`;
  },
};
