/**
 * The ward on the real database: a round's prescription becomes scheduled
 * doses (the MAR), a nurse records each once (given / held / refused, with
 * reasons), stopping a drug cancels what is left, overdue doses are found for
 * the ward page, nursing notes and ward vitals; the discharge summary is
 * written, signed, fixed by the database and printed with its content.
 */
import { createActor, createBed, createDoctorWithDailyOpd, createPatient, unique } from '../../factories.js';
import { pdfText } from '../../support/pdfText.js';
import { useDatabase } from '../../support/lifecycle.js';
import { testHospital } from '../../support/env.js';
import { overdueDoses, recordAsNeededDose, recordDose, stopPrescriptionItem, topUpOpenCourses } from '../../../src/modules/clinical/mar.js';
import { prescribe } from '../../../src/modules/clinical/prescriptions.js';
import { recordAllergy } from '../../../src/modules/clinical/service.js';
import { openWardRound, recordWardVitals, wardRecord, writeNursingNote } from '../../../src/modules/clinical/ward.js';
import { renderDischargeSummaryPdf, signDischargeSummary, writeDischargeSummary } from '../../../src/modules/clinical/discharge.js';

const db = useDatabase();
const hospital = testHospital;

async function admittedPatient() {
  const patient = await createPatient(db, { name: 'Vasant Deshpande', gender: 'MALE', dateOfBirth: new Date('1958-02-11') });
  const doctor = await createDoctorWithDailyOpd(db, {
    name: 'Dr. Anjali Kulkarni',
    qualification: 'MBBS, MD',
    registrationNo: unique('MMC-'),
  });
  const bed = await createBed(db);
  await db.bed.update({ where: { id: bed.id }, data: { status: 'OCCUPIED' } });
  const admission = await db.admission.create({
    data: { admissionNo: unique('IP-'), patientId: patient.id, bedId: bed.id, doctorId: doctor.id, diagnosis: 'Pneumonia' },
  });
  const doctorActor = { userId: doctor.userId, ip: '10.0.0.2', userAgent: 'jest' };
  const nurse = await createActor(db, 'NURSE');
  return { patient, doctor, bed, admission, doctorActor, nurse };
}

const drug = (name: string, genericName: string) => db.drug.create({ data: { code: unique('D'), name, genericName, form: 'Tablet' } });

describe('the medication administration record', () => {
  it('schedules a round’s prescription, records each dose once, and cancels the rest when the drug is stopped', async () => {
    const { admission, doctorActor, nurse } = await admittedPatient();
    const round = await openWardRound(db, doctorActor, { admissionId: admission.id });
    expect(round).toMatchObject({ kind: 'IPD_ROUND', admissionId: admission.id });
    const amox = await drug('Mox 500', 'Amoxicillin');
    const rx = await prescribe(db, doctorActor, {
      encounterId: round.id,
      items: [{ drugId: amox.id, dose: '1 capsule', frequency: '1-1-1', duration: '3 days' }],
    });
    const item = await db.prescriptionItem.findFirstOrThrow({ where: { prescriptionId: rx.id } });
    const doses = await db.medicationDose.findMany({ where: { prescriptionItemId: item.id }, orderBy: { scheduledAt: 'asc' } });
    expect(doses).toHaveLength(9);
    expect(doses.every((d) => d.status === 'SCHEDULED' && d.admissionId === admission.id && d.scheduledAt > round.startedAt)).toBe(true);

    const [first, second, third] = doses as [(typeof doses)[0], (typeof doses)[0], (typeof doses)[0]];
    const at = new Date(first.scheduledAt.getTime() - 60 * 60_000);
    const late = new Date(first.scheduledAt.getTime() + 10 * 60_000);
    await recordDose(db, nurse, { doseId: first.id, outcome: 'GIVEN', at }, late);
    await expect(recordDose(db, nurse, { doseId: first.id, outcome: 'REFUSED', reason: 'asleep' }, late)).rejects.toMatchObject({
      code: 'DOSE_ALREADY_RECORDED',
    });
    await expect(recordDose(db, nurse, { doseId: second.id, outcome: 'HELD' })).rejects.toMatchObject({
      issues: [expect.objectContaining({ path: ['reason'] })],
    });
    const secondLate = new Date(second.scheduledAt.getTime() + 10 * 60_000);
    await recordDose(db, nurse, { doseId: second.id, outcome: 'HELD', reason: 'Nil by mouth before the scan' }, secondLate);
    expect(await db.medicationDose.findUniqueOrThrow({ where: { id: second.id } })).toMatchObject({
      status: 'HELD',
      recordedAt: secondLate,
    });
    await expect(recordDose(db, nurse, { doseId: third.id, outcome: 'GIVEN', at: new Date(Date.now() + 3_600_000) })).rejects.toMatchObject(
      { details: [expect.objectContaining({ path: 'at' })] },
    );
    // The database itself keeps a recorded dose as it was.
    await expect(db.medicationDose.update({ where: { id: first.id }, data: { status: 'REFUSED' } })).rejects.toThrow(/already recorded/);

    await stopPrescriptionItem(db, doctorActor, { itemId: item.id, reason: 'Rash after the second dose' });
    const after = await db.medicationDose.groupBy({ by: ['status'], where: { prescriptionItemId: item.id }, _count: true });
    expect(Object.fromEntries(after.map((g) => [g.status, g._count]))).toEqual({ GIVEN: 1, HELD: 1, CANCELLED: 7 });
    expect(await db.prescriptionItem.findUniqueOrThrow({ where: { id: item.id } })).toMatchObject({
      status: 'STOPPED',
      stopReason: 'Rash after the second dose',
    });
    await expect(stopPrescriptionItem(db, doctorActor, { itemId: item.id, reason: 'again' })).rejects.toMatchObject({
      code: 'ITEM_STOPPED',
    });
  });

  it('keeps an open course two days ahead and gives an SOS drug only when needed, with why', async () => {
    const { admission, doctorActor, nurse } = await admittedPatient();
    const round = await openWardRound(db, doctorActor, { admissionId: admission.id });
    const [pan, pcm] = [await drug('Pan 40', 'Pantoprazole'), await drug('Dolo 650', 'Paracetamol')];
    const rx = await prescribe(db, doctorActor, {
      encounterId: round.id,
      items: [
        { drugId: pan.id, dose: '1 tablet', frequency: 'OD', quantity: 10 },
        { drugId: pcm.id, dose: '1 tablet', frequency: 'SOS', quantity: 6 },
      ],
    });
    const [open, sos] = await db.prescriptionItem.findMany({ where: { prescriptionId: rx.id }, orderBy: { id: 'asc' } });
    const scheduled = await db.medicationDose.count({ where: { prescriptionItemId: open?.id } });
    expect(scheduled).toBeGreaterThanOrEqual(1);
    expect(scheduled).toBeLessThanOrEqual(2);
    expect(await topUpOpenCourses(db, admission.id)).toBe(0);
    expect(await topUpOpenCourses(db, admission.id, new Date(Date.now() + 24 * 3_600_000))).toBe(1);
    expect(await db.medicationDose.count({ where: { prescriptionItemId: sos?.id } })).toBe(0);
    await expect(recordAsNeededDose(db, nurse, { itemId: sos?.id })).rejects.toMatchObject({
      issues: [expect.objectContaining({ path: ['reason'] })],
    });
    const given = await recordAsNeededDose(db, nurse, { itemId: sos?.id, reason: 'Fever 101 F' });
    expect(given).toMatchObject({ status: 'GIVEN', reason: 'Fever 101 F', recordedById: nurse.userId });
    await expect(recordAsNeededDose(db, nurse, { itemId: open?.id, reason: 'pain' })).rejects.toMatchObject({ code: 'NOT_AS_NEEDED' });
  });

  it('finds overdue doses of patients still on the ward, by ward', async () => {
    const { admission, doctorActor, bed, patient } = await admittedPatient();
    const round = await openWardRound(db, doctorActor, { admissionId: admission.id });
    const rx = await prescribe(db, doctorActor, {
      encounterId: round.id,
      items: [{ drugId: (await drug('Cef 1g', 'Ceftriaxone')).id, dose: '1 g', frequency: 'BD', duration: '2 days', route: 'IV' }],
    });
    const item = await db.prescriptionItem.findFirstOrThrow({ where: { prescriptionId: rx.id } });
    const missed = await db.medicationDose.create({
      data: {
        prescriptionItemId: item.id,
        admissionId: admission.id,
        patientId: patient.id,
        scheduledAt: new Date(Date.now() - 2 * 3_600_000),
      },
    });
    const onWard = await overdueDoses(db, { wardId: bed.wardId });
    expect(onWard.map((d) => d.id)).toEqual([missed.id]);
    expect(onWard[0]).toMatchObject({ item: { drug: { name: 'Cef 1g' } }, patient: { uhid: patient.uhid } });
    expect(await overdueDoses(db, { wardId: bed.wardId + 100_000 })).toEqual([]);
    await db.admission.update({ where: { id: admission.id }, data: { status: 'DISCHARGED', dischargedAt: new Date() } });
    expect(await overdueDoses(db, { wardId: bed.wardId })).toEqual([]);
  });

  it('keeps nursing notes and ward vitals on the stay, for the vitals chart', async () => {
    const { admission, nurse } = await admittedPatient();
    await recordWardVitals(db, nurse, { admissionId: admission.id, temperatureC: '38.6', pulse: 104, spo2: 93 });
    await recordWardVitals(db, nurse, { admissionId: admission.id, temperatureC: '37.4', pulse: 88, spo2: 97 });
    await writeNursingNote(db, nurse, { admissionId: admission.id, text: 'Tepid sponging done; patient comfortable.' });
    await expect(writeNursingNote(db, nurse, { admissionId: admission.id, text: ' ' })).rejects.toMatchObject({
      issues: [expect.objectContaining({ path: ['text'] })],
    });
    const record = await wardRecord(db, admission.id);
    expect(record.vitals.map((v) => v.temperatureC?.toString())).toEqual(['38.6', '37.4']);
    expect(record.vitals[0]?.flags).toEqual(expect.arrayContaining([expect.stringMatching(/temperature/i)]));
    expect(record.notes[0]).toMatchObject({ text: 'Tepid sponging done; patient comfortable.', writtenBy: { name: 'Actor NURSE' } });
  });
});

describe('the discharge summary', () => {
  it('is written as a draft with medicines as a prescription, signed by its doctor, then fixed and printed', async () => {
    const { admission, doctorActor, patient } = await admittedPatient();
    await recordAllergy(db, doctorActor, { patientId: patient.id, kind: 'DRUG', substance: 'Sulfa', severity: 'SEVERE' });
    const azee = await drug('Azee 500', 'Azithromycin');
    const write = (extra: Record<string, unknown> = {}) =>
      writeDischargeSummary(db, doctorActor, {
        admissionId: admission.id,
        diagnoses: [{ code: 'J18', certainty: 'FINAL' }, { text: 'Type 2 diabetes, on diet control' }],
        procedures: 'Chest X-ray; sputum culture',
        courseInHospital: 'Admitted with fever and cough; treated with IV antibiotics; afebrile from day 3.',
        conditionAtDischarge: 'Stable, walking unaided',
        advice: 'Plenty of fluids; return if breathless',
        followUpDate: '2026-12-20',
        medicines: [{ drugId: azee.id, dose: '1 tablet', frequency: 'OD', duration: '3 days' }],
        ...extra,
      });
    await expect(write({ diagnoses: [{ code: 'Q99.99' }] })).rejects.toMatchObject({
      details: [expect.objectContaining({ path: 'diagnoses.0.code' })],
    });
    const draft = await write();
    const again = await write({ conditionAtDischarge: 'Stable' });
    expect(again.id).toBe(draft.id);
    expect(await db.prescription.count({ where: { encounter: { admissionId: admission.id, kind: 'DISCHARGE' } } })).toBe(1);
    expect(await renderDischargeSummaryPdf(db, hospital, draft.id).then(pdfText)).toMatch(/DRAFT, NOT SIGNED/);

    const stranger = await createActor(db, 'DOCTOR');
    await expect(signDischargeSummary(db, stranger, { admissionId: admission.id })).rejects.toMatchObject({ status: 403 });
    const signed = await signDischargeSummary(db, doctorActor, { admissionId: admission.id });
    expect(signed).toMatchObject({ status: 'SIGNED', signedById: doctorActor.userId });
    await expect(write()).rejects.toMatchObject({ code: 'SUMMARY_SIGNED' });
    await expect(db.dischargeSummary.update({ where: { id: signed.id }, data: { advice: 'changed' } })).rejects.toThrow(
      /cannot be changed/,
    );

    const text = await pdfText(await renderDischargeSummaryPdf(db, hospital, signed.id));
    for (const part of [
      'DISCHARGE SUMMARY',
      patient.uhid,
      admission.admissionNo,
      'J18 Pneumonia, unspecified organism',
      'Type 2 diabetes, on diet control',
      'Chest X-ray; sputum culture',
      'afebrile from day 3',
      'Condition at discharge Stable',
      'Azee 500 — 1 tablet OD Oral for 3 day(s)',
      'Follow-up 20-Dec-2026',
      'Allergies: Sulfa',
      'Signed by Dr. Anjali Kulkarni',
    ]) {
      expect(text).toContain(part);
    }
  });
});
