/**
 * An administrator's merge of a duplicate registration (src/modules/patients/merge.ts):
 * visits, bills (issued ones too), deposits and results move to the kept record,
 * the duplicate stays marked, the merge is audited, and undoing it from its
 * audit row moves exactly those rows back. The deposit's fiscal trigger lets a
 * deposit change files only inside a merge.
 */
import { admitPatient, dischargePatient, prepareFinalBill } from '../../../src/modules/admissions/service.js';
import { draftInvoice, issueInvoice } from '../../../src/modules/billing/invoices.js';
import { mergePatients, undoPatientMerge } from '../../../src/modules/patients/merge.js';
import { findPossibleDuplicates } from '../../../src/modules/patients/duplicates.js';
import { recordPayment } from '../../../src/modules/payments/service.js';
import { createActor, createBed, createCharge, createDoctorWithDailyOpd, createPatient } from '../../factories.js';
import { signedInAs } from '../../support/backOffice.js';
import { useBackOffice, useDatabase } from '../../support/lifecycle.js';

const db = useDatabase();
const office = useBackOffice(db);
const env = { HOSPITAL_STATE_CODE: '27' };

/** A duplicate with a discharged admission (deposit applied, final bill paid) and an open OPD bill. */
async function duplicateWithHistory(phone: string) {
  const admin = await createActor(db, 'ADMIN');
  const duplicate = await createPatient(db, { name: 'Kavita Jadhav', phone });
  const [bed, doctor] = [await createBed(db), await createDoctorWithDailyOpd(db)];
  const admission = await admitPatient(db, admin, {
    patientId: duplicate.id,
    bedId: bed.id,
    doctorId: doctor.id,
    deposit: { amount: '1000', method: 'CASH' },
  });
  const bill = await prepareFinalBill(db, env, admin, { admissionId: admission.id });
  if (!bill.invoice) throw new Error('no final bill');
  const invoice = bill.invoice;
  const due = bill.due;
  if (due.greaterThan(0)) await recordPayment(db, admin, { invoiceId: invoice.id, method: 'CASH', amount: due.toFixed(2) });
  await dischargePatient(db, admin, { admissionId: admission.id, summary: 'Recovered well; review in a week.' });
  await createCharge(db, duplicate.id, '350');
  const opd = await issueInvoice(db, admin, { invoiceId: (await draftInvoice(db, env, admin, { patientId: duplicate.id })).id });
  return { admin, duplicate, admission, finalBill: invoice, opd };
}

describe('merging a duplicate patient record', () => {
  it('moves the file, marks the duplicate, audits it, and undoes it from the audit row', async () => {
    const phone = '+919800055501';
    const kept = await createPatient(db, { name: 'Kavita Jadhav', phone, dateOfBirth: new Date('1984-03-02') });
    const { admin, duplicate, admission, finalBill, opd } = await duplicateWithHistory(phone);

    const merged = await mergePatients(db, admin, {
      keepId: kept.id,
      duplicateUhid: duplicate.uhid.toLowerCase(),
      reason: 'Same person, registered twice',
    });
    expect(merged.moved.admission).toEqual([admission.id]);
    expect(merged.moved.invoice.sort()).toEqual([finalBill.id, opd.id].sort());
    expect(merged.moved.deposit).toHaveLength(1);
    expect(await db.invoice.count({ where: { patientId: kept.id } })).toBe(2);
    expect(await db.deposit.count({ where: { patientId: kept.id } })).toBe(1);
    // The issued bills keep their numbers and amounts.
    expect(await db.invoice.findUniqueOrThrow({ where: { id: opd.id } })).toMatchObject({ number: opd.number, total: opd.total });
    const marked = await db.patient.findUniqueOrThrow({ where: { id: duplicate.id } });
    expect(marked.mergedIntoId).toBe(kept.id);
    // A merged duplicate is never offered again as a possible duplicate.
    expect((await findPossibleDuplicates(db, { name: 'Kavita Jadhav', phone })).map((c) => c.id)).toEqual([kept.id]);
    const audit = await db.auditLog.findFirstOrThrow({
      where: { model: 'Patient', recordId: String(kept.id), action: 'ACTION' },
      orderBy: { id: 'desc' },
    });
    expect(audit.after).toMatchObject({
      operation: 'merge duplicate patient',
      duplicateUhid: duplicate.uhid,
      reason: 'Same person, registered twice',
    });

    // Something new for the kept record after the merge stays with it on undo.
    const later = await createCharge(db, kept.id, '100');
    const undone = await undoPatientMerge(db, admin, { duplicateId: duplicate.id, reason: 'Twins: not the same person' });
    expect(undone.moved.invoice.sort()).toEqual([finalBill.id, opd.id].sort());
    expect(await db.invoice.count({ where: { patientId: duplicate.id } })).toBe(2);
    expect(await db.deposit.count({ where: { patientId: duplicate.id } })).toBe(1);
    expect((await db.billableItem.findUniqueOrThrow({ where: { id: later.id } })).patientId).toBe(kept.id);
    expect((await db.patient.findUniqueOrThrow({ where: { id: duplicate.id } })).mergedIntoId).toBeNull();
  });

  it('refuses a merge into itself, an unknown UHID, a second merge and two admitted records, changing nothing', async () => {
    const admin = await createActor(db, 'ADMIN');
    const [a, b] = [await createPatient(db), await createPatient(db)];
    await expect(mergePatients(db, admin, { keepId: a.id, duplicateUhid: a.uhid, reason: 'same person' })).rejects.toMatchObject({
      code: 'SAME_PATIENT',
    });
    await expect(mergePatients(db, admin, { keepId: a.id, duplicateUhid: 'PH-9999999', reason: 'same person' })).rejects.toMatchObject({
      status: 404,
    });
    await expect(mergePatients(db, admin, { keepId: a.id, duplicateUhid: 'Kavita', reason: 'same person' })).rejects.toMatchObject({
      name: 'ZodError',
    });
    const [c, d] = [await createPatient(db), await createPatient(db)];
    await mergePatients(db, admin, { keepId: c.id, duplicateUhid: d.uhid, reason: 'same person' });
    await expect(mergePatients(db, admin, { keepId: a.id, duplicateUhid: d.uhid, reason: 'same person' })).rejects.toMatchObject({
      code: 'ALREADY_MERGED',
    });
    const [bedA, bedB, doctor] = [await createBed(db), await createBed(db), await createDoctorWithDailyOpd(db)];
    await admitPatient(db, admin, { patientId: a.id, bedId: bedA.id, doctorId: doctor.id });
    await admitPatient(db, admin, { patientId: b.id, bedId: bedB.id, doctorId: doctor.id });
    await expect(mergePatients(db, admin, { keepId: a.id, duplicateUhid: b.uhid, reason: 'same person' })).rejects.toMatchObject({
      code: 'BOTH_ADMITTED',
    });
    expect(await db.admission.count({ where: { patientId: a.id } })).toBe(1);
  });

  it('never lets a deposit change files outside a merge (the fiscal trigger)', async () => {
    const phone = '+919800055502';
    const other = await createPatient(db, { phone });
    const { duplicate } = await duplicateWithHistory(phone);
    const deposit = await db.deposit.findFirstOrThrow({ where: { patientId: duplicate.id } });
    await expect(db.deposit.update({ where: { id: deposit.id }, data: { patientId: other.id } })).rejects.toThrow(/Fiscal record/);
  });

  it('is the administrator’s alone in the back-office, and says what it moved', async () => {
    const [kept, duplicate] = [await createPatient(db, { name: 'Desk Merge' }), await createPatient(db, { name: 'Desk Merge' })];
    await createCharge(db, duplicate.id, '200');
    const path = `/admin/api/resources/Patient/records/${kept.id}/mergeDuplicate`;
    const { agent: desk } = await signedInAs(office.app, db, 'RECEPTIONIST');
    await desk.post(path).type('form').send({ duplicateUhid: duplicate.uhid, reason: 'same person' }).expect(403);
    const { agent } = await signedInAs(office.app, db, 'ADMIN');
    const res = await agent.post(path).type('form').send({ duplicateUhid: duplicate.uhid, reason: 'Same phone, same name' }).expect(200);
    expect(res.body.notice).toEqual({ type: 'success', message: `Merged ${duplicate.uhid} into ${kept.uhid}: 1 record(s) moved` });
    const shown = await agent.get(`/admin/api/resources/Patient/records/${duplicate.id}/show`).expect(200);
    expect(shown.body.record.title).toBe(`Desk Merge · ${duplicate.uhid} (merged duplicate)`);
    const undo = await agent
      .post(`/admin/api/resources/Patient/records/${duplicate.id}/undoMerge`)
      .type('form')
      .send({ reason: 'Registered by mistake as one' })
      .expect(200);
    expect(undo.body.notice.message).toBe(`${duplicate.uhid} is a record of its own again (moved back from ${kept.uhid})`);
  });
});
