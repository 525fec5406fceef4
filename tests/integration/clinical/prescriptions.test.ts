/**
 * The doctor's prescription (src/modules/clinical/prescriptions.ts): dosing as
 * written and the quantity it comes to; a drug the patient is allergic to, or
 * one already on an active course, is refused on its reason field until the
 * doctor gives one; the printed prescription carries the doctor's
 * registration, the patient, diagnoses, allergies and the Rx.
 */
import { createActor, createDoctorWithDailyOpd, createPatient, createVisitToday, istDayFromToday, unique } from '../../factories.js';
import { pdfText } from '../../support/pdfText.js';
import { useDatabase } from '../../support/lifecycle.js';
import { testHospital } from '../../support/env.js';
import { addDiagnosis, openVisit, recordAllergy } from '../../../src/modules/clinical/service.js';
import { activePrescriptions, prescribe } from '../../../src/modules/clinical/prescriptions.js';
import { renderPrescriptionPdf } from '../../../src/modules/clinical/prescriptionPdf.js';
import { dispenseFromPrescription } from '../../../src/modules/clinical/dispensing.js';
import { receiveStock } from '../../../src/modules/pharmacy/service.js';

const db = useDatabase();
const hospital = testHospital;

async function consultation() {
  const patient = await createPatient(db, { name: 'Rohini Kale', gender: 'FEMALE', dateOfBirth: new Date('1980-05-20') });
  const doctor = await createDoctorWithDailyOpd(db, {
    name: 'Dr. Sanjay Rao',
    qualification: 'MBBS, MD (Medicine)',
    registrationNo: unique('MMC-'),
  });
  const visit = await createVisitToday(db, { patientId: patient.id, doctorId: doctor.id, checkedIn: true });
  const actor = await createActor(db, 'DOCTOR');
  const encounter = await openVisit(db, actor, { appointmentId: visit.id });
  return { patient, doctor, encounter, actor };
}

const drug = (name: string, genericName: string) => db.drug.create({ data: { code: unique('D'), name, genericName, form: 'Tablet' } });

describe('prescribing', () => {
  it('works out the quantity from the dosing, and keeps the course', async () => {
    const { encounter, actor, patient } = await consultation();
    const pcm = await drug('Dolo 650', 'Paracetamol');
    const pan = await drug('Pan 40', 'Pantoprazole');
    const rx = await prescribe(db, actor, {
      encounterId: encounter.id,
      items: [
        { drugId: pcm.id, dose: '1 tablet', frequency: '1-0-1', duration: '5 days', foodTiming: 'AFTER_FOOD' },
        { drugId: pan.id, dose: '1 tablet', frequency: 'od', duration: '2 weeks', foodTiming: 'EMPTY_STOMACH' },
      ],
    });
    const items = await db.prescriptionItem.findMany({ where: { prescriptionId: rx.id }, orderBy: { id: 'asc' } });
    expect(items.map((i) => [i.frequency, i.durationDays, i.quantity])).toEqual([
      ['1-0-1', 5, 10],
      ['OD', 14, 14],
    ]);
    expect((await activePrescriptions(db, patient.id))[0]?.items).toHaveLength(2);
  });

  it('refuses bad dosing on its field, and SOS without a quantity', async () => {
    const { encounter, actor } = await consultation();
    const pcm = await drug('Crocin', 'Paracetamol');
    const attempt = (item: Record<string, unknown>) =>
      prescribe(db, actor, { encounterId: encounter.id, items: [{ drugId: pcm.id, dose: '1 tablet', ...item }] });
    await expect(attempt({ frequency: 'twice', duration: '5 days' })).rejects.toMatchObject({
      issues: [expect.objectContaining({ path: ['items', 0, 'frequency'] })],
    });
    await expect(attempt({ frequency: '1-0-1', duration: 'forever' })).rejects.toMatchObject({
      issues: [expect.objectContaining({ path: ['items', 0, 'duration'] })],
    });
    await expect(attempt({ frequency: 'SOS' })).rejects.toMatchObject({
      issues: [expect.objectContaining({ path: ['items', 0, 'quantity'] })],
    });
    const sos = await attempt({ frequency: 'SOS', quantity: '6' });
    expect((await db.prescriptionItem.findFirstOrThrow({ where: { prescriptionId: sos.id } })).quantity).toBe(6);
  });

  it('warns of an allergy and of a drug already running, and goes on only with a reason', async () => {
    const { encounter, actor, patient } = await consultation();
    await recordAllergy(db, actor, {
      patientId: patient.id,
      kind: 'DRUG',
      substance: 'Amoxicillin',
      reaction: 'Hives',
      severity: 'SEVERE',
    });
    const amox = await drug('Mox 500', 'Amoxicillin');
    const item = { drugId: amox.id, dose: '1 capsule', frequency: 'TDS', duration: '5 days' };
    const refused = await prescribe(db, actor, { encounterId: encounter.id, items: [item] }).catch((e: unknown) => e);
    expect(refused).toMatchObject({
      status: 400,
      details: [{ path: 'items.0.overrideReason', message: expect.stringMatching(/Mox 500: allergic to Amoxicillin \(Hives\), severe/) }],
    });
    expect(await db.prescription.count({ where: { patientId: patient.id } })).toBe(0);
    await prescribe(db, actor, {
      encounterId: encounter.id,
      items: [{ ...item, overrideReason: 'Tolerated a test dose under observation' }],
    });

    // The same generic again while the course runs: a duplicate.
    const other = await drug('Novamox 500', 'Amoxicillin');
    const again = await prescribe(db, actor, {
      encounterId: encounter.id,
      items: [{ drugId: other.id, dose: '1 capsule', frequency: 'BD', duration: '3 days', overrideReason: undefined }],
    }).catch((e: unknown) => e);
    expect((again as { message: string }).message).toMatch(/already on Mox 500 TDS until \d{4}-\d{2}-\d{2}/);
  });

  it('prints the prescription with the doctor’s registration, the patient, diagnosis, allergies and the Rx', async () => {
    const { encounter, actor, patient, doctor } = await consultation();
    await addDiagnosis(db, actor, { encounterId: encounter.id, code: 'E11.9', certainty: 'FINAL' });
    await recordAllergy(db, actor, { patientId: patient.id, kind: 'DRUG', substance: 'Sulfa drugs' });
    const met = await drug('Glycomet 500', 'Metformin');
    const rx = await prescribe(db, actor, {
      encounterId: encounter.id,
      items: [{ drugId: met.id, dose: '1 tablet', frequency: '1-0-1', duration: '1 month', foodTiming: 'AFTER_FOOD' }],
    });
    const text = await pdfText(await renderPrescriptionPdf(db, hospital, rx.id));
    expect(text).toContain('Dr. Sanjay Rao');
    expect(text).toContain(`Reg. No. ${doctor.registrationNo}`);
    expect(text).toContain(`Patient: Rohini Kale UHID: ${patient.uhid}`);
    expect(text).toContain('Diagnosis: E11.9 Type 2 diabetes mellitus without complications');
    expect(text).toContain('Allergies: Sulfa drugs');
    expect(text).toMatch(/1\. Glycomet 500 \(Metformin\)/);
    expect(text).toMatch(/1 tablet 1-0-1 \(morning and night\) Oral, after food for 30 day\(s\) — qty 60/);
  });

  it('lets the pharmacy dispense against it in parts, never past it, another drug only with a reason; the medicine is billed at the counter’s tax', async () => {
    const { encounter, actor, patient } = await consultation();
    const pharmacist = await createActor(db, 'PHARMACIST');
    const [brand, other] = [await drug('Azee 500', 'Azithromycin'), await drug('Azithral 500', 'Azithromycin')];
    for (const d of [brand, other]) {
      await receiveStock(db, pharmacist, {
        drugId: d.id,
        batchNo: unique('B'),
        expiryDate: istDayFromToday(300),
        quantity: 20,
        mrp: '21.00',
        costPrice: '12.00',
      });
    }
    const rx = await prescribe(db, actor, {
      encounterId: encounter.id,
      items: [{ drugId: brand.id, dose: '1 tablet', frequency: 'OD', duration: '5 days' }],
    });
    const item = await db.prescriptionItem.findFirstOrThrow({ where: { prescriptionId: rx.id } });
    expect(await dispenseFromPrescription(db, pharmacist, { itemId: item.id, quantity: 3 })).toMatchObject({ dispensed: 3, remaining: 2 });
    await expect(dispenseFromPrescription(db, pharmacist, { itemId: item.id, quantity: 3 })).rejects.toMatchObject({
      status: 400,
      message: expect.stringMatching(/only 2 unit\(s\) of Azee 500 remain/),
    });
    await expect(
      dispenseFromPrescription(db, pharmacist, { itemId: item.id, quantity: 2, substituteDrugId: other.id }),
    ).rejects.toMatchObject({ status: 400 });
    expect(
      await dispenseFromPrescription(db, pharmacist, {
        itemId: item.id,
        quantity: 2,
        substituteDrugId: other.id,
        substituteReason: 'Azee out of stock',
      }),
    ).toMatchObject({ remaining: 0 });
    const items = await db.billableItem.findMany({ where: { patientId: patient.id, source: 'DRUG' }, orderBy: { id: 'asc' } });
    expect(
      items.map((i) => [
        i.description.includes('Azi') || i.description.includes('Aze'),
        i.quantity.toNumber(),
        i.gstRate.toNumber(),
        i.priceIncludesGst,
      ]),
    ).toEqual([
      [true, 3, 5, true],
      [true, 2, 5, true],
    ]);
    expect(items.every((i) => i.appointmentId === encounter.appointmentId)).toBe(true);
    const audit = await db.auditLog.findFirstOrThrow({
      where: { model: 'PrescriptionItem', recordId: String(item.id) },
      orderBy: { id: 'desc' },
    });
    expect(audit.after).toMatchObject({ dispensed: 5, substituteDrugId: other.id, substituteReason: 'Azee out of stock' });
  });
});
