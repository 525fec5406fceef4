/**
 * GSTR-1 for one month, in the JSON shape the GST portal's offline tool imports,
 * and the same figures as an Excel workbook. Every figure comes from SQL over the
 * issued documents of the month (IST); credit notes are netted where the return
 * nets them (B2CS, Table 8, HSN) and listed where it lists them (CDNR).
 *
 * Tables (GSTR-1 as of 2025):
 * - b2b: bills to registered recipients, per bill and rate (itms num = rate × 100 + 1).
 * - b2cl: inter-state bills to unregistered persons above ₹1,00,000 — always empty
 *   here, every supply is intra-state (billing/supply.ts), kept for the shape.
 * - b2cs: unregistered, per place of supply and rate, net of credit notes.
 * - cdnr / cdnur: credit notes to registered recipients / for B2CL bills (none).
 * - nil (Table 8): nil-rated (a 0 % pharmacy sale), exempt (health care) and
 *   non-GST supplies kept apart, split registered / unregistered.
 * - hsn (Table 12, 2025 format): per HSN/SAC, UQC and rate, in hsn_b2b and hsn_b2c.
 * - doc_issue (Table 13): each series' first and last number, count, cancelled.
 */
import { Prisma } from '@prisma/client';
import { loadExcel } from '../lazyLibraries.js';
import type { Writable } from 'node:stream';
import { istDayBounds } from '../../time.js';
import { EXEMPT_CLASSES } from '../billing/supply.js';
import type { ReportSource } from './source.js';

const D = (value: unknown) => new Prisma.Decimal(String(value ?? 0));
/** The portal wants numbers with at most two decimals. */
const amount = (value: unknown) => Number(D(value).toFixed(2));
const ddmmyyyy = (day: string) => `${day.slice(8, 10)}-${day.slice(5, 7)}-${day.slice(0, 4)}`;

export interface Gstr1Period {
  /** yyyy-MM */
  month: string;
  gstin: string;
}

function monthBounds(month: string): { start: Date; end: Date } {
  const [year, mon] = month.split('-').map(Number) as [number, number];
  const next = mon === 12 ? `${year + 1}-01-01` : `${year}-${String(mon + 1).padStart(2, '0')}-01`;
  return { start: istDayBounds(`${month}-01`).start, end: istDayBounds(next).start };
}

/** The month's issued documents (invoices and credit notes, the latter signed −1 over their invoice's lines). */
function documentLines(start: Date, end: Date): Prisma.Sql {
  return Prisma.sql`
    docs AS (
      SELECT i.id AS lines_of, i.id AS doc_id, 1 AS sign, i.number, i."issuedAt", i."placeOfSupply", i."recipientGstin", i.total, i.kind
      FROM "Invoice" i
      WHERE i.kind = 'INVOICE' AND i.status <> 'DRAFT' AND i."issuedAt" >= ${start} AND i."issuedAt" < ${end}
      UNION ALL
      SELECT cn."originalInvoiceId", cn.id, -1, cn.number, cn."issuedAt", cn."placeOfSupply", cn."recipientGstin", cn.total, cn.kind
      FROM "Invoice" cn
      WHERE cn.kind = 'CREDIT_NOTE' AND cn."issuedAt" >= ${start} AND cn."issuedAt" < ${end}
    ),
    t AS (
      SELECT docs.*, (docs."issuedAt" AT TIME ZONE 'Asia/Kolkata')::date::text AS day,
             l."gstRate" AS rate, l."taxableValue" AS txval, l.cgst, l.sgst, l.igst, l.quantity,
             l."supplyClass" AS supply_class, COALESCE(l."sacCode", '') AS code, COALESCE(l.unit, 'NA') AS unit,
             l.description
      FROM docs JOIN "InvoiceLine" l ON l."invoiceId" = docs.lines_of
    )`;
}

type Row = Record<string, unknown>;

interface ItemDetail {
  rt: number;
  txval: number;
  iamt: number;
  camt: number;
  samt: number;
  csamt: number;
}

const itemDetail = (r: Row): ItemDetail => ({
  rt: amount(r.rate),
  txval: amount(r.txval),
  iamt: amount(r.iamt),
  camt: amount(r.camt),
  samt: amount(r.samt),
  csamt: 0,
});

interface RateItem {
  num: number;
  itm_det: ItemDetail;
}

/** Groups rows of one document (per bill / note) with their rate-wise items, then by recipient. */
function byDocument<T extends Record<string, unknown>>(
  rows: Row[],
  toDoc: (r: Row) => T,
): Array<{ ctin: string; docs: Array<T & { itms: RateItem[] }> }> {
  const grouped = new Map<string, { ctin: string; doc: T & { itms: RateItem[] } }>();
  for (const r of rows) {
    const key = String(r.number);
    let entry = grouped.get(key);
    if (!entry) {
      entry = { ctin: String(r.ctin), doc: { ...toDoc(r), itms: [] } };
      grouped.set(key, entry);
    }
    entry.doc.itms.push({ num: Math.round(Number(r.rate) * 100) + 1, itm_det: itemDetail(r) });
  }
  const byRecipient = new Map<string, Array<T & { itms: RateItem[] }>>();
  for (const { ctin, doc } of grouped.values()) byRecipient.set(ctin, [...(byRecipient.get(ctin) ?? []), doc]);
  return [...byRecipient.entries()].map(([ctin, docs]) => ({ ctin, docs }));
}

/** What a B2B bill and a credit note to a registered recipient both state: value, place of supply, regular, no reverse charge. */
const documentTerms = (r: Row) => ({ val: amount(r.val), pos: String(r.pos), rchrg: 'N', inv_typ: 'R' });

/** Table 13's document kinds (the portal's numbering). */
const DOC_NATURE: Record<string, number> = { TI: 1, BS: 1, IB: 1, PH: 1, CN: 5, AR: 6, DEP: 6, RF: 8 };

/** Bills (sign 1) or credit notes (sign −1) to registered recipients, per document and rate: B2B and CDNR. */
const registeredDocuments = (lines: Prisma.Sql, sign: 1 | -1) => Prisma.sql`WITH ${lines}
  SELECT t."recipientGstin" AS ctin, t.number, t.day, t.total AS val, t."placeOfSupply" AS pos, t.rate,
         sum(t.txval) AS txval, sum(t.igst) AS iamt, sum(t.cgst) AS camt, sum(t.sgst) AS samt
  FROM t WHERE t.sign = ${sign} AND t."recipientGstin" IS NOT NULL AND t.rate > 0
  GROUP BY t."recipientGstin", t.number, t.day, t.total, t."placeOfSupply", t.rate
  ORDER BY t.number, t.rate`;

// Exempt (health care) against nil-rated, in Table 8: the classes supply.ts calls exempt.
const EXEMPT = Prisma.join(EXEMPT_CLASSES.map((c) => Prisma.sql`${c}::"SupplyClass"`));

export async function gstr1Return(source: ReportSource, period: Gstr1Period) {
  const { start, end } = monthBounds(period.month);
  const lines = documentLines(start, end);
  const [b2b, b2cs, cdnr, nil, hsn, series] = await Promise.all([
    source.rows(registeredDocuments(lines, 1)),
    source.rows(Prisma.sql`WITH ${lines}
      SELECT t."placeOfSupply" AS pos, t.rate,
             sum(t.sign * t.txval) AS txval, sum(t.sign * t.igst) AS iamt, sum(t.sign * t.cgst) AS camt, sum(t.sign * t.sgst) AS samt
      FROM t WHERE t."recipientGstin" IS NULL AND t.rate > 0
      GROUP BY t."placeOfSupply", t.rate ORDER BY t."placeOfSupply", t.rate`),
    source.rows(registeredDocuments(lines, -1)),
    source.rows(Prisma.sql`WITH ${lines}
      SELECT (t."recipientGstin" IS NOT NULL) AS registered,
             COALESCE(sum(t.sign * t.txval) FILTER (WHERE t.rate = 0 AND t.supply_class IN (${EXEMPT})), 0) AS exempt,
             COALESCE(sum(t.sign * t.txval) FILTER (WHERE t.rate = 0 AND (t.supply_class IS NULL OR t.supply_class NOT IN (${EXEMPT}))), 0) AS nil_rated
      FROM t WHERE t.rate = 0 GROUP BY (t."recipientGstin" IS NOT NULL)`),
    source.rows(Prisma.sql`WITH ${lines}
      SELECT (t."recipientGstin" IS NOT NULL) AS registered, t.code, t.unit, t.rate, min(t.description) AS description,
             sum(t.sign * CASE WHEN t.unit = 'NA' THEN 0 ELSE t.quantity END) AS qty,
             sum(t.sign * t.txval) AS txval, sum(t.sign * t.igst) AS iamt, sum(t.sign * t.cgst) AS camt, sum(t.sign * t.sgst) AS samt
      FROM t GROUP BY (t."recipientGstin" IS NOT NULL), t.code, t.unit, t.rate
      -- A supply credited in full within the month nets to nothing: no row.
      HAVING sum(t.sign * t.txval) <> 0 OR sum(t.sign * CASE WHEN t.unit = 'NA' THEN 0 ELSE t.quantity END) <> 0
      ORDER BY t.code, t.unit, t.rate`),
    source.rows(Prisma.sql`
      WITH numbered AS (
        SELECT split_part(number, '/', 1) AS series, number
        FROM "Invoice" WHERE number IS NOT NULL AND "issuedAt" >= ${start} AND "issuedAt" < ${end}
        UNION ALL SELECT split_part("receiptNo", '/', 1), "receiptNo"
        FROM "Deposit" WHERE "receiptNo" NOT LIKE '%-R' AND "receivedAt" >= ${start} AND "receivedAt" < ${end}
        UNION ALL SELECT split_part("refundNo", '/', 1), "refundNo"
        FROM "Refund" WHERE "createdAt" >= ${start} AND "createdAt" < ${end}
      )
      -- No number is ever voided (a bill is withdrawn by a credit note, which is its own document),
      -- so nothing counts as cancelled; the series are gapless, so the count is last − first + 1.
      SELECT series, min(number) AS "from", max(number) AS "to", count(*)::int AS totnum, 0 AS cancel
      FROM numbered GROUP BY series ORDER BY series`),
  ]);

  const b2cRows = nil.find((r) => r.registered === false);
  const b2bRows = nil.find((r) => r.registered === true);
  const hsnEntry = (r: Row, index: number) => ({
    num: index + 1,
    hsn_sc: String(r.code),
    desc: String(r.description).slice(0, 30),
    uqc: String(r.unit),
    qty: amount(r.qty),
    rt: amount(r.rate),
    txval: amount(r.txval),
    iamt: amount(r.iamt),
    camt: amount(r.camt),
    samt: amount(r.samt),
    csamt: 0,
  });
  const docNatures = new Map<number, Row[]>();
  for (const r of series) {
    const nature = DOC_NATURE[String(r.series)] ?? 12;
    docNatures.set(nature, [...(docNatures.get(nature) ?? []), r]);
  }

  return {
    gstin: period.gstin,
    fp: `${period.month.slice(5, 7)}${period.month.slice(0, 4)}`,
    version: 'GST3.2.1',
    hash: 'hash',
    b2b: byDocument(b2b, (r) => ({ inum: String(r.number), idt: ddmmyyyy(String(r.day)), ...documentTerms(r) })).map(({ ctin, docs }) => ({
      ctin,
      inv: docs,
    })),
    b2cl: [] as unknown[],
    b2cs: b2cs.map((r) => ({ sply_ty: 'INTRA', pos: String(r.pos), typ: 'OE', ...itemDetail(r) })),
    cdnr: byDocument(cdnr, (r) => ({ ntty: 'C', nt_num: String(r.number), nt_dt: ddmmyyyy(String(r.day)), ...documentTerms(r) })).map(
      ({ ctin, docs }) => ({ ctin, nt: docs }),
    ),
    cdnur: [] as unknown[],
    nil: {
      inv: [
        { sply_ty: 'INTRAB2B', nil_amt: amount(b2bRows?.nil_rated), expt_amt: amount(b2bRows?.exempt), ngsup_amt: 0 },
        { sply_ty: 'INTRAB2C', nil_amt: amount(b2cRows?.nil_rated), expt_amt: amount(b2cRows?.exempt), ngsup_amt: 0 },
      ],
    },
    hsn: {
      hsn_b2b: hsn.filter((r) => r.registered === true).map(hsnEntry),
      hsn_b2c: hsn.filter((r) => r.registered === false).map(hsnEntry),
    },
    doc_issue: {
      doc_det: [...docNatures.entries()]
        .sort(([a], [b]) => a - b)
        .map(([doc_num, rows]) => ({
          doc_num,
          docs: rows.map((r, index) => ({
            num: index + 1,
            from: String(r.from),
            to: String(r.to),
            totnum: Number(r.totnum),
            cancel: Number(r.cancel),
            net_issue: Number(r.totnum) - Number(r.cancel),
          })),
        })),
    },
  };
}

export type Gstr1 = Awaited<ReturnType<typeof gstr1Return>>;

const TAX_HEADERS = ['Rate', 'Taxable value', 'Integrated tax', 'Central tax', 'State/UT tax'];
const taxCells = (d: ItemDetail) => [d.rt, d.txval, d.iamt, d.camt, d.samt];

/** The same return as a workbook: one sheet per table, the portal's column names. */
export async function writeGstr1Workbook(gstr1: Gstr1, out: Writable): Promise<void> {
  const book = new (await loadExcel()).stream.xlsx.WorkbookWriter({ stream: out, useStyles: true });
  const sheet = (name: string, header: string[], rows: unknown[][]) => {
    const ws = book.addWorksheet(name);
    ws.addRow(header).font = { bold: true };
    for (const row of rows) ws.addRow(row).commit();
    ws.commit();
  };
  sheet(
    'b2b',
    ['GSTIN of recipient', 'Invoice number', 'Invoice date', 'Invoice value', 'Place of supply', 'Reverse charge', ...TAX_HEADERS],
    gstr1.b2b.flatMap((r) =>
      r.inv.flatMap((inv) => inv.itms.map((i) => [r.ctin, inv.inum, inv.idt, inv.val, inv.pos, 'N', ...taxCells(i.itm_det)])),
    ),
  );
  sheet(
    'b2cs',
    ['Type', 'Place of supply', ...TAX_HEADERS],
    gstr1.b2cs.map((r) => [r.typ, r.pos, ...taxCells(r)]),
  );
  sheet(
    'cdnr',
    ['GSTIN of recipient', 'Note number', 'Note date', 'Note type', 'Note value', 'Place of supply', ...TAX_HEADERS],
    gstr1.cdnr.flatMap((r) =>
      r.nt.flatMap((nt) => nt.itms.map((i) => [r.ctin, nt.nt_num, nt.nt_dt, 'C', nt.val, nt.pos, ...taxCells(i.itm_det)])),
    ),
  );
  sheet(
    'exemp',
    ['Description', 'Nil rated supplies', 'Exempted (other than nil rated/non-GST supply)', 'Non-GST supplies'],
    gstr1.nil.inv.map((r) => [
      r.sply_ty === 'INTRAB2B' ? 'Intra-state supplies to registered persons' : 'Intra-state supplies to unregistered persons',
      r.nil_amt,
      r.expt_amt,
      r.ngsup_amt,
    ]),
  );
  const hsnRows = (rows: Gstr1['hsn']['hsn_b2c']) =>
    rows.map((r) => [r.hsn_sc, r.desc, r.uqc, r.qty, r.rt, r.txval, r.iamt, r.camt, r.samt]);
  const hsnHeader = [
    'HSN',
    'Description',
    'UQC',
    'Total quantity',
    'Rate',
    'Taxable value',
    'Integrated tax',
    'Central tax',
    'State/UT tax',
  ];
  sheet('hsn(b2b)', hsnHeader, hsnRows(gstr1.hsn.hsn_b2b));
  sheet('hsn(b2c)', hsnHeader, hsnRows(gstr1.hsn.hsn_b2c));
  sheet(
    'docs',
    ['Nature of document', 'Sr. No. from', 'Sr. No. to', 'Total number', 'Cancelled'],
    gstr1.doc_issue.doc_det.flatMap((d) =>
      d.docs.map((doc) => [DOC_NATURE_NAME[d.doc_num] ?? 'Others', doc.from, doc.to, doc.totnum, doc.cancel]),
    ),
  );
  await book.commit();
}

const DOC_NATURE_NAME: Record<number, string> = {
  1: 'Invoices for outward supply',
  5: 'Credit Note',
  6: 'Receipt voucher',
  8: 'Refund voucher',
};
