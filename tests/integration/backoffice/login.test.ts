import request from 'supertest';
import type { Db } from '../../../src/config/db.js';
import { LOGIN_FAILURE_LIMIT } from '../../../src/modules/staff/loginThrottle.js';
import {
  createStaff,
  randomIp,
  sessionCookie,
  signIn,
  startBackOffice,
  STAFF_PASSWORD,
  type BackOfficeApp,
} from '../../support/backOffice.js';
import { createLogger } from '../../../src/config/logger.js';
import { testDb } from '../../support/env.js';
import Transport from 'winston-transport';

class Captured extends Transport {
  lines: Array<{ level: string; message: string }> = [];
  override log(info: { level: string; message: string }, next: () => void): void {
    this.lines.push(info);
    next();
  }
}

let db: Db;
let office: BackOfficeApp;
const captured = new Captured();
beforeAll(async () => {
  db = testDb();
  const logger = createLogger({ NODE_ENV: 'test', LOG_LEVEL: 'warn' });
  logger.clear().add(captured);
  office = await startBackOffice(db, { logger });
});
afterAll(async () => {
  await office.backOffice.close();
  await db.$disconnect();
});

describe('staff sign-in', () => {
  it('signs a staff member in and sets a hardened session cookie', async () => {
    const staff = await createStaff(db, 'RECEPTIONIST');
    const { agent, res } = await signIn(office.app, staff.email);
    expect(res.status).toBe(302);
    expect(res.headers.location).toBe('/admin');
    const cookie = sessionCookie(res) ?? '';
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
    expect(cookie).toMatch(/Path=\/admin/);
    expect(cookie).not.toMatch(/Secure/i); // plain HTTP outside production
    const home = await agent.get('/admin/api/resources/Patient/actions/list');
    expect(home.status).toBe(200);
    const login = await db.auditLog.findFirst({ where: { userId: staff.id, action: 'LOGIN' } });
    expect(login).not.toBeNull();
  });

  it('answers a wrong password and an unknown email with the same generic message', async () => {
    const staff = await createStaff(db, 'BILLING');
    const wrong = await signIn(office.app, staff.email, 'not-the-password');
    const unknown = await signIn(office.app, 'nobody@test.parth.hospital', STAFF_PASSWORD);
    for (const { res } of [wrong, unknown]) {
      expect(res.status).toBe(200);
      expect(res.text).toContain('Wrong email or password.');
      expect(sessionCookie(res)).toBeUndefined();
    }
    expect(await db.auditLog.count({ where: { action: 'LOGIN_FAILED', userId: staff.id } })).toBe(1);
  });

  it('refuses a deactivated staff member', async () => {
    const staff = await createStaff(db, 'NURSE', { isActive: false });
    const { res } = await signIn(office.app, staff.email);
    expect(res.text).toContain('Wrong email or password.');
  });

  it('gives a new session id at sign-in', async () => {
    const staff = await createStaff(db, 'DOCTOR');
    const { agent, res, ip } = await signIn(office.app, staff.email);
    const first = sessionCookie(res);
    const again = await agent
      .post('/admin/login')
      .set('X-Forwarded-For', ip)
      .type('form')
      .send({ email: staff.email, password: STAFF_PASSWORD });
    const second = sessionCookie(again);
    expect(first).toBeDefined();
    expect(second).toBeDefined();
    expect(second?.split(';')[0]).not.toBe(first?.split(';')[0]);
    // The old id is gone from the store: it no longer opens the back-office.
    const stale = await request(office.app)
      .get('/admin/api/resources/Patient/actions/list')
      .set('Cookie', first?.split(';')[0] ?? '');
    expect(stale.status).toBe(401);
  });

  it(`locks an account after ${LOGIN_FAILURE_LIMIT} wrong passwords, even for the right one, and logs it`, async () => {
    const staff = await createStaff(db, 'PHARMACIST');
    for (let i = 0; i < LOGIN_FAILURE_LIMIT; i++) {
      const { res } = await signIn(office.app, staff.email, `wrong-${i}`, randomIp());
      expect(res.text).toContain('Wrong email or password.');
    }
    const { res } = await signIn(office.app, staff.email, STAFF_PASSWORD, randomIp());
    expect(res.status).toBe(400);
    expect(res.text).toContain('Too many failed sign-in attempts. Try again in 15 minutes.');
    expect(sessionCookie(res)).toBeUndefined();
    expect(captured.lines.some((line) => line.level.includes('warn') && line.message.includes('staff sign-in locked'))).toBe(true);
  });

  it(`locks an address after ${LOGIN_FAILURE_LIMIT} failures across accounts`, async () => {
    const ip = randomIp();
    for (let i = 0; i < LOGIN_FAILURE_LIMIT; i++) await signIn(office.app, `probe${i}@test.parth.hospital`, 'guess', ip);
    const staff = await createStaff(db, 'LAB_TECH');
    expect((await signIn(office.app, staff.email, STAFF_PASSWORD, ip)).res.status).toBe(400);
    // The same account from another desk still gets in.
    expect((await signIn(office.app, staff.email, STAFF_PASSWORD, randomIp())).res.status).toBe(302);
  });

  it('counts failures exactly when they arrive in parallel', async () => {
    const staff = await createStaff(db, 'NURSE');
    await Promise.all(Array.from({ length: 10 }, () => signIn(office.app, staff.email, 'wrong', randomIp())));
    const row = await db.loginThrottle.findUnique({ where: { key: `account:${staff.email}` } });
    expect(row?.failures).toBe(10);
  });
});
