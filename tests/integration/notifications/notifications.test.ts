/**
 * The hospital's messages through real protocols on this machine: e-mail to a
 * real SMTP server (smtp-server), SMS to the MSG91-style gateway stand-in,
 * WhatsApp to a Cloud API stand-in — each message a job of the queue, run by
 * the app's own workers, with its delivery-log row. Provider outages are
 * retried; refusals for good are not; an opted-out patient gets nothing but
 * the codes they ask for; a reminder is sent once however often it is scheduled.
 */
import request from 'supertest';
import { accessTokens } from '../../../src/modules/patientAuth/tokens.js';
import { remindTomorrowsAppointments } from '../../../src/modules/jobs/tasks.js';
import { draftInvoice, issueInvoice } from '../../../src/modules/billing/invoices.js';
import { createActor, createCharge, createDoctorWithDailyOpd, createPatient, istAt, istDayFromToday, unique } from '../../factories.js';
import { startBackOffice, type BackOfficeApp } from '../../support/backOffice.js';
import { testEnv } from '../../support/env.js';
import { startFakeSms, TEST_SMS_KEY, type FakeSms } from '../../support/fakeSms.js';
import { startFakeWhatsapp, TEST_WHATSAPP_NUMBER_ID, TEST_WHATSAPP_TOKEN, type FakeWhatsapp } from '../../support/fakeWhatsapp.js';
import { runsOfJob } from '../../support/jobRuns.js';
import { useDatabase } from '../../support/lifecycle.js';
import { startMailServer, type MailServer } from '../../support/smtp.js';

const db = useDatabase();
let office: BackOfficeApp;
let mail: MailServer;
let sms: FakeSms;
let whatsapp: FakeWhatsapp;
let signPatient: (id: number) => Promise<string>;

const DLT = {
  bookedEn: '1107000000000000001',
  bookedHi: '1107000000000000002',
  reminderEn: '1107000000000000003',
};

beforeAll(async () => {
  [mail, sms, whatsapp] = await Promise.all([startMailServer(), startFakeSms(), startFakeWhatsapp()]);
  const env = testEnv({
    TRUST_PROXY: 'true',
    SMS_API_URL: sms.url,
    SMS_API_KEY: TEST_SMS_KEY,
    SMS_DLT_TEMPLATES: `appointment.booked:en=${DLT.bookedEn},appointment.booked:hi=${DLT.bookedHi},appointment.reminder:en=${DLT.reminderEn}`,
    WHATSAPP_API_URL: whatsapp.url,
    WHATSAPP_PHONE_NUMBER_ID: TEST_WHATSAPP_NUMBER_ID,
    WHATSAPP_TOKEN: TEST_WHATSAPP_TOKEN,
    SMTP_URL: mail.url,
    MAIL_FROM: 'Parth Hospital <appointments@parth.hospital>',
  });
  office = await startBackOffice(db, { env });
  const tokens = accessTokens(env.PATIENT_JWT_SECRET);
  signPatient = (id) => tokens.sign(id);
}, 60_000);

afterAll(async () => {
  await office?.backOffice.close();
  await Promise.all([mail?.close(), sms?.close(), whatsapp?.close()]);
});

/** Waits for the workers (a retry waits e^attempt seconds), as long as a loaded machine may need. */
async function until<T>(what: string, check: () => Promise<T | undefined | null | false>): Promise<T> {
  for (let i = 0; i < 1200; i += 1) {
    const value = await check();
    if (value) return value;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`${what} did not happen within two minutes`);
}

const messagesOf = (patientId: number) => db.notification.findMany({ where: { patientId }, orderBy: { id: 'asc' } });
const settled = (patientId: number, count: number) =>
  until(`${count} messages settled`, async () => {
    const rows = await messagesOf(patientId);
    return rows.length === count && rows.every((r) => r.status !== 'QUEUED') && rows;
  });

async function book(patientId: number, doctorId: number, daysAhead: number, hhmm = '09:30') {
  const token = await signPatient(patientId);
  return request(office.app)
    .post('/api/v1/me/appointments')
    .set('Authorization', `Bearer ${token}`)
    .send({ doctorId, startsAt: istAt(istDayFromToday(daysAhead), hhmm).toISOString() })
    .expect(201);
}

describe('booking confirmations', () => {
  it('go in the patient’s language on every channel the patient allows, each logged with the provider’s id', async () => {
    const doctor = await createDoctorWithDailyOpd(db, { name: 'Dr. Meera Kulkarni' });
    const email = `${unique('sunita')}@example.in`;
    // A name of its own, as factory phone numbers may repeat across runs.
    const name = unique('Sunita Patil ');
    const patient = await createPatient(db, { name, email, language: 'HI', notifyByWhatsapp: true });
    await book(patient.id, doctor.id, 3);

    const rows = await settled(patient.id, 3);
    expect(rows.map((r) => [r.channel, r.status, r.template])).toEqual([
      ['WHATSAPP', 'SENT', 'appointment.booked'],
      ['SMS', 'SENT', 'appointment.booked'],
      ['EMAIL', 'SENT', 'appointment.booked'],
    ]);
    for (const row of rows) expect(row.providerMessageId).toBeTruthy();

    const digits = patient.phone.replace(/^\+/, '');
    expect(sms.sent.filter((s) => s.mobiles === digits && s.variables.patient === name)).toEqual([
      expect.objectContaining({
        templateId: DLT.bookedHi,
        sender: 'PRTHSP',
        variables: expect.objectContaining({ patient: name, doctor: 'Dr. Meera Kulkarni' }),
      }),
    ]);
    expect(whatsapp.sent.filter((w) => w.to === digits && w.parameters[0] === name)).toEqual([
      {
        to: digits,
        template: 'appointment_booked',
        language: 'hi',
        parameters: [name, 'Dr. Meera Kulkarni', expect.any(String), '9:30 am'],
      },
    ]);
    const letter = mail.received.find((m) => m.to.includes(email));
    expect(letter?.from).toBe('appointments@parth.hospital');
    // The body is Hindi (quoted-printable or base64 UTF-8); the subject header is encoded UTF-8.
    expect(letter?.raw).toMatch(/^Subject: =\?UTF-8\?/im);
  });

  it('are retried when a provider is down, and end FAILED without retrying when it refuses for good', async () => {
    const doctor = await createDoctorWithDailyOpd(db);
    const patient = await createPatient(db, { email: `${unique('amit')}@example.in`, notifyByWhatsapp: true });
    sms.failNext(1); // an outage: the gateway answers 500 once
    whatsapp.failNext(1, 400); // undeliverable: trying again cannot help
    mail.refuseNext(1, 550); // no such mailbox
    await book(patient.id, doctor.id, 4);

    const rows = await settled(patient.id, 3);
    const byChannel = Object.fromEntries(rows.map((r) => [r.channel, r]));
    expect(byChannel.SMS).toMatchObject({ status: 'SENT', attempts: 2 });
    expect(byChannel.WHATSAPP).toMatchObject({ status: 'FAILED', attempts: 1, lastError: expect.stringMatching(/undeliverable/) });
    expect(byChannel.EMAIL).toMatchObject({ status: 'FAILED', attempts: 1, lastError: expect.stringMatching(/No such mailbox/) });
    // The queue's own record: the SMS job failed once, then succeeded.
    const smsRuns = await runsOfJob(db, `notification:${byChannel.SMS?.id}`, 2);
    expect(smsRuns.map((r) => r.outcome)).toEqual(['FAILED', 'SUCCEEDED']);
  }, 150_000);
});

describe('a patient who opted out', () => {
  it('gets no messages (logged SKIPPED), but still the one-time codes they ask for', async () => {
    const doctor = await createDoctorWithDailyOpd(db);
    const patient = await createPatient(db, { email: `${unique('opt')}@example.in` });
    const token = await signPatient(patient.id);
    const auth = { Authorization: `Bearer ${token}` };
    const refused = await request(office.app).patch('/api/v1/me/message-preferences').set(auth).send({ language: 'FR' }).expect(400);
    expect(refused.body.error.details).toEqual([expect.objectContaining({ path: 'language' })]);
    await request(office.app).patch('/api/v1/me/message-preferences').set(auth).send({ colour: 'red' }).expect(400);
    const set = await request(office.app)
      .patch('/api/v1/me/message-preferences')
      .set(auth)
      .send({ optedOut: true, language: 'MR' })
      .expect(200);
    expect(set.body).toMatchObject({ optedOut: true, language: 'MR', sms: true });
    expect((await request(office.app).get('/api/v1/me/message-preferences').set(auth).expect(200)).body.optedOutAt).toEqual(
      set.body.optedOutAt,
    );
    // The consent change is on record (the refused ones changed nothing).
    expect(await db.auditLog.count({ where: { model: 'Patient', recordId: String(patient.id), action: 'UPDATE' } })).toBe(1);

    const sentBefore = sms.sent.length;
    await book(patient.id, doctor.id, 5);
    const rows = await settled(patient.id, 2);
    expect(rows.map((r) => r.status)).toEqual(['SKIPPED', 'SKIPPED']);
    expect(sms.sent.length).toBe(sentBefore);

    await office.backOffice.notifier.sendSecret({
      patientId: patient.id,
      channel: 'EMAIL',
      to: patient.email as string,
      template: 'password.reset',
      language: 'MR',
      values: { link: 'https://patients.parth.hospital/reset-password?token=abc' },
    });
    expect(mail.received.some((m) => m.to.includes(patient.email as string))).toBe(true);
    // The log shows it went, never the link.
    const logged = await db.notification.findFirstOrThrow({ where: { patientId: patient.id, template: 'password.reset' } });
    expect(logged).toMatchObject({ status: 'SENT', variables: { link: '(not kept)' } });
  }, 150_000);
});

describe('a bill issued', () => {
  it('tells the patient its number and what it comes to, with its paise, and a link to it', async () => {
    const staff = await createActor(db, 'BILLING');
    const name = unique('Asha Kale ');
    const patient = await createPatient(db, { name, email: `${unique('asha')}@example.in` });
    await createCharge(db, patient.id, '1240');
    const draft = await draftInvoice(db, { HOSPITAL_STATE_CODE: '27' }, staff, { patientId: patient.id });
    const bill = await issueInvoice(db, staff, { invoiceId: draft.id }, new Date(), office.backOffice.notifier);
    // Settled before the test ends, as the others are: a job left queued would run under the next test file.
    const rows = await until('the bill messages settled', async () => {
      const messages = await messagesOf(patient.id);
      return messages.length > 0 && messages.every((m) => m.status !== 'QUEUED') && messages;
    });
    // E-mail goes; this file's SMS set-up has no DLT template for bills, so the SMS fails for good, saying why.
    expect(rows.map((r) => [r.channel, r.status])).toEqual([
      ['SMS', 'FAILED'],
      ['EMAIL', 'SENT'],
    ]);
    expect(rows[0]?.lastError).toMatch(/no DLT template id for bill\.ready/);
    // The letter's body is quoted-printable: joined at its soft line breaks before it is read.
    const letter = mail.received.find((m) => m.to.includes(patient.email!))?.raw.replace(/=\r?\n/g, '');
    expect(letter).toContain(`bill ${bill.number} for Rs 1240.00 is ready`);
    const message = rows.find((r) => r.template === 'bill.ready');
    expect(message?.variables).toEqual({
      patient: name,
      number: bill.number,
      amount: '1240.00', // the total, rounded to the rupee, with its paise as the bill prints it
      link: expect.stringMatching(new RegExp(`/bills/${bill.id}$`)),
    });
  });
});

describe('the evening-before reminder', () => {
  it('is sent once per appointment, however many times the reminder run is scheduled', async () => {
    const doctor = await createDoctorWithDailyOpd(db);
    // A name of its own: the reminder runs for every appointment tomorrow in the database (earlier runs'
    // and other files' too), and a factory phone number may have been used before.
    const name = unique('Ravi Deshmukh ');
    const patient = await createPatient(db, { name });
    await db.appointment.create({
      data: {
        patientId: patient.id,
        doctorId: doctor.id,
        slotStart: istAt(istDayFromToday(1), '10:15'),
        slotEnd: istAt(istDayFromToday(1), '10:30'),
        visitDate: new Date(`${istDayFromToday(1)}T00:00:00.000Z`),
      },
    });
    // Two runs at once in this process, and two more queued for the workers.
    await Promise.all([
      remindTomorrowsAppointments(db, office.backOffice.notifier),
      remindTomorrowsAppointments(db, office.backOffice.notifier),
    ]);
    await office.backOffice.jobs.enqueue('appointments.remind', {});
    await office.backOffice.jobs.enqueue('appointments.remind', {});
    await until(
      'the queued reminder runs',
      async () =>
        (await db.jobRun.count({
          where: { task: 'appointments.remind', outcome: 'SUCCEEDED', startedAt: { gte: new Date(Date.now() - 120_000) } },
        })) >= 2,
    );
    const rows = await settled(patient.id, 1);
    expect(rows[0]).toMatchObject({
      template: 'appointment.reminder',
      channel: 'SMS',
      status: 'SENT',
      dedupeKey: expect.stringMatching(/^appointment\.reminder:\d+:SMS$/),
    });
    const digits = patient.phone.replace(/^\+/, '');
    expect(sms.sent.filter((s) => s.mobiles === digits && s.variables.patient === name)).toEqual([
      expect.objectContaining({
        templateId: DLT.reminderEn,
        variables: expect.objectContaining({ patient: name, time: '10:15 am' }),
      }),
    ]);
  }, 150_000);
});
