/**
 * Nobody takes over a patient's record by knowing their phone and birthday:
 * sign-up sends a one-time code to the phone (through the SMS provider's real
 * HTTP API, played by a local stand-in), and nothing is created or linked
 * until the code comes back — within 10 minutes and 5 tries. And the portal
 * books within limits: one visit per doctor a day, a few upcoming in all.
 */
import request from 'supertest';
import { buildApp } from '../../../src/http/app.js';
import { createDoctorWithDailyOpd, istAt, istDayFromToday, unique } from '../../factories.js';
import { silentLogger, testEnv } from '../../support/env.js';
import { startFakeSms, type FakeSms } from '../../support/fakeSms.js';
import { useDatabase } from '../../support/lifecycle.js';

const db = useDatabase(10);
const TEMPLATE = '1107169876543210123';
const env = testEnv({ TRUST_PROXY: 'true', SMS_OTP_TEMPLATE_ID: TEMPLATE, PORTAL_MAX_ACTIVE_APPOINTMENTS: '2' });
let sms: FakeSms;
let app: ReturnType<typeof buildApp>;

beforeAll(async () => {
  sms = await startFakeSms();
  app = buildApp({ env, db, logger: silentLogger, sms: sms.sender, apiLimitNamespace: `signup-test-${process.pid}-${Date.now()}` });
});
afterAll(() => sms.close());

let counter = 0;
const ip = () => `10.88.${process.pid % 250}.${(counter = (counter % 250) + 1)}`;
const phone10 = () => `8${String(process.pid % 1000).padStart(3, '0')}6${String(++counter).padStart(5, '0')}`;
const PASSWORD = 'Sahyadri2026';
const form = (phone: string, overrides: Record<string, unknown> = {}) => ({
  name: 'Asha Pawar',
  phone,
  email: `${unique('a')}@mail.example`,
  dateOfBirth: '1971-06-05',
  password: PASSWORD,
  ...overrides,
});
const register = (body: object) => request(app).post('/api/v1/auth/register').set('X-Forwarded-For', ip()).send(body);
const verify = (verificationId: string, code: string) =>
  request(app).post('/api/v1/auth/register/verify').set('X-Forwarded-For', ip()).send({ verificationId, code });
const wrong = (code: string) => String((Number(code) + 1) % 1_000_000).padStart(6, '0');

describe('signing up proves the phone first', () => {
  it('sends a 6-digit code by SMS under the DLT template and sender, and links nothing before it comes back', async () => {
    const phone = phone10();
    const walkIn = await db.patient.create({
      data: { name: 'Asha Pawar', gender: 'FEMALE', phone: `+91${phone}`, dateOfBirth: new Date('1971-06-05'), bloodGroup: 'O_POS' },
    });
    const attacker = form(phone, { email: `${unique('attacker')}@mail.example` });
    const started = await register(attacker).expect(202);
    expect(started.body).toMatchObject({ sentTo: expect.stringMatching(/^\+91•+\d{5}$/), expiresInSeconds: 600 });
    const message = sms.sent.at(-1);
    expect(message).toMatchObject({ templateId: TEMPLATE, sender: 'PRTHSP', mobiles: `91${phone}` });
    expect(message?.variables.otp).toMatch(/^\d{6}$/);

    // Until the code is typed the record is untouched and the attacker's e-mail opens nothing.
    expect(await db.patient.findUniqueOrThrow({ where: { id: walkIn.id } })).toMatchObject({
      portalEnabled: false,
      portalPasswordHash: null,
    });
    await request(app)
      .post('/api/v1/auth/login')
      .set('X-Forwarded-For', ip())
      .send({ email: attacker.email, password: PASSWORD })
      .expect(401);
    // Only the code's hash is kept.
    const pending = await db.portalSignup.findUniqueOrThrow({ where: { id: started.body.verificationId } });
    expect(pending.codeHash).not.toContain(message?.variables.otp);
    expect(pending.passwordHash).toMatch(/^\$2b\$/);
  });

  it('opens the account linked to the existing record once the right code comes back, once only', async () => {
    const phone = phone10();
    const walkIn = await db.patient.create({
      data: { name: 'Vinod Shinde', gender: 'MALE', phone: `+91${phone}`, dateOfBirth: new Date('1971-06-05') },
    });
    const started = await register(form(phone, { name: 'Vinod Shinde' })).expect(202);
    const code = sms.codeFor(phone) ?? '';
    const opened = await verify(started.body.verificationId, code).expect(201);
    expect(opened.body.patient).toMatchObject({ id: walkIn.id, uhid: walkIn.uhid });
    expect(await db.patient.count({ where: { phone: `+91${phone}` } })).toBe(1);
    // The same code again: spent.
    const again = await verify(started.body.verificationId, code).expect(400);
    expect(again.body.error).toMatchObject({ code: 'CODE_NOT_ACCEPTED', details: [{ path: 'code' }] });
  });

  it('refuses a wrong code with the tries left, and after 5 wrong tries refuses even the right one', async () => {
    const phone = phone10();
    const started = await register(form(phone)).expect(202);
    const code = sms.codeFor(phone) ?? '';
    const first = await verify(started.body.verificationId, wrong(code)).expect(400);
    expect(first.body.error.message).toMatch(/4 tries left/);
    for (let i = 0; i < 4; i++) await verify(started.body.verificationId, wrong(code)).expect(400);
    const right = await verify(started.body.verificationId, code).expect(400);
    expect(right.body.error.message).toMatch(/Too many wrong codes/);
    expect(await db.patient.count({ where: { phone: `+91${phone}` } })).toBe(0);
  });

  it('refuses an expired code', async () => {
    const phone = phone10();
    const started = await register(form(phone)).expect(202);
    await db.portalSignup.update({ where: { id: started.body.verificationId }, data: { expiresAt: new Date(Date.now() - 1000) } });
    const late = await verify(started.body.verificationId, sms.codeFor(phone) ?? '').expect(400);
    expect(late.body.error.message).toMatch(/expired/);
    expect(await db.patient.count({ where: { phone: `+91${phone}` } })).toBe(0);
  });

  it('forgets an unfinished sign-up (its password hash, name and birthday) a day after its code expired', async () => {
    const [old, recent] = [await register(form(phone10())).expect(202), await register(form(phone10())).expect(202)];
    await db.portalSignup.update({ where: { id: old.body.verificationId }, data: { expiresAt: new Date(Date.now() - 25 * 3600_000) } });
    await db.portalSignup.update({ where: { id: recent.body.verificationId }, data: { expiresAt: new Date(Date.now() - 3600_000) } });
    // The next sign-up sweeps.
    await register(form(phone10())).expect(202);
    expect(await db.portalSignup.findUnique({ where: { id: old.body.verificationId } })).toBeNull();
    expect(await db.portalSignup.findUnique({ where: { id: recent.body.verificationId } })).not.toBeNull();
  });

  it('answers 400 for a malformed code or id, and an unknown sign-up like an expired one', async () => {
    await request(app).post('/api/v1/auth/register/verify').send({ verificationId: 'x', code: '12' }).expect(400);
    const unknown = await verify('3f2b8c1e-0000-4000-8000-000000000000', '123456').expect(400);
    expect(unknown.body.error.code).toBe('CODE_NOT_ACCEPTED');
  });

  it('limits the codes sent to one phone, whatever address asks', async () => {
    const phone = phone10();
    for (let i = 0; i < 3; i++) await register(form(phone)).expect(202);
    const fourth = await register(form(phone)).expect(429);
    expect(Number(fourth.headers['retry-after'])).toBeGreaterThan(0);
  });

  it('answers 503 with Retry-After when the SMS provider fails, and keeps no usable code', async () => {
    const phone = phone10();
    sms.failNext(1);
    const failed = await register(form(phone)).expect(503);
    expect(failed.headers['retry-after']).toBeDefined();
    expect(failed.body.error.code).toBe('SERVICE_UNAVAILABLE');
    expect(sms.codeFor(phone)).toBeUndefined();
  });
});

describe('booking limits of the portal', () => {
  async function signedUp() {
    const phone = phone10();
    const started = await register(form(phone)).expect(202);
    const opened = await verify(started.body.verificationId, sms.codeFor(phone) ?? '').expect(201);
    return { Authorization: `Bearer ${opened.body.accessToken}` };
  }
  const book = (auth: Record<string, string>, doctorId: number, at: Date) =>
    request(app).post('/api/v1/me/appointments').set(auth).send({ doctorId, startsAt: at.toISOString() });

  it('books one appointment per doctor and day, and at most the configured number ahead', async () => {
    const [first, second, third] = [
      await createDoctorWithDailyOpd(db),
      await createDoctorWithDailyOpd(db),
      await createDoctorWithDailyOpd(db),
    ];
    const auth = await signedUp();
    const day = istDayFromToday(3);
    await book(auth, first.id, istAt(day, '09:00')).expect(201);
    const sameDay = await book(auth, first.id, istAt(day, '10:00')).expect(409);
    expect(sameDay.body.error.code).toBe('ALREADY_BOOKED_THAT_DAY');
    await book(auth, second.id, istAt(day, '10:00')).expect(201);
    const tooMany = await book(auth, third.id, istAt(day, '11:00')).expect(409);
    expect(tooMany.body.error.code).toBe('TOO_MANY_BOOKINGS');
  });

  it('holds to the limit when one patient fires ten bookings at once', async () => {
    const doctors = await Promise.all(Array.from({ length: 10 }, () => createDoctorWithDailyOpd(db)));
    const auth = await signedUp();
    const day = istDayFromToday(4);
    const answers = await Promise.all(doctors.map((doctor) => book(auth, doctor.id, istAt(day, '09:30'))));
    expect(answers.filter((a) => a.status === 201)).toHaveLength(2);
    expect(answers.every((a) => a.status === 201 || a.status === 409)).toBe(true);
  });
});
