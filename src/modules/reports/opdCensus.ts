/**
 * OPD census: appointments by day, doctor or department, new and follow-up
 * visits (as the front desk booked them, which also set the fee), and the
 * no-show rate = no-shows ÷ appointments whose outcome is known (attended or
 * no-show; cancelled and still-booked ones are left out).
 */
import { Prisma } from '@prisma/client';
import { z } from 'zod';
import {
  choice,
  dateRange,
  departmentField,
  doctorField,
  groupByField,
  optionalId,
  rangeFields,
  type Column,
  type ReportDefinition,
} from './report.js';

const groupings = {
  day: { label: 'Day', key: Prisma.raw('a."visitDate"'), text: Prisma.raw(`to_char(a."visitDate", 'YYYY-MM-DD')`) },
  doctor: { label: 'Doctor', key: Prisma.raw('a."doctorId"'), text: Prisma.raw('max(doc.name)') },
  department: { label: 'Department', key: Prisma.raw('doc."departmentId"'), text: Prisma.raw('max(dep.name)') },
} as const;

const filters = z.intersection(
  dateRange,
  z.object({ groupBy: choice(['day', 'doctor', 'department'], 'day'), departmentId: optionalId, doctorId: optionalId }),
);
export type OpdCensusFilters = z.infer<typeof filters>;

export const opdCensusReport: ReportDefinition<OpdCensusFilters> = {
  name: 'opdCensus',
  title: 'OPD census',
  description: 'Appointments, attendance, new and follow-up visits and no-show rate.',
  roles: ['ADMIN', 'RECEPTIONIST'],
  filterFields: [...rangeFields, groupByField(groupings), departmentField, doctorField],
  filters,
  columns: (f): Column[] => [
    { key: 'label', label: groupings[f.groupBy].label, type: 'text' },
    { key: 'appointments', label: 'Appointments', type: 'int' },
    { key: 'attended', label: 'Attended', type: 'int' },
    { key: 'noShows', label: 'No-shows', type: 'int' },
    { key: 'newVisits', label: 'New', type: 'int' },
    { key: 'followUps', label: 'Follow-up', type: 'int' },
    { key: 'cancelled', label: 'Cancelled', type: 'int' },
    { key: 'noShowRate', label: 'No-show rate (%)', type: 'percent' },
  ],
  chart: { kind: 'bar', from: 'rows', values: ['attended', 'noShows'] },
  sql(f) {
    const group = groupings[f.groupBy];
    const department = f.departmentId ? Prisma.sql`AND doc."departmentId" = ${f.departmentId}` : Prisma.empty;
    const doctor = f.doctorId ? Prisma.sql`AND a."doctorId" = ${f.doctorId}` : Prisma.empty;
    return Prisma.sql`
      SELECT GROUPING(${group.key}) = 1 AS "_total", ${group.text} AS label,
             count(*) FILTER (WHERE a.status <> 'CANCELLED')::int AS appointments,
             count(*) FILTER (WHERE a.status IN ('CHECKED_IN', 'SEEN'))::int AS attended,
             count(*) FILTER (WHERE a.status = 'NO_SHOW')::int AS "noShows",
             count(*) FILTER (WHERE a.status <> 'CANCELLED' AND NOT a."isFollowUp")::int AS "newVisits",
             count(*) FILTER (WHERE a.status <> 'CANCELLED' AND a."isFollowUp")::int AS "followUps",
             count(*) FILTER (WHERE a.status = 'CANCELLED')::int AS cancelled,
             round(100.0 * count(*) FILTER (WHERE a.status = 'NO_SHOW')
                   / NULLIF(count(*) FILTER (WHERE a.status IN ('CHECKED_IN', 'SEEN', 'NO_SHOW')), 0), 1) AS "noShowRate"
      FROM "Appointment" a
      JOIN "Doctor" doc ON doc.id = a."doctorId"
      JOIN "Department" dep ON dep.id = doc."departmentId"
      WHERE a."visitDate" BETWEEN ${f.from}::date AND ${f.to}::date ${department} ${doctor}
      GROUP BY GROUPING SETS ((${group.key}), ())
      ORDER BY "_total" DESC, ${f.groupBy === 'day' ? Prisma.raw('label') : Prisma.raw('appointments DESC, label')}`;
  },
};
