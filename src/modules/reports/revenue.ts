/**
 * Revenue billed: invoice lines of the invoices issued in the range, by
 * department, doctor, service category or month. A cancelled invoice's credit
 * note takes its lines back on the day the note was issued, so an invoice
 * issued and cancelled within the range nets to nothing.
 *
 * Gross = taxable value + discount (before GST); net = taxable value;
 * billed = net + GST. Invoice round-off (under a rupee) is not revenue and is left out.
 */
import { Prisma } from '@prisma/client';
import { z } from 'zod';
import {
  choice,
  dateRange,
  departmentField,
  doctorField,
  groupByField,
  instantBounds,
  istDay,
  optionalId,
  rangeFields,
  type Column,
  type ReportDefinition,
} from './report.js';

const groupings = {
  department: { label: 'Department', key: Prisma.raw('l."departmentId"'), text: Prisma.raw(`COALESCE(max(dep.name), 'No department')`) },
  doctor: { label: 'Doctor', key: Prisma.raw('l."doctorId"'), text: Prisma.raw(`COALESCE(max(doc.name), 'No doctor')`) },
  category: { label: 'Service category', key: Prisma.raw('l.category'), text: Prisma.raw('max(l.category::text)') },
  month: { label: 'Month', key: Prisma.raw('s.month'), text: Prisma.raw('s.month') },
} as const;

const filters = z.intersection(
  dateRange,
  z.object({
    groupBy: choice(['department', 'doctor', 'category', 'month'], 'department'),
    departmentId: optionalId,
    doctorId: optionalId,
  }),
);
export type RevenueFilters = z.infer<typeof filters>;

export const revenueReport: ReportDefinition<RevenueFilters> = {
  name: 'revenue',
  title: 'Revenue',
  description: 'Billed revenue (invoices issued less credit notes) with gross, discounts, GST and net.',
  roles: ['ADMIN'],
  filterFields: [...rangeFields, groupByField(groupings), departmentField, doctorField],
  filters,
  columns: (f): Column[] => [
    { key: 'label', label: groupings[f.groupBy].label, type: 'text' },
    { key: 'lines', label: 'Lines', type: 'int' },
    { key: 'gross', label: 'Gross (₹)', type: 'money' },
    { key: 'discount', label: 'Discounts (₹)', type: 'money' },
    { key: 'net', label: 'Net (₹)', type: 'money' },
    { key: 'tax', label: 'GST (₹)', type: 'money' },
    { key: 'billed', label: 'Billed (₹)', type: 'money' },
  ],
  chart: { kind: 'bar', from: 'rows', values: ['net'] },
  sql(f) {
    const { start, end } = instantBounds(f);
    const group = groupings[f.groupBy];
    const department = f.departmentId ? Prisma.sql`AND l."departmentId" = ${f.departmentId}` : Prisma.empty;
    const doctor = f.doctorId ? Prisma.sql`AND l."doctorId" = ${f.doctorId}` : Prisma.empty;
    return Prisma.sql`
      WITH s AS (
        SELECT i.id AS invoice_id, 1 AS sign, to_char(${istDay(Prisma.raw('i."issuedAt"'))}, 'YYYY-MM') AS month
        FROM "Invoice" i
        WHERE i.kind = 'INVOICE' AND i."issuedAt" >= ${start} AND i."issuedAt" < ${end}
        UNION ALL
        SELECT cn."originalInvoiceId", -1, to_char(${istDay(Prisma.raw('cn."issuedAt"'))}, 'YYYY-MM')
        FROM "Invoice" cn
        WHERE cn.kind = 'CREDIT_NOTE' AND cn."issuedAt" >= ${start} AND cn."issuedAt" < ${end}
      )
      SELECT GROUPING(${group.key}) = 1 AS "_total", ${group.text} AS label,
             sum(s.sign)::int AS lines,
             sum(s.sign * (l."taxableValue" + l.discount)) AS gross,
             sum(s.sign * l.discount) AS discount,
             sum(s.sign * l."taxableValue") AS net,
             sum(s.sign * (l.cgst + l.sgst + l.igst)) AS tax,
             sum(s.sign * l."lineTotal") AS billed
      FROM s
      JOIN "InvoiceLine" l ON l."invoiceId" = s.invoice_id
      LEFT JOIN "Department" dep ON dep.id = l."departmentId"
      LEFT JOIN "Doctor" doc ON doc.id = l."doctorId"
      WHERE true ${department} ${doctor}
      GROUP BY GROUPING SETS ((${group.key}), ())
      ORDER BY "_total" DESC, ${f.groupBy === 'month' ? Prisma.raw('label') : Prisma.raw('net DESC, label')}`;
  },
};
