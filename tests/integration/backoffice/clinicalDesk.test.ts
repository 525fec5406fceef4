/**
 * The doctor's and the nurse's back-office routes over real HTTP
 * (admin/clinical.ts): the worklist, the encounter (vitals by the nurse first,
 * diagnosis, prescription with the allergy warning, tests, follow-up, finish),
 * released results reaching the consultation, the ward's doses; who may do
 * what (the access matrix per role, the doctor's own consultation only); bad
 * input refused on its field; every clinical read in the patient's access
 * history, which an administrator reads on the patient's page.
 */
import type { Role } from '@prisma/client';
import { collectSample, enterResults, releaseResults, verifyResults } from '../../../src/modules/lab/service.js';
import { createActor, createBed, createPatient, createPricedLabTest, createVisitToday, unique } from '../../factories.js';
import { createDoctorStaff, signIn, signedInAs } from '../../support/backOffice.js';
import { useBackOffice, useDatabase } from '../../support/lifecycle.js';
import request from 'supertest';

const db = useDatabase();
const office = useBackOffice(db);

/** A signed-in doctor with an OPD every day (the doctor's own user signs in). */
async function signedInDoctor(name = 'Dr. Kavita Shah') {
  const { user, doctor } = await createDoctorStaff(db, { name, dailyOpd: true });
  const { agent } = await signIn(office.app, user.email);
  return { agent, doctor, user };
}

async function labTest(name: string) {
  return createPricedLabTest(db, {
    name,
    sampleType: 'Blood',
    unit: 'mg/dL',
    refRangeLow: '70',
    refRangeHigh: '140',
    price: 200,
    sacCode: '999316',
  });
}

describe("the doctor's consultation through the back-office", () => {
  it('runs worklist → nurse’s vitals → diagnosis → prescription past an allergy → tests → follow-up → finish', async () => {
    const { agent: doctor, doctor: dr } = await signedInDoctor();
    const patient = await createPatient(db, { name: 'Ganesh Patil', gender: 'MALE', dateOfBirth: new Date('1970-03-03') });
    const visit = await createVisitToday(db, { patientId: patient.id, doctorId: dr.id, checkedIn: true, tokenNo: 7 });
    const list = await doctor.get('/admin/clinical/worklist').expect(200);
    expect(list.body).toMatchObject({ doctorId: dr.id, own: true });
    expect(list.body.patients).toEqual([
      expect.objectContaining({ appointmentId: visit.id, tokenNo: 7, status: 'CHECKED_IN', vitalsTaken: false, encounter: null }),
    ]);

    // The nurse opens the visit and takes the vitals before the doctor sees the patient.
    const { agent: nurse } = await signedInAs(office.app, db, 'NURSE');
    const opened = await nurse.post('/admin/clinical/visits').send({ appointmentId: visit.id }).expect(201);
    const encounterId = opened.body.encounterId as number;
    const badVitals = await nurse.post(`/admin/clinical/encounters/${encounterId}/vitals`).send({ systolic: 990 }).expect(400);
    expect(JSON.stringify(badVitals.body)).toContain('systolic');
    await nurse
      .post(`/admin/clinical/encounters/${encounterId}/vitals`)
      .send({ systolic: 150, diastolic: 95, pulse: 80, weightKg: 82, heightCm: 170 })
      .expect(201);
    await nurse
      .post(`/admin/clinical/patients/${patient.id}/allergies`)
      .send({ kind: 'DRUG', substance: 'Metformin', reaction: 'Vomiting' })
      .expect(201);
    const again = await doctor.get('/admin/clinical/worklist').expect(200);
    expect(again.body.patients[0]).toMatchObject({ vitalsTaken: true, encounter: { id: encounterId, status: 'OPEN' } });

    const search = await doctor.get('/admin/clinical/icd10').query({ q: 'diab' }).expect(200);
    expect(search.body.matches.map((m: { code: string }) => m.code)).toContain('E11');
    await doctor
      .post(`/admin/clinical/encounters/${encounterId}/notes`)
      .send({ chiefComplaints: 'Thirst, frequent urination', advice: 'Diet, walk daily' })
      .expect(201);
    await doctor.post(`/admin/clinical/encounters/${encounterId}/diagnoses`).send({ code: 'E11.9', certainty: 'FINAL' }).expect(201);
    const drug = await db.drug.create({ data: { code: unique('D'), name: 'Glycomet 500', genericName: 'Metformin', form: 'Tablet' } });
    const found = await doctor.get('/admin/clinical/drugs').query({ q: 'metfor' }).expect(200);
    expect(found.body.drugs.map((d: { id: number }) => d.id)).toContain(drug.id);
    const item = { drugId: drug.id, dose: '1 tablet', frequency: '1-0-1', duration: '30 days', foodTiming: 'AFTER_FOOD' };
    const warned = await doctor
      .post(`/admin/clinical/encounters/${encounterId}/prescriptions`)
      .send({ items: [item] })
      .expect(400);
    expect(warned.body.error.details).toEqual([
      expect.objectContaining({ path: 'items.0.overrideReason', message: expect.stringMatching(/allergic to Metformin/) }),
    ]);
    const rx = await doctor
      .post(`/admin/clinical/encounters/${encounterId}/prescriptions`)
      .send({ items: [{ ...item, overrideReason: 'Vomiting was with the old brand; tolerated since' }] })
      .expect(201);

    const sugar = await labTest('Fasting blood sugar');
    const ordered = await doctor
      .post(`/admin/clinical/encounters/${encounterId}/lab-orders`)
      .send({ labTestIds: [sugar.id] })
      .expect(201);
    expect(ordered.body.orders).toEqual([expect.objectContaining({ encounterId, appointmentId: visit.id, status: 'ORDERED' })]);
    const waiting = await doctor.get('/admin/clinical/worklist').expect(200);
    expect(waiting.body.patients[0]).toMatchObject({ resultsWaiting: 1, resultsReady: 0 });
    const labOrderId = ordered.body.orders[0].id as number;
    const [tech, verifier] = [await createActor(db, 'LAB_TECH'), await createActor(db, 'LAB_TECH')];
    await collectSample(db, tech, { labOrderId });
    await enterResults(db, tech, { labOrderId, results: [{ parameter: 'Glucose (fasting)', value: '182' }] });
    const before = await doctor.get(`/admin/clinical/encounters/${encounterId}`).expect(200);
    expect(before.body.labOrders[0]).toMatchObject({ status: 'RESULT_ENTERED', results: [] });
    await verifyResults(db, verifier, { labOrderId });
    await releaseResults(db, verifier, { labOrderId });
    const view = await doctor.get(`/admin/clinical/encounters/${encounterId}`).expect(200);
    expect(view.body.labOrders[0].results).toEqual([expect.objectContaining({ parameter: 'Glucose (fasting)', value: '182' })]);
    expect(view.body).toMatchObject({
      may: { write: true },
      allergies: [expect.objectContaining({ substance: 'Metformin' })],
      encounter: {
        chiefComplaints: 'Thirst, frequent urination',
        diagnoses: [expect.objectContaining({ icd10Code: 'E119', certainty: 'FINAL' })],
        prescriptions: [expect.objectContaining({ id: rx.body.id })],
        vitals: [expect.objectContaining({ bmi: '28.4', flags: expect.arrayContaining([expect.stringMatching(/BP/)]) })],
      },
    });

    const noSlot = await doctor.post(`/admin/clinical/encounters/${encounterId}/follow-up`).send({ date: '2020-01-01' }).expect(400);
    expect(noSlot.body.error.details).toEqual([expect.objectContaining({ path: 'date' })]);
    const inTwoWeeks = new Date(Date.now() + 330 * 60_000 + 14 * 86_400_000).toISOString().slice(0, 10);
    const followUp = await doctor.post(`/admin/clinical/encounters/${encounterId}/follow-up`).send({ date: inTwoWeeks }).expect(201);
    const booked = await db.appointment.findUniqueOrThrow({ where: { id: followUp.body.followUpAppointmentId } });
    expect(booked).toMatchObject({ doctorId: dr.id, patientId: patient.id, isFollowUp: true, status: 'BOOKED' });
    expect(booked.slotStart.toISOString()).toBe(new Date(`${inTwoWeeks}T09:00:00.000+05:30`).toISOString());

    await doctor.post(`/admin/clinical/encounters/${encounterId}/finish`).expect(201);
    expect((await db.appointment.findUniqueOrThrow({ where: { id: visit.id } })).status).toBe('SEEN');
    const late = await doctor.post(`/admin/clinical/encounters/${encounterId}/diagnoses`).send({ text: 'Obesity' }).expect(409);
    expect(late.body.error.message).toMatch(/finished/);
  });
});

describe('who may do what with the clinical record', () => {
  it('keeps consultations to doctors and nurses, writing to the consultation’s own doctor, doses to nurses', async () => {
    const { agent: doctor, doctor: dr } = await signedInDoctor('Dr. Own');
    const patient = await createPatient(db, { name: 'Lata Pawar', gender: 'FEMALE' });
    const visit = await createVisitToday(db, { patientId: patient.id, doctorId: dr.id, checkedIn: true });
    const { body } = await doctor.post('/admin/clinical/visits').send({ appointmentId: visit.id }).expect(201);
    const path = `/admin/clinical/encounters/${body.encounterId as number}`;

    const refusedReaders: Role[] = ['RECEPTIONIST', 'BILLING', 'PHARMACIST', 'LAB_TECH'];
    for (const role of refusedReaders) {
      const { agent } = await signedInAs(office.app, db, role);
      await agent.get(path).expect(403);
      await agent.get('/admin/clinical/worklist').expect(403);
      await agent.post(`${path}/vitals`).send({ pulse: 80 }).expect(403);
    }
    const { agent: admin } = await signedInAs(office.app, db, 'ADMIN');
    await admin.get(path).expect(200);
    await admin.post(`${path}/notes`).send({ advice: 'x' }).expect(403);
    const { agent: nurse } = await signedInAs(office.app, db, 'NURSE');
    await nurse.post(`${path}/notes`).send({ advice: 'x' }).expect(403);
    await nurse.post(`${path}/vitals`).send({ pulse: 80 }).expect(201);
    const { agent: colleague } = await signedInDoctor('Dr. Other');
    const notMine = await colleague.post(`${path}/notes`).send({ advice: 'x' }).expect(403);
    expect(notMine.body.error.message).toBe("This is Dr. Own's consultation");
    await colleague.get(path).expect(200);
    await doctor.post('/admin/clinical/doses/1').send({ outcome: 'GIVEN' }).expect(403);
    await request(office.app).get(path).expect(401);
    await doctor.get('/admin/clinical/encounters/not-a-number').expect(404);
    await doctor.get('/admin/clinical/nothing-here').expect(404);
    await doctor.post(`${path}/notes`).set('Content-Type', 'application/json').send('{"advice": ').expect(400);
  });

  it('shows the administrator who opened a patient’s record; reception sees the visit, not what it said', async () => {
    const { agent: doctor, doctor: dr, user } = await signedInDoctor('Dr. Reader');
    const patient = await createPatient(db, { name: 'Nikhil Rane', gender: 'MALE' });
    const visit = await createVisitToday(db, { patientId: patient.id, doctorId: dr.id, checkedIn: true });
    const { body } = await doctor.post('/admin/clinical/visits').send({ appointmentId: visit.id }).expect(201);
    await doctor
      .post(`/admin/clinical/encounters/${body.encounterId as number}/notes`)
      .send({ chiefComplaints: 'Chest pain' })
      .expect(201);
    await doctor.get(`/admin/clinical/encounters/${body.encounterId as number}`).expect(200);
    const related = `/admin/api/resources/Patient/records/${patient.id}/related`;
    // The generic screens of clinical tables are audited reads as well, per patient shown.
    await doctor.get(`/admin/api/resources/Encounter/records/${body.encounterId as number}/show`).expect(200);
    const listed = await doctor.get(`/admin/api/resources/Encounter/actions/list?filters.patient=${patient.id}`).expect(200);
    expect(listed.body.records).toHaveLength(1);
    const screens = await db.auditLog.findMany({
      where: { patientId: patient.id, action: 'READ', model: 'Encounter' },
      orderBy: { id: 'asc' },
    });
    expect(screens.map((r) => (r.after as { read: string }).read)).toEqual(['consultation', 'Encounter record page', 'Encounter list']);

    const { agent: desk } = await signedInAs(office.app, db, 'RECEPTIONIST');
    const file = await desk.get(related).expect(200);
    const keys = file.body.sections.map((s: { key: string }) => s.key);
    expect(keys).toContain('visits');
    expect(JSON.stringify(file.body)).not.toContain('Chest pain');
    expect(keys).not.toContain('accessHistory');

    const { agent: admin } = await signedInAs(office.app, db, 'ADMIN');
    const history = (await admin.get(related).expect(200)).body.sections.find((s: { key: string }) => s.key === 'accessHistory');
    expect(history.columns).toEqual(['Who', 'What', 'From']);
    expect(history.rows).toEqual(
      expect.arrayContaining([expect.objectContaining({ cells: [`${user.name} (doctor)`, 'consultation', expect.any(String)] })]),
    );
    const rows = await db.auditLog.findMany({ where: { patientId: patient.id, action: 'READ', userId: user.id } });
    expect(rows.length).toBeGreaterThanOrEqual(1);
  });

  it('lets a nurse record ward doses and sees overdue ones; a doctor stops a drug', async () => {
    const { agent: doctor, doctor: dr } = await signedInDoctor('Dr. Ward Round');
    const patient = await createPatient(db, { name: 'Shobha Jadhav', gender: 'FEMALE' });
    const bed = await createBed(db);
    await db.bed.update({ where: { id: bed.id }, data: { status: 'OCCUPIED' } });
    const admission = await db.admission.create({
      data: { admissionNo: unique('IP-'), patientId: patient.id, bedId: bed.id, doctorId: dr.id },
    });
    const round = await doctor.post(`/admin/clinical/admissions/${admission.id}/rounds`).expect(201);
    const drug = await db.drug.create({ data: { code: unique('D'), name: 'Pantop 40', genericName: 'Pantoprazole' } });
    const rx = await doctor
      .post(`/admin/clinical/encounters/${round.body.encounterId as number}/prescriptions`)
      .send({ items: [{ drugId: drug.id, dose: '40 mg', frequency: 'BD', duration: '3 days', route: 'IV' }] })
      .expect(201);
    const item = await db.prescriptionItem.findFirstOrThrow({ where: { prescriptionId: rx.body.id } });
    const overdue = await db.medicationDose.create({
      data: {
        prescriptionItemId: item.id,
        admissionId: admission.id,
        patientId: patient.id,
        scheduledAt: new Date(Date.now() - 3 * 3_600_000),
      },
    });
    const { agent: nurse } = await signedInAs(office.app, db, 'NURSE');
    const wards = await nurse.get('/admin/clinical/wards').expect(200);
    expect(wards.body.wards.find((w: { id: number }) => w.id === bed.wardId)).toMatchObject({ overdue: 1 });
    const roundView = await nurse.get(`/admin/clinical/wards/${bed.wardId}/medication-round`).expect(200);
    expect(roundView.body.doses.find((d: { id: number }) => d.id === overdue.id)).toMatchObject({ overdue: true, status: 'SCHEDULED' });
    const refused = await nurse.post(`/admin/clinical/doses/${overdue.id}`).send({ outcome: 'REFUSED' }).expect(400);
    expect(refused.body.error.details).toEqual([expect.objectContaining({ path: 'reason' })]);
    await nurse.post(`/admin/clinical/doses/${overdue.id}`).send({ outcome: 'REFUSED', reason: 'Vomiting, refused IV' }).expect(200);
    await nurse.post(`/admin/clinical/doses/${overdue.id}`).send({ outcome: 'GIVEN' }).expect(409);
    await nurse
      .post(`/admin/clinical/admissions/${admission.id}/nursing-notes`)
      .send({ text: 'Vomited twice; doctor informed.' })
      .expect(201);
    await nurse.post(`/admin/clinical/prescription-items/${item.id}/stop`).send({ reason: 'x' }).expect(403);
    await doctor.post(`/admin/clinical/prescription-items/${item.id}/stop`).send({ reason: 'Switched to oral' }).expect(200);
    expect(await db.medicationDose.count({ where: { prescriptionItemId: item.id, status: 'SCHEDULED' } })).toBe(0);
    const record = await nurse.get(`/admin/clinical/admissions/${admission.id}`).expect(200);
    expect(record.body.notes[0]).toMatchObject({ text: 'Vomited twice; doctor informed.' });
  });
});

describe('the discharge summary from the admission’s page', () => {
  it('is written from the form (diagnoses and medicines as lines), corrected from what is on file, signed and printed', async () => {
    const { agent: doctor, doctor: dr } = await signedInDoctor('Dr. Discharge');
    const patient = await createPatient(db, { name: 'Arun Bhosale', gender: 'MALE' });
    const bed = await createBed(db);
    const admission = await db.admission.create({
      data: { admissionNo: unique('IP-'), patientId: patient.id, bedId: bed.id, doctorId: dr.id },
    });
    const drug = await db.drug.create({ data: { code: unique('AZ'), name: 'Azee 500', genericName: 'Azithromycin' } });
    const operation = (name: string) => `/admin/api/resources/Admission/records/${admission.id}/${name}`;
    const form = {
      diagnoses: 'J18 Right lower lobe\nDehydration, corrected',
      courseInHospital: 'IV antibiotics for five days; afebrile since day three.',
      conditionAtDischarge: 'Stable',
      medicines: `${drug.code.toLowerCase()}; 1 tablet; OD; 3 days`,
      followUpDate: '2031-01-15',
    };
    const unknownDrug = await doctor
      .post(operation('writeDischargeSummary'))
      .send({ ...form, medicines: 'NOPE; 1 tablet; OD; 3 days' })
      .expect(200);
    expect(unknownDrug.body.notice).toMatchObject({
      type: 'error',
      message: expect.stringMatching(/Line 1: "NOPE" is not the code of a drug/),
    });
    const saved = await doctor.post(operation('writeDischargeSummary')).send(form).expect(200);
    expect(saved.body.notice).toMatchObject({ type: 'success', message: 'Discharge summary saved as a draft: sign it when it is final' });
    const reopened = await doctor.get(operation('writeDischargeSummary')).expect(200);
    expect(reopened.body.prefill).toEqual({
      diagnoses: 'J18 Right lower lobe\nDehydration, corrected',
      procedures: '',
      courseInHospital: form.courseInHospital,
      conditionAtDischarge: 'Stable',
      advice: '',
      followUpDate: '2031-01-15',
      medicines: `${drug.code}; 1 tablet; OD; 3 days`,
    });
    const { agent: nurse } = await signedInAs(office.app, db, 'NURSE');
    await nurse.post(operation('signDischargeSummary')).send({}).expect(403);
    const signed = await doctor.post(operation('signDischargeSummary')).send({}).expect(200);
    expect(signed.body.notice).toMatchObject({ type: 'success', message: 'Discharge summary signed' });
    const again = await doctor.post(operation('writeDischargeSummary')).send(form).expect(200);
    expect(again.body.notice).toMatchObject({ type: 'error', message: 'The discharge summary is signed: it can no longer be changed' });
    const summary = await db.dischargeSummary.findUniqueOrThrow({ where: { admissionId: admission.id } });
    const pdf = await nurse.get(`/admin/discharge-summaries/${summary.id}/pdf`).expect(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    const { agent: desk } = await signedInAs(office.app, db, 'RECEPTIONIST');
    await desk.get(`/admin/discharge-summaries/${summary.id}/pdf`).expect(403);
    const page = await nurse.get(`/admin/api/resources/Admission/records/${admission.id}/related`).expect(200);
    expect(page.body.sections.find((s: { key: string }) => s.key === 'dischargeSummary').rows[0].cells).toEqual([
      'Signed',
      'Stable',
      '15-Jan-2031',
      expect.any(String),
    ]);
    // And on the patient's file, for the doctors and nurses.
    const file = await nurse.get(`/admin/api/resources/Patient/records/${patient.id}/related`).expect(200);
    expect(file.body.sections.find((s: { key: string }) => s.key === 'dischargeSummaries').rows[0].cells).toEqual([
      admission.admissionNo,
      'Signed',
      'Stable',
      expect.any(String),
    ]);
  });
});

describe('bad input to the clinical routes', () => {
  it('is refused with a 4xx, never a 5xx, whatever the body and the id', async () => {
    const { agent: doctor, doctor: dr } = await signedInDoctor('Dr. Fuzz');
    const patient = await createPatient(db, { name: 'Fuzz Patient', gender: 'FEMALE' });
    const visit = await createVisitToday(db, { patientId: patient.id, doctorId: dr.id, checkedIn: true });
    const { body: opened } = await doctor.post('/admin/clinical/visits').send({ appointmentId: visit.id }).expect(201);
    const bed = await createBed(db);
    const admission = await db.admission.create({
      data: { admissionNo: unique('IP-'), patientId: patient.id, bedId: bed.id, doctorId: dr.id },
    });
    const { agent: nurse } = await signedInAs(office.app, db, 'NURSE');
    const ids = [String(opened.encounterId), String(admission.id), '0', '-1', '2147483648', '1e3', 'abc', '%00'];
    const bodies: unknown[] = [
      {},
      [],
      'text',
      null,
      { items: 'x' },
      { items: [{}] },
      { items: [{ drugId: '9'.repeat(30), dose: 'a\u0000b', frequency: '1-0-1' }] },
      { items: Array.from({ length: 40 }, () => ({ drugId: 1, dose: '1', frequency: 'BD' })) },
      { labTestIds: [1, 1] },
      { labTestIds: '1' },
      { labTestIds: [2147483648] },
      { code: { $ne: 1 } },
      { code: 'E11.9'.repeat(10), certainty: 'SURE' },
      { systolic: 'NaN', diastolic: [], temperatureC: '1e400' },
      { date: '2026-02-30' },
      { date: '9999-12-31', slotStart: 'soon' },
      { outcome: 'MAYBE', at: 'yesterday' },
      { outcome: 'GIVEN', at: '1900-01-01T00:00:00Z' },
      { text: 'x'.repeat(100_000) },
      { reason: '\ud800' },
      { diagnoses: [{}], courseInHospital: 1, conditionAtDischarge: {} },
      { appointmentId: '1; DROP TABLE "Patient"' },
    ];
    const routes = [
      (id: string) => `/admin/clinical/encounters/${id}/vitals`,
      (id: string) => `/admin/clinical/encounters/${id}/notes`,
      (id: string) => `/admin/clinical/encounters/${id}/diagnoses`,
      (id: string) => `/admin/clinical/encounters/${id}/prescriptions`,
      (id: string) => `/admin/clinical/encounters/${id}/lab-orders`,
      (id: string) => `/admin/clinical/encounters/${id}/follow-up`,
      (id: string) => `/admin/clinical/patients/${id}/allergies`,
      (id: string) => `/admin/clinical/admissions/${id}/nursing-notes`,
      (id: string) => `/admin/clinical/admissions/${id}/vitals`,
      (id: string) => `/admin/clinical/admissions/${id}/discharge-summary`,
      (id: string) => `/admin/clinical/doses/${id}`,
      (id: string) => `/admin/clinical/prescription-items/${id}/stop`,
      () => '/admin/clinical/visits',
    ];
    const answers: number[] = [];
    for (const route of routes) {
      for (const id of ids) {
        for (const body of bodies) {
          for (const agent of [doctor, nurse]) {
            const res = await agent.post(route(id)).set('Content-Type', 'application/json').send(JSON.stringify(body));
            answers.push(res.status);
            if (res.status >= 500)
              throw new Error(`${route(id)} answered ${res.status} to ${JSON.stringify(body).slice(0, 80)}: ${res.text.slice(0, 200)}`);
          }
        }
      }
    }
    for (const query of ['?q=%25', '?q[]=a', '?q=' + 'd'.repeat(5000), '?doctorId=abc']) {
      for (const path of ['/admin/clinical/icd10', '/admin/clinical/drugs', '/admin/clinical/worklist']) {
        expect((await doctor.get(`${path}${query}`)).status).toBeLessThan(500);
      }
    }
    expect(answers.length).toBe(routes.length * ids.length * bodies.length * 2);
    expect(answers.every((status) => status >= 200 && status < 500)).toBe(true);
  }, 300_000);
});
