/**
 * GST summary for the returns (GSTR-1 / 3B): taxable value and CGST, SGST and
 * IGST of the invoices issued in the range, less the credit notes issued in
 * it (a credit note carries its original invoice's lines):
 *   B2B    taxable lines of bills to a GST-registered recipient (an insurer, a company),
 *   B2CL   inter-state invoices above ₹1,00,000 (never, today: every supply is at the hospital),
 *   B2CS   all other taxable supplies, by place of supply and rate,
 *   Nil/Exempt  lines at 0% (most healthcare services are exempt).
 * Grouped by section (tables 4, 5, 7, 8), by HSN/SAC and rate (table 12), or by rate.
 * The return itself, table by table, is gstr1.ts.
 */
import { Prisma } from '@prisma/client';
import { z } from 'zod';
import { SUPPLY_CLASS_LABEL } from '../billing/supply.js';
import { choice, dateRange, instantBounds, rangeFields, type Column, type ReportDefinition } from './report.js';

export const B2CL_THRESHOLD_RUPEES = 100000;

const text = (key: string, label: string): Column => ({ key, label, type: 'text' });
// The printed labels of the supply classes, as SQL (constants, never input).
const SUPPLY_LABELS = Prisma.raw(
  Object.entries(SUPPLY_CLASS_LABEL)
    .map(([value, label]) => `WHEN '${value}' THEN '${label.replaceAll("'", "''")}'`)
    .join(' '),
);
const rate: Column = { key: 'rate', label: 'GST rate (%)', type: 'percent', noTotal: true };

const groupings = {
  section: { key: Prisma.raw('t.section, t.place, t.rate'), labels: [text('section', 'Section'), text('place', 'Place of supply'), rate] },
  hsn: { key: Prisma.raw('t.code, t.rate'), labels: [text('code', 'HSN/SAC'), rate] },
  rate: { key: Prisma.raw('t.rate'), labels: [{ ...rate, type: 'text' } as Column] },
  // What each line was in GST law (billing/supply.ts): in-patient composite supply, OPD, room above ₹5,000 …
  supply: { key: Prisma.raw('t.supply, t.rate'), labels: [text('supply', 'Supply'), rate] },
} as const;

const filters = z.intersection(dateRange, z.object({ groupBy: choice(['section', 'hsn', 'rate', 'supply'], 'section') }));
export type GstFilters = z.infer<typeof filters>;

export const gstSummaryReport: ReportDefinition<GstFilters> = {
  name: 'gstSummary',
  title: 'GST summary',
  description: 'Taxable value and CGST/SGST/IGST by section, HSN/SAC or rate; credit notes netted.',
  roles: ['ADMIN', 'BILLING'],
  filterFields: [
    ...rangeFields,
    {
      name: 'groupBy',
      label: 'Group by',
      kind: 'select',
      options: [
        { value: 'section', label: 'B2B / B2CS / B2CL / Nil (place of supply, rate)' },
        { value: 'hsn', label: 'HSN/SAC and rate' },
        { value: 'rate', label: 'Rate' },
        { value: 'supply', label: 'Kind of supply (in-patient, OPD, room, pharmacy, not health care) and rate' },
      ],
    },
  ],
  filters,
  columns: (f): Column[] => [
    ...groupings[f.groupBy].labels,
    { key: 'invoiceTaxable', label: 'Invoices taxable (₹)', type: 'money' },
    { key: 'creditNoteTaxable', label: 'Credit notes taxable (₹)', type: 'money' },
    { key: 'taxable', label: 'Net taxable (₹)', type: 'money' },
    { key: 'cgst', label: 'CGST (₹)', type: 'money' },
    { key: 'sgst', label: 'SGST (₹)', type: 'money' },
    { key: 'igst', label: 'IGST (₹)', type: 'money' },
    { key: 'tax', label: 'Total GST (₹)', type: 'money' },
  ],
  chart: { kind: 'bar', from: 'rows', values: ['taxable', 'tax'] },
  sql(f) {
    const { start, end } = instantBounds(f);
    const group = groupings[f.groupBy];
    return Prisma.sql`
      WITH docs AS (
        SELECT i.id AS invoice_id, 1 AS sign, i."interState", i."placeOfSupply", i.total, i."recipientGstin"
        FROM "Invoice" i
        WHERE i.kind = 'INVOICE' AND i."issuedAt" >= ${start} AND i."issuedAt" < ${end}
        UNION ALL
        SELECT cn."originalInvoiceId", -1, cn."interState", cn."placeOfSupply", cn.total, cn."recipientGstin"
        FROM "Invoice" cn
        WHERE cn.kind = 'CREDIT_NOTE' AND cn."issuedAt" >= ${start} AND cn."issuedAt" < ${end}
      ),
      t AS (
        SELECT CASE WHEN l."gstRate" = 0 THEN 'Nil/Exempt'
                    WHEN docs."recipientGstin" IS NOT NULL THEN 'B2B'
                    WHEN docs."interState" AND docs.total > ${B2CL_THRESHOLD_RUPEES} THEN 'B2CL'
                    ELSE 'B2CS' END AS section,
               COALESCE(docs."placeOfSupply", '') AS place, l."gstRate" AS rate, COALESCE(l."sacCode", '') AS code,
               CASE l."supplyClass" ${SUPPLY_LABELS} ELSE 'Billed before supply classes' END AS supply,
               docs.sign, l."taxableValue", l.cgst, l.sgst, l.igst
        FROM docs JOIN "InvoiceLine" l ON l."invoiceId" = docs.invoice_id
      )
      SELECT GROUPING(${group.key}) <> 0 AS "_total",
             max(t.section) AS section, max(t.place) AS place, max(t.code) AS code, max(t.supply) AS supply, trim_scale(max(t.rate)) AS rate,
             COALESCE(sum(t."taxableValue") FILTER (WHERE t.sign = 1), 0) AS "invoiceTaxable",
             COALESCE(sum(t."taxableValue") FILTER (WHERE t.sign = -1), 0) AS "creditNoteTaxable",
             sum(t.sign * t."taxableValue") AS taxable,
             sum(t.sign * t.cgst) AS cgst, sum(t.sign * t.sgst) AS sgst, sum(t.sign * t.igst) AS igst,
             sum(t.sign * (t.cgst + t.sgst + t.igst)) AS tax
      FROM t
      GROUP BY GROUPING SETS ((${group.key}), ())
      ORDER BY "_total" DESC, ${group.key}`;
  },
};
