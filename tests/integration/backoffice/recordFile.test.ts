/**
 * Show pages carry their records (admin/related.ts): an invoice its lines and
 * payments, a patient the whole file, a lab order its results flagged, an audit
 * row its changes field by field — each section only for a role that may read
 * it, and medical rows shown are an audited read. The verifier reads the
 * results before verifying, and a verified report prints from the back-office.
 */
import { createActor, createCharge, createPatient, createPricedLabTest } from '../../factories.js';
import { signedInAs } from '../../support/backOffice.js';
import { useBackOffice, useDatabase } from '../../support/lifecycle.js';
import { fetchPdf, pdfText } from '../../support/pdfText.js';
import { draftInvoice, issueInvoice } from '../../../src/modules/billing/invoices.js';
import { recordPayment } from '../../../src/modules/payments/service.js';
import { collectSample, enterResults, orderLabTest } from '../../../src/modules/lab/service.js';

const db = useDatabase();
const office = useBackOffice(db);

const related = (model: string, id: number) => `/admin/api/resources/${model}/records/${id}/related`;
const action = (model: string, id: number, name: string) => `/admin/api/resources/${model}/records/${id}/${name}`;

type Section = {
  key: string;
  label: string;
  columns: string[];
  rows: Array<{ title: string; cells: string[]; alert: boolean; href: string | null }>;
  summary: string | null;
};
const section = (body: { sections: Section[] }, key: string) => body.sections.find((s) => s.key === key);

async function paidBill() {
  const admin = await createActor(db, 'ADMIN');
  const patient = await createPatient(db, { name: 'Meera Kulkarni' });
  await createCharge(db, patient.id, '1200', { description: 'Physiotherapy session' });
  await createCharge(db, patient.id, '300', { description: 'Dressing' });
  const draft = await draftInvoice(db, { HOSPITAL_STATE_CODE: '27' }, admin, { patientId: patient.id });
  const invoice = await issueInvoice(db, admin, { invoiceId: draft.id });
  await recordPayment(db, admin, { invoiceId: invoice.id, method: 'CASH', amount: '1000' });
  return { patient, invoice };
}

async function labOrderWithResults(patientId: number) {
  const [doctor, tech] = [await createActor(db, 'DOCTOR'), await createActor(db, 'LAB_TECH')];
  const test = await createPricedLabTest(
    db,
    { name: 'Haemoglobin', sampleType: 'Blood (EDTA)', unit: 'g/dL', refRangeLow: '12', refRangeHigh: '16', price: 150, sacCode: '999316' },
    'HB',
  );
  const order = await orderLabTest(db, doctor, { patientId, labTestId: test.id });
  await collectSample(db, tech, { labOrderId: order.id });
  await enterResults(db, tech, {
    labOrderId: order.id,
    results: [
      { parameter: 'Haemoglobin', value: '9.1' },
      { parameter: 'Remarks', value: 'Microcytic picture' },
    ],
  });
  return order;
}

describe('show pages with their records', () => {
  it('shows an invoice with its labelled lines and its payments', async () => {
    const { agent } = await signedInAs(office.app, db, 'BILLING');
    const { invoice } = await paidBill();
    const res = await agent.get(related('Invoice', invoice.id)).expect(200);
    const lines = section(res.body, 'lines');
    expect(lines?.columns).toEqual(['SAC', 'Quantity', 'Rate', 'Discount', 'Taxable value', 'GST %', 'CGST', 'SGST', 'IGST', 'Line total']);
    expect(lines?.rows.map((r) => r.title)).toEqual(['Physiotherapy session', 'Dressing']);
    expect(lines?.rows[0]?.cells).toContain('₹ 1,200.00');
    const payments = section(res.body, 'payments');
    expect(payments?.rows).toEqual([
      expect.objectContaining({
        title: expect.stringMatching(/^Receipt /),
        cells: expect.arrayContaining(['Cash', '₹ 1,000.00', 'Captured']),
      }),
    ]);
    // Billing may read refunds; nothing refunded yet.
    expect(section(res.body, 'refunds')?.rows).toEqual([]);
  });

  it('makes the patient page the patient’s file, with what is due, shaped by the role', async () => {
    const { patient, invoice } = await paidBill();
    await labOrderWithResults(patient.id);
    const { agent: desk } = await signedInAs(office.app, db, 'RECEPTIONIST');
    const file = await desk.get(related('Patient', patient.id)).expect(200);
    expect(file.body.sections.map((s: Section) => s.label)).toEqual(
      expect.arrayContaining(['OPD visits', 'Admissions', 'Bills', 'Payments', 'Advance deposits', 'Lab tests and results']),
    );
    const bills = section(file.body, 'bills');
    expect(bills?.summary).toBe('Due on 1 open bill(s): ₹ 500.00');
    expect(bills?.rows[0]).toMatchObject({
      title: `Invoice ${invoice.number}`,
      href: `/admin/resources/Invoice/records/${invoice.id}/show`,
    });
    expect(bills?.rows[0]?.cells).toEqual(['Partially paid', expect.any(String), '₹ 1,500.00', '₹ 1,000.00', '₹ 500.00']);
    // The receptionist sees that a test was ordered, never its results; medicines are not hers to read.
    const lab = section(file.body, 'labOrders');
    expect(lab?.columns).toEqual(['Ordered', 'Status']);
    expect(section(file.body, 'medicines')).toBeUndefined();

    const { agent: doctor, staff } = await signedInAs(office.app, db, 'DOCTOR');
    const clinical = await doctor.get(related('Patient', patient.id)).expect(200);
    const results = section(clinical.body, 'labOrders');
    expect(results?.columns).toEqual(['Ordered', 'Status', 'Results']);
    expect(results?.rows[0]).toMatchObject({
      alert: true,
      cells: expect.arrayContaining(['Haemoglobin 9.1 g/dL (abnormal); Remarks Microcytic picture']),
    });
    // Bills are not the doctor's to read.
    expect(section(clinical.body, 'bills')).toBeUndefined();
    const read = await db.auditLog.findFirstOrThrow({
      where: { action: 'READ', userId: staff.id, model: 'Patient', recordId: String(patient.id) },
    });
    expect(read.after).toMatchObject({ shown: { LabOrder: [expect.any(Number)] } });
  });

  it('lets the verifier read the results against their ranges, then prints the verified report', async () => {
    const patient = await createPatient(db, { name: 'Sunita Pawar' });
    const order = await labOrderWithResults(patient.id);
    const { agent: verifier } = await signedInAs(office.app, db, 'LAB_TECH');
    const form = await verifier.get(action('LabOrder', order.id, 'verifyResults')).expect(200);
    expect(form.body.review).toEqual({
      heading: 'Results to verify',
      columns: ['Parameter', 'Result', 'Unit', 'Normal range', 'Flag', 'Entered by'],
      rows: [
        { cells: ['Haemoglobin', '9.1', 'g/dL', '12 – 16', 'Abnormal', 'Actor LAB_TECH'], alert: true },
        { cells: ['Remarks', 'Microcytic picture', '—', '12 – 16', 'Normal', 'Actor LAB_TECH'], alert: false },
      ],
    });
    // Not printable before verification.
    await verifier.get(`/admin/lab-orders/${order.id}/pdf`).expect(404);
    const verified = await verifier.post(action('LabOrder', order.id, 'verifyResults')).expect(200);
    expect(verified.body.notice).toEqual({ type: 'success', message: 'Results verified' });

    const shown = await verifier.get(related('LabOrder', order.id)).expect(200);
    const results = section(shown.body, 'results');
    expect(results?.rows.map((r) => [r.title, r.alert])).toEqual([
      ['Haemoglobin: 9.1 g/dL', true],
      ['Remarks: Microcytic picture', false],
    ]);
    expect(results?.rows[0]?.cells).toEqual(expect.arrayContaining(['12 – 16', 'Abnormal']));

    const pdf = await fetchPdf(verifier, `/admin/lab-orders/${order.id}/pdf`);
    expect(pdf.status).toBe(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    const text = await pdfText(pdf.body as Buffer);
    expect(text).toContain('Sunita Pawar');
    expect(text).toMatch(/Haemoglobin \| 9\.1 \| g\/dL \| 12 – 16 \| ABNORMAL/);
    expect(text).toContain('Verified by: Test LAB_TECH');
    expect(await db.auditLog.count({ where: { action: 'READ', model: 'LabOrder', recordId: String(order.id) } })).toBeGreaterThan(0);

    // Billing staff never read results: neither the report nor the section.
    const { agent: billing } = await signedInAs(office.app, db, 'BILLING');
    await billing.get(`/admin/lab-orders/${order.id}/pdf`).expect(403);
    expect(section((await billing.get(related('LabOrder', order.id)).expect(200)).body, 'results')).toBeUndefined();
  });

  it('reads an audit row as before → after for each changed field, the action in words', async () => {
    const { agent } = await signedInAs(office.app, db, 'ADMIN');
    const patient = await createPatient(db, { name: 'Farhan Shaikh', city: 'Pune' });
    await agent
      .post(`/admin/api/resources/Patient/records/${patient.id}/edit`)
      .type('form')
      .send({ name: 'Farhan Shaikh', gender: 'MALE', phone: patient.phone, city: 'Nashik' })
      .expect(200);
    const entry = await db.auditLog.findFirstOrThrow({ where: { model: 'Patient', recordId: String(patient.id), action: 'UPDATE' } });
    const res = await agent.get(related('AuditLog', entry.id)).expect(200);
    const changes = section(res.body, 'changes');
    expect(changes?.columns).toEqual(['Before', 'After']);
    expect(changes?.rows.map((r) => [r.title, ...r.cells])).toEqual(
      expect.arrayContaining([
        ['City', 'Pune', 'Nashik'],
        ['Gender', 'FEMALE', 'MALE'],
      ]),
    );

    const list = await agent
      .get('/admin/api/resources/AuditLog/actions/list')
      .query({ 'filters.recordId': String(patient.id) })
      .expect(200);
    expect(list.body.records[0].params.label).toMatch(/^Changed · Patient #\d+ · \d{2}-[A-Z][a-z]{2}-\d{4} \d{2}:\d{2}$/);
  });

  it('refuses the related records of a model the role may not read', async () => {
    const { invoice } = await paidBill();
    const { agent } = await signedInAs(office.app, db, 'PHARMACIST');
    await agent.get(related('Invoice', invoice.id)).expect(403);
  });
});
