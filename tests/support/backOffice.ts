/**
 * A real app with the real back-office router, on the run's test database,
 * and helpers to sign staff in through the real login form.
 */
import { randomInt } from 'node:crypto';
import { Prisma, type Role } from '@prisma/client';
import type { Express } from 'express';
import request from 'supertest';
import { createBackOffice, type BackOffice } from '../../admin/admin.js';
import type { Db } from '../../src/config/db.js';
import type { Env } from '../../src/config/env.js';
import type { Logger } from '../../src/config/logger.js';
import type { RedisClient } from '../../src/config/redis.js';
import { buildApp } from '../../src/http/app.js';
import { startHospitalWorkers } from '../../src/modules/jobs/tasks.js';
import type { Workers } from '../../src/modules/jobs/worker.js';
import type { Gateway } from '../../src/modules/payments/razorpay.js';
import { hashPassword } from '../../src/modules/staff/passwords.js';
import { createDepartment, unique } from '../factories.js';
import { silentLogger, testDatabaseUrl, testEnv } from './env.js';

export const STAFF_PASSWORD = 'Ward@2026x';

export interface BackOfficeApp {
  app: Express;
  backOffice: BackOffice;
  /** This process's workers, with WORKERS=inline (stopped by backOffice.close()). */
  workers?: Workers;
}

export async function startBackOffice(
  db: Db,
  options: {
    redis?: RedisClient;
    logger?: Logger;
    bundle?: 'on-demand';
    gateway?: Gateway;
    env?: Env;
    databaseUrl?: string;
    /** How the inline workers' connections show in pg_stat_activity (a test that drops them finds them so). */
    workersApplicationName?: string;
  } = {},
): Promise<BackOfficeApp> {
  // Trusting X-Forwarded-For lets each test sign in from its own address, so
  // the per-IP lockout of one test never blocks another.
  const env = options.env ?? testEnv({ TRUST_PROXY: 'true', SESSION_IDLE_MINUTES: '30' });
  const logger = options.logger ?? silentLogger;
  const backOffice = await createBackOffice({
    env,
    db,
    databaseUrl: options.databaseUrl ?? testDatabaseUrl(),
    redis: options.redis,
    logger,
    gateway: options.gateway,
    bundle: 'on-demand',
  });
  const app = buildApp({
    env,
    db,
    logger,
    redis: options.redis,
    adminRouter: backOffice.router,
    gateway: options.gateway,
    notifier: backOffice.notifier,
    jobs: backOffice.jobs,
  });
  // Imports, exports and messages are jobs: this process works them, as `npm start` does, unless WORKERS=off.
  if (env.WORKERS === 'inline') {
    const workers = await startHospitalWorkers({
      db,
      databaseUrl: options.databaseUrl ?? testDatabaseUrl(),
      env,
      logger,
      queue: backOffice.jobs,
      notifier: backOffice.notifier,
      applicationName: options.workersApplicationName,
    });
    const close = backOffice.close;
    backOffice.close = async () => {
      await workers.stop();
      await close();
    };
    return { app, backOffice, workers };
  }
  return { app, backOffice };
}

export const randomIp = (): string => `10.${randomInt(256)}.${randomInt(256)}.${randomInt(1, 255)}`;

let passwordHash: Promise<string> | undefined;

/** A staff member of the given role, with STAFF_PASSWORD. */
export async function createStaff(db: Db, role: Role, overrides: { isActive?: boolean } = {}) {
  passwordHash ??= hashPassword(STAFF_PASSWORD);
  return db.user.create({
    data: {
      email: `${unique(role.toLowerCase())}@test.parth.hospital`,
      name: `Test ${role}`,
      role,
      passwordHash: await passwordHash,
      ...overrides,
    },
  });
}

/**
 * A browser on the back-office's own pages: every request says it comes from
 * our origin, as Chromium's `Sec-Fetch-Site: same-origin` does (state-changing
 * requests without it are refused: src/http/middleware/sameOrigin.ts).
 */
export function browserAgent(app: Express) {
  return request.agent(app).set('Sec-Fetch-Site', 'same-origin');
}

/** Signs in through the login form; the agent then carries the session cookie. */
export async function signIn(app: Express, email: string, password = STAFF_PASSWORD, ip = randomIp()) {
  const agent = browserAgent(app);
  const res = await agent.post('/admin/login').set('X-Forwarded-For', ip).type('form').send({ email, password });
  return { agent, res, ip };
}

export async function signedInAs(app: Express, db: Db, role: Role) {
  const staff = await createStaff(db, role);
  const { agent, res } = await signIn(app, staff.email);
  if (res.status !== 302) throw new Error(`sign-in as ${role} failed with ${res.status}`);
  return { agent, staff };
}

export function sessionCookie(res: request.Response): string | undefined {
  const cookies = ([] as string[]).concat(res.headers['set-cookie'] ?? []);
  return cookies.find((cookie) => cookie.startsWith('parth.sid='));
}

/** A doctor who signs in (STAFF_PASSWORD), with the doctor's record; an OPD every day 09:00–13:00 when asked. */
export async function createDoctorStaff(db: Db, doctor: { name: string; registrationNo?: string; dailyOpd?: boolean }) {
  const user = await createStaff(db, 'DOCTOR');
  const department = await createDepartment(db);
  const record = await db.doctor.create({
    data: {
      userId: user.id,
      departmentId: department.id,
      name: doctor.name,
      registrationNo: doctor.registrationNo ?? unique('MMC-'),
      qualification: 'MBBS, MD (Medicine)',
      consultationFee: new Prisma.Decimal('500.00'),
      ...(doctor.dailyOpd
        ? {
            schedules: {
              create: [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, startTime: '09:00', endTime: '13:00', slotMinutes: 15 })),
            },
          }
        : {}),
    },
  });
  return { user, doctor: record };
}
