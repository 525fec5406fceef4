/**
 * The doctor's day in Chromium: the nurse takes the vitals from the doctor's
 * worklist; the doctor lands on "My patients today", opens the consultation,
 * writes the complaints, finds the diagnosis by typing "diab", prescribes a
 * drug the patient is allergic to (warned, then overridden with a reason),
 * orders a test, finishes and prints the prescription; the pharmacist
 * dispenses from it in two parts; the bill carries the medicine at the
 * counter's GST. Screenshots in tests/artifacts/.
 */
import { createActor, createBed, createPatient, createVisitToday, istDayFromToday, unique } from '../factories.js';
import { receiveStock } from '../../src/modules/pharmacy/service.js';
import { recordAllergy } from '../../src/modules/clinical/service.js';
import { createDoctorStaff, createStaff } from '../support/backOffice.js';
import { see, shoot, signInPage, useBrowserOffice } from '../support/e2e.js';
import { pdfText } from '../support/pdfText.js';

const office = useBrowserOffice();
const DOCTOR_LANDING = /\/admin\/pages\/myPatients/;

it('worklist → encounter → vitals → "diab" → prescribe past an allergy → test → finish → print; dispensed in two parts; billed', async () => {
  const { db, base } = office;
  const code = unique('');
  const { user: doctorUser, doctor } = await createDoctorStaff(db, { name: `Dr. Aarti Kale ${code}`, registrationNo: `MMC-${code}` });
  const patient = await createPatient(db, { name: 'Suresh Gaikwad', gender: 'MALE', dateOfBirth: new Date('1966-08-15') });
  await createVisitToday(db, { patientId: patient.id, doctorId: doctor.id, checkedIn: true, tokenNo: 3 });
  await recordAllergy(db, await createActor(db, 'NURSE'), {
    patientId: patient.id,
    kind: 'DRUG',
    substance: 'Metformin',
    reaction: 'Diarrhoea',
  });
  const drug = await db.drug.create({
    data: { code: `GLY${code}`, name: `Glyco${code} 500`, genericName: 'Metformin', form: 'Tablet', hsnCode: '300490', gstRate: 5 },
  });
  await receiveStock(db, await createActor(db, 'PHARMACIST'), {
    drugId: drug.id,
    batchNo: unique('B'),
    expiryDate: istDayFromToday(400),
    quantity: 50,
    mrp: '3.00',
    costPrice: '1.50',
  });
  const testCode = unique('FBS');
  await db.labTest.create({
    data: {
      code: testCode,
      name: `Fasting sugar ${testCode}`,
      sampleType: 'Blood',
      service: { create: { code: `LAB-${testCode}`, name: 'Fasting sugar', category: 'LAB', price: 120, sacCode: '999316' } },
    },
  });

  // ── The nurse takes the vitals from the doctor's worklist ──
  const nurseUser = await createStaff(db, 'NURSE');
  const nurse = await signInPage(office, nurseUser.email);
  await nurse.goto(`${base}/admin/pages/myPatients`);
  await nurse.getByLabel('Doctor').waitFor({ timeout: 30_000 });
  await nurse.getByLabel('Doctor').selectOption(String(doctor.id));
  await see(nurse, `Suresh Gaikwad · ${patient.uhid}`, 'doctor-day-nurse-list');
  await nurse.getByRole('button', { name: 'Take vitals' }).click();
  await nurse.waitForURL(/\/admin\/pages\/encounter\?id=\d+/);
  await nurse.getByLabel('BP systolic (mmHg)').fill('148');
  await nurse.getByLabel('BP diastolic (mmHg)').fill('92');
  await nurse.getByLabel('Pulse (/min)').fill('84');
  await nurse.getByLabel('Weight (kg)').fill('78');
  await nurse.getByLabel('Height (cm)').fill('168');
  await nurse.getByRole('button', { name: 'Save vitals' }).click();
  await see(nurse, 'Vitals saved', 'doctor-day-vitals');
  await see(nurse, /BMI 27\.6/, 'doctor-day-vitals');
  await nurse.close();

  // ── The doctor lands on the worklist and opens the consultation ──
  const page = await signInPage(office, doctorUser.email, DOCTOR_LANDING);
  await see(page, 'My patients today', 'doctor-day-landing');
  const row = page.getByTestId('worklist-row').filter({ hasText: patient.uhid });
  expect(await row.innerText()).toMatch(/3\s+.*Suresh Gaikwad.*Checked in\s+Taken/s);
  await shoot(page, 'doctor-day-worklist');
  await row.getByRole('button', { name: 'Open consultation' }).click();
  await page.waitForURL(/\/admin\/pages\/encounter\?id=\d+/);
  await see(page, `Suresh Gaikwad · ${patient.uhid}`, 'doctor-day-encounter');
  expect(await page.getByTestId('standing-facts').innerText()).toMatch(/Allergies: Metformin \(Diarrhoea\), moderate/);

  await page.getByLabel('Chief complaints').fill('Excessive thirst for a month');
  await page.getByLabel('Advice').fill('Diet chart given; walk 30 minutes daily');
  await page.getByRole('button', { name: 'Save notes' }).click();
  await see(page, 'Notes saved', 'doctor-day-notes');

  await page.getByLabel('Search ICD-10 by words or code').fill('diab');
  await page.getByRole('button', { name: 'E11 Type 2 diabetes mellitus', exact: true }).click();
  await see(page, 'Diagnosis added: E11 Type 2 diabetes mellitus', 'doctor-day-diagnosis');

  await page.getByLabel('Drug 1').fill(`Glyco${code}`);
  await page
    .getByRole('option')
    .filter({ hasText: `Glyco${code} 500` })
    .waitFor();
  await page.getByLabel('Drug 1').press('Enter');
  await page.getByLabel('Frequency 1').fill('1-0-1');
  await page.getByLabel('Duration 1').fill('10 days');
  await page.getByRole('button', { name: 'Save prescription' }).click();
  await see(page, /allergic to Metformin \(Diarrhoea\), moderate — give a reason/, 'doctor-day-allergy');
  await shoot(page, 'doctor-day-allergy-warning');
  await page.getByLabel('Reason to prescribe 1 anyway').fill('Intolerance, not allergy; start low with food');
  await page.getByRole('button', { name: 'Save prescription' }).click();
  await see(page, 'Prescription saved', 'doctor-day-prescribed');
  await see(page, new RegExp(`Glyco${code} 500 — 1 tablet 1-0-1 × 10 days · qty 20`), 'doctor-day-prescribed');

  await page.getByLabel(`Fasting sugar ${testCode}`).check();
  await page.getByRole('button', { name: 'Order tests' }).click();
  await see(page, 'Tests ordered', 'doctor-day-tests');
  await see(page, new RegExp(`Fasting sugar ${testCode} \\(LAB/`), 'doctor-day-tests');

  await page.getByRole('button', { name: 'Finish consultation' }).click();
  await see(page, 'Consultation finished', 'doctor-day-finish');
  await shoot(page, 'doctor-day-encounter');
  const href = await page.getByRole('link', { name: 'Print prescription' }).getAttribute('href');
  const printed = await page.request.get(`${base}${href ?? ''}`);
  expect(printed.headers()['content-type']).toBe('application/pdf');
  const text = await pdfText(Buffer.from(await printed.body()));
  for (const part of [
    `Dr. Aarti Kale ${code}`,
    `Reg. No. MMC-${code}`,
    patient.uhid,
    'E11 Type 2 diabetes mellitus',
    `Glyco${code} 500`,
    '1-0-1 (morning and night)',
  ])
    expect(text).toContain(part);
  await page.close();
  const visit = await db.appointment.findFirstOrThrow({ where: { patientId: patient.id, doctorId: doctor.id } });
  expect(visit.status).toBe('SEEN');

  // ── The pharmacist dispenses from the prescription, part now and the rest later ──
  const item = await db.prescriptionItem.findFirstOrThrow({ where: { drugId: drug.id } });
  const pharmacistUser = await createStaff(db, 'PHARMACIST');
  const pharmacist = await signInPage(office, pharmacistUser.email);
  // From the patient's file to the prescription, which says what remains of each drug, to the drug's "Dispense".
  await pharmacist.goto(`${base}/admin/resources/Patient/records/${patient.id}/show`);
  await pharmacist.getByTestId('related-prescriptions').getByRole('link').first().click();
  await pharmacist.getByTestId('related-items').waitFor({ timeout: 30_000 });
  const prescribed = pharmacist.getByTestId('related-items');
  await see(pharmacist, 'Remaining', 'doctor-day-rx-page');
  expect(await prescribed.innerText()).toMatch(/1 tablet\s+1-0-1\s+Oral\s+10\s+20\s+0\s+20\s+Active/);
  await shoot(pharmacist, 'doctor-day-rx-page');
  await prescribed.getByRole('link', { name: new RegExp(`Glyco${code} 500`) }).click();
  await pharmacist
    .getByRole('link', { name: 'Dispense' })
    .or(pharmacist.getByRole('button', { name: 'Dispense' }))
    .first()
    .waitFor({ timeout: 30_000 });
  for (const [units, notice] of [
    ['8', /^Dispensed: 12 unit\(s\) remain on the prescription$/],
    ['12', /^Dispensed: the item is complete$/],
  ] as const) {
    await pharmacist.goto(`${base}/admin/resources/PrescriptionItem/records/${item.id}/dispenseFromPrescription`);
    await pharmacist.getByTestId('operation-submit').waitFor({ timeout: 30_000 });
    await pharmacist.fill('#field-quantity', units);
    await pharmacist.getByTestId('operation-submit').click();
    await see(pharmacist, notice, `doctor-day-dispense-${units}`);
  }
  await pharmacist.close();
  expect(await db.prescriptionItem.findUniqueOrThrow({ where: { id: item.id } })).toMatchObject({ dispensed: 20 });

  // ── The medicine reaches the bill at the counter's GST (billing/supply.ts) ──
  const charges = await db.billableItem.findMany({ where: { patientId: patient.id, source: 'DRUG' } });
  expect(charges.map((c) => Number(c.quantity)).sort((a, b) => a - b)).toEqual([8, 12]);
  expect(charges.every((c) => c.gstRate.equals(5) && c.appointmentId === visit.id)).toBe(true);
}, 240_000);

it('the ward: a round’s prescription on the nurses’ chart, an overdue dose given, a nursing note, the discharge summary signed', async () => {
  const { db, base } = office;
  const code = unique('');
  const { user: doctorUser, doctor } = await createDoctorStaff(db, { name: `Dr. Milind Joshi ${code}`, registrationNo: `MMC-W${code}` });
  const patient = await createPatient(db, { name: 'Kamal Shinde', gender: 'MALE', dateOfBirth: new Date('1950-01-26') });
  const bed = await createBed(db);
  await db.bed.update({ where: { id: bed.id }, data: { status: 'OCCUPIED' } });
  const admission = await db.admission.create({
    data: { admissionNo: unique('IP-'), patientId: patient.id, bedId: bed.id, doctorId: doctor.id, diagnosis: 'Cellulitis left leg' },
  });
  const drug = await db.drug.create({
    data: { code: `CEF${code}`, name: `Cefo${code} 1g`, genericName: 'Ceftriaxone', form: 'Injection' },
  });

  // ── The doctor's round from the ward's page ──
  const page = await signInPage(office, doctorUser.email, DOCTOR_LANDING);
  await page.goto(`${base}/admin/pages/wardRound`);
  await page.getByLabel('Ward').waitFor({ timeout: 30_000 });
  await page.getByLabel('Ward').selectOption(String(bed.wardId));
  await page.getByTestId('ward-patient').filter({ hasText: patient.uhid }).getByRole('button', { name: 'Ward round' }).click();
  await page.waitForURL(/\/admin\/pages\/encounter\?id=\d+/);
  await see(page, /Ward round with Dr\. Milind Joshi/, 'ward-round-open');
  await page.getByLabel('Examination').fill('Redness receding; afebrile');
  await page.getByRole('button', { name: 'Save notes' }).click();
  await see(page, 'Notes saved', 'ward-round-notes');
  await page.getByLabel('Drug 1').fill(`Cefo${code}`);
  await page
    .getByRole('option')
    .filter({ hasText: `Cefo${code} 1g` })
    .waitFor();
  await page.getByLabel('Drug 1').press('Enter');
  await page.getByLabel('Dose 1').fill('1 g');
  await page.getByLabel('Frequency 1').fill('BD');
  await page.getByLabel('Route 1').fill('IV');
  await page.getByLabel('Duration 1').fill('3 days');
  await page.getByRole('button', { name: 'Save prescription' }).click();
  await see(page, 'Prescription saved', 'ward-round-rx');
  const item = await db.prescriptionItem.findFirstOrThrow({ where: { drugId: drug.id } });
  expect(await db.medicationDose.count({ where: { prescriptionItemId: item.id, status: 'SCHEDULED' } })).toBe(6);
  // A dose the night shift missed: due two hours ago, still not recorded.
  await db.medicationDose.create({
    data: {
      prescriptionItemId: item.id,
      admissionId: admission.id,
      patientId: patient.id,
      scheduledAt: new Date(Date.now() - 2 * 3_600_000),
    },
  });

  // ── The nurse: the overdue dose on the ward's page, given; a nursing note ──
  const nurseUser = await createStaff(db, 'NURSE');
  const nurse = await signInPage(office, nurseUser.email);
  await nurse.goto(`${base}/admin/pages/wardRound`);
  await nurse.getByLabel('Ward').waitFor({ timeout: 30_000 });
  expect(await nurse.getByLabel('Ward').locator(`option[value="${bed.wardId}"]`).innerText()).toMatch(/— 1 overdue$/);
  await nurse.getByLabel('Ward').selectOption(String(bed.wardId));
  const overdue = nurse.getByTestId('dose-row').filter({ hasText: 'overdue' });
  await overdue.waitFor();
  expect(await overdue.innerText()).toContain(`Cefo${code} 1g 1 g IV (BD)`);
  await shoot(nurse, 'ward-round-overdue');
  await overdue.getByRole('button', { name: 'Given' }).click();
  await see(nurse, `Cefo${code} 1g for Kamal Shinde: Given`, 'ward-round-given');
  await nurse.getByTestId('dose-row').filter({ hasText: 'overdue' }).waitFor({ state: 'detached' });
  await nurse.getByLabel('Nursing note for Kamal Shinde').fill('Leg elevated; dressing changed.');
  await nurse.getByRole('button', { name: 'Save note' }).click();
  await see(nurse, 'Note saved for Kamal Shinde', 'ward-round-note');
  await nurse.close();

  // ── The doctor writes the discharge summary on the admission and signs it ──
  await page.goto(`${base}/admin/resources/Admission/records/${admission.id}/writeDischargeSummary`);
  await page.getByTestId('operation-submit').waitFor({ timeout: 30_000 });
  await page.fill('#field-diagnoses', 'L03.11 left lower leg');
  await page.fill('#field-courseInHospital', 'IV ceftriaxone for three days; redness settled.');
  await page.fill('#field-conditionAtDischarge', 'Walking, afebrile');
  await page.fill('#field-medicines', `CEF${code}; 1 g; BD; 2 days`);
  await page.getByTestId('operation-submit').click();
  await see(page, 'Discharge summary saved as a draft: sign it when it is final', 'ward-discharge-draft');
  await page.goto(`${base}/admin/resources/Admission/records/${admission.id}/signDischargeSummary`);
  await page.getByTestId('operation-submit').waitFor({ timeout: 30_000 });
  await page.getByTestId('operation-submit').click();
  await see(page, 'Discharge summary signed', 'ward-discharge-signed');
  await page.goto(`${base}/admin/resources/Admission/records/${admission.id}/show`);
  await see(page, 'Medication administration', 'ward-record');
  const record = await page.locator('body').innerText();
  for (const part of [
    'Discharge summary',
    'Signed',
    'Nursing notes',
    'Leg elevated; dressing changed.',
    'Ward rounds',
    'Redness receding; afebrile',
  ])
    expect(record).toContain(part);
  await shoot(page, 'ward-record');
  const summary = await db.dischargeSummary.findUniqueOrThrow({ where: { admissionId: admission.id } });
  const printed = await page.request.get(`${base}/admin/discharge-summaries/${summary.id}/pdf`);
  const text = await pdfText(Buffer.from(await printed.body()));
  for (const part of [
    'DISCHARGE SUMMARY',
    'L03.11 Cellulitis of other parts of limb — left lower leg',
    `Cefo${code} 1g — 1 g BD Oral for 2 day(s)`,
    `Signed by Dr. Milind Joshi ${code}`,
  ])
    expect(text).toContain(part);
  await page.close();
}, 240_000);
