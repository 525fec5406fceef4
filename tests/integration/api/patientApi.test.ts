/**
 * The patient API over real HTTP (supertest), PostgreSQL and Redis (when
 * REDIS_URL is set), Razorpay played by the local compatible server: sign-up
 * and linking, tokens (expiry, forgery, rotation, reuse), password change and
 * reset, catalogue, booking (50 parallel requests for one slot), bills and
 * online payment, lab results, profile, rate limits, and for every route that
 * takes an id: another patient's record answers 404 like a missing one.
 */
import { createHash, createHmac } from 'node:crypto';
import { SignJWT } from 'jose';
import pg from 'pg';
import request from 'supertest';
import { buildApp } from '../../../src/http/app.js';
import { invoiceSummary } from '../../../src/http/api/answers.js';
import { createRedis, type RedisClient } from '../../../src/config/redis.js';
import { accessTokens } from '../../../src/modules/patientAuth/tokens.js';
import { portalEmailLookup, type ResetLinkSender } from '../../../src/modules/patientAuth/service.js';
import type { Gateway } from '../../../src/modules/payments/razorpay.js';
import {
  createActor,
  createBed,
  createCharge,
  createDoctorWithDailyOpd,
  createVisitToday,
  istAt,
  istDayFromToday,
  unique,
} from '../../factories.js';
import { draftInvoice, issueInvoice } from '../../../src/modules/billing/invoices.js';
import { addDiagnosis, openVisit, recordAllergy, writeConsultationNotes } from '../../../src/modules/clinical/service.js';
import { prescribe } from '../../../src/modules/clinical/prescriptions.js';
import { signDischargeSummary, writeDischargeSummary } from '../../../src/modules/clinical/discharge.js';
import { redisUrl, silentLogger, testDatabaseUrl, testDb, testEnv } from '../../support/env.js';
import { fakeGateway, startFakeRazorpay, TEST_KEY_ID, TEST_KEY_SECRET, type FakeRazorpay } from '../../support/fakeRazorpay.js';
import { useDatabase } from '../../support/lifecycle.js';
import { startFakeSms, type FakeSms } from '../../support/fakeSms.js';

const db = useDatabase(10);
const env = testEnv({ TRUST_PROXY: 'true', APPOINTMENT_CANCEL_CUTOFF_HOURS: '2', SMS_OTP_TEMPLATE_ID: '1107161234567890123' });
const resetLinks: string[] = [];
const sender: ResetLinkSender = { send: async (_to, link) => void resetLinks.push(link) };
let razorpay: FakeRazorpay;
let gateway: Gateway;
let redis: RedisClient | undefined;
let app: ReturnType<typeof buildApp>;
let sms: FakeSms;

beforeAll(async () => {
  razorpay = await startFakeRazorpay();
  sms = await startFakeSms();
  gateway = fakeGateway(razorpay);
  const url = redisUrl();
  redis = url ? createRedis(url, silentLogger) : undefined;
  app = buildApp({
    env,
    db,
    logger: silentLogger,
    gateway,
    redis,
    resetSender: sender,
    sms: sms.sender,
    apiLimits: { signIn: { points: 5, seconds: 60, by: 'ip' }, payment: { points: 6, seconds: 60, by: 'patient' } },
    // Patient ids repeat from run to run (a fresh database each time); Redis does not forget.
    apiLimitNamespace: `api-limit-test-${process.pid}-${Date.now()}`,
  });
});
afterAll(async () => {
  await razorpay.close();
  await sms.close();
  redis?.disconnect();
});

let ipCounter = 0;
const ip = () => `10.77.${process.pid % 250}.${(ipCounter = (ipCounter % 250) + 1)}`;
let phoneCounter = 0;
const newPhone = () => `9${String(process.pid % 1000).padStart(3, '0')}7${String(++phoneCounter).padStart(5, '0')}`;
const PASSWORD = 'Sahyadri2026';

interface Account {
  accessToken: string;
  refreshToken: string;
  patient: { id: number; uhid: string; name: string };
  email: string;
  auth: { Authorization: string };
}

/** Step one of sign-up: the form; the code goes to the phone (the SMS stand-in). */
async function startSignUp(form: Record<string, unknown>) {
  const res = await request(app).post('/api/v1/auth/register').set('X-Forwarded-For', ip()).send(form).expect(202);
  const code = sms.codeFor(String(form.phone));
  if (!code) throw new Error('no code was sent');
  return { verificationId: res.body.verificationId as string, code };
}

/** Step two: the code typed back; the answer is the session (or the refusal). */
const confirmCode = (verificationId: string, code: string) =>
  request(app).post('/api/v1/auth/register/verify').set('X-Forwarded-For', ip()).send({ verificationId, code });

async function signUp(overrides: Record<string, unknown> = {}): Promise<Account> {
  const email = `${unique('p')}@mail.example`;
  const form = { name: 'Kavya Joshi', phone: newPhone(), email, dateOfBirth: '1990-04-12', password: PASSWORD, ...overrides };
  const { verificationId, code } = await startSignUp(form);
  const res = await confirmCode(verificationId, code).expect(201);
  return { ...res.body, email, auth: { Authorization: `Bearer ${res.body.accessToken}` } };
}

describe('accounts', () => {
  it('signs up, and a second sign-up with the same phone and birthday is refused', async () => {
    const phone = newPhone();
    const account = await signUp({ phone });
    expect(account.patient.uhid).toMatch(/^PH-\d{6,}$/);
    const profile = await request(app).get('/api/v1/me/profile').set(account.auth).expect(200);
    expect(profile.body).toMatchObject({
      name: 'Kavya Joshi',
      phone: `+91${phone}`,
      email: account.email,
      dateOfBirth: '1990-04-12T00:00:00.000Z',
    });
    const second = await startSignUp({
      name: 'Kavya J',
      phone,
      email: `${unique('q')}@mail.example`,
      dateOfBirth: '1990-04-12',
      password: PASSWORD,
    });
    const again = await confirmCode(second.verificationId, second.code).expect(409);
    expect(again.body.error.code).toBe('ACCOUNT_EXISTS');
  });

  it('links the hospital record with the same phone and date of birth instead of a duplicate', async () => {
    const phone = newPhone();
    const walkIn = await db.patient.create({
      data: { name: 'Ramesh Kulkarni', gender: 'MALE', phone: `+91${phone}`, dateOfBirth: new Date('1962-01-30') },
    });
    const account = await signUp({ name: 'Ramesh Kulkarni', phone: `+91 ${phone}`, dateOfBirth: '1962-01-30' });
    expect(account.patient).toMatchObject({ id: walkIn.id, uhid: walkIn.uhid });
    expect(await db.patient.count({ where: { phone: `+91${phone}` } })).toBe(1);
  });

  it('links a desk record without a birthday under a close name on the proven phone, and fills the birthday in', async () => {
    const phone = newPhone();
    const walkIn = await db.patient.create({ data: { name: 'Sushila Deshmukh', gender: 'FEMALE', phone: `+91${phone}` } });
    const account = await signUp({ name: 'Sushila Deshmukh', phone, dateOfBirth: '1958-07-09' });
    expect(account.patient).toMatchObject({ id: walkIn.id, uhid: walkIn.uhid });
    expect((await db.patient.findUniqueOrThrow({ where: { id: walkIn.id } })).dateOfBirth?.toISOString()).toBe('1958-07-09T00:00:00.000Z');
    // Another name on the same phone (a relative) gets a record of their own.
    const relative = await signUp({ name: 'Aarav Deshmukh', phone, dateOfBirth: '2015-02-01' });
    expect(relative.patient.id).not.toBe(walkIn.id);
  });

  it('answers bad input with 400 and per-field messages, and refuses unknown fields', async () => {
    const res = await request(app)
      .post('/api/v1/auth/register')
      .send({ name: 'K', phone: '12345', email: 'not-mail', dateOfBirth: '1990-02-30', password: 'short' })
      .expect(400);
    const fields = [...new Set(res.body.error.details.map((d: { path: string }) => d.path))].sort();
    expect(fields).toEqual(['dateOfBirth', 'email', 'name', 'password', 'phone']);
    const extra = await request(app).post('/api/v1/auth/login').send({ email: 'a@b.in', password: 'x', isAdmin: true }).expect(400);
    expect(JSON.stringify(extra.body.error.details)).toContain('isAdmin');
    await request(app).get('/api/v1/doctors?departmentId=1&sort=name').expect(400);
  });

  it('signs in; a wrong password and an unknown e-mail get the same 401', async () => {
    const account = await signUp();
    await request(app)
      .post('/api/v1/auth/login')
      .set('X-Forwarded-For', ip())
      .send({ email: account.email.toUpperCase(), password: PASSWORD })
      .expect(200);
    const wrong = await request(app)
      .post('/api/v1/auth/login')
      .set('X-Forwarded-For', ip())
      .send({ email: account.email, password: 'Wrong12345' })
      .expect(401);
    const unknown = await request(app)
      .post('/api/v1/auth/login')
      .set('X-Forwarded-For', ip())
      .send({ email: 'nobody@mail.example', password: 'Wrong12345' })
      .expect(401);
    expect(wrong.body).toEqual(unknown.body);
  });

  it('finds the account by e-mail through the index on lower(email), not a scan (ILIKE cannot use it)', async () => {
    const account = await signUp();
    const lookup = portalEmailLookup(account.email.toUpperCase());
    const plan = await db.$transaction(async (tx) => {
      // With scans priced out, the plan shows whether the index can answer the lookup at all.
      await tx.$executeRawUnsafe('SET LOCAL enable_seqscan = off');
      return tx.$queryRawUnsafe<Array<{ 'QUERY PLAN': string }>>(`EXPLAIN ${lookup.text}`, ...lookup.values);
    });
    expect(plan.map((row) => row['QUERY PLAN']).join('\n')).toMatch(/Index Scan using "?Patient_portal_email_key"?/);
  });

  it('refuses forged, expired and unsigned access tokens', async () => {
    const account = await signUp();
    const other = accessTokens('another-secret-that-is-at-least-32-bytes-long');
    const forged = await other.sign(account.patient.id);
    const expired = await accessTokens(env.PATIENT_JWT_SECRET, () => new Date(Date.now() - 16 * 60_000)).sign(account.patient.id);
    const unsigned = `${Buffer.from('{"alg":"none","typ":"JWT"}').toString('base64url')}.${Buffer.from(JSON.stringify({ sub: String(account.patient.id) })).toString('base64url')}.`;
    const hs512 = await new SignJWT({})
      .setProtectedHeader({ alg: 'HS512' })
      .setSubject(String(account.patient.id))
      .setIssuer('parth-hospital-erp')
      .setAudience('patient-api')
      .setExpirationTime('10m')
      .sign(new TextEncoder().encode(env.PATIENT_JWT_SECRET));
    for (const token of [forged, expired, unsigned, hs512, 'garbage']) {
      await request(app).get('/api/v1/me/profile').set('Authorization', `Bearer ${token}`).expect(401);
    }
    await request(app).get('/api/v1/me/profile').expect(401);
  });

  it('a sign-in stores only the refresh token’s SHA-256, for 30 days, in a family of its own', async () => {
    const account = await signUp();
    const before = Date.now();
    const res = await request(app)
      .post('/api/v1/auth/login')
      .set('X-Forwarded-For', ip())
      .send({ email: account.email.toUpperCase(), password: PASSWORD })
      .expect(200);
    expect(res.body.patient).toEqual({ id: account.patient.id, uhid: expect.stringMatching(/^PH-\d+$/), name: 'Kavya Joshi' });
    const stored = await db.patientRefreshToken.findMany({ where: { patientId: account.patient.id }, orderBy: { id: 'asc' } });
    expect(stored).toHaveLength(2); // the sign-up's session and this one
    const [signUpToken, signInToken] = stored as [(typeof stored)[0], (typeof stored)[0]];
    expect(signInToken.tokenHash).toBe(createHash('sha256').update(res.body.refreshToken).digest('hex'));
    expect(signInToken.familyId).not.toBe(signUpToken.familyId);
    expect(signInToken.revokedAt).toBeNull();
    const days = (signInToken.expiresAt.getTime() - before) / 86_400_000;
    expect(days).toBeGreaterThan(29.99);
    expect(days).toBeLessThan(30.01);
  });

  it('rotates refresh tokens; a reused one ends the whole session', async () => {
    const account = await signUp();
    const first = await request(app)
      .post('/api/v1/auth/refresh')
      .set('X-Forwarded-For', ip())
      .send({ refreshToken: account.refreshToken })
      .expect(200);
    expect(first.body.refreshToken).not.toBe(account.refreshToken);
    // The old token again (stolen copy): refused, and the new one dies with it.
    await request(app).post('/api/v1/auth/refresh').set('X-Forwarded-For', ip()).send({ refreshToken: account.refreshToken }).expect(401);
    await request(app)
      .post('/api/v1/auth/refresh')
      .set('X-Forwarded-For', ip())
      .send({ refreshToken: first.body.refreshToken })
      .expect(401);
  });

  it('logs out: the refresh token stops working', async () => {
    const account = await signUp();
    await request(app).post('/api/v1/auth/logout').send({ refreshToken: account.refreshToken }).expect(204);
    await request(app).post('/api/v1/auth/refresh').set('X-Forwarded-For', ip()).send({ refreshToken: account.refreshToken }).expect(401);
  });

  it('changes the password (all sessions end) and resets a forgotten one with a single-use link', async () => {
    const account = await signUp();
    await request(app)
      .post('/api/v1/auth/password')
      .set(account.auth)
      .set('X-Forwarded-For', ip())
      .send({ currentPassword: 'Nope123456', newPassword: 'Kothrud2027x' })
      .expect(401);
    await request(app)
      .post('/api/v1/auth/password')
      .set(account.auth)
      .set('X-Forwarded-For', ip())
      .send({ currentPassword: PASSWORD, newPassword: 'Kothrud2027x' })
      .expect(204);
    await request(app).post('/api/v1/auth/refresh').set('X-Forwarded-For', ip()).send({ refreshToken: account.refreshToken }).expect(401);

    const before = resetLinks.length;
    await request(app).post('/api/v1/auth/forgot').set('X-Forwarded-For', ip()).send({ email: 'nobody@mail.example' }).expect(202);
    expect(resetLinks.length).toBe(before);
    await request(app).post('/api/v1/auth/forgot').set('X-Forwarded-For', ip()).send({ email: account.email }).expect(202);
    const token = new URL(resetLinks.at(-1)!).searchParams.get('token')!;
    expect(await db.patientPasswordReset.count({ where: { tokenHash: token } })).toBe(0);
    await request(app).post('/api/v1/auth/reset').set('X-Forwarded-For', ip()).send({ token, newPassword: 'Baner2028yy' }).expect(204);
    await request(app).post('/api/v1/auth/reset').set('X-Forwarded-For', ip()).send({ token, newPassword: 'Baner2029zz' }).expect(401);
    await request(app)
      .post('/api/v1/auth/login')
      .set('X-Forwarded-For', ip())
      .send({ email: account.email, password: 'Baner2028yy' })
      .expect(200);
  });

  it('limits sign-in attempts per address (Redis-backed when configured) with Retry-After', async () => {
    const from = ip();
    const attempt = () =>
      request(app).post('/api/v1/auth/login').set('X-Forwarded-For', from).send({ email: 'x@mail.example', password: 'Wrong12345' });
    for (let i = 0; i < 5; i += 1) expect((await attempt()).status).toBe(401);
    const blocked = await attempt();
    expect(blocked.status).toBe(429);
    expect(Number(blocked.headers['retry-after'])).toBeGreaterThan(0);
    await request(app)
      .post('/api/v1/auth/login')
      .set('X-Forwarded-For', ip())
      .send({ email: 'x@mail.example', password: 'Wrong12345' })
      .expect(401);
  });
});

describe('catalogue and appointments', () => {
  it('lists departments and doctors, and a doctor’s free slots', async () => {
    const doctor = await createDoctorWithDailyOpd(db, { name: `Dr. ${unique('Q')}` });
    // Other test files add departments too: walk the pages until this doctor's appears.
    const seen: number[] = [];
    for (let page = 1, more = true; more; page += 1) {
      const res = await request(app).get(`/api/v1/departments?limit=100&page=${page}`).expect(200);
      seen.push(...res.body.items.map((d: { id: number }) => d.id));
      more = res.body.hasMore;
    }
    expect(seen).toContain(doctor.departmentId);
    const found = await request(app).get(`/api/v1/doctors?departmentId=${doctor.departmentId}&limit=5`).expect(200);
    expect(found.body).toMatchObject({ page: 1, limit: 5, hasMore: false, items: [{ id: doctor.id, name: doctor.name }] });
    await request(app).get('/api/v1/doctors?limit=500').expect(400);
    const day = istDayFromToday(3);
    const slots = await request(app).get(`/api/v1/doctors/${doctor.id}/slots?date=${day}`).expect(200);
    expect(slots.body.slots).toHaveLength(16);
    expect(slots.body.slots[0].start).toBe(istAt(day, '09:00').toISOString());
    await request(app).get(`/api/v1/doctors/${doctor.id}/slots?date=tomorrow`).expect(400);
  });

  it('books, lists, moves and cancels my appointment; another patient gets 404 for it', async () => {
    const doctor = await createDoctorWithDailyOpd(db);
    const me = await signUp();
    const other = await signUp();
    const day = istDayFromToday(4);
    const booked = await request(app)
      .post('/api/v1/me/appointments')
      .set(me.auth)
      .send({ doctorId: doctor.id, startsAt: istAt(day, '09:30').toISOString() })
      .expect(201);
    expect(booked.body).toMatchObject({ status: 'BOOKED', doctor: { id: doctor.id } });
    const stored = await db.appointment.findUniqueOrThrow({ where: { id: booked.body.id } });
    expect(stored).toMatchObject({ patientId: me.patient.id, source: 'PATIENT_PORTAL' });

    const upcoming = await request(app).get('/api/v1/me/appointments?when=upcoming').set(me.auth).expect(200);
    expect(upcoming.body.items.map((a: { id: number }) => a.id)).toEqual([booked.body.id]);
    expect((await request(app).get('/api/v1/me/appointments').set(other.auth).expect(200)).body.items).toEqual([]);

    const path = `/api/v1/me/appointments/${booked.body.id}`;
    const missing = await request(app)
      .patch('/api/v1/me/appointments/999999999')
      .set(other.auth)
      .send({ startsAt: istAt(day, '10:00').toISOString() })
      .expect(404);
    const notMine = await request(app)
      .patch(path)
      .set(other.auth)
      .send({ startsAt: istAt(day, '10:00').toISOString() })
      .expect(404);
    expect(notMine.body).toEqual(missing.body);
    await request(app).post(`${path}/cancel`).set(other.auth).send({ reason: 'not mine' }).expect(404);

    const moved = await request(app)
      .patch(path)
      .set(me.auth)
      .send({ startsAt: istAt(day, '10:00').toISOString() })
      .expect(200);
    expect(moved.body.slotStart).toBe(istAt(day, '10:00').toISOString());
    const cancelled = await request(app).post(`${path}/cancel`).set(me.auth).send({ reason: 'Feeling better' }).expect(200);
    expect(cancelled.body.status).toBe('CANCELLED');
  });

  it('pages my appointments with page, limit and hasMore', async () => {
    const doctor = await createDoctorWithDailyOpd(db);
    const me = await signUp();
    // One appointment a day with one doctor is all the portal books; three days, three visits.
    const slots = [istAt(istDayFromToday(6), '09:00'), istAt(istDayFromToday(7), '09:15'), istAt(istDayFromToday(8), '09:30')];
    for (const at of slots) {
      await request(app).post('/api/v1/me/appointments').set(me.auth).send({ doctorId: doctor.id, startsAt: at.toISOString() }).expect(201);
    }
    const first = await request(app).get('/api/v1/me/appointments?limit=2').set(me.auth).expect(200);
    expect(first.body).toMatchObject({ page: 1, limit: 2, hasMore: true });
    expect(first.body.items.map((a: { slotStart: string }) => a.slotStart)).toEqual([slots[0]?.toISOString(), slots[1]?.toISOString()]);
    const second = await request(app).get('/api/v1/me/appointments?limit=2&page=2').set(me.auth).expect(200);
    expect(second.body).toMatchObject({
      page: 2,
      hasMore: false,
      items: [{ slotStart: slots[2]?.toISOString(), doctor: { id: doctor.id } }],
    });
    expect((await request(app).get('/api/v1/me/appointments?when=past').set(me.auth).expect(200)).body.items).toEqual([]);
    await request(app).get('/api/v1/me/appointments?when=tomorrow').set(me.auth).expect(400);
  });

  it('refuses to cancel inside the cut-off', async () => {
    const doctor = await createDoctorWithDailyOpd(db);
    const me = await signUp();
    // An appointment an hour from now, put straight in the table (the booking rules would not offer a slot that close).
    const soon = new Date(Date.now() + 60 * 60_000);
    const appointment = await db.appointment.create({
      data: {
        patientId: me.patient.id,
        doctorId: doctor.id,
        slotStart: soon,
        slotEnd: new Date(soon.getTime() + 900_000),
        visitDate: new Date(`${istDayFromToday(0)}T00:00:00.000Z`),
      },
    });
    const res = await request(app)
      .post(`/api/v1/me/appointments/${appointment.id}/cancel`)
      .set(me.auth)
      .send({ reason: 'Cannot come' })
      .expect(409);
    expect(res.body.error.message).toContain('up to 2 hours before');
  });

  it('books one slot from 50 parallel requests exactly once', async () => {
    const doctor = await createDoctorWithDailyOpd(db);
    const patients = await Promise.all(Array.from({ length: 5 }, () => signUp()));
    const startsAt = istAt(istDayFromToday(5), '11:00').toISOString();
    const answers = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        request(app)
          .post('/api/v1/me/appointments')
          .set(patients[i % 5]!.auth)
          .send({ doctorId: doctor.id, startsAt }),
      ),
    );
    const statuses = answers.map((a) => a.status).sort();
    expect(statuses.filter((s) => s === 201)).toHaveLength(1);
    expect(statuses.filter((s) => s === 409)).toHaveLength(49);
    expect(
      await db.appointment.count({ where: { doctorId: doctor.id, slotStart: new Date(startsAt), status: { not: 'CANCELLED' } } }),
    ).toBe(1);
  });

  /**
   * 16 parallel bookings of one slot by 4 patients while another session holds the
   * doctor's row locked; `release` says when to let go (given a count of answers so far).
   */
  async function bookBehindALock(lockTimeoutMs: number, release: (answered: () => number) => Promise<void>) {
    const pool = testDb(undefined, 24, lockTimeoutMs);
    const busyApp = buildApp({
      env,
      db: pool,
      logger: silentLogger,
      gateway,
      redis,
      sms: sms.sender,
      apiLimitNamespace: `api-limit-busy-${process.pid}-${Date.now()}`,
    });
    const doctor = await createDoctorWithDailyOpd(db);
    const patients = await Promise.all(Array.from({ length: 4 }, () => signUp()));
    const startsAt = istAt(istDayFromToday(6), '10:00').toISOString();
    const holder = new pg.Client({ connectionString: testDatabaseUrl() });
    await holder.connect();
    try {
      await holder.query('BEGIN');
      await holder.query('SELECT id FROM "Doctor" WHERE id = $1 FOR UPDATE', [doctor.id]);
      let answered = 0;
      const answers = Promise.all(
        Array.from({ length: 16 }, (_, i) =>
          request(busyApp)
            .post('/api/v1/me/appointments')
            .set(patients[i % patients.length]!.auth)
            .send({ doctorId: doctor.id, startsAt })
            .then((res) => ((answered += 1), res)),
        ),
      );
      await release(() => answered);
      await holder.query('COMMIT');
      const done = await answers;
      const booked = await db.appointment.count({ where: { doctorId: doctor.id } });
      // The same pool books normally once the lock is gone.
      const after = await request(busyApp).post('/api/v1/me/appointments').set(patients[3]!.auth).send({ doctorId: doctor.id, startsAt });
      return { done, booked, after };
    } finally {
      await holder.end();
      await pool.$disconnect();
    }
  }

  const until = async (holds: () => boolean) => {
    while (!holds()) await new Promise((resolve) => setTimeout(resolve, 50));
  };

  it('ends a wait on a held row lock with 409 TRY_AGAIN (lock_timeout, 55P03), writing nothing', async () => {
    // The lock is let go only after every booking has answered: none may wait for it.
    const { done, booked, after } = await bookBehindALock(1000, (answered) => until(() => answered() === 16));
    expect(done.map((a) => a.status)).toEqual(Array.from({ length: 16 }, () => 409));
    for (const answer of done) expect(answer.body.error).toMatchObject({ code: 'TRY_AGAIN', message: expect.stringMatching(/try again/i) });
    expect(booked).toBe(0);
    expect(after.status).toBe(201);
  });

  it('answers 409, never 5xx, to bookings whose transaction outlived Prisma’s timeout (P2028) behind a long lock', async () => {
    // No lock timeout here: the lock is held past Prisma's 5 s transaction timeout (at least that
    // long; a slower machine only makes the transactions older), so the waiting ones expire.
    const heldFrom = Date.now();
    const { done, booked, after } = await bookBehindALock(600_000, () => until(() => Date.now() - heldFrom > 6000));
    const statuses = done.map((a) => a.status);
    expect(statuses.filter((s) => s !== 201 && s !== 409)).toEqual([]);
    expect(statuses.filter((s) => s === 201).length).toBe(booked);
    expect(booked).toBeLessThanOrEqual(1);
    expect(
      done.filter((a) => a.status === 409).every((a) => ['TRY_AGAIN', 'SLOT_TAKEN', 'ALREADY_BOOKED_THAT_DAY'].includes(a.body.error.code)),
    ).toBe(true);
    expect(after.status).toBe(booked === 1 ? 409 : 201);
  });
});

describe('bills, payments and lab results', () => {
  async function billFor(patientId: number, amount: string) {
    const billing = await createActor(db, 'BILLING');
    await createCharge(db, patientId, amount);
    const draft = await draftInvoice(db, { HOSPITAL_STATE_CODE: '27' }, billing, { patientId });
    return issueInvoice(db, billing, { invoiceId: draft.id });
  }

  it('shows my invoices with lines and as PDF; another patient gets 404 for each', async () => {
    const me = await signUp();
    const other = await signUp();
    const invoice = await billFor(me.patient.id, '750');
    await db.invoice.create({ data: { patientId: me.patient.id } }); // a draft: not shown
    const list = await request(app).get('/api/v1/me/invoices').set(me.auth).expect(200);
    expect(list.body.items.map((i: { id: number }) => i.id)).toEqual([invoice.id]);
    const detail = await request(app).get(`/api/v1/me/invoices/${invoice.id}`).set(me.auth).expect(200);
    expect(detail.body).toMatchObject({ number: invoice.number, total: '750', lines: [{ lineTotal: '750' }] });
    // The list (its own SQL) answers each bill exactly as the detail (Prisma's read) does.
    expect(Object.keys(list.body.items[0]).sort()).toEqual(Object.keys(invoiceSummary.shape).sort());
    expect(detail.body).toMatchObject(list.body.items[0]);
    const pdf = await request(app).get(`/api/v1/me/invoices/${invoice.id}/pdf`).set(me.auth).expect(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    for (const path of [`/api/v1/me/invoices/${invoice.id}`, `/api/v1/me/invoices/${invoice.id}/pdf`]) {
      await request(app).get(path).set(other.auth).expect(404);
    }
    await request(app).post(`/api/v1/me/invoices/${invoice.id}/payments`).set(other.auth).expect(404);
  });

  it('pays online: an order for what is due, then the signed checkout answer records the payment once', async () => {
    const me = await signUp();
    const other = await signUp();
    const invoice = await billFor(me.patient.id, '1200');
    const order = await request(app).post(`/api/v1/me/invoices/${invoice.id}/payments`).set(me.auth).expect(201);
    expect(order.body).toMatchObject({
      keyId: TEST_KEY_ID,
      amount: 120000,
      currency: 'INR',
      invoiceNumber: invoice.number,
      prefill: { email: me.email },
    });
    const payment = razorpay.capture(order.body.orderId);
    const callback = {
      razorpay_order_id: order.body.orderId,
      razorpay_payment_id: payment.id,
      razorpay_signature: createHmac('sha256', TEST_KEY_SECRET).update(`${order.body.orderId}|${payment.id}`).digest('hex'),
    };
    await request(app).post('/api/v1/me/payments/verify').set(other.auth).send(callback).expect(404);
    await request(app)
      .post('/api/v1/me/payments/verify')
      .set(me.auth)
      .send({ ...callback, razorpay_signature: 'f'.repeat(64) })
      .expect(400);
    const verified = await request(app).post('/api/v1/me/payments/verify').set(me.auth).send(callback).expect(200);
    expect(verified.body).toMatchObject({ amount: '1200', invoiceId: invoice.id, status: 'CAPTURED' });
    await request(app).post('/api/v1/me/payments/verify').set(me.auth).send(callback).expect(200);
    expect(await db.payment.count({ where: { invoiceId: invoice.id } })).toBe(1);
    expect((await db.invoice.findUniqueOrThrow({ where: { id: invoice.id } })).status).toBe('PAID');
  });

  it('limits payment attempts per patient, whatever address they come from', async () => {
    const me = await signUp();
    const invoice = await billFor(me.patient.id, '100');
    for (let i = 0; i < 6; i += 1) {
      await request(app).post(`/api/v1/me/invoices/${invoice.id}/payments`).set(me.auth).set('X-Forwarded-For', ip()).expect(201);
    }
    const blocked = await request(app)
      .post(`/api/v1/me/invoices/${invoice.id}/payments`)
      .set(me.auth)
      .set('X-Forwarded-For', ip())
      .expect(429);
    expect(blocked.body.error.code).toBe('TOO_MANY_REQUESTS');
    // Another patient is not held back.
    const other = await signUp();
    const theirs = await billFor(other.patient.id, '100');
    await request(app).post(`/api/v1/me/invoices/${theirs.id}/payments`).set(other.auth).expect(201);
  });

  it('shows released lab results only, and their PDF to their patient only', async () => {
    const me = await signUp();
    const other = await signUp();
    const test = await db.labTest.create({ data: { code: unique('HB'), name: 'Haemoglobin', sampleType: 'Blood', unit: 'g/dL' } });
    const released = await db.labOrder.create({
      data: {
        orderNo: unique('LO-'),
        patientId: me.patient.id,
        labTestId: test.id,
        status: 'RELEASED',
        releasedAt: new Date(),
        results: { create: { parameter: 'Haemoglobin', value: '13.2', unit: 'g/dL', refRangeLow: '12', refRangeHigh: '15' } },
      },
    });
    const pending = await db.labOrder.create({
      data: { orderNo: unique('LO-'), patientId: me.patient.id, labTestId: test.id, status: 'RESULT_ENTERED' },
    });
    const list = await request(app).get('/api/v1/me/lab-results').set(me.auth).expect(200);
    expect(list.body.items).toMatchObject([{ id: released.id, labTest: { name: 'Haemoglobin' }, results: [{ value: '13.2' }] }]);
    await request(app).get(`/api/v1/me/lab-results/${released.id}/pdf`).set(me.auth).expect(200);
    await request(app).get(`/api/v1/me/lab-results/${pending.id}/pdf`).set(me.auth).expect(404);
    await request(app).get(`/api/v1/me/lab-results/${released.id}/pdf`).set(other.auth).expect(404);
  });

  it('answers another patient’s id exactly like a missing one, on every route that takes an id', async () => {
    const owner = await signUp();
    const stranger = await signUp();
    const doctor = await createDoctorWithDailyOpd(db);
    const day = istDayFromToday(7);
    const visit = await request(app)
      .post('/api/v1/me/appointments')
      .set(owner.auth)
      .send({ doctorId: doctor.id, startsAt: istAt(day, '12:00').toISOString() })
      .expect(201);
    const invoice = await billFor(owner.patient.id, '300');
    const test = await db.labTest.create({ data: { code: unique('TSH'), name: 'TSH', sampleType: 'Blood' } });
    const report = await db.labOrder.create({
      data: { orderNo: unique('LO-'), patientId: owner.patient.id, labTestId: test.id, status: 'RELEASED', releasedAt: new Date() },
    });
    const routes: Array<[method: 'get' | 'post' | 'patch', path: (id: number) => string, body?: object]> = [
      ['patch', (id) => `/api/v1/me/appointments/${id}`, { startsAt: istAt(day, '12:15').toISOString() }],
      ['post', (id) => `/api/v1/me/appointments/${id}/cancel`, { reason: 'Not needed' }],
      ['get', (id) => `/api/v1/me/invoices/${id}`],
      ['get', (id) => `/api/v1/me/invoices/${id}/pdf`],
      ['post', (id) => `/api/v1/me/invoices/${id}/payments`],
      ['get', (id) => `/api/v1/me/lab-results/${id}/pdf`],
    ];
    const ids = [visit.body.id, visit.body.id, invoice.id, invoice.id, invoice.id, report.id];
    const ask = (method: 'get' | 'post' | 'patch', url: string, body?: object) => {
      const client = request(app);
      return client[method](url)
        .set(stranger.auth)
        .send(body ?? {});
    };
    for (const [i, [method, path, body]] of routes.entries()) {
      const theirs = await ask(method, path(ids[i]!), body);
      const missing = await ask(method, path(2_000_000_000), body);
      expect([path(0), theirs.status, theirs.body]).toEqual([path(0), 404, missing.body]);
    }
    // Nothing changed for the owner.
    expect((await db.appointment.findUniqueOrThrow({ where: { id: visit.body.id } })).status).toBe('BOOKED');
  });

  it('updates my contact details, refusing fields the front desk owns', async () => {
    const me = await signUp();
    const res = await request(app)
      .patch('/api/v1/me/profile')
      .set(me.auth)
      .send({ city: 'Pune', pincode: '411038', emergencyContactPhone: '98220 12345' })
      .expect(200);
    expect(res.body).toMatchObject({ city: 'Pune', pincode: '411038', emergencyContactPhone: '+919822012345' });
    await request(app).patch('/api/v1/me/profile').set(me.auth).send({ name: 'Someone Else' }).expect(400);
    await request(app).patch('/api/v1/me/profile').set(me.auth).send({ pincode: '4110' }).expect(400);
  });
});

describe('my clinical record', () => {
  it('shows my visits, my allergies and my own prescription as PDF; another patient’s is a 404; each read audited', async () => {
    const me = await signUp();
    const doctorActor = await createActor(db, 'DOCTOR');
    await recordAllergy(db, doctorActor, {
      patientId: me.patient.id,
      kind: 'DRUG',
      substance: 'Penicillin',
      reaction: 'Rash',
      severity: 'SEVERE',
    });
    const allergies = await request(app).get('/api/v1/me/allergies').set(me.auth).expect(200);
    expect(allergies.body).toEqual({ items: [{ kind: 'DRUG', substance: 'Penicillin', reaction: 'Rash', severity: 'SEVERE' }] });

    const prescriptionFor = async (patientId: number) => {
      const doctor = await createDoctorWithDailyOpd(db);
      const visit = await createVisitToday(db, { patientId, doctorId: doctor.id, checkedIn: true });
      const encounter = await openVisit(db, doctorActor, { appointmentId: visit.id });
      const drug = await db.drug.create({ data: { code: unique('RX'), name: 'Cetzine 10', genericName: 'Cetirizine' } });
      return prescribe(db, doctorActor, {
        encounterId: encounter.id,
        items: [{ drugId: drug.id, dose: '1 tablet', frequency: '0-0-1', duration: '5 days' }],
      });
    };
    const mine = await prescriptionFor(me.patient.id);
    const encounter = await db.encounter.findFirstOrThrow({ where: { patientId: me.patient.id } });
    await addDiagnosis(db, doctorActor, { encounterId: encounter.id, code: 'J00', certainty: 'FINAL' });
    await writeConsultationNotes(db, doctorActor, { encounterId: encounter.id, advice: 'Warm fluids, rest', followUpDate: '2031-01-10' });
    const visits = await request(app).get('/api/v1/me/visits').set(me.auth).expect(200);
    expect(visits.body).toMatchObject({ page: 1, hasMore: false });
    expect(visits.body.items).toEqual([
      {
        id: encounter.id,
        date: expect.any(String),
        doctor: { id: encounter.doctorId, name: 'Dr. Test' },
        diagnoses: ['Acute nasopharyngitis [common cold]'],
        advice: 'Warm fluids, rest',
        followUpDate: '2031-01-10',
      },
    ]);
    const pdf = await request(app).get(`/api/v1/me/prescriptions/${mine.id}/pdf`).set(me.auth).expect(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    const other = await signUp();
    const theirs = await prescriptionFor(other.patient.id);
    const refused = await request(app).get(`/api/v1/me/prescriptions/${theirs.id}/pdf`).set(me.auth).expect(404);
    const missing = await request(app).get('/api/v1/me/prescriptions/2000000000/pdf').set(me.auth).expect(404);
    expect(refused.body).toEqual(missing.body);
    expect(
      await db.auditLog.count({
        where: { action: 'READ', recordId: String(me.patient.id), userAgent: { startsWith: `patient:${me.patient.id}` } },
      }),
    ).toBe(3);
    // Another patient sees none of my visits.
    const theirVisits = await request(app).get('/api/v1/me/visits').set(other.auth).expect(200);
    expect(theirVisits.body.items.map((v: { id: number }) => v.id)).not.toContain(encounter.id);
  });

  it('gives me my signed discharge summary as PDF; a draft, or another patient’s, is a 404 alike', async () => {
    const me = await signUp();
    const other = await signUp();
    const summaryFor = async (patientId: number, sign: boolean) => {
      const doctor = await createDoctorWithDailyOpd(db, { name: 'Dr. Ward', registrationNo: unique('MMC-') });
      const doctorActor = { userId: doctor.userId, ip: null, userAgent: 'jest' };
      const bed = await createBed(db);
      const admission = await db.admission.create({
        data: { admissionNo: unique('IP-'), patientId, bedId: bed.id, doctorId: doctor.id, status: 'DISCHARGED', dischargedAt: new Date() },
      });
      await writeDischargeSummary(db, doctorActor, {
        admissionId: admission.id,
        diagnoses: [{ code: 'A09' }],
        courseInHospital: 'Rehydrated over two days; tolerating orally.',
        conditionAtDischarge: 'Well',
      });
      return sign
        ? signDischargeSummary(db, doctorActor, { admissionId: admission.id })
        : db.dischargeSummary.findUniqueOrThrow({ where: { admissionId: admission.id } });
    };
    const mine = await summaryFor(me.patient.id, true);
    const draft = await summaryFor(me.patient.id, false);
    const theirs = await summaryFor(other.patient.id, true);
    const list = await request(app).get('/api/v1/me/discharge-summaries').set(me.auth).expect(200);
    expect(list.body.items.map((s: { id: number }) => s.id)).toEqual([mine.id]);
    const pdf = await request(app).get(`/api/v1/me/discharge-summaries/${mine.id}/pdf`).set(me.auth).expect(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    const asDraft = await request(app).get(`/api/v1/me/discharge-summaries/${draft.id}/pdf`).set(me.auth).expect(404);
    const asOther = await request(app).get(`/api/v1/me/discharge-summaries/${theirs.id}/pdf`).set(me.auth).expect(404);
    const missing = await request(app).get('/api/v1/me/discharge-summaries/2000000000/pdf').set(me.auth).expect(404);
    expect(asDraft.body).toEqual(missing.body);
    expect(asOther.body).toEqual(missing.body);
    expect(await db.auditLog.count({ where: { action: 'READ', patientId: me.patient.id, model: 'DischargeSummary' } })).toBe(1);
  });
});

describe('the OpenAPI document', () => {
  it('lists exactly the routes Express serves, and Swagger UI is served locally', async () => {
    const doc = (await request(app).get('/api/openapi.json').expect(200)).body as { paths: Record<string, Record<string, unknown>> };
    const documented = Object.entries(doc.paths)
      .flatMap(([path, methods]) => Object.keys(methods).map((m) => `${m.toUpperCase()} ${path}`))
      .sort();
    type Layer = { route?: { path: string; methods: Record<string, boolean> }; name: string; handle: { stack?: Layer[] }; regexp: RegExp };
    const stack = (app as unknown as { _router: { stack: Layer[] } })._router.stack;
    const apiLayer = stack.find((l) => l.name === 'router' && l.handle.stack?.some((inner) => inner.route?.path === '/departments'))!;
    const served = apiLayer.handle
      .stack!.filter((l) => l.route)
      .flatMap((l) => Object.keys(l.route!.methods).map((m) => `${m.toUpperCase()} /api/v1${l.route!.path.replace(/:(\w+)/g, '{$1}')}`))
      .sort();
    expect(served).toEqual(documented);
    // Each operation has its stable name for the generated client, and says who may call it (public ones: security: []).
    const operations = Object.values(doc.paths).flatMap(
      (methods) => Object.values(methods) as Array<{ operationId?: string; security?: unknown[] }>,
    );
    expect(operations.every((op) => typeof op.operationId === 'string' && Array.isArray(op.security))).toBe(true);
    expect(new Set(operations.map((op) => op.operationId)).size).toBe(operations.length);
    // The paths the frontend team relies on (issue 8).
    expect(served).toEqual(
      expect.arrayContaining(
        [
          'POST /auth/register',
          'POST /auth/register/verify',
          'POST /auth/login',
          'POST /auth/refresh',
          'POST /auth/logout',
          'POST /auth/password',
          'POST /auth/forgot',
          'POST /auth/reset',
          'GET /departments',
          'GET /doctors',
          'GET /doctors/{id}/slots',
          'GET /me/appointments',
          'POST /me/appointments',
          'PATCH /me/appointments/{id}',
          'POST /me/appointments/{id}/cancel',
          'GET /me/invoices',
          'GET /me/invoices/{id}',
          'GET /me/invoices/{id}/pdf',
          'POST /me/invoices/{id}/payments',
          'POST /me/payments/verify',
          'GET /me/lab-results',
          'GET /me/lab-results/{id}/pdf',
          'GET /me/visits',
          'GET /me/allergies',
          'GET /me/prescriptions/{id}/pdf',
          'GET /me/discharge-summaries',
          'GET /me/discharge-summaries/{id}/pdf',
          'GET /me/profile',
          'PATCH /me/profile',
        ].map((route) => route.replace(' /', ' /api/v1/')),
      ),
    );
    const ui = await request(app).get('/api/docs/').expect(200);
    expect(ui.text).toContain('swagger-ui');
  });
});
