/**
 * IPD: admissions, discharges, average length of stay and bed occupancy per
 * ward per day. Occupancy is the midnight census: a bed counts as occupied on
 * a day when a patient is in it at the midnight that ends the day. Summed over
 * days and wards this gives bed-days, so the totals row's occupancy is
 * occupied bed-days ÷ available bed-days. An admission counts for the ward it
 * was admitted to; a discharge for the ward the patient left from. Length of
 * stay is in days (to the hour) for the patients discharged.
 */
import { Prisma } from '@prisma/client';
import { z } from 'zod';
import {
  choice,
  dateRange,
  groupByField,
  instantBounds,
  istDay,
  optionalId,
  rangeFields,
  type Column,
  type ReportDefinition,
} from './report.js';

const groupings = {
  day: { label: 'Day', key: Prisma.raw('g.day'), text: Prisma.raw(`to_char(g.day, 'YYYY-MM-DD')`) },
  ward: { label: 'Ward', key: Prisma.raw('g.ward_id'), text: Prisma.raw('max(g.ward)') },
  dayWard: {
    label: 'Day · ward',
    key: Prisma.raw('g.day, g.ward_id'),
    text: Prisma.raw(`to_char(g.day, 'YYYY-MM-DD') || ' · ' || max(g.ward)`),
  },
} as const;

const filters = z.intersection(dateRange, z.object({ groupBy: choice(['day', 'ward', 'dayWard'], 'day'), wardId: optionalId }));
export type IpdFilters = z.infer<typeof filters>;

export const ipdOccupancyReport: ReportDefinition<IpdFilters> = {
  name: 'ipdOccupancy',
  title: 'IPD occupancy',
  description: 'Admissions, discharges, average length of stay and bed occupancy (midnight census).',
  roles: ['ADMIN', 'NURSE'],
  filterFields: [...rangeFields, groupByField(groupings), { name: 'wardId', label: 'Ward', kind: 'select', options: 'wards' }],
  filters,
  columns: (f): Column[] => [
    { key: 'label', label: groupings[f.groupBy].label, type: 'text' },
    { key: 'bedDays', label: 'Bed-days available', type: 'int' },
    { key: 'occupiedBedDays', label: 'Occupied bed-days', type: 'int' },
    { key: 'occupancy', label: 'Occupancy (%)', type: 'percent' },
    { key: 'admissions', label: 'Admissions', type: 'int' },
    { key: 'discharges', label: 'Discharges', type: 'int' },
    { key: 'averageStayDays', label: 'Average stay (days)', type: 'decimal' },
  ],
  chart: { kind: 'line', from: 'rows', values: ['occupancy'] },
  sql(f) {
    const { start, end } = instantBounds(f);
    const group = groupings[f.groupBy];
    const ward = f.wardId ? Prisma.sql`AND w.id = ${f.wardId}` : Prisma.empty;
    return Prisma.sql`
      WITH wards AS (
        SELECT w.id, w.name, count(b.id)::int AS beds
        FROM "Ward" w LEFT JOIN "Bed" b ON b."wardId" = w.id
        WHERE true ${ward}
        GROUP BY w.id
      ),
      grid AS (
        SELECT d::date AS day, wards.id AS ward_id, wards.name AS ward, wards.beds,
               ((d::date + 1)::timestamp AT TIME ZONE 'Asia/Kolkata') AS midnight
        FROM generate_series(${f.from}::date, ${f.to}::date, interval '1 day') d CROSS JOIN wards
      ),
      occupied AS (
        SELECT g.day, g.ward_id, count(*)::int AS n
        FROM grid g
        JOIN "Bed" b ON b."wardId" = g.ward_id
        JOIN "AdmissionBedStay" s ON s."bedId" = b.id AND s."fromTime" < g.midnight AND (s."toTime" IS NULL OR s."toTime" > g.midnight)
        JOIN "Admission" a ON a.id = s."admissionId" AND a.status <> 'CANCELLED'
        GROUP BY g.day, g.ward_id
      ),
      admitted AS (
        SELECT ${istDay(Prisma.raw('a."admittedAt"'))} AS day, first_bed."wardId" AS ward_id, count(*)::int AS n
        FROM "Admission" a
        CROSS JOIN LATERAL (
          SELECT b."wardId" FROM "AdmissionBedStay" s JOIN "Bed" b ON b.id = s."bedId"
          WHERE s."admissionId" = a.id ORDER BY s."fromTime", s.id LIMIT 1
        ) first_bed
        WHERE a.status <> 'CANCELLED' AND a."admittedAt" >= ${start} AND a."admittedAt" < ${end}
        GROUP BY 1, 2
      ),
      discharged AS (
        SELECT ${istDay(Prisma.raw('a."dischargedAt"'))} AS day, b."wardId" AS ward_id, count(*)::int AS n,
               sum(round(extract(epoch FROM a."dischargedAt" - a."admittedAt") / 3600) / 24) AS stay_days
        FROM "Admission" a JOIN "Bed" b ON b.id = a."bedId"
        WHERE a.status = 'DISCHARGED' AND a."dischargedAt" >= ${start} AND a."dischargedAt" < ${end}
        GROUP BY 1, 2
      )
      SELECT GROUPING(${group.key}) <> 0 AS "_total", ${group.text} AS label,
             sum(g.beds)::int AS "bedDays",
             COALESCE(sum(o.n), 0)::int AS "occupiedBedDays",
             round(100.0 * COALESCE(sum(o.n), 0) / NULLIF(sum(g.beds), 0), 1) AS occupancy,
             COALESCE(sum(ad.n), 0)::int AS admissions,
             COALESCE(sum(di.n), 0)::int AS discharges,
             round(sum(di.stay_days) / NULLIF(sum(di.n), 0), 1) AS "averageStayDays"
      FROM grid g
      LEFT JOIN occupied o ON o.day = g.day AND o.ward_id = g.ward_id
      LEFT JOIN admitted ad ON ad.day = g.day AND ad.ward_id = g.ward_id
      LEFT JOIN discharged di ON di.day = g.day AND di.ward_id = g.ward_id
      GROUP BY GROUPING SETS ((${group.key}), ())
      ORDER BY "_total" DESC, label`;
  },
};
