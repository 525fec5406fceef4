import { DEMO_PASSWORD, staffLogins } from '../../prisma/demo/hospital.js';
import { DEMO_PATIENT_COUNT, seedDemoHospital } from '../../prisma/seed.js';
import type { Db } from '../../src/config/db.js';
import { verifyPassword } from '../../src/modules/staff/passwords.js';
import { emptyDatabaseUrl, testDb } from '../support/env.js';

// A database nobody else writes to: the seed only runs on an empty one.
let db: Db;
beforeAll(() => {
  db = testDb(emptyDatabaseUrl());
});
afterAll(async () => {
  await db.$disconnect();
});

describe('the demo hospital', () => {
  it('is seeded once on an empty database, with a realistic hospital', async () => {
    expect(await seedDemoHospital(db)).toEqual({ seeded: true });

    expect(await db.department.count()).toBeGreaterThanOrEqual(6);
    expect(await db.doctor.count()).toBeGreaterThanOrEqual(10);
    const doctorsWithoutSchedule = await db.doctor.count({ where: { schedules: { none: {} } } });
    expect(doctorsWithoutSchedule).toBe(0);
    expect(await db.patient.count()).toBe(DEMO_PATIENT_COUNT);
    expect(DEMO_PATIENT_COUNT).toBeGreaterThanOrEqual(200);
    const badPhones = await db.patient.count({ where: { NOT: { phone: { startsWith: '+91' } } } });
    expect(badPhones).toBe(0);
    expect(await db.service.count()).toBeGreaterThanOrEqual(20);
    expect(await db.bed.count()).toBeGreaterThanOrEqual(30);
    expect(await db.drugBatch.count()).toBeGreaterThanOrEqual(20);
    expect(await db.labTest.count()).toBeGreaterThanOrEqual(10);
  });

  it('has one staff login per role, all with the documented password', async () => {
    const users = await db.user.findMany({ where: { email: { in: staffLogins.map((l) => l.email) } } });
    expect(users.map((u) => u.role).sort()).toEqual(['ADMIN', 'BILLING', 'DOCTOR', 'LAB_TECH', 'NURSE', 'PHARMACIST', 'RECEPTIONIST']);
    const admin = users.find((u) => u.role === 'ADMIN');
    // A bcrypt hash at the configured cost (12 in production; tests/support/perWorker.ts sets 4).
    expect(admin?.passwordHash).toMatch(/^\$2b\$04\$/);
    expect(await verifyPassword(DEMO_PASSWORD, admin?.passwordHash ?? '')).toBe(true);
  });

  it('keeps every batch quantity equal to the sum of its stock movements', async () => {
    const mismatches = await db.$queryRaw<unknown[]>`
      SELECT b.id FROM "DrugBatch" b
      LEFT JOIN "StockMovement" m ON m."batchId" = b.id
      GROUP BY b.id, b.quantity
      HAVING b.quantity <> COALESCE(SUM(m.quantity), 0)`;
    expect(mismatches).toEqual([]);
  });

  it('numbers patients PH-000001 … and continues after the seeded ones', async () => {
    expect(await db.patient.count({ where: { uhid: { in: ['PH-000001', `PH-000${DEMO_PATIENT_COUNT}`] } } })).toBe(2);
    const next = await db.patient.create({ data: { name: 'Next Patient', gender: 'MALE', phone: '+919800000999' } });
    expect(next.uhid).toBe(`PH-000${DEMO_PATIENT_COUNT + 1}`);
  });

  it('does nothing the second time', async () => {
    const before = await db.patient.count();
    expect(await seedDemoHospital(db)).toEqual({ seeded: false });
    expect(await db.patient.count()).toBe(before);
  });
});
