/**
 * The documents a hospital hands over, printed as PDF and read back: the text
 * is extracted with pdf.js and every mandatory field looked for (Rules 46, 46A,
 * 49, 53); each page is also rendered to PNG with poppler's pdftoppm into
 * tests/artifacts/ so a reviewer can look at the layout, the ₹ signs and a
 * patient's name written in Devanagari.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { cancelInvoice, draftInvoice, issueInvoice, setBillRecipient } from '../../../src/modules/billing/invoices.js';
import { renderInvoicePdf, renderReceiptPdf } from '../../../src/modules/billing/pdf.js';
import { renderLabReportPdf } from '../../../src/modules/lab/pdf.js';
import { recordPayment } from '../../../src/modules/payments/service.js';
import { projectRoot } from '../../../src/config/paths.js';
import { createActor, createCharge, createDoctor, createPatient } from '../../factories.js';
import { pdfText } from '../../support/pdfText.js';
import { useDatabase } from '../../support/lifecycle.js';

const db = useDatabase();
const hospital = {
  HOSPITAL_NAME: 'Parth Hospital',
  HOSPITAL_ADDRESS: '12, Karve Road, Kothrud, Pune 411038, Maharashtra',
  HOSPITAL_GSTIN: '27AABCP1234Q1Z5',
  HOSPITAL_STATE_CODE: '27',
};
const ARTIFACTS = path.join(projectRoot, 'tests', 'artifacts');

/** Renders every page to tests/artifacts/<name>-<page>.png and answers the files. */
function renderPages(pdf: Buffer, name: string): string[] {
  mkdirSync(ARTIFACTS, { recursive: true });
  const file = path.join(ARTIFACTS, `${name}.pdf`);
  writeFileSync(file, pdf);
  execFileSync('pdftoppm', ['-png', '-r', '80', file, path.join(ARTIFACTS, name)]);
  return readdirSync(ARTIFACTS).filter((f) => f.startsWith(`${name}-`) && f.endsWith('.png'));
}

describe('the printed bill', () => {
  it('carries every mandatory field, ₹ amounts and a Marathi name, and renders', async () => {
    const admin = await createActor(db, 'ADMIN');
    const doctor = await createDoctor(db, { name: 'Dr. Anil Kulkarni' });
    const patient = await createPatient(db, {
      name: 'कविता जोशी',
      stateCode: '29',
      addressLine: '4, MG Road',
      city: 'Bengaluru',
      pincode: '560001',
    });
    await createCharge(db, patient.id, '800', {
      source: 'CONSULTATION',
      description: 'Consultation – Dr. Anil Kulkarni',
      sacCode: '999311',
    });
    await createCharge(db, patient.id, '2', {
      source: 'DRUG',
      quantity: 10,
      description: 'Paracetamol 500 mg',
      sacCode: '300490',
      supplyClass: 'RETAIL_PHARMACY',
      gstRate: 5,
      priceIncludesGst: true,
    });
    const draft = await draftInvoice(db, { HOSPITAL_STATE_CODE: '27' }, admin, { patientId: patient.id });
    await db.invoiceLine.updateMany({ where: { invoiceId: draft.id }, data: { doctorId: doctor.id } });
    const invoice = await issueInvoice(db, admin, { invoiceId: draft.id });
    const pdf = await renderInvoicePdf(db, hospital, invoice.id);
    const text = await pdfText(pdf);
    for (const field of [
      'INVOICE-CUM-BILL OF SUPPLY',
      `No.: ${invoice.number}`,
      'GSTIN: 27AABCP1234Q1Z5',
      'Place of supply: 27-Maharashtra',
      'Tax payable on reverse charge: No',
      `UHID: ${patient.uhid}`,
      'State: 29-Karnataka',
      'Treating doctor: Dr. Anil Kulkarni',
      'HSN/SAC',
      '300490',
      '10 NOS',
      '999311',
      'Taxable',
      '19.06',
      '0.47',
      '₹ 820.00',
      'Round off',
      'Rupees Eight Hundred Twenty Only',
      'Authorised signatory',
      'notification 12/2017-Central Tax (Rate), S.No. 74',
      'Pharmacy sale',
    ])
      expect({ field, found: text.includes(field) }).toEqual({ field, found: true });
    expect(text).toMatch(/Date: \d{2}-\d{2}-\d{4}/);
    // The Devanagari name is embedded in its own font (pdf.js reads it back in visual order).
    expect(text).toMatch(/[\u0900-\u097f]{2,}/);
    const pages = renderPages(pdf, 'bill-invoice-cum-bill');
    expect(pages.length).toBe(1);
    expect(statSync(path.join(ARTIFACTS, pages[0]!)).size).toBeGreaterThan(10_000);
  });

  it('prints the hospital’s logo when HOSPITAL_LOGO_FILE names one', async () => {
    const admin = await createActor(db, 'ADMIN');
    const patient = await createPatient(db);
    await createCharge(db, patient.id, '300', { source: 'CONSULTATION' });
    const draft = await draftInvoice(db, { HOSPITAL_STATE_CODE: '27' }, admin, { patientId: patient.id });
    const invoice = await issueInvoice(db, admin, { invoiceId: draft.id });
    // A 2 × 2 PNG, written here: the logo is the hospital's own file.
    const logo = path.join(mkdtempSync(path.join(tmpdir(), 'parth-logo-')), 'logo.png');
    writeFileSync(
      logo,
      Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAIAAAACCAIAAAD91JpzAAAAEElEQVR4nGP4z8AARAwQCgAf7gP9i18U1AAAAABJRU5ErkJggg==', 'base64'),
    );
    const withLogo = await renderInvoicePdf(db, { ...hospital, HOSPITAL_LOGO_FILE: logo }, invoice.id);
    const without = await renderInvoicePdf(db, hospital, invoice.id);
    expect(withLogo.includes('/Subtype /Image')).toBe(true);
    expect(without.includes('/Subtype /Image')).toBe(false);
  });

  it('prints a registered recipient’s GSTIN on a bill of supply, and a credit note refers to its invoice', async () => {
    const admin = await createActor(db, 'ADMIN');
    const patient = await createPatient(db, { name: 'Rahul Deshpande' });
    await createCharge(db, patient.id, '5000', { source: 'CONSULTATION', description: 'Cashless treatment', sacCode: '999311' });
    const draft = await draftInvoice(db, { HOSPITAL_STATE_CODE: '27' }, admin, { patientId: patient.id });
    await setBillRecipient(db, admin, {
      invoiceId: draft.id,
      gstin: '27AAPFU0939F1ZV',
      legalName: 'Star Health and Allied Insurance Co. Ltd.',
      address: 'Pune',
    });
    const invoice = await issueInvoice(db, admin, { invoiceId: draft.id });
    const text = await pdfText(await renderInvoicePdf(db, hospital, invoice.id));
    expect(text).toContain('BILL OF SUPPLY');
    expect(text).toContain('Bill to: Star Health and Allied Insurance Co. Ltd. GSTIN: 27AAPFU0939F1ZV');
    const { creditNote } = await cancelInvoice(db, admin, { invoiceId: invoice.id, reason: 'Claim withdrawn' });
    const note = await renderInvoicePdf(db, hospital, creditNote.id);
    const noteText = await pdfText(note);
    expect(noteText).toContain('CREDIT NOTE');
    expect(noteText).toContain(`Against invoice ${invoice.number} dated`);
    expect(noteText).toContain('Reason: Claim withdrawn');
    expect(noteText).toContain('₹ 5,000.00');
    renderPages(note, 'bill-credit-note');
  });

  it('prints a receipt with the cashier and the balance due', async () => {
    const cashier = await createActor(db, 'BILLING');
    await db.user.update({ where: { id: cashier.userId }, data: { name: 'Sunita Pawar' } });
    const patient = await createPatient(db);
    await createCharge(db, patient.id, '1200', { source: 'CONSULTATION' });
    const draft = await draftInvoice(db, { HOSPITAL_STATE_CODE: '27' }, cashier, { patientId: patient.id });
    const invoice = await issueInvoice(db, cashier, { invoiceId: draft.id });
    const payment = await recordPayment(db, cashier, { invoiceId: invoice.id, method: 'CASH', amount: '500' });
    const receipt = await renderReceiptPdf(db, hospital, payment.id);
    const text = await pdfText(receipt);
    expect(text).toContain(`Receipt No.: ${payment.receiptNo}`);
    expect(text).toContain('Amount received: ₹ 500.00');
    expect(text).toContain('Balance due: ₹ 700.00');
    expect(text).toContain('Received by: Sunita Pawar');
    expect(existsSync(ARTIFACTS)).toBe(true);
    renderPages(receipt, 'receipt');
  });
});

describe('the printed lab report', () => {
  it('prints the results with their flags, and a patient’s name in Devanagari', async () => {
    const patient = await createPatient(db, { name: 'सुनील पाटील' });
    const test = await db.labTest.create({ data: { code: `HB-${patient.id}`, name: 'Haemoglobin', sampleType: 'Blood (EDTA)' } });
    const now = new Date();
    const order = await db.labOrder.create({
      data: {
        orderNo: `LAB-T-${patient.id}`,
        patientId: patient.id,
        labTestId: test.id,
        status: 'RELEASED',
        sampleCollectedAt: now,
        releasedAt: now,
      },
    });
    await db.labResult.create({
      data: {
        labOrderId: order.id,
        parameter: 'Haemoglobin',
        value: '9.1',
        unit: 'g/dL',
        refRangeLow: 12,
        refRangeHigh: 17,
        isAbnormal: true,
      },
    });
    const pdf = await renderLabReportPdf(db, hospital, order.id);
    const text = await pdfText(pdf);
    expect(text).toContain('LABORATORY REPORT — Haemoglobin');
    expect(text).toContain('Haemoglobin | 9.1 | g/dL | 12 – 17 | ABNORMAL');
    expect(text).toMatch(/[\u0900-\u097f]{2,}/);
    renderPages(pdf, 'lab-report');
  });
});
