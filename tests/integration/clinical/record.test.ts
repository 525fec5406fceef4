/**
 * The clinical record's foundations on the real database: the ICD-10
 * catalogue loaded with COPY and searched as the doctor types; an OPD
 * visit's encounter with vitals (flagged, BMI) and coded diagnoses; the
 * patient's allergies and chronic conditions; who may read them.
 */
import {
  addDiagnosis,
  openVisit,
  recordAllergy,
  recordChronicCondition,
  recordVitals,
  standingFacts,
  writeConsultationNotes,
} from '../../../src/modules/clinical/service.js';
import { loadIcd10Catalogue, searchIcd10 } from '../../../src/modules/clinical/icd10.js';
import { prescribe } from '../../../src/modules/clinical/prescriptions.js';
import { receiveStock } from '../../../src/modules/pharmacy/service.js';
import { fetchPdf, pdfText } from '../../support/pdfText.js';
import { createActor, createDoctorWithDailyOpd, createPatient, createVisitToday, istDayFromToday } from '../../factories.js';
import { signedInAs } from '../../support/backOffice.js';
import { testDatabaseUrl } from '../../support/env.js';
import { useBackOffice, useDatabase } from '../../support/lifecycle.js';

const db = useDatabase();
const office = useBackOffice(db);

async function checkedInVisit() {
  const [patient, doctor] = [await createPatient(db, { name: 'Prakash Joshi', gender: 'MALE' }), await createDoctorWithDailyOpd(db)];
  const visit = await createVisitToday(db, { patientId: patient.id, doctorId: doctor.id, checkedIn: true });
  return { patient, doctor, visit };
}

describe('the ICD-10 catalogue', () => {
  it('holds the 24,628 codes after the migrations, and loading again adds nothing', async () => {
    expect(await db.icd10Code.count()).toBe(24_628);
    expect(await loadIcd10Catalogue(testDatabaseUrl())).toBe(24_628);
    expect(await db.icd10Code.findUnique({ where: { code: 'E119' } })).toEqual({
      code: 'E119',
      title: 'Type 2 diabetes mellitus without complications',
    });
  });

  it('finds codes by the words a doctor types and by code, written with the dot', async () => {
    const diab = await searchIcd10(db, 'diab');
    expect(diab.length).toBe(20);
    expect(diab.every((m) => /diab/i.test(m.title))).toBe(true);
    expect(diab[0]?.code.length).toBe(3);
    const type2 = await searchIcd10(db, 'type 2 diab');
    expect(type2.map((m) => m.code)).toContain('E11');
    expect(await searchIcd10(db, 'e11.9')).toEqual([
      { code: 'E119', shown: 'E11.9', title: 'Type 2 diabetes mellitus without complications' },
    ]);
    expect((await searchIcd10(db, 'I10'))[0]).toMatchObject({ code: 'I10', shown: 'I10' });
    expect(await searchIcd10(db, 'd')).toEqual([]);
    // Typed wildcards are letters, not patterns.
    expect(await searchIcd10(db, '%_%')).toEqual([]);
  });
});

describe('an OPD consultation’s record', () => {
  it('opens the visit once it is checked in, takes vitals (flagged, BMI), notes and coded diagnoses', async () => {
    const { patient, visit } = await checkedInVisit();
    const [nurse, doctor] = [await createActor(db, 'NURSE'), await createActor(db, 'DOCTOR')];
    const encounter = await openVisit(db, nurse, { appointmentId: visit.id });
    expect(await openVisit(db, doctor, { appointmentId: visit.id })).toMatchObject({ id: encounter.id });

    const vitals = await recordVitals(db, nurse, {
      encounterId: encounter.id,
      systolic: '152',
      diastolic: '96',
      pulse: '88',
      spo2: '97',
      weightKg: '82',
      heightCm: '170',
    });
    expect(vitals).toMatchObject({
      patientId: patient.id,
      systolic: 152,
      recordedById: nurse.userId,
      flags: ['BP systolic high', 'BP diastolic high', 'BMI obese range'],
    });
    expect(vitals.bmi?.toString()).toBe('28.4');
    await expect(recordVitals(db, nurse, { encounterId: encounter.id, pulse: '720' })).rejects.toMatchObject({ name: 'ZodError' });

    await writeConsultationNotes(db, doctor, {
      encounterId: encounter.id,
      chiefComplaints: 'Headache for a week',
      advice: 'Low-salt diet',
    });
    const hypertension = await addDiagnosis(db, doctor, { encounterId: encounter.id, code: 'I10', certainty: 'FINAL' });
    expect(hypertension).toMatchObject({ icd10Code: 'I10', certainty: 'FINAL' });
    await addDiagnosis(db, doctor, { encounterId: encounter.id, text: 'Tension-type headache?' });
    await expect(addDiagnosis(db, doctor, { encounterId: encounter.id, code: 'I10' })).rejects.toMatchObject({ code: 'ALREADY_DIAGNOSED' });
    await expect(addDiagnosis(db, doctor, { encounterId: encounter.id, code: 'X9999' })).rejects.toMatchObject({ status: 400 });
    await expect(addDiagnosis(db, doctor, { encounterId: encounter.id })).rejects.toMatchObject({ name: 'ZodError' });
    expect(await db.encounterDiagnosis.count({ where: { encounterId: encounter.id } })).toBe(2);
    expect(await db.auditLog.count({ where: { model: 'Vitals', userId: nurse.userId } })).toBe(1);
  });

  it('opens one encounter when the nurse and the doctor open the visit at once', async () => {
    const { visit } = await checkedInVisit();
    const [nurse, doctor] = [await createActor(db, 'NURSE'), await createActor(db, 'DOCTOR')];
    const [a, b] = await Promise.all([
      openVisit(db, nurse, { appointmentId: visit.id }),
      openVisit(db, doctor, { appointmentId: visit.id }),
    ]);
    expect(a.id).toBe(b.id);
    expect(await db.encounter.count({ where: { appointmentId: visit.id } })).toBe(1);
  });

  it('refuses to open a visit the patient has not checked in for', async () => {
    const { visit } = await checkedInVisit();
    await db.appointment.update({ where: { id: visit.id }, data: { status: 'BOOKED', tokenNo: null } });
    await expect(openVisit(db, await createActor(db, 'DOCTOR'), { appointmentId: visit.id })).rejects.toMatchObject({
      code: 'NOT_CHECKED_IN',
    });
  });

  it('keeps the patient’s allergies and chronic conditions as standing facts, most severe first', async () => {
    const patient = await createPatient(db);
    const doctor = await createActor(db, 'DOCTOR');
    await recordAllergy(db, doctor, { patientId: patient.id, kind: 'FOOD', substance: 'Peanuts', severity: 'MILD' });
    await recordAllergy(db, doctor, {
      patientId: patient.id,
      kind: 'DRUG',
      substance: 'Penicillin',
      reaction: 'Rash and swelling',
      severity: 'SEVERE',
    });
    await recordChronicCondition(db, doctor, { patientId: patient.id, code: 'E11.9', text: 'Type 2 diabetes', since: '2019-06-01' });
    await expect(recordChronicCondition(db, doctor, { patientId: patient.id, code: 'Q0000', text: 'Nothing' })).rejects.toMatchObject({
      status: 400,
    });
    const facts = await standingFacts(db, patient.id);
    expect(facts.allergies.map((a) => a.substance)).toEqual(['Penicillin', 'Peanuts']);
    expect(facts.conditions).toEqual([expect.objectContaining({ icd10Code: 'E119', text: 'Type 2 diabetes' })]);
  });

  it('is read by doctors and nurses only: reception and billing get 403 on the clinical record', async () => {
    for (const role of ['RECEPTIONIST', 'BILLING', 'PHARMACIST'] as const) {
      const { agent } = await signedInAs(office.app, db, role);
      for (const model of ['Encounter', 'Vitals', 'EncounterDiagnosis', 'Allergy', 'ChronicCondition']) {
        await agent.get(`/admin/api/resources/${model}/actions/list`).expect(403);
      }
    }
    const { agent: nurse } = await signedInAs(office.app, db, 'NURSE');
    await nurse.get('/admin/api/resources/Vitals/actions/list').expect(200);
    const codes = await nurse.get('/admin/api/resources/Icd10Code/actions/list').query({ 'filters.title': 'cholera' }).expect(200);
    expect(codes.body.records[0].title).toBe('A00 Cholera');
  });

  it('prints a prescription for doctors, nurses and the pharmacy, as an audited read, and never for the front desk', async () => {
    const { visit, patient } = await checkedInVisit();
    const doctor = await createActor(db, 'DOCTOR');
    const encounter = await openVisit(db, doctor, { appointmentId: visit.id });
    const drug = await db.drug.create({ data: { code: `RX${visit.id}`, name: 'Azee 500', genericName: 'Azithromycin' } });
    const rx = await prescribe(db, doctor, {
      encounterId: encounter.id,
      items: [{ drugId: drug.id, dose: '1 tablet', frequency: 'OD', duration: '3 days' }],
    });
    const { agent: pharmacist, staff } = await signedInAs(office.app, db, 'PHARMACIST');
    const pdf = await fetchPdf(pharmacist, `/admin/prescriptions/${rx.id}/pdf`);
    expect(pdf.status).toBe(200);
    expect(await pdfText(pdf.body as Buffer)).toContain('Azee 500 (Azithromycin)');
    const read = await db.auditLog.findFirstOrThrow({ where: { action: 'READ', userId: staff.id, patientId: patient.id } });
    expect(read).toMatchObject({ model: 'Prescription', recordId: String(rx.id), after: { read: 'prescription printed' } });
    const { agent: desk } = await signedInAs(office.app, db, 'RECEPTIONIST');
    await desk.get(`/admin/prescriptions/${rx.id}/pdf`).expect(403);
    await pharmacist.get('/admin/prescriptions/999999/pdf').expect(404);

    // The pharmacy dispenses against it from the back-office; the front desk may not.
    const pharmacy = await createActor(db, 'PHARMACIST');
    await receiveStock(db, pharmacy, {
      drugId: drug.id,
      batchNo: `B${rx.id}`,
      expiryDate: istDayFromToday(200),
      quantity: 10,
      mrp: '20.00',
      costPrice: '10.00',
    });
    const item = await db.prescriptionItem.findFirstOrThrow({ where: { prescriptionId: rx.id } });
    const path = `/admin/api/resources/PrescriptionItem/records/${item.id}/dispenseFromPrescription`;
    await desk.post(path).type('form').send({ quantity: '1' }).expect(403);
    const done = await pharmacist.post(path).type('form').send({ quantity: '2' }).expect(200);
    expect(done.body.notice).toEqual({ type: 'success', message: 'Dispensed: 1 unit(s) remain on the prescription' });
  });
});
