/**
 * Invoice register: every invoice and credit note issued in the range, one
 * row each, as the accountant's sales register (and GSTR-1's invoice-wise
 * B2CL list). Credit notes show negative amounts, so the totals are net.
 */
import { Prisma } from '@prisma/client';
import { dateRange, instantBounds, istDay, rangeFields, type Column, type ReportDefinition } from './report.js';

export const invoiceRegisterReport: ReportDefinition<{ from: string; to: string }> = {
  name: 'invoiceRegister',
  title: 'Invoice register',
  description: 'Each invoice and credit note issued in the range with its taxable value, GST, total and amount paid.',
  roles: ['ADMIN', 'BILLING'],
  filterFields: [...rangeFields],
  filters: dateRange,
  columns: (): Column[] => [
    { key: 'number', label: 'Number', type: 'text' },
    { key: 'issuedOn', label: 'Date', type: 'text' },
    { key: 'uhid', label: 'UHID', type: 'text' },
    { key: 'patient', label: 'Patient', type: 'text' },
    { key: 'placeOfSupply', label: 'Place of supply', type: 'text' },
    { key: 'status', label: 'Status', type: 'text' },
    { key: 'taxable', label: 'Taxable (₹)', type: 'money' },
    { key: 'cgst', label: 'CGST (₹)', type: 'money' },
    { key: 'sgst', label: 'SGST (₹)', type: 'money' },
    { key: 'igst', label: 'IGST (₹)', type: 'money' },
    { key: 'total', label: 'Total (₹)', type: 'money' },
    { key: 'paid', label: 'Paid (₹)', type: 'money' },
  ],
  chart: { kind: 'bar', from: 'totals', values: ['taxable', 'cgst', 'sgst', 'igst'] },
  sql(f) {
    const { start, end } = instantBounds(f);
    const sign = Prisma.raw(`CASE WHEN i.kind = 'CREDIT_NOTE' THEN -1 ELSE 1 END`);
    return Prisma.sql`
      SELECT GROUPING(i.id) = 1 AS "_total", max(i.number) AS number,
             to_char(max(${istDay(Prisma.raw('i."issuedAt"'))}), 'YYYY-MM-DD') AS "issuedOn",
             max(p.uhid) AS uhid, max(p.name) AS patient, max(i."placeOfSupply") AS "placeOfSupply", max(i.status::text) AS status,
             sum(${sign} * i."taxableTotal") AS taxable, sum(${sign} * i."cgstTotal") AS cgst, sum(${sign} * i."sgstTotal") AS sgst,
             sum(${sign} * i."igstTotal") AS igst, sum(${sign} * i.total) AS total, sum(i."amountPaid") AS paid
      FROM "Invoice" i JOIN "Patient" p ON p.id = i."patientId"
      WHERE i."issuedAt" >= ${start} AND i."issuedAt" < ${end}
      GROUP BY GROUPING SETS ((i.id), ())
      ORDER BY "_total" DESC, max(i."issuedAt"), i.id`;
  },
};
