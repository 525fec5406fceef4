/**
 * `npm run bench:reports` — every report over a year of a busy hospital
 * (bench/reportsSeed.ts: 1,000,000 invoice lines, 200,000 invoices, 100,000
 * patients) for one month, against SQL written by hand for the same answer
 * and run straight through `pg`, in this process, alternating, median of
 * five after a warm-up. The report side is the real thing: zod filters, the
 * report's SQL through Prisma, the rows shaped for the page (first 500 rows
 * and the totals; the hand SQL returns the same rows). Then the invoice
 * register of the first half-year (100,000+ rows) is exported to .xlsx in a
 * child process whose peak RSS is reported.
 * The last line is one JSON object:
 *   { "reports": [{ "name", "ms", "sqlMs", "ratio" }], "exportRows", "exportPeakRssMb" }
 *
 * Uses DATABASE_URL's server (a scratch database is created and dropped).
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { reportNamed } from '../src/modules/reports/catalogue.js';
import { PAGE_ROW_LIMIT, runReport } from '../src/modules/reports/report.js';
import { createReportSource } from '../src/modules/reports/source.js';
import { istDayBounds } from '../src/time.js';
import { seedHospitalYear } from './reportsSeed.js';
import { withScratchDatabase } from './scratchDatabase.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const MONTH = { from: '2026-06-01', to: '2026-06-30' };
const START = istDayBounds(MONTH.from).start;
const END = istDayBounds(MONTH.to).end;
const RUNS = 5;
const LIMIT = PAGE_ROW_LIMIT + 2;

interface Case {
  name: string;
  filters: Record<string, string>;
  sql: string;
  params: unknown[];
}

const IST = `AT TIME ZONE 'Asia/Kolkata'`;

// The same answers, written directly: ROLLUP for the totals, plain joins, no framework.
const cases: Case[] = [
  {
    name: 'collections',
    filters: { ...MONTH, groupBy: 'method' },
    params: [START, END],
    sql: `SELECT method, sum(receipts)::int, sum(received), sum(refunded), sum(received) - sum(refunded)
          FROM (SELECT method::text AS method, 1 AS receipts, amount AS received, 0::numeric AS refunded FROM "Payment"
                WHERE status = 'CAPTURED' AND method <> 'DEPOSIT' AND "receivedAt" >= $1 AND "receivedAt" < $2
                UNION ALL SELECT method::text, CASE WHEN "receiptNo" LIKE '%-R' THEN 0 ELSE 1 END, amount, 0 FROM "Deposit"
                WHERE "receivedAt" >= $1 AND "receivedAt" < $2
                UNION ALL SELECT COALESCE(p.method::text, 'CASH'), 0, 0, r.amount FROM "Refund" r LEFT JOIN "Payment" p ON p.id = r."paymentId"
                WHERE r.status = 'PROCESSED' AND r."processedAt" >= $1 AND r."processedAt" < $2) m
          GROUP BY ROLLUP (method) ORDER BY method NULLS FIRST`,
  },
  {
    name: 'revenue',
    filters: { ...MONTH, groupBy: 'department' },
    params: [START, END],
    sql: `SELECT l."departmentId", max(dep.name), sum(s.sign)::int, sum(s.sign * (l."taxableValue" + l.discount)), sum(s.sign * l.discount),
                 sum(s.sign * l."taxableValue") AS net, sum(s.sign * (l.cgst + l.sgst + l.igst)), sum(s.sign * l."lineTotal")
          FROM (SELECT id AS invoice_id, 1 AS sign FROM "Invoice" WHERE kind = 'INVOICE' AND "issuedAt" >= $1 AND "issuedAt" < $2
                UNION ALL SELECT "originalInvoiceId", -1 FROM "Invoice" WHERE kind = 'CREDIT_NOTE' AND "issuedAt" >= $1 AND "issuedAt" < $2) s
          JOIN "InvoiceLine" l ON l."invoiceId" = s.invoice_id LEFT JOIN "Department" dep ON dep.id = l."departmentId"
          GROUP BY ROLLUP (l."departmentId") ORDER BY GROUPING(l."departmentId") DESC, net DESC`,
  },
  {
    name: 'dues',
    filters: { asOf: '2026-11-30' },
    params: [istDayBounds('2026-11-30').end],
    sql: `SELECT i."patientId", max(p.uhid) AS uhid, max(p.name), max(p.phone), count(*)::int,
                 COALESCE(sum(i.total - i."amountPaid") FILTER (WHERE date '2026-11-30' - (i."issuedAt" ${IST})::date <= 30), 0),
                 COALESCE(sum(i.total - i."amountPaid") FILTER (WHERE date '2026-11-30' - (i."issuedAt" ${IST})::date BETWEEN 31 AND 60), 0),
                 COALESCE(sum(i.total - i."amountPaid") FILTER (WHERE date '2026-11-30' - (i."issuedAt" ${IST})::date BETWEEN 61 AND 90), 0),
                 COALESCE(sum(i.total - i."amountPaid") FILTER (WHERE date '2026-11-30' - (i."issuedAt" ${IST})::date > 90), 0),
                 sum(i.total - i."amountPaid") AS due
          FROM "Invoice" i JOIN "Patient" p ON p.id = i."patientId"
          WHERE i.kind = 'INVOICE' AND i.status IN ('ISSUED', 'PARTIALLY_PAID') AND i.total > i."amountPaid" AND i."issuedAt" < $1
          GROUP BY ROLLUP (i."patientId") ORDER BY GROUPING(i."patientId") DESC, due DESC, uhid LIMIT ${LIMIT}`,
  },
  {
    name: 'opdCensus',
    filters: { ...MONTH, groupBy: 'doctor' },
    params: [MONTH.from, MONTH.to],
    sql: `SELECT a."doctorId", max(d.name) AS name, count(*) FILTER (WHERE a.status <> 'CANCELLED')::int AS appointments,
                 count(*) FILTER (WHERE a.status IN ('CHECKED_IN', 'SEEN'))::int, count(*) FILTER (WHERE a.status = 'NO_SHOW')::int,
                 count(*) FILTER (WHERE a.status <> 'CANCELLED' AND NOT a."isFollowUp")::int,
                 count(*) FILTER (WHERE a.status <> 'CANCELLED' AND a."isFollowUp")::int, count(*) FILTER (WHERE a.status = 'CANCELLED')::int,
                 round(100.0 * count(*) FILTER (WHERE a.status = 'NO_SHOW') / NULLIF(count(*) FILTER (WHERE a.status IN ('CHECKED_IN', 'SEEN', 'NO_SHOW')), 0), 1)
          FROM "Appointment" a JOIN "Doctor" d ON d.id = a."doctorId"
          WHERE a."visitDate" BETWEEN $1::date AND $2::date
          GROUP BY ROLLUP (a."doctorId") ORDER BY GROUPING(a."doctorId") DESC, appointments DESC, name`,
  },
  {
    name: 'ipdOccupancy',
    filters: { ...MONTH, groupBy: 'day' },
    params: [MONTH.from, MONTH.to, START, END],
    sql: `WITH days AS (SELECT d::date AS day, ((d::date + 1)::timestamp ${IST}) AS midnight FROM generate_series($1::date, $2::date, interval '1 day') d),
               beds AS (SELECT count(*)::int AS n FROM "Bed"),
               occ AS (SELECT days.day, count(s.id)::int AS n FROM days
                       LEFT JOIN "AdmissionBedStay" s ON s."fromTime" < days.midnight AND (s."toTime" IS NULL OR s."toTime" > days.midnight)
                            AND EXISTS (SELECT 1 FROM "Admission" a WHERE a.id = s."admissionId" AND a.status <> 'CANCELLED')
                       GROUP BY days.day),
               adm AS (SELECT (a."admittedAt" ${IST})::date AS day, count(*)::int AS n FROM "Admission" a
                       WHERE a.status <> 'CANCELLED' AND a."admittedAt" >= $3 AND a."admittedAt" < $4
                         AND EXISTS (SELECT 1 FROM "AdmissionBedStay" s WHERE s."admissionId" = a.id) GROUP BY 1),
               dis AS (SELECT (a."dischargedAt" ${IST})::date AS day, count(*)::int AS n,
                              sum(round(extract(epoch FROM a."dischargedAt" - a."admittedAt") / 3600) / 24) AS stay FROM "Admission" a
                       WHERE a.status = 'DISCHARGED' AND a."dischargedAt" >= $3 AND a."dischargedAt" < $4 GROUP BY 1)
          SELECT days.day, sum(beds.n)::int, sum(occ.n)::int, round(100.0 * sum(occ.n) / NULLIF(sum(beds.n), 0), 1),
                 COALESCE(sum(adm.n), 0)::int, COALESCE(sum(dis.n), 0)::int, round(sum(dis.stay) / NULLIF(sum(dis.n), 0), 1)
          FROM days CROSS JOIN beds JOIN occ ON occ.day = days.day LEFT JOIN adm ON adm.day = days.day LEFT JOIN dis ON dis.day = days.day
          GROUP BY ROLLUP (days.day) ORDER BY days.day NULLS FIRST`,
  },
  {
    name: 'pharmacyStock',
    filters: {},
    params: [],
    sql: `SELECT b."drugId", max(d.code), max(d.name) AS drug, count(*)::int, sum(b.quantity)::int, sum(b.quantity * b."costPrice"),
                 sum(b.quantity * b.mrp) AS mrp
          FROM "DrugBatch" b JOIN "Drug" d ON d.id = b."drugId" WHERE b.quantity > 0
          GROUP BY ROLLUP (b."drugId") ORDER BY GROUPING(b."drugId") DESC, mrp DESC, drug LIMIT ${LIMIT}`,
  },
  {
    name: 'pharmacyExpiry',
    filters: { days: '90', today: '2026-11-30' },
    params: [],
    sql: `SELECT b.id, max(d.name) AS drug, max(b."batchNo"), max(b."expiryDate") AS expiry, max(b."expiryDate") - date '2026-11-30',
                 sum(b.quantity)::int, sum(b.quantity * b."costPrice"), sum(b.quantity * b.mrp)
          FROM "DrugBatch" b JOIN "Drug" d ON d.id = b."drugId" WHERE b.quantity > 0 AND b."expiryDate" <= date '2026-11-30' + 90
          GROUP BY ROLLUP (b.id) ORDER BY GROUPING(b.id) DESC, expiry, drug LIMIT ${LIMIT}`,
  },
  {
    name: 'pharmacyMovers',
    filters: MONTH,
    params: [START, END],
    sql: `WITH moved AS (SELECT b."drugId", -sum(m.quantity) AS units, count(DISTINCT m."dispensationId") FILTER (WHERE m.type = 'DISPENSE') AS n
                         FROM "StockMovement" m JOIN "DrugBatch" b ON b.id = m."batchId"
                         WHERE m.type IN ('DISPENSE', 'RETURN') AND m."createdAt" >= $1 AND m."createdAt" < $2 GROUP BY b."drugId"),
               ranked AS (SELECT d.id, d.code, d.name, COALESCE(mv.units, 0) AS units, COALESCE(mv.n, 0) AS n,
                                 (SELECT COALESCE(sum(quantity), 0) FROM "DrugBatch" WHERE "drugId" = d.id) AS on_hand,
                                 cume_dist() OVER (ORDER BY COALESCE(mv.units, 0) DESC) AS share
                          FROM "Drug" d LEFT JOIN moved mv ON mv."drugId" = d.id WHERE d."isActive" OR mv.units IS NOT NULL)
          SELECT id, max(code), max(name) AS name, sum(units)::int AS units, sum(n)::int, sum(on_hand)::int,
                 CASE WHEN max(units) <= 0 THEN 'Not moving' WHEN max(share) <= 0.2 THEN 'Fast' WHEN max(share) > 0.8 THEN 'Slow' ELSE 'Normal' END
          FROM ranked GROUP BY ROLLUP (id) ORDER BY GROUPING(id) DESC, units DESC, name LIMIT ${LIMIT}`,
  },
  {
    name: 'labTurnaround',
    filters: MONTH,
    params: [START, END],
    sql: `SELECT t.id, max(t.name) AS test, count(*)::int AS ordered, count(o."releasedAt")::int,
                 round(avg(extract(epoch FROM o."releasedAt" - o."orderedAt") / 3600)::numeric, 1),
                 round((percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM o."releasedAt" - o."orderedAt") / 3600))::numeric, 1),
                 round((percentile_cont(0.9) WITHIN GROUP (ORDER BY extract(epoch FROM o."releasedAt" - o."orderedAt") / 3600))::numeric, 1),
                 max(t."turnaroundHours"),
                 count(*) FILTER (WHERE o."releasedAt" - o."orderedAt" > make_interval(hours => t."turnaroundHours"))::int
          FROM "LabOrder" o JOIN "LabTest" t ON t.id = o."labTestId"
          WHERE o.status <> 'CANCELLED' AND o."orderedAt" >= $1 AND o."orderedAt" < $2
          GROUP BY ROLLUP (t.id) ORDER BY GROUPING(t.id) DESC, ordered DESC, test`,
  },
  {
    name: 'gstSummary',
    filters: { ...MONTH, groupBy: 'section' },
    params: [START, END],
    sql: `SELECT section, place, rate, COALESCE(sum(taxable) FILTER (WHERE sign = 1), 0), COALESCE(sum(taxable) FILTER (WHERE sign = -1), 0),
                 sum(sign * taxable), sum(sign * cgst), sum(sign * sgst), sum(sign * igst), sum(sign * (cgst + sgst + igst))
          FROM (SELECT CASE WHEN l."gstRate" = 0 THEN 'Nil/Exempt' WHEN i."interState" AND i.total > 100000 THEN 'B2CL' ELSE 'B2CS' END AS section,
                       COALESCE(i."placeOfSupply", '') AS place, l."gstRate" AS rate, CASE WHEN i.kind = 'CREDIT_NOTE' THEN -1 ELSE 1 END AS sign,
                       l."taxableValue" AS taxable, l.cgst, l.sgst, l.igst
                FROM "Invoice" i JOIN "InvoiceLine" l ON l."invoiceId" = CASE WHEN i.kind = 'CREDIT_NOTE' THEN i."originalInvoiceId" ELSE i.id END
                WHERE i."issuedAt" >= $1 AND i."issuedAt" < $2 AND i.kind IN ('INVOICE', 'CREDIT_NOTE')) t
          GROUP BY ROLLUP ((section, place, rate)) ORDER BY GROUPING(section, place, rate) DESC, section, place, rate`,
  },
  {
    name: 'invoiceRegister',
    filters: MONTH,
    params: [START, END],
    sql: `SELECT i.id, max(i.number), max((i."issuedAt" ${IST})::date), max(p.uhid), max(p.name), max(i."placeOfSupply"), max(i.status::text),
                 sum(CASE WHEN i.kind = 'CREDIT_NOTE' THEN -1 ELSE 1 END * i."taxableTotal"),
                 sum(CASE WHEN i.kind = 'CREDIT_NOTE' THEN -1 ELSE 1 END * i."cgstTotal"),
                 sum(CASE WHEN i.kind = 'CREDIT_NOTE' THEN -1 ELSE 1 END * i."sgstTotal"),
                 sum(CASE WHEN i.kind = 'CREDIT_NOTE' THEN -1 ELSE 1 END * i."igstTotal"),
                 sum(CASE WHEN i.kind = 'CREDIT_NOTE' THEN -1 ELSE 1 END * i.total), sum(i."amountPaid")
          FROM "Invoice" i JOIN "Patient" p ON p.id = i."patientId"
          WHERE i."issuedAt" >= $1 AND i."issuedAt" < $2
          GROUP BY ROLLUP (i.id) ORDER BY GROUPING(i.id) DESC, max(i."issuedAt"), i.id LIMIT ${LIMIT}`,
  },
];

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

async function time(work: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await work();
  return performance.now() - started;
}

function runExportWorker(databaseUrl: string, filters: Record<string, string>): Promise<{ rows: number; peakRssMb: number; ms: number }> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', path.join(here, 'reportExportWorker.ts'), 'invoiceRegister', JSON.stringify(filters)],
      {
        env: { ...process.env, DATABASE_URL: databaseUrl },
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.on('exit', (code) => {
      if (code !== 0) return reject(new Error(`the export worker exited with ${code}`));
      resolve(JSON.parse(out.trim().split('\n').at(-1) ?? '{}') as { rows: number; peakRssMb: number; ms: number });
    });
  });
}

async function main(): Promise<void> {
  await withScratchDatabase('parth_bench_reports', async (url, admin) => {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    const source = createReportSource(url, 2);
    try {
      console.log('seeding a year of the hospital…');
      await seedHospitalYear(client, (line) => console.log(line));
      await admin.query('CHECKPOINT');
      const { rows } = await client.query<{ n: number }>('SELECT count(*)::int AS n FROM "InvoiceLine"');
      console.log(`${rows[0]!.n} invoice lines`);

      const results: { name: string; ms: number; sqlMs: number; ratio: number }[] = [];
      for (const c of cases) {
        const report = reportNamed(c.name);
        const viaReport = () => runReport(source, report, c.filters);
        const viaSql = () => client.query(c.sql, c.params);
        const [first, hand] = await Promise.all([viaReport(), viaSql()]);
        // Same answer: the totals row and the rows the page gets.
        const expectedRows = Math.min(hand.rowCount! - 1, PAGE_ROW_LIMIT);
        if (first.rows.length !== expectedRows)
          throw new Error(`${c.name}: report gave ${first.rows.length} rows, hand SQL ${expectedRows}`);
        const reportMs: number[] = [];
        const sqlMs: number[] = [];
        for (let i = 0; i < RUNS; i += 1) {
          reportMs.push(await time(viaReport));
          sqlMs.push(await time(viaSql));
        }
        const result = {
          name: c.name,
          ms: +median(reportMs).toFixed(1),
          sqlMs: +median(sqlMs).toFixed(1),
          ratio: +(median(reportMs) / median(sqlMs)).toFixed(2),
        };
        results.push(result);
        console.log(
          `${c.name.padEnd(16)} report ${String(result.ms).padStart(7)} ms   hand SQL ${String(result.sqlMs).padStart(7)} ms   ratio ${result.ratio}`,
        );
      }

      const exported = await runExportWorker(url, { from: '2025-12-01', to: '2026-05-31' });
      console.log(`export: invoice register Dec–May, ${exported.rows} rows in ${exported.ms} ms, peak RSS ${exported.peakRssMb} MB`);
      console.log(JSON.stringify({ reports: results, exportRows: exported.rows, exportPeakRssMb: exported.peakRssMb }));
    } finally {
      await source.close();
      await client.end();
    }
  });
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
