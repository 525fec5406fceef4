/**
 * GSTR-1 for a month seeded here (August 2095, a month no other test bills in),
 * built by the export and compared field by field with the figures worked out
 * by hand below: B2B, B2CS net of a credit note, CDNR, Table 8 with exempt and
 * nil-rated apart, Table 12 split B2B/B2C with UQC and quantity, Table 13 per
 * series; and the same return as a workbook through the back-office.
 */
import ExcelJS from 'exceljs';
import { cancelInvoice, draftInvoice, issueInvoice, setBillRecipient } from '../../../src/modules/billing/invoices.js';
import { gstr1Return } from '../../../src/modules/reports/gstr1.js';
import { createReportSource } from '../../../src/modules/reports/source.js';
import { createActor, createCharge, createPatient } from '../../factories.js';
import { signedInAs } from '../../support/backOffice.js';
import { fetchBytes } from '../../support/download.js';
import { testDatabaseUrl } from '../../support/env.js';
import { useBackOffice, useDatabase } from '../../support/lifecycle.js';

const db = useDatabase(5);
const office = useBackOffice(db);
const source = createReportSource(testDatabaseUrl(), 2);
afterAll(() => source.close());
const env = { HOSPITAL_STATE_CODE: '27' };
const ISSUED = new Date('2095-08-10T06:00:00Z');
const CREDITED = new Date('2095-08-20T06:00:00Z');
const INSURER = '27AAPFU0939F1ZV';
const COMPANY = '29AAGCB7383J1Z4';

type Charge = Parameters<typeof createCharge>[3];
const numbers: Record<string, string> = {};

async function bill(name: string, charges: Array<[string, Charge]>, recipient?: { gstin: string; legalName: string }) {
  const admin = await createActor(db, 'ADMIN');
  const patient = await createPatient(db);
  for (const [amount, overrides] of charges) await createCharge(db, patient.id, amount, overrides);
  const draft = await draftInvoice(db, env, admin, { patientId: patient.id });
  if (recipient) await setBillRecipient(db, admin, { invoiceId: draft.id, ...recipient });
  const issued = await issueInvoice(db, admin, { invoiceId: draft.id }, ISSUED);
  numbers[name] = issued.number!;
  return { issued, admin };
}

const consultation: Charge = { source: 'CONSULTATION', sacCode: '999311' };
const certificate: Charge = { supplyClass: 'NON_HEALTH', gstRate: 18, sacCode: '999319' };

beforeAll(async () => {
  await bill('consultation', [['500', consultation]]);
  await bill('mixed', [
    ['500', consultation],
    ['200', certificate],
  ]);
  await bill('pharmacy', [
    ['2', { source: 'DRUG', quantity: 10, supplyClass: 'RETAIL_PHARMACY', gstRate: 5, priceIncludesGst: true, sacCode: '300490' }],
  ]);
  await bill('nilDrug', [
    ['100', { source: 'DRUG', supplyClass: 'RETAIL_PHARMACY', gstRate: 0, priceIncludesGst: true, sacCode: '300490' }],
  ]);
  const credited = await bill('creditedB2c', [['300', certificate]]);
  numbers.creditB2c = (
    await cancelInvoice(db, credited.admin, { invoiceId: credited.issued.id, reason: 'Issued twice' }, CREDITED)
  ).creditNote.number!;
  await bill('insurer', [['5000', consultation]], { gstin: INSURER, legalName: 'Star Health and Allied Insurance Co. Ltd.' });
  const company = await bill('company', [['1000', certificate]], { gstin: COMPANY, legalName: 'Bharat Corp Pvt. Ltd.' });
  numbers.creditCompany = (
    await cancelInvoice(db, company.admin, { invoiceId: company.issued.id, reason: 'Wrong company' }, CREDITED)
  ).creditNote.number!;
}, 60_000);

describe('GSTR-1 for August 2095', () => {
  let gstr1: Awaited<ReturnType<typeof gstr1Return>>;
  beforeAll(async () => {
    gstr1 = await gstr1Return(source, { month: '2095-08', gstin: '27AABCP1234Q1Z5' });
  });

  it('has the header and every table', () => {
    expect(gstr1).toMatchObject({ gstin: '27AABCP1234Q1Z5', fp: '082095', b2cl: [], cdnur: [] });
  });

  it('B2B: the company bill per rate; the insurer’s exempt bill is not there (Table 8)', () => {
    expect(gstr1.b2b).toEqual([
      {
        ctin: COMPANY,
        inv: [
          {
            inum: numbers.company,
            idt: '10-08-2095',
            val: 1180,
            pos: '27',
            rchrg: 'N',
            inv_typ: 'R',
            itms: [{ num: 1801, itm_det: { rt: 18, txval: 1000, iamt: 0, camt: 90, samt: 90, csamt: 0 } }],
          },
        ],
      },
    ]);
  });

  it('B2CS: per place of supply and rate, net of the B2C credit note', () => {
    // 5 %: ₹20 MRP → 19.06 + 0.47 + 0.47. 18 %: 200 + 300 − 300 (credited) = 200 → 18 + 18.
    expect(gstr1.b2cs).toEqual([
      { sply_ty: 'INTRA', pos: '27', typ: 'OE', rt: 5, txval: 19.06, iamt: 0, camt: 0.47, samt: 0.47, csamt: 0 },
      { sply_ty: 'INTRA', pos: '27', typ: 'OE', rt: 18, txval: 200, iamt: 0, camt: 18, samt: 18, csamt: 0 },
    ]);
  });

  it('CDNR: the credit note to the registered company', () => {
    expect(gstr1.cdnr).toEqual([
      {
        ctin: COMPANY,
        nt: [
          {
            ntty: 'C',
            nt_num: numbers.creditCompany,
            nt_dt: '20-08-2095',
            val: 1180,
            pos: '27',
            rchrg: 'N',
            inv_typ: 'R',
            itms: [{ num: 1801, itm_det: { rt: 18, txval: 1000, iamt: 0, camt: 90, samt: 90, csamt: 0 } }],
          },
        ],
      },
    ]);
  });

  it('Table 8: exempt health care and a nil-rated medicine kept apart, registered and not', () => {
    expect(gstr1.nil).toEqual({
      inv: [
        { sply_ty: 'INTRAB2B', nil_amt: 0, expt_amt: 5000, ngsup_amt: 0 },
        { sply_ty: 'INTRAB2C', nil_amt: 100, expt_amt: 1000, ngsup_amt: 0 },
      ],
    });
  });

  it('Table 12: per HSN/SAC, UQC and rate, B2B and B2C apart; a supply credited in full leaves no row', () => {
    const brief = (rows: typeof gstr1.hsn.hsn_b2c) => rows.map((r) => [r.hsn_sc, r.uqc, r.qty, r.rt, r.txval, r.camt, r.samt]);
    expect(brief(gstr1.hsn.hsn_b2b)).toEqual([['999311', 'NA', 0, 0, 5000, 0, 0]]);
    expect(brief(gstr1.hsn.hsn_b2c)).toEqual([
      ['300490', 'NOS', 1, 0, 100, 0, 0],
      ['300490', 'NOS', 10, 5, 19.06, 0.47, 0.47],
      ['999311', 'NA', 0, 0, 1000, 0, 0],
      ['999319', 'NA', 0, 18, 200, 18, 18],
    ]);
  });

  it('Table 13: each series from its first to its last number, none cancelled', () => {
    const series = (prefix: string, count: number) => ({
      from: `${prefix}/9596/000001`,
      to: `${prefix}/9596/${String(count).padStart(6, '0')}`,
      totnum: count,
      cancel: 0,
      net_issue: count,
    });
    expect(gstr1.doc_issue.doc_det).toEqual([
      {
        doc_num: 1,
        docs: [
          { num: 1, ...series('BS', 3) },
          { num: 2, ...series('IB', 1) },
          { num: 3, ...series('TI', 3) },
        ],
      },
      { doc_num: 5, docs: [{ num: 1, ...series('CN', 2) }] },
    ]);
  });
});

describe('the GSTR-1 doors of the back-office', () => {
  it('gives billing the JSON and the workbook, refuses a bad month with 400 and other roles with 403', async () => {
    const { agent } = await signedInAs(office.app, db, 'BILLING');
    const json = await agent.get('/admin/gstr1/2095-08.json').expect(200);
    expect(json.body).toMatchObject({ fp: '082095', b2cs: [{ rt: 5 }, { rt: 18 }] });
    const workbook = await fetchBytes(agent, '/admin/gstr1/2095-08.xlsx').expect(200);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(workbook.body as ExcelJS.Buffer);
    expect(book.worksheets.map((w) => w.name)).toEqual(['b2b', 'b2cs', 'cdnr', 'exemp', 'hsn(b2b)', 'hsn(b2c)', 'docs']);
    expect(book.getWorksheet('b2cs')?.getRow(3).values).toEqual([undefined, 'OE', '27', 18, 200, 0, 18, 18]);
    const bad = await agent.get('/admin/gstr1/2095-13.json').expect(400);
    expect(bad.body.error.message).toMatch(/yyyy-MM/);
    const { agent: pharmacist } = await signedInAs(office.app, db, 'PHARMACIST');
    await pharmacist.get('/admin/gstr1/2095-08.json').expect(403);
  });
});
