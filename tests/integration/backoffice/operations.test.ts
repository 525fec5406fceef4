/**
 * The hospital's operations through the real back-office router: each calls
 * its service, answers with a notice, refuses the wrong role with 403, and is
 * never performed by a GET.
 */
import {
  createBed,
  createCharge,
  createDoctorWithDailyOpd,
  createPatient,
  createPricedLabTest,
  istAt,
  istDayFromToday,
  unique,
} from '../../factories.js';
import { createStaff, signedInAs } from '../../support/backOffice.js';
import { useBackOffice, useDatabase } from '../../support/lifecycle.js';
import { fetchPdf, pdfText } from '../../support/pdfText.js';

const db = useDatabase();
const office = useBackOffice(db);

const action = (model: string, id: number, name: string) => `/admin/api/resources/${model}/records/${id}/${name}`;

describe('operations in the back-office', () => {
  it('books an appointment from the patient, offering only free slots, and audits it', async () => {
    const { agent, staff } = await signedInAs(office.app, db, 'RECEPTIONIST');
    const [patient, doctor] = [await createPatient(db), await createDoctorWithDailyOpd(db)];
    const day = istDayFromToday(2);
    const form = await agent
      .get(action('Patient', patient.id, 'bookAppointment'))
      .query({ doctorId: String(doctor.id), date: day })
      .expect(200);
    expect(form.body.options.doctorId.some((o: { value: string }) => o.value === String(doctor.id))).toBe(true);
    expect(form.body.options.slotStart).toHaveLength(16);
    expect(form.body.options.slotStart[0]).toEqual({
      value: istAt(day, '09:00').toISOString(),
      label: expect.stringMatching(/^09:00 am$/i),
    });

    const booked = await agent
      .post(action('Patient', patient.id, 'bookAppointment'))
      .type('form')
      .send({ doctorId: String(doctor.id), date: day, slotStart: istAt(day, '09:30').toISOString() })
      .expect(200);
    expect(booked.body.notice).toMatchObject({ type: 'success', message: expect.stringMatching(/^Booked for 09:30 am on /i) });
    const appointment = await db.appointment.findFirstOrThrow({ where: { patientId: patient.id } });
    expect(appointment.bookedById).toBe(staff.id);
    expect(await db.auditLog.count({ where: { model: 'Appointment', recordId: String(appointment.id), userId: staff.id } })).toBe(1);

    const again = await agent
      .post(action('Patient', (await createPatient(db)).id, 'bookAppointment'))
      .type('form')
      .send({ doctorId: String(doctor.id), date: day, slotStart: istAt(day, '09:30').toISOString() });
    expect(again.body.notice).toEqual({
      type: 'error',
      message: 'This slot has just been booked by someone else. Please choose another slot.',
    });
  });

  it('never performs an operation on a GET', async () => {
    const { agent } = await signedInAs(office.app, db, 'NURSE');
    const bed = await createBed(db);
    await db.bed.update({ where: { id: bed.id }, data: { status: 'CLEANING' } });
    await agent.get(action('Bed', bed.id, 'markReady')).expect(200);
    expect((await db.bed.findUniqueOrThrow({ where: { id: bed.id } })).status).toBe('CLEANING');
    const done = await agent.post(action('Bed', bed.id, 'markReady')).expect(200);
    expect(done.body.notice).toMatchObject({ type: 'success', message: 'Bed is free' });
    expect((await db.bed.findUniqueOrThrow({ where: { id: bed.id } })).status).toBe('FREE');
  });

  it('refuses an operation to a role that may not run it with 403, and changes nothing', async () => {
    const { agent } = await signedInAs(office.app, db, 'BILLING');
    const [patient, bed, doctor] = [await createPatient(db), await createBed(db), await createDoctorWithDailyOpd(db)];
    const res = await agent
      .post(action('Patient', patient.id, 'admit'))
      .type('form')
      .send({ bedId: String(bed.id), doctorId: String(doctor.id) });
    expect(res.status).toBe(403);
    expect(await db.admission.count({ where: { patientId: patient.id } })).toBe(0);
  });

  it('admits, then discharges with a summary, showing the service’s message when input is wrong', async () => {
    const { agent } = await signedInAs(office.app, db, 'NURSE');
    const [patient, bed, doctor] = [await createPatient(db), await createBed(db), await createDoctorWithDailyOpd(db)];
    const admitted = await agent
      .post(action('Patient', patient.id, 'admit'))
      .type('form')
      .send({ bedId: String(bed.id), doctorId: String(doctor.id), depositAmount: '5000', depositMethod: 'CASH' })
      .expect(200);
    expect(admitted.body.notice.message).toMatch(/^Admitted: IP\//);
    const admission = await db.admission.findFirstOrThrow({ where: { patientId: patient.id } });

    const short = await agent
      .post(action('Admission', admission.id, 'discharge'))
      .type('form')
      .send({ summary: 'ok' });
    expect(short.body.notice).toEqual({ type: 'error', message: 'summary: Write a discharge summary (at least 10 characters)' });
    const { agent: doctorAgent } = await signedInAs(office.app, db, 'DOCTOR');
    const discharge = () =>
      doctorAgent
        .post(action('Admission', admission.id, 'discharge'))
        .type('form')
        .send({ summary: 'Afebrile for 48 hours, discharged on oral antibiotics.' });
    expect((await discharge()).body.notice).toEqual({
      type: 'error',
      message: expect.stringMatching(/^1 charge\(s\) of this stay are not billed yet \(Room rent .*\): use "Final bill" first$/),
    });
    // Billing prepares the final bill: the ₹1,500 day is paid from the ₹5,000 advance.
    const { agent: billing } = await signedInAs(office.app, db, 'BILLING');
    const finalBill = await billing.post(action('Admission', admission.id, 'finalBill')).expect(200);
    expect(finalBill.body.notice.message).toMatch(/^Issued BS\/\d{4}\/\d{6}\. Nothing due; ₹ 3500\.00 of the advance is left to refund$/);
    expect((await discharge()).body.notice.message).toMatch(/^₹ 3500\.00 of the advance is still held/);
    const left = await db.deposit.findFirstOrThrow({ where: { admissionId: admission.id, status: 'HELD' } });
    const approver = await createStaff(db, 'ADMIN');
    const refunded = await billing
      .post(action('Deposit', left.id, 'refundDeposit'))
      .type('form')
      .send({ reason: 'Excess advance paid back in cash', approvedById: String(approver.id) })
      .expect(200);
    expect(refunded.body.notice.message).toMatch(/^Refund voucher RF\/\d{4}\/\d{6}: pay back ₹ 3500\.00$/);
    const discharged = await discharge();
    expect(discharged.body.notice).toEqual({ type: 'success', message: 'Discharged' });
    expect((await db.admission.findUniqueOrThrow({ where: { id: admission.id } })).status).toBe('DISCHARGED');
  });

  it('dispenses from the patient screen and reports short stock in words', async () => {
    const { agent } = await signedInAs(office.app, db, 'PHARMACIST');
    const patient = await createPatient(db);
    const drug = await db.drug.create({ data: { code: unique('DR'), name: 'Cetirizine 10 mg', gstRate: 5 } });
    await agent
      .post('/admin/api/resources/DrugBatch/actions/receiveStock')
      .type('form')
      .send({ drugId: String(drug.id), batchNo: 'C1', expiryDate: istDayFromToday(200), quantity: '10', mrp: '1.80', costPrice: '0.90' })
      .expect(200);
    const ok = await agent
      .post(action('Patient', patient.id, 'dispense'))
      .type('form')
      .send({ drugId: String(drug.id), quantity: '4' });
    expect(ok.body.notice).toEqual({ type: 'success', message: 'Dispensed 4 unit(s) from 1 batch(es)' });
    const short = await agent
      .post(action('Patient', patient.id, 'dispense'))
      .type('form')
      .send({ drugId: String(drug.id), quantity: '7' });
    expect(short.body.notice).toEqual({ type: 'error', message: 'Only 6 units of Cetirizine 10 mg in stock (unexpired); 7 requested' });
  });
});

describe('operation pages', () => {
  it("shows a doctor's queue for today in token order and lets the desk check in from it", async () => {
    const { agent } = await signedInAs(office.app, db, 'RECEPTIONIST');
    const doctor = await createDoctorWithDailyOpd(db);
    const today = istDayFromToday(0);
    // Booked directly: slots earlier today are in the past for the booking rule.
    const appointment = await db.appointment.create({
      data: {
        patientId: (await createPatient(db, { name: 'Queue Patient' })).id,
        doctorId: doctor.id,
        visitDate: new Date(today),
        slotStart: istAt(today, '23:00'),
        slotEnd: istAt(today, '23:15'),
      },
    });
    const page = await agent
      .get('/admin/api/pages/todaysQueue')
      .query({ doctorId: String(doctor.id) })
      .expect(200);
    expect(page.body.queue).toEqual([
      expect.objectContaining({ id: appointment.id, status: 'BOOKED', patient: expect.objectContaining({ name: 'Queue Patient' }) }),
    ]);
    const checkIn = await agent.post(action('Appointment', appointment.id, 'checkIn')).expect(200);
    expect(checkIn.body.notice).toEqual({ type: 'success', message: 'Checked in: token 1' });
  });

  it('shows the bed board, and keeps pharmacy alerts to pharmacy staff', async () => {
    const { agent: nurse } = await signedInAs(office.app, db, 'NURSE');
    const bed = await createBed(db);
    const board = await nurse.get('/admin/api/pages/bedBoard').expect(200);
    const beds = board.body.wards.flatMap((w: { beds: Array<{ id: number; status: string }> }) => w.beds);
    expect(beds.find((b: { id: number }) => b.id === bed.id)).toMatchObject({ status: 'FREE' });
    expect((await nurse.get('/admin/api/pages/pharmacyAlerts')).status).toBe(403);
    const { agent: pharmacist } = await signedInAs(office.app, db, 'PHARMACIST');
    const alerts = await pharmacist.get('/admin/api/pages/pharmacyAlerts').expect(200);
    expect(alerts.body).toMatchObject({ days: 90, nearExpiry: expect.any(Array), lowStock: expect.any(Array) });
  });
});

describe('state managed by operations', () => {
  it('cannot be changed with the generic forms: no blank appointments, admissions or lab orders, no status edits', async () => {
    const { agent } = await signedInAs(office.app, db, 'RECEPTIONIST');
    const [patient, doctor] = [await createPatient(db), await createDoctorWithDailyOpd(db)];
    const blank = await agent
      .post('/admin/api/resources/Appointment/actions/new')
      .type('form')
      .send({ patient: String(patient.id), doctor: String(doctor.id) });
    expect(blank.status).toBe(403);
    expect((await agent.post('/admin/api/resources/Admission/actions/new').type('form').send({})).status).toBe(403);

    const day = istDayFromToday(4);
    await agent
      .post(action('Patient', patient.id, 'bookAppointment'))
      .type('form')
      .send({ doctorId: String(doctor.id), date: day, slotStart: istAt(day, '10:00').toISOString() });
    const appointment = await db.appointment.findFirstOrThrow({ where: { patientId: patient.id } });
    await agent
      .post(action('Appointment', appointment.id, 'edit'))
      .type('form')
      .send({ status: 'SEEN', tokenNo: '7', doctor: String((await createDoctorWithDailyOpd(db)).id), notes: 'Prefers Marathi' })
      .expect(200);
    const after = await db.appointment.findUniqueOrThrow({ where: { id: appointment.id } });
    expect(after).toMatchObject({ status: 'BOOKED', tokenNo: null, doctorId: doctor.id, notes: 'Prefers Marathi' });
  });
});

describe('laboratory and stock operations', () => {
  it('runs a lab order through the back-office: order, collect, enter, verify by a second person, release', async () => {
    const { agent: doctorAgent } = await signedInAs(office.app, db, 'DOCTOR');
    const { agent: tech } = await signedInAs(office.app, db, 'LAB_TECH');
    const { agent: secondTech } = await signedInAs(office.app, db, 'LAB_TECH');
    const patient = await createPatient(db);
    const test = await createPricedLabTest(
      db,
      { name: 'Serum creatinine', sampleType: 'Serum', unit: 'mg/dL', refRangeLow: 0.6, refRangeHigh: 1.3, price: 250 },
      'T',
    );
    const ordered = await doctorAgent
      .post(action('Patient', patient.id, 'orderLabTest'))
      .type('form')
      .send({ labTestId: String(test.id) });
    expect(ordered.body.notice.message).toMatch(/^Ordered: LAB\//);
    const order = await db.labOrder.findFirstOrThrow({ where: { patientId: patient.id } });

    await tech.post(action('LabOrder', order.id, 'collectSample')).expect(200);
    await tech
      .post(action('LabOrder', order.id, 'enterResults'))
      .type('form')
      .send({ parameter: 'Creatinine', value: '2.4' })
      .expect(200);
    const self = await tech.post(action('LabOrder', order.id, 'verifyResults'));
    expect(self.body.notice).toEqual({
      type: 'error',
      message: 'Results must be verified by someone other than the person who entered them',
    });
    expect((await secondTech.post(action('LabOrder', order.id, 'verifyResults'))).body.notice.type).toBe('success');
    expect((await doctorAgent.post(action('LabOrder', order.id, 'releaseResults'))).body.notice.type).toBe('success');
    const result = await db.labResult.findFirstOrThrow({ where: { labOrderId: order.id } });
    expect(result).toMatchObject({ isAbnormal: true, unit: 'mg/dL' });
    expect((await db.labOrder.findUniqueOrThrow({ where: { id: order.id } })).status).toBe('RELEASED');
  });

  it('takes returns and adjustments with their reasons through the back-office', async () => {
    const { agent } = await signedInAs(office.app, db, 'PHARMACIST');
    const patient = await createPatient(db);
    const drug = await db.drug.create({ data: { code: unique('DR'), name: 'ORS sachet', gstRate: 5 } });
    await agent
      .post('/admin/api/resources/DrugBatch/actions/receiveStock')
      .type('form')
      .send({ drugId: String(drug.id), batchNo: 'O1', expiryDate: istDayFromToday(300), quantity: '20', mrp: '21', costPrice: '12' })
      .expect(200);
    await agent
      .post(action('Patient', patient.id, 'dispense'))
      .type('form')
      .send({ drugId: String(drug.id), quantity: '5' })
      .expect(200);
    const dispensation = await db.dispensation.findFirstOrThrow({ where: { patientId: patient.id } });
    const returned = await agent
      .post(action('Dispensation', dispensation.id, 'returnToStock'))
      .type('form')
      .send({ quantity: '2' });
    expect(returned.body.notice).toEqual({ type: 'success', message: 'Returned to stock' });
    const batch = await db.drugBatch.findFirstOrThrow({ where: { drugId: drug.id } });
    const adjusted = await agent
      .post(action('DrugBatch', batch.id, 'adjustStock'))
      .type('form')
      .send({ change: '-1', reason: 'Sachet torn' });
    expect(adjusted.body.notice).toEqual({ type: 'success', message: 'Batch now holds 16 units' });
    const types = (await db.stockMovement.findMany({ where: { batchId: batch.id }, orderBy: { id: 'asc' } })).map((m) => m.type);
    expect(types).toEqual(['RECEIPT', 'DISPENSE', 'RETURN', 'ADJUSTMENT']);
  });
});

describe('billing operations', () => {
  it('generates a bill from unbilled items, adds a service, issues it and cancels it with a credit note', async () => {
    const { agent } = await signedInAs(office.app, db, 'BILLING');
    const patient = await createPatient(db, { stateCode: '27' });
    await db.billableItem.create({
      data: {
        patientId: patient.id,
        source: 'CONSULTATION',
        sourceRef: unique('appointment:'),
        description: 'Consultation',
        quantity: 1,
        unitPrice: 600,
        supplyClass: 'OPD_HEALTH_CARE',
        gstRate: 0,
      },
    });
    const generated = await agent.post(action('Patient', patient.id, 'generateBill')).expect(200);
    expect(generated.body.notice).toEqual({ type: 'success', message: 'Draft bill for ₹ 600.00: add services, then issue it' });
    const invoice = await db.invoice.findFirstOrThrow({ where: { patientId: patient.id } });
    // The clerk lands on the draft, where "Add service" and "Issue" are.
    expect(generated.body.redirectUrl).toBe(`/admin/resources/Invoice/records/${invoice.id}/show`);

    const service = await db.service.create({
      data: { code: unique('S'), name: 'Medical certificate', category: 'OTHER', price: 200, gstRate: 18, isHealthCare: false },
    });
    const added = await agent
      .post(action('Invoice', invoice.id, 'addService'))
      .type('form')
      .send({ serviceId: String(service.id), quantity: '1' });
    expect(added.body.notice).toEqual({ type: 'success', message: 'Total now ₹ 836.00' });
    const issued = await agent.post(action('Invoice', invoice.id, 'issue'));
    // An exempt consultation and a taxed certificate to a patient: one invoice-cum-bill of supply (Rule 46A).
    expect(issued.body.notice.message).toMatch(/^Issued invoice-cum-bill of supply IB\/\d{4}\/\d{6}$/);
    // Issued: the generic edit is refused, the lines cannot be touched.
    expect(
      (
        await agent
          .post(action('Invoice', invoice.id, 'edit'))
          .type('form')
          .send({ total: '1' })
      ).status,
    ).toBe(403);
    const line = await db.invoiceLine.findFirstOrThrow({ where: { invoiceId: invoice.id } });
    expect(
      (
        await agent
          .post(action('InvoiceLine', line.id, 'edit'))
          .type('form')
          .send({ unitPrice: '1' })
      ).status,
    ).toBe(403);

    const cancelled = await agent
      .post(action('Invoice', invoice.id, 'cancelWithCreditNote'))
      .type('form')
      .send({ reason: 'Billed to the wrong patient' });
    expect(cancelled.body.notice.message).toMatch(/^Cancelled; credit note CN\//);
    expect((await db.invoice.findUniqueOrThrow({ where: { id: invoice.id } })).status).toBe('CANCELLED');
  });

  it('keeps billing operations from other roles (403)', async () => {
    const { agent } = await signedInAs(office.app, db, 'RECEPTIONIST');
    const patient = await createPatient(db);
    expect((await agent.post(action('Patient', patient.id, 'generateBill'))).status).toBe(403);
  });
});

describe('payment operations', () => {
  it('records a payment and a refund approved by an administrator from the back-office', async () => {
    const { agent } = await signedInAs(office.app, db, 'BILLING');
    const admin = await db.user.create({
      data: { email: `${unique('adm')}@test.parth.hospital`, name: 'Approving Admin', role: 'ADMIN', passwordHash: 'x' },
    });
    const patient = await createPatient(db);
    await createCharge(db, patient.id, 900);
    await agent.post(action('Patient', patient.id, 'generateBill')).expect(200);
    const invoice = await db.invoice.findFirstOrThrow({ where: { patientId: patient.id } });
    await agent.post(action('Invoice', invoice.id, 'issue')).expect(200);

    const paid = await agent
      .post(action('Invoice', invoice.id, 'recordPayment'))
      .type('form')
      .send({ method: 'UPI', amount: '900', reference: 'UPI-REF-1' });
    expect(paid.body.notice.message).toMatch(/^Received ₹ 900.00: receipt RC\//);
    const payment = await db.payment.findFirstOrThrow({ where: { invoiceId: invoice.id } });
    const form = await agent.get(action('Payment', payment.id, 'refund')).expect(200);
    expect(form.body.options.approvedById).toContainEqual({ value: String(admin.id), label: 'Approving Admin' });
    const refunded = await agent
      .post(action('Payment', payment.id, 'refund'))
      .type('form')
      .send({ amount: '100', reason: 'Discount approved late', approvedById: String(admin.id) });
    expect(refunded.body.notice.message).toMatch(/^Refund RF\/.* recorded$/);
    expect((await db.invoice.findUniqueOrThrow({ where: { id: invoice.id } })).amountPaid.toFixed(2)).toBe('800.00');
    expect((await agent.post('/admin/api/resources/Payment/actions/new').type('form').send({ amount: '5' })).status).toBe(403);
  });
});

describe('billing an admission', () => {
  it("drafts a bill with only the admission's items", async () => {
    const { agent } = await signedInAs(office.app, db, 'BILLING');
    const patient = await createPatient(db);
    const [bed, doctor] = [await createBed(db), await createDoctorWithDailyOpd(db)];
    const admission = await db.admission.create({
      data: { admissionNo: unique('IP-'), patientId: patient.id, bedId: bed.id, doctorId: doctor.id },
    });
    await db.billableItem.createMany({
      data: [
        {
          patientId: patient.id,
          admissionId: admission.id,
          source: 'BED_DAY',
          sourceRef: unique('stay:'),
          description: 'Room rent',
          quantity: 2,
          unitPrice: 1500,
          supplyClass: 'IPD_HEALTH_CARE',
          gstRate: 0,
        },
        {
          patientId: patient.id,
          source: 'CONSULTATION',
          sourceRef: unique('appointment:'),
          description: 'Earlier OPD visit',
          quantity: 1,
          unitPrice: 500,
          supplyClass: 'OPD_HEALTH_CARE',
          gstRate: 0,
        },
      ],
    });
    const res = await agent.post(action('Admission', admission.id, 'generateBill')).expect(200);
    expect(res.body.notice).toEqual({ type: 'success', message: 'Draft bill for ₹ 3000.00: add services, then issue it' });
    expect(await db.billableItem.count({ where: { patientId: patient.id, invoiceLineId: null } })).toBe(1);
  });
});

describe('printing', () => {
  it('prints an issued invoice as a PDF with GSTIN, UHID, the tax split and the total in words', async () => {
    const { agent } = await signedInAs(office.app, db, 'BILLING');
    const patient = await createPatient(db, { name: 'Printable Patient', stateCode: '27' });
    await db.billableItem.createMany({
      data: [
        {
          patientId: patient.id,
          source: 'CONSULTATION',
          sourceRef: unique('appointment:'),
          description: 'Consultation',
          quantity: 1,
          unitPrice: 600,
          supplyClass: 'OPD_HEALTH_CARE',
          gstRate: 0,
          sacCode: '999311',
        },
        {
          patientId: patient.id,
          source: 'SERVICE',
          sourceRef: unique('svc:'),
          description: 'Medical certificate',
          quantity: 1,
          unitPrice: 200,
          supplyClass: 'NON_HEALTH',
          gstRate: 18,
          sacCode: '999319',
        },
      ],
    });
    await agent.post(action('Patient', patient.id, 'generateBill')).expect(200);
    const invoice = await db.invoice.findFirstOrThrow({ where: { patientId: patient.id } });
    expect((await agent.get(`/admin/invoices/${invoice.id}/pdf`)).status).toBe(409);
    await agent.post(action('Invoice', invoice.id, 'issue')).expect(200);
    const issued = await db.invoice.findUniqueOrThrow({ where: { id: invoice.id } });

    const res = await fetchPdf(agent, `/admin/invoices/${invoice.id}/pdf`);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    const text = await pdfText(res.body as Buffer);
    expect(text).toContain('INVOICE-CUM-BILL OF SUPPLY');
    expect(text).toContain('Place of supply: 27-Maharashtra');
    expect(text).toContain('Tax payable on reverse charge: No');
    expect(text).toContain('Authorised signatory');
    expect(text).toContain(`No.: ${issued.number}`);
    expect(text).toContain('GSTIN: 27AABCP1234Q1Z5');
    expect(text).toContain(`UHID: ${patient.uhid}`);
    expect(text).toContain('999319');
    expect(text).toMatch(/200\.00 18% 18\.00 18\.00 236\.00/);
    expect(text).toContain('Total ₹ 836.00');
    expect(text).toContain('Rupees Eight Hundred Thirty-Six Only');

    const { agent: pharmacist } = await signedInAs(office.app, db, 'PHARMACIST');
    expect((await pharmacist.get(`/admin/invoices/${invoice.id}/pdf`)).status).toBe(403);

    await agent
      .post(action('Invoice', invoice.id, 'recordPayment'))
      .type('form')
      .send({ method: 'CASH', amount: '836' })
      .expect(200);
    const payment = await db.payment.findFirstOrThrow({ where: { invoiceId: invoice.id } });
    const receipt = await fetchPdf(agent, `/admin/receipts/${payment.id}/pdf`);
    const receiptText = await pdfText(receipt.body as Buffer);
    expect(receiptText).toContain(`Receipt No.: ${payment.receiptNo}`);
    expect(receiptText).toContain('Amount received: ₹ 836.00');
    expect(receiptText).toContain('Balance due: ₹ 0.00');
    expect(receiptText).toContain('Rupees Eight Hundred Thirty-Six Only');
  });
});
