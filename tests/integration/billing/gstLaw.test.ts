/**
 * Bills by the law as it stands on 2026-12-01, through the real services and
 * PostgreSQL: the in-patient's composite supply (only the room above ₹5,000 a
 * day is taxed), a patient from another state (still CGST + SGST), a bill to
 * an insurer's GSTIN, each document type in its own gapless series, an old
 * 12 % invoice reprinted and credited after the rate change, and the database's
 * rate table equal to the code's.
 */
import { Prisma } from '@prisma/client';
import { admitPatient, dischargePatient, prepareFinalBill } from '../../../src/modules/admissions/service.js';
import { classifySupply } from '../../../src/modules/billing/supply.js';
import { recordPayment } from '../../../src/modules/payments/service.js';
import { cancelInvoice, draftInvoice, issueInvoice, setBillRecipient } from '../../../src/modules/billing/invoices.js';
import { renderInvoicePdf } from '../../../src/modules/billing/pdf.js';
import { GST_SLABS } from '../../../src/modules/billing/rates.js';
import { orderLabTest } from '../../../src/modules/lab/service.js';
import { dispenseDrug, receiveStock } from '../../../src/modules/pharmacy/service.js';
import {
  createActor,
  createCharge,
  createDoctorWithDailyOpd,
  createPatient,
  createPricedLabTest,
  istDayFromToday,
  unique,
} from '../../factories.js';
import { errorOf, useDatabase } from '../../support/lifecycle.js';
import { pdfText } from '../../support/pdfText.js';

const db = useDatabase(10);
const env = { HOSPITAL_STATE_CODE: '27' };
const hospital = {
  HOSPITAL_NAME: 'Parth Hospital',
  HOSPITAL_ADDRESS: 'Pune',
  HOSPITAL_GSTIN: '27AABCP1234Q1Z5',
  HOSPITAL_STATE_CODE: '27',
};
type Actor = Awaited<ReturnType<typeof createActor>>;
let admin: Actor;
beforeAll(async () => {
  admin = await createActor(db, 'ADMIN');
});

const money = (values: Prisma.Decimal[]) => values.map((v) => v.toFixed(2));

async function medicine(name: string, mrp: string) {
  const drug = await db.drug.create({ data: { code: unique('D'), name, gstRate: 5, hsnCode: '300490' } });
  await receiveStock(db, admin, {
    drugId: drug.id,
    batchNo: unique('B'),
    expiryDate: istDayFromToday(400),
    quantity: 50,
    mrp,
    costPrice: '1.00',
  });
  return drug;
}

/**
 * The issue's worked example: consultation ₹800, private room ₹6,000 × 3 days, CBC ₹350,
 * ceftriaxone ₹58 × 6, saline ₹38 × 4, all during the admission, at the hospital.
 */
async function inPatientBill(stateCode: string) {
  const patient = await createPatient(db, { stateCode });
  const wardCode = unique('PV');
  const ward = await db.ward.create({ data: { code: wardCode, name: `Private ${wardCode}`, category: 'Private', dailyRate: 6000 } });
  const bed = await db.bed.create({ data: { wardId: ward.id, bedNumber: '01' } });
  const doctor = await createDoctorWithDailyOpd(db);
  const admission = await admitPatient(db, admin, { patientId: patient.id, bedId: bed.id, doctorId: doctor.id });
  // Admitted three days ago (IST calendar days count, the discharge day not).
  await db.admissionBedStay.updateMany({ where: { admissionId: admission.id }, data: { fromTime: new Date(Date.now() - 3 * 86_400_000) } });
  const [ceftriaxone, saline] = [await medicine('Ceftriaxone 1 g', '58.00'), await medicine('Normal saline 500 ml', '38.00')];
  await dispenseDrug(db, admin, { patientId: patient.id, drugId: ceftriaxone.id, quantity: 6 });
  await dispenseDrug(db, admin, { patientId: patient.id, drugId: saline.id, quantity: 4 });
  const cbc = await createPricedLabTest(db, { name: 'CBC', sampleType: 'Blood (EDTA)', price: 350, sacCode: '999316' }, 'CBC');
  await orderLabTest(db, admin, { patientId: patient.id, labTestId: cbc.id });
  // The specialist's visit during the stay.
  await createCharge(db, patient.id, '800', {
    source: 'SERVICE',
    admissionId: admission.id,
    description: 'Consultation – Specialist',
    sacCode: '999311',
    supplyClass: classifySupply({ source: 'SERVICE', admitted: true, catalogueRate: 0, isHealthCare: true }).supplyClass,
  });
  // The final bill: the room up to today and every charge of the stay on one bill; then paid, then discharged.
  const { invoice } = await prepareFinalBill(db, env, admin, { admissionId: admission.id });
  if (!invoice) throw new Error('the final bill issued nothing');
  await recordPayment(db, admin, { invoiceId: invoice.id, method: 'CASH', amount: invoice.total.toFixed(2) });
  await dischargePatient(db, admin, { admissionId: admission.id, summary: 'Recovered; review in a week.' });
  return { patient, invoice };
}

describe('the in-patient composite supply (12/2017-CTR S.No. 74; circular 32/06/2018; 03/2022-CTR S.No. 31A)', () => {
  it('taxes only the room above ₹5,000 a day: taxable ₹18,000, CGST ₹450 + SGST ₹450, total ₹20,550', async () => {
    const { invoice } = await inPatientBill('27');
    expect(money([invoice.subtotal, invoice.cgstTotal, invoice.sgstTotal, invoice.igstTotal, invoice.total])).toEqual([
      '19650.00',
      '450.00',
      '450.00',
      '0.00',
      '20550.00',
    ]);
    const lines = await db.invoiceLine.findMany({ where: { invoiceId: invoice.id }, orderBy: { id: 'asc' } });
    const taxed = lines.filter((line) => line.gstRate.greaterThan(0));
    expect(taxed.map((l) => [l.supplyClass, l.taxableValue.toFixed(2), l.cgst.toFixed(2)])).toEqual([
      ['ROOM_ABOVE_THRESHOLD', '18000.00', '450.00'],
    ]);
    // The medicines, the test and the visit are part of the exempt treatment: no GST carved out of the MRPs.
    const exempt = lines.filter((line) => line.gstRate.isZero());
    expect(
      exempt.every((line) => line.supplyClass === 'IPD_HEALTH_CARE' && line.cgst.isZero() && line.taxableValue.equals(line.lineTotal)),
    ).toBe(true);
    expect(exempt.reduce((sum, line) => sum.plus(line.lineTotal), new Prisma.Decimal(0)).toFixed(2)).toBe('1650.00');
    expect(lines.filter((l) => l.source === 'DRUG').map((l) => l.unit)).toEqual(['NOS', 'NOS']);
    // Exempt and taxable lines to a patient: one invoice-cum-bill of supply (Rule 46A).
    expect(invoice.documentType).toBe('INVOICE_CUM_BILL_OF_SUPPLY');
    expect(invoice.number).toMatch(/^IB\/\d{4}\/\d{6}$/);
    expect(invoice.number!.length).toBeLessThanOrEqual(16);
  });

  it('bills a patient from Bengaluru the same CGST + SGST: the place of supply is the hospital (IGST Act s.12(4))', async () => {
    const { invoice } = await inPatientBill('29');
    expect(invoice).toMatchObject({ interState: false, placeOfSupply: '27' });
    expect(money([invoice.cgstTotal, invoice.sgstTotal, invoice.igstTotal, invoice.total])).toEqual([
      '450.00',
      '450.00',
      '0.00',
      '20550.00',
    ]);
  });
});

describe('document type, series and recipient', () => {
  const exemptDraft = async () => {
    const patient = await createPatient(db);
    await createCharge(db, patient.id, '500', { source: 'CONSULTATION' });
    return draftInvoice(db, env, admin, { patientId: patient.id });
  };
  const taxedDraft = async () => {
    const patient = await createPatient(db);
    await createCharge(db, patient.id, '200', { supplyClass: 'NON_HEALTH', gstRate: 18 });
    return draftInvoice(db, env, admin, { patientId: patient.id });
  };
  const mixedDraft = async () => {
    const patient = await createPatient(db);
    await createCharge(db, patient.id, '500', { source: 'CONSULTATION' });
    await createCharge(db, patient.id, '200', { supplyClass: 'NON_HEALTH', gstRate: 18 });
    return draftInvoice(db, env, admin, { patientId: patient.id });
  };

  it('gives 20 bills issued at once their own gapless series per type: BS, TI and IB', async () => {
    const drafts = [
      ...(await Promise.all(Array.from({ length: 7 }, exemptDraft))),
      ...(await Promise.all(Array.from({ length: 7 }, taxedDraft))),
      ...(await Promise.all(Array.from({ length: 6 }, mixedDraft))),
    ];
    // A fiscal year of its own, so other tests' bills do not interleave.
    const far = new Date('2093-05-10T06:00:00Z');
    const issued = await Promise.all(drafts.map((d) => issueInvoice(db, admin, { invoiceId: d.id }, far)));
    const series = (prefix: string) =>
      issued
        .map((i) => i.number!)
        .filter((n) => n.startsWith(`${prefix}/`))
        .sort();
    const expected = (prefix: string, count: number) =>
      Array.from({ length: count }, (_, i) => `${prefix}/9394/${String(i + 1).padStart(6, '0')}`);
    expect(series('BS')).toEqual(expected('BS', 7));
    expect(series('TI')).toEqual(expected('TI', 7));
    expect(series('IB')).toEqual(expected('IB', 6));
    expect(new Set(issued.map((i) => i.documentType))).toEqual(new Set(['BILL_OF_SUPPLY', 'TAX_INVOICE', 'INVOICE_CUM_BILL_OF_SUPPLY']));
  }, 60_000);

  it('bills an insurer by its GSTIN; refuses a wrong GSTIN, and a mixed bill to a registered recipient (Rule 46A)', async () => {
    const draft = await exemptDraft();
    const wrong = await errorOf(setBillRecipient(db, admin, { invoiceId: draft.id, gstin: '27AAPFU0939F1ZA', legalName: 'Star Health' }));
    expect(wrong).toMatchObject({ name: 'ZodError' });
    expect(JSON.stringify(wrong)).toContain('The last character does not match');
    expect(await errorOf(setBillRecipient(db, admin, { invoiceId: draft.id, gstin: '27AAPFU0939F1ZV' }))).toMatchObject({ status: 400 });
    await setBillRecipient(db, admin, {
      invoiceId: draft.id,
      gstin: '27aapfu0939f1zv',
      legalName: 'Star Health and Allied Insurance Co. Ltd.',
      address: 'Pune',
    });
    const issued = await issueInvoice(db, admin, { invoiceId: draft.id });
    expect(issued).toMatchObject({
      documentType: 'BILL_OF_SUPPLY',
      recipientGstin: '27AAPFU0939F1ZV',
      recipientName: 'Star Health and Allied Insurance Co. Ltd.',
    });

    const mixed = await mixedDraft();
    await setBillRecipient(db, admin, { invoiceId: mixed.id, gstin: '29AAGCB7383J1Z4', legalName: 'Bharat Corp' });
    expect(await errorOf(issueInvoice(db, admin, { invoiceId: mixed.id }))).toMatchObject({
      status: 409,
      code: 'SEPARATE_DOCUMENTS_NEEDED',
    });
    // Back to the patient: one invoice-cum-bill of supply.
    await setBillRecipient(db, admin, { invoiceId: mixed.id, gstin: '' });
    expect((await issueInvoice(db, admin, { invoiceId: mixed.id })).documentType).toBe('INVOICE_CUM_BILL_OF_SUPPLY');
    // What an issued bill says about its recipient never changes.
    await expect(db.invoice.update({ where: { id: issued.id }, data: { recipientGstin: null } })).rejects.toThrow(/Fiscal record/);
  });
});

describe('across the rate change of 22-09-2025', () => {
  it('keeps a 12 % sale of 01-09-2025 exact, and credits it at 12 % after the change', async () => {
    const patient = await createPatient(db);
    await createCharge(db, patient.id, '2', {
      source: 'DRUG',
      quantity: 10,
      supplyClass: 'RETAIL_PHARMACY',
      gstRate: 12,
      priceIncludesGst: true,
      createdAt: new Date('2025-09-01T06:00:00Z'),
    });
    const draft = await draftInvoice(db, env, admin, { patientId: patient.id });
    const old = await issueInvoice(db, admin, { invoiceId: draft.id }, new Date('2025-09-01T07:00:00Z'));
    expect(money([old.taxableTotal, old.cgstTotal, old.sgstTotal, old.total])).toEqual(['17.86', '1.07', '1.07', '20.00']);
    expect(old).toMatchObject({ documentType: 'TAX_INVOICE', fiscalYear: '2025-26' });
    // Reprinted today, exactly as billed then.
    const reprint = await pdfText(await renderInvoicePdf(db, hospital, old.id));
    expect(reprint).toMatch(/17\.86 12% 1\.07 1\.07 20\.00/);
    expect(reprint).toContain('Date: 01-09-2025');
    const { creditNote } = await cancelInvoice(
      db,
      admin,
      { invoiceId: old.id, reason: 'Returned unopened' },
      new Date('2026-12-01T06:00:00Z'),
    );
    expect(money([creditNote.taxableTotal, creditNote.cgstTotal, creditNote.total])).toEqual(['17.86', '1.07', '20.00']);
    expect(creditNote).toMatchObject({ documentType: 'CREDIT_NOTE', fiscalYear: '2026-27', originalInvoiceId: old.id });
    // The same sale today may not be billed at 12 %.
    expect(
      await errorOf(
        createCharge(db, patient.id, '2', { source: 'DRUG', supplyClass: 'RETAIL_PHARMACY', gstRate: 12, priceIncludesGst: true }),
      ),
    ).not.toBeNull();
  });
});

describe('the rate table', () => {
  it('holds in the database exactly the slabs the code applies, with their sources', async () => {
    const rows = await db.gstSlab.findMany({ orderBy: [{ rate: 'asc' }, { effectiveFrom: 'asc' }] });
    expect(
      rows.map((r) => ({
        rate: r.rate.toNumber(),
        from: r.effectiveFrom.toISOString().slice(0, 10),
        to: r.effectiveTo?.toISOString().slice(0, 10) ?? null,
        source: r.source,
      })),
    ).toEqual([...GST_SLABS].sort((a, b) => a.rate - b.rate || a.from.localeCompare(b.from)));
  });
});
