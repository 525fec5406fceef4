/**
 * Invoices against the real database: every unbilled item exactly once,
 * gapless numbers per fiscal year even for 20 issues at once, and
 * cancellation only with a credit note.
 */
import type { Actor } from '../../../src/modules/actor.js';
import { addServiceToDraft, cancelInvoice, draftInvoice, issueInvoice } from '../../../src/modules/billing/invoices.js';
import {
  createActor,
  createCharge,
  createDepartment,
  createDoctorWithDailyOpd,
  createPatient,
  createVisitToday,
  unique,
} from '../../factories.js';
import { errorOf, useDatabase } from '../../support/lifecycle.js';

const db = useDatabase(25);
const env = { HOSPITAL_STATE_CODE: '27' };
let billing: Actor;
beforeAll(async () => {
  billing = await createActor(db, 'BILLING');
});

/** A patient with a consultation (exempt), ten units of an over-the-counter medicine at 5 % inside its MRP, and a lab test. */
async function patientWithCharges(stateCode = '27') {
  const patient = await createPatient(db, { stateCode });
  const base = { patientId: patient.id };
  await db.billableItem.createMany({
    data: [
      {
        ...base,
        source: 'CONSULTATION',
        sourceRef: unique('appointment:'),
        description: 'Consultation – Dr. Test',
        quantity: 1,
        unitPrice: 500,
        supplyClass: 'OPD_HEALTH_CARE',
        gstRate: 0,
      },
      {
        ...base,
        source: 'DRUG',
        sourceRef: unique('dispensation:'),
        description: 'Paracetamol 500 mg',
        quantity: 10,
        unitPrice: 2,
        supplyClass: 'RETAIL_PHARMACY',
        gstRate: 5,
        priceIncludesGst: true,
      },
      {
        ...base,
        source: 'LAB_TEST',
        sourceRef: unique('laborder:'),
        description: 'Haemoglobin',
        quantity: 1,
        unitPrice: 350,
        supplyClass: 'OPD_HEALTH_CARE',
        gstRate: 0,
      },
    ],
  });
  return patient;
}

describe('drafting from unbilled items', () => {
  it('takes every unbilled item once, with GST worked per line and the total rounded to the rupee', async () => {
    const patient = await patientWithCharges();
    const invoice = await draftInvoice(db, env, billing, { patientId: patient.id });
    expect(invoice).toMatchObject({ status: 'DRAFT', number: null, interState: false });
    expect(
      [
        invoice.subtotal,
        invoice.taxableTotal,
        invoice.cgstTotal,
        invoice.sgstTotal,
        invoice.igstTotal,
        invoice.roundOff,
        invoice.total,
      ].map((d) => d.toFixed(2)),
      // ₹20 at 5 % inside the MRP: taxable 19.05, tax 0.95 → CGST 0.47 + SGST 0.47, the odd paisa stays taxable (19.06).
    ).toEqual(['870.00', '869.06', '0.47', '0.47', '0.00', '0.00', '870.00']);
    expect(await db.billableItem.count({ where: { patientId: patient.id, invoiceLineId: null } })).toBe(0);
    expect(await errorOf(draftInvoice(db, env, billing, { patientId: patient.id }))).toMatchObject({
      status: 409,
      code: 'NOTHING_TO_BILL',
    });
    expect(await errorOf(draftInvoice(db, env, billing, { patientId: 2_000_000_000 }))).toMatchObject({ status: 404 });
  });

  it('bills CGST + SGST to a patient from another state: the place of supply is the hospital (IGST Act s.10(1), s.12(4))', async () => {
    const patient = await patientWithCharges('29');
    const invoice = await draftInvoice(db, env, billing, { patientId: patient.id });
    expect(invoice).toMatchObject({ interState: false, placeOfSupply: '27' });
    expect([invoice.cgstTotal, invoice.sgstTotal, invoice.igstTotal].map((d) => d.toFixed(2))).toEqual(['0.47', '0.47', '0.00']);
  });

  it('never bills an item twice when two clerks draft at the same moment', async () => {
    const patient = await patientWithCharges();
    const outcomes = await Promise.allSettled([
      draftInvoice(db, env, billing, { patientId: patient.id }),
      draftInvoice(db, env, billing, { patientId: patient.id }),
    ]);
    expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
    expect(outcomes.find((o): o is PromiseRejectedResult => o.status === 'rejected')?.reason).toMatchObject({ code: 'NOTHING_TO_BILL' });
    expect(await db.invoiceLine.count({ where: { invoice: { patientId: patient.id } } })).toBe(3);
  });

  it('links each item to its own line and attributes each line to its service or treating doctor, and their department', async () => {
    const patient = await createPatient(db);
    const doctor = await createDoctorWithDailyOpd(db);
    const visit = await createVisitToday(db, { patientId: patient.id, doctorId: doctor.id });
    const surgery = await createDepartment(db);
    const dressing = await db.service.create({
      data: { code: unique('S'), name: 'Dressing', category: 'PROCEDURE', price: 250, departmentId: surgery.id },
    });
    const consultation = await createCharge(db, patient.id, 500, { source: 'CONSULTATION', appointmentId: visit.id });
    const procedure = await createCharge(db, patient.id, 250, { serviceId: dressing.id, appointmentId: visit.id });
    const medicine = await createCharge(db, patient.id, 20, {
      source: 'DRUG',
      supplyClass: 'RETAIL_PHARMACY',
      gstRate: 5,
      priceIncludesGst: true,
    });

    const invoice = await draftInvoice(db, env, billing, { patientId: patient.id });
    const lines = await db.invoiceLine.findMany({ where: { invoiceId: invoice.id }, include: { billableItem: true } });
    const lineOf = (sourceRef: string) => lines.find((l) => l.sourceRef === sourceRef);
    expect(lines).toHaveLength(3);
    for (const line of lines) expect(line.billableItem?.sourceRef).toBe(line.sourceRef);
    expect(lineOf(consultation.sourceRef)).toMatchObject({
      category: 'CONSULTATION',
      doctorId: doctor.id,
      departmentId: doctor.departmentId,
    });
    // The service's own department wins over the treating doctor's.
    expect(lineOf(procedure.sourceRef)).toMatchObject({ category: 'PROCEDURE', doctorId: doctor.id, departmentId: surgery.id });
    expect(lineOf(medicine.sourceRef)).toMatchObject({ category: 'PHARMACY', doctorId: null, departmentId: null });
    expect(invoice.total.toFixed(2)).toBe('770.00');
  });

  it('keeps discounts within the role’s limit: billing staff 10 %, administrators more', async () => {
    const draft = await draftInvoice(db, env, billing, { patientId: (await patientWithCharges()).id });
    const service = await db.service.create({
      data: { code: unique('S'), name: 'Physiotherapy session', category: 'PROCEDURE', price: 500 },
    });
    const refused = await errorOf(
      addServiceToDraft(db, billing, { invoiceId: draft.id, serviceId: service.id, quantity: 1, discount: '50.01' }),
    );
    expect(refused).toMatchObject({
      status: 403,
      message: 'Your role may give at most 10% discount on a line (₹ 50.00 here); ask an administrator for more',
    });
    await addServiceToDraft(db, billing, { invoiceId: draft.id, serviceId: service.id, quantity: 1, discount: '50' });
    const admin = await createActor(db, 'ADMIN');
    await addServiceToDraft(db, admin, { invoiceId: draft.id, serviceId: service.id, quantity: 1, discount: '250' });
    expect(await db.invoiceLine.count({ where: { invoiceId: draft.id, serviceId: service.id } })).toBe(2);
  });

  it('adds a tariff service with a discount to a draft, keeping the price it was billed at', async () => {
    const patient = await patientWithCharges();
    const draft = await draftInvoice(db, env, billing, { patientId: patient.id });
    const service = await db.service.create({
      data: { code: unique('S'), name: 'Medical certificate', category: 'OTHER', price: 200, gstRate: 18, isHealthCare: false },
    });
    const updated = await addServiceToDraft(db, billing, { invoiceId: draft.id, serviceId: service.id, quantity: 1, discount: '20' });
    // 870.00 + (180 + 16.20 + 16.20) = 1082.40 → 1082.00, round off −0.40
    expect([updated.total, updated.roundOff].map((d) => d.toFixed(2))).toEqual(['1082.00', '-0.40']);
    await db.service.update({ where: { id: service.id }, data: { price: 250 } });
    const line = await db.invoiceLine.findFirstOrThrow({ where: { invoiceId: draft.id, serviceId: service.id } });
    expect(line.unitPrice.toFixed(2)).toBe('200.00');
    expect(
      await errorOf(addServiceToDraft(db, billing, { invoiceId: draft.id, serviceId: service.id, quantity: 1, discount: '500' })),
    ).toMatchObject({
      status: 400,
      message: 'The discount cannot be more than the line amount',
    });
  });
});

describe('issuing and numbering', () => {
  it('numbers 20 bills issued at the same moment without gaps, in their series and fiscal year, in 16 characters at most', async () => {
    const drafts = [];
    for (let i = 0; i < 20; i++) drafts.push(await draftInvoice(db, env, billing, { patientId: (await patientWithCharges()).id }));
    // A fiscal year of its own, so other tests' invoices do not interleave.
    const far = new Date('2091-06-15T06:00:00Z');
    const issued = await Promise.all(drafts.map((d) => issueInvoice(db, billing, { invoiceId: d.id }, far)));
    const numbers = issued.map((i) => i.number).sort();
    // Taxable and exempt lines to a patient: invoices-cum-bills of supply (Rule 46A), in their own series.
    expect(numbers).toEqual(Array.from({ length: 20 }, (_, i) => `IB/9192/${String(i + 1).padStart(6, '0')}`));
    expect(issued.every((i) => i.status === 'ISSUED' && i.fiscalYear === '2091-92')).toBe(true);
  }, 60_000);

  it('refuses to issue twice, to issue an empty invoice, and to touch an issued one', async () => {
    const draft = await draftInvoice(db, env, billing, { patientId: (await patientWithCharges()).id });
    const issued = await issueInvoice(db, billing, { invoiceId: draft.id });
    expect(issued.number).toMatch(/^IB\/\d{4}\/\d{6}$/);
    expect(await errorOf(issueInvoice(db, billing, { invoiceId: draft.id }))).toMatchObject({ status: 409, code: 'INVALID_STATE' });
    const service = await db.service.create({ data: { code: unique('S'), name: 'Dressing', category: 'PROCEDURE', price: 250 } });
    expect(await errorOf(addServiceToDraft(db, billing, { invoiceId: draft.id, serviceId: service.id, quantity: 1 }))).toMatchObject({
      code: 'INVALID_STATE',
    });
    const empty = await db.invoice.create({ data: { patientId: (await createPatient(db)).id } });
    expect((await errorOf(issueInvoice(db, billing, { invoiceId: empty.id })))?.message).toBe('An invoice needs at least one line');
  });
});

describe('cancelling', () => {
  it('cancels only with a reason and a credit note, and the items can be billed again', async () => {
    const patient = await patientWithCharges();
    const issued = await issueInvoice(db, billing, { invoiceId: (await draftInvoice(db, env, billing, { patientId: patient.id })).id });
    expect(await errorOf(cancelInvoice(db, billing, { invoiceId: issued.id, reason: '' }))).toMatchObject({ name: 'ZodError' });
    const { invoice, creditNote } = await cancelInvoice(db, billing, { invoiceId: issued.id, reason: 'Wrong patient selected' });
    expect(invoice).toMatchObject({ status: 'CANCELLED', cancelReason: 'Wrong patient selected' });
    expect(creditNote).toMatchObject({ kind: 'CREDIT_NOTE', originalInvoiceId: issued.id, status: 'ISSUED' });
    expect(creditNote).toMatchObject({ documentType: 'CREDIT_NOTE', number: expect.stringMatching(/^CN\/\d{4}\/\d{6}$/) });
    expect(creditNote.total.toFixed(2)).toBe(issued.total.toFixed(2));
    expect(await errorOf(cancelInvoice(db, billing, { invoiceId: issued.id, reason: 'Again, by mistake' }))).toMatchObject({
      code: 'INVALID_STATE',
    });
    const again = await draftInvoice(db, env, billing, { patientId: patient.id });
    expect(again.total.toFixed(2)).toBe(issued.total.toFixed(2));
    // The items now point at the new bill's lines, not at the cancelled one's (their sourceRefs are on both).
    const items = await db.billableItem.findMany({ where: { patientId: patient.id }, include: { invoiceLine: true } });
    expect(items.map((i) => i.invoiceLine?.invoiceId)).toEqual([again.id, again.id, again.id]);
  });

  it('refuses to cancel a draft or an invoice with payments', async () => {
    const draft = await draftInvoice(db, env, billing, { patientId: (await patientWithCharges()).id });
    expect(await errorOf(cancelInvoice(db, billing, { invoiceId: draft.id, reason: 'Not issued yet' }))).toMatchObject({
      code: 'INVALID_STATE',
    });
    const issued = await issueInvoice(db, billing, { invoiceId: draft.id });
    await db.invoice.update({ where: { id: issued.id }, data: { amountPaid: 100, status: 'PARTIALLY_PAID' } });
    expect(await errorOf(cancelInvoice(db, billing, { invoiceId: issued.id, reason: 'Patient disputes' }))).toMatchObject({
      code: 'INVALID_STATE',
    });
  });
});
