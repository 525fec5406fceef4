/**
 * The front desk's flows through the real back-office: check in and collect
 * the fee in one step (token, issued bill and receipt), the token slip, the
 * OPD queue of every doctor, a ward's gender and age rules at admission
 * (overridden only with a reason), and the state chosen from the GST list.
 */
import { createBed, createDoctorWithDailyOpd, createPatient, createVisitToday } from '../../factories.js';
import { signedInAs } from '../../support/backOffice.js';
import { useBackOffice, useDatabase } from '../../support/lifecycle.js';
import { fetchPdf, pdfText } from '../../support/pdfText.js';

const db = useDatabase();
const office = useBackOffice(db);

const action = (model: string, id: number, name: string) => `/admin/api/resources/${model}/records/${id}/${name}`;

async function bookedToday(name: string, doctorName = 'Dr. Test') {
  const doctor = await createDoctorWithDailyOpd(db, { name: doctorName });
  const patient = await createPatient(db, { name });
  const appointment = await createVisitToday(db, { patientId: patient.id, doctorId: doctor.id });
  return { doctor, patient, appointment };
}

describe('the front desk', () => {
  it('checks in and collects the consultation fee in one step: token, issued bill, receipt', async () => {
    const { agent, staff } = await signedInAs(office.app, db, 'RECEPTIONIST');
    const { appointment, patient } = await bookedToday('Ganesh Patil');
    const form = await agent.get(action('Appointment', appointment.id, 'collectFee')).expect(200);
    expect(form.body.options.method.map((o: { label: string }) => o.label)).toEqual(['Cash', 'Card', 'UPI']);

    // A card payment needs its slip number: nothing happens without it.
    const refused = await agent
      .post(action('Appointment', appointment.id, 'collectFee'))
      .type('form')
      .send({ method: 'CARD' })
      .expect(200);
    expect(refused.body.notice).toMatchObject({ type: 'error', message: expect.stringMatching(/card slip/i) });
    expect((await db.appointment.findUniqueOrThrow({ where: { id: appointment.id } })).status).toBe('BOOKED');
    expect(await db.invoice.count({ where: { patientId: patient.id } })).toBe(0);

    const done = await agent
      .post(action('Appointment', appointment.id, 'collectFee'))
      .type('form')
      .send({ method: 'CASH' })
      .expect(200);
    expect(done.body.notice).toMatchObject({
      type: 'success',
      message: expect.stringMatching(/^Checked in: token 1\. Received ₹ 500\.00: receipt \S+$/),
    });
    const invoice = await db.invoice.findFirstOrThrow({ where: { patientId: patient.id }, include: { payments: true } });
    expect(invoice).toMatchObject({ status: 'PAID', appointmentId: appointment.id, createdById: staff.id });
    expect(invoice.total.toFixed(2)).toBe('500.00');
    expect(invoice.payments).toHaveLength(1);

    const slip = await fetchPdf(agent, `/admin/appointments/${appointment.id}/token`);
    expect(slip.status).toBe(200);
    const text = await pdfText(slip.body as Buffer);
    expect(text).toMatch(/OPD TOKEN 1 Dr\. Test/);
    expect(text).toContain('Patient: Ganesh Patil');
  });

  it('prints no token slip before check-in, and answers an id that is no number with 404', async () => {
    const { agent } = await signedInAs(office.app, db, 'RECEPTIONIST');
    const { appointment } = await bookedToday('Not Yet Here');
    const early = await agent.get(`/admin/appointments/${appointment.id}/token`).expect(409);
    expect(early.text).toMatch(/check in first/);
    await agent.get('/admin/appointments/not-a-number/token').expect(404);
  });

  it('refuses "Check in and collect fee" to a nurse (not her money to take)', async () => {
    const { agent } = await signedInAs(office.app, db, 'NURSE');
    const { appointment } = await bookedToday('Nurse Desk');
    await agent
      .post(action('Appointment', appointment.id, 'collectFee'))
      .type('form')
      .send({ method: 'CASH' })
      .expect(403);
  });

  it('shows every doctor’s next patients with counts by default, or one doctor’s whole day, with the buttons the role may use', async () => {
    const first = await bookedToday('Queue One', 'Dr. Aaa Queue');
    const second = await bookedToday('Queue Two', 'Dr. Aab Queue');
    // Seven more wait for the second doctor; one was seen.
    for (let i = 0; i < 7; i += 1) {
      const patient = await createPatient(db, { name: `Later ${i}` });
      await createVisitToday(db, { patientId: patient.id, doctorId: second.doctor.id, time: `22:${String(i * 5).padStart(2, '0')}` });
    }
    const seen = await createPatient(db, { name: 'Already Seen' });
    await createVisitToday(db, { patientId: seen.id, doctorId: second.doctor.id, time: '21:00', status: 'SEEN', tokenNo: 1 });
    const { agent } = await signedInAs(office.app, db, 'RECEPTIONIST');
    const all = await agent.get('/admin/api/pages/todaysQueue').expect(200);
    expect(all.body.doctorId).toBeNull();
    expect(all.body.can).toEqual({ checkIn: true, collectFee: true, markSeen: false, printToken: true });
    expect(all.body.summary).toEqual(
      expect.arrayContaining([
        { doctorId: first.doctor.id, doctor: 'Dr. Aaa Queue', waiting: 1, seen: 0 },
        { doctorId: second.doctor.id, doctor: 'Dr. Aab Queue', waiting: 8, seen: 1 },
      ]),
    );
    const seconds = all.body.queue.filter((e: { doctorId: number }) => e.doctorId === second.doctor.id);
    // The next five, in the order they will be called (earliest slot first, nobody seen).
    expect(seconds.map((e: { patient: { name: string } }) => e.patient.name)).toEqual([
      'Later 0',
      'Later 1',
      'Later 2',
      'Later 3',
      'Later 4',
    ]);
    expect(all.body.queue.find((e: { id: number }) => e.id === first.appointment.id)).toMatchObject({ doctor: 'Dr. Aaa Queue' });

    const one = await agent
      .get('/admin/api/pages/todaysQueue')
      .query({ doctorId: String(second.doctor.id) })
      .expect(200);
    expect(one.body.queue).toHaveLength(9);
    expect(one.body.queue[0]).toMatchObject({ tokenNo: 1, status: 'SEEN' });
    // An unknown doctor is not an error: every doctor's board.
    const unknown = await agent.get('/admin/api/pages/todaysQueue').query({ doctorId: 'x' }).expect(200);
    expect(unknown.body.doctorId).toBeNull();
  });

  it('keeps a female patient out of a male ward unless someone gives the reason', async () => {
    const { agent } = await signedInAs(office.app, db, 'NURSE');
    const bed = await createBed(db);
    await db.ward.update({ where: { id: bed.wardId }, data: { name: `General Ward (Male) ${bed.wardId}`, admits: 'MALE' } });
    const [patient, doctor] = [await createPatient(db, { name: 'Lata Shinde', gender: 'FEMALE' }), await createDoctorWithDailyOpd(db)];
    const form = { bedId: String(bed.id), doctorId: String(doctor.id) };
    const refused = await agent
      .post(action('Patient', patient.id, 'admit'))
      .type('form')
      .send(form)
      .expect(200);
    expect(refused.body.notice).toMatchObject({
      type: 'error',
      message: expect.stringMatching(/takes only male patients.*give the reason/),
    });
    expect(await db.admission.count({ where: { patientId: patient.id } })).toBe(0);

    const reason = 'Female ward full tonight; curtained bed';
    const admitted = await agent
      .post(action('Patient', patient.id, 'admit'))
      .type('form')
      .send({ ...form, wardRuleOverride: reason })
      .expect(200);
    expect(admitted.body.notice).toMatchObject({ type: 'success' });
    const stay = await db.admissionBedStay.findFirstOrThrow({ where: { admission: { patientId: patient.id } } });
    expect(stay.wardRuleOverride).toBe(reason);
  });

  it('keeps a child out of an adults-only ward, and lets a patient of unknown age in', async () => {
    const { agent } = await signedInAs(office.app, db, 'NURSE');
    const bed = await createBed(db);
    await db.ward.update({ where: { id: bed.wardId }, data: { minAgeYears: 60 } });
    const doctor = await createDoctorWithDailyOpd(db);
    const child = await createPatient(db, { name: 'Child', dateOfBirth: new Date('2019-05-01') });
    const refused = await agent
      .post(action('Patient', child.id, 'admit'))
      .type('form')
      .send({ bedId: String(bed.id), doctorId: String(doctor.id) })
      .expect(200);
    expect(refused.body.notice.message).toMatch(/takes patients from 60 years \(this patient is \d+\)/);
    const unknownAge = await createPatient(db, { name: 'Unknown Age' });
    const admitted = await agent
      .post(action('Patient', unknownAge.id, 'admit'))
      .type('form')
      .send({ bedId: String(bed.id), doctorId: String(doctor.id) })
      .expect(200);
    expect(admitted.body.notice).toMatchObject({ type: 'success' });
  });

  it('takes the state from the GST list and refuses a code that is no state', async () => {
    const { agent } = await signedInAs(office.app, db, 'RECEPTIONIST');
    const form = { name: 'Imran Sayyed', gender: 'MALE', phone: '9822000111', stateCode: '99' };
    const refused = await agent.post('/admin/api/resources/Patient/actions/new').type('form').send(form);
    expect(refused.status).toBeLessThan(500);
    expect(refused.body.record.errors.stateCode.message).toMatch(/Choose the state from the list/);
    expect(await db.patient.count({ where: { name: 'Imran Sayyed' } })).toBe(0);
    const saved = await agent
      .post('/admin/api/resources/Patient/actions/new')
      .type('form')
      .send({ ...form, stateCode: '29' })
      .expect(200);
    expect(saved.body.notice).toMatchObject({ type: 'success' });
    expect((await db.patient.findFirstOrThrow({ where: { name: 'Imran Sayyed' } })).stateCode).toBe('29');
  });
});
